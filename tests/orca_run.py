"""Runs Debian's Orca with every line it speaks written to a file as it is spoken.

    /usr/bin/python3 tests/orca_run.py SPEECH_LOG [orca options]

Orca keeps a log of its speech for its own regression tests (the "speech" logger, one
"SPEECH OUTPUT: '...'" record per utterance) but only in memory; this adds a file
handler to that logger, which writes each record at once, then starts Orca as
/usr/bin/orca would. Nothing is spoken aloud or needs a sound card: the log is written
before Orca hands the words to a speech server, and it runs on without one.
"""

from __future__ import annotations

import logging
import runpy
import sys

ORCA = "/usr/bin/orca"


def main() -> None:
    handler = logging.FileHandler(sys.argv[1], encoding="utf-8")
    handler.setFormatter(logging.Formatter("%(message)s"))
    logging.getLogger("speech").addHandler(handler)
    sys.argv = [ORCA, *sys.argv[2:]]
    runpy.run_path(ORCA, run_name="__main__")


if __name__ == "__main__":
    main()
