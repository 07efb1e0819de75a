"""Runs Debian's Orca with every line it speaks written to a file as it is spoken.

    /usr/bin/python3 tests/orca_run.py SPEECH_LOG [orca options]

Orca keeps a log of its speech for its own regression tests (the "speech" logger, one
"SPEECH OUTPUT: '...'" record per utterance) but only in memory; this adds a file
handler to that logger, which writes each record at once, then starts Orca as
/usr/bin/orca would. Nothing is spoken aloud or needs a sound card: the log is written
before Orca hands the words to a speech server, and it runs on without one.

Orca refuses to start while any other process of the same user is named "orca" (it
looks with ``pgrep -x orca``), wherever it runs. Each test's Orca has a private display,
session bus, accessibility bus and settings folder, so two of them never meet: this
one keeps its Python name (so no other Orca sees it) and does not look for others (so a
second test, or the developer's own reader, does not stop it). It never stops another.
"""

from __future__ import annotations

import logging
import sys
from pathlib import Path
from typing import Any

ORCA = "/usr/bin/orca"


def main() -> None:
    handler = logging.FileHandler(sys.argv[1], encoding="utf-8")
    handler.setFormatter(logging.Formatter("%(message)s"))
    logging.getLogger("speech").addHandler(handler)
    sys.argv = [ORCA, *sys.argv[2:]]
    launcher: dict[str, Any] = {"__name__": "orca_launcher", "__file__": ORCA}
    exec(compile(Path(ORCA).read_text(encoding="utf-8"), ORCA, "exec"), launcher)  # noqa: S102
    launcher["otherOrcas"] = list
    launcher["setProcessName"] = lambda _name: None
    sys.exit(launcher["main"]())


if __name__ == "__main__":
    main()
