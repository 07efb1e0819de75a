"""The app's two process-wide memory measures (``desktop/platform/memory.py``), each in a
fresh interpreter so nothing else in the test run shares its heap or its audit hooks.

* With ``forget_source_lines`` the source PySide6 reads from every module imported after
  it is not kept; without it (the control) the lines of dozens of the app's modules are.
* ``give_back_free_memory`` returns freed heap pages to the system: resident memory
  falls once it runs, where freeing alone leaves it high.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys

import pytest

from tests.cli_helpers import ROOT


def run(code: str) -> dict[str, float]:
    done = subprocess.run(
        [sys.executable, "-c", code],
        cwd=ROOT,
        env={**os.environ, "QT_QPA_PLATFORM": "offscreen"},
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert done.returncode == 0, done.stderr
    return dict(json.loads(done.stdout.splitlines()[-1]))


SOURCE_KEPT = """
import json, linecache, sys
from desktop.platform.memory import forget_source_lines
if {forget}:
    forget_source_lines()
import PySide6.QtWidgets
import desktop.wiring.gui
import desktop.ui.check.window
kept = [
    f
    for f, entry in list(linecache.cache.items())
    if "desktop" in f.replace("\\\\", "/").split("/") and len(entry) == 4 and entry[2]
]
# What a traceback shows still comes from the file: checkcache reads it afresh.
import desktop.wiring.gui as shown
linecache.checkcache(shown.__file__)
first = linecache.getline(shown.__file__, 1)
print(json.dumps({{"files": len(kept), "first_line": first}}))
"""


@pytest.mark.parametrize("forget", [True, False])
def test_source_read_at_import_is_not_kept(forget: bool) -> None:
    got = run(SOURCE_KEPT.format(forget=forget))
    assert got["first_line"].startswith('"""')  # the module's docstring, read from the file
    kept = got["files"]
    if forget:
        # at most the module whose import finished last, until the next import
        assert kept <= 1
    else:  # PySide6 keeps the lines of each app module it scanned: the measure matters
        assert kept > 20


GIVE_BACK = """
import json
from desktop.platform.memory import give_back_free_memory

def rss():
    with open("/proc/self/status") as fh:
        return next(int(l.split()[1]) / 1024 for l in fh if l.startswith("VmRSS:"))

# 150 MiB of 2 KiB blocks (from the C heap, not Python's small-object pools); one block
# in 64 stays, so the heap cannot simply shrink from its end.
blocks = [bytes(2048) for _ in range(75_000)]
kept = blocks[::64]
del blocks
freed = rss()
ran = give_back_free_memory()
print(json.dumps({"freed": freed, "trimmed": rss(), "ran": ran}))
"""


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="glibc's malloc_trim")
def test_freed_memory_goes_back_to_the_system() -> None:
    got = run(GIVE_BACK)
    assert got["ran"] == 1
    assert got["freed"] - got["trimmed"] > 100, got  # MiB of the 150 freed
