"""One breach lookup per settled password, in the real window on a real X server.

For each way of entering a password (typing, pasting, the second box first, an edit
after a match, deleting in both boxes, clearing and retyping) a child process drives the
check window on Xvfb with key events, pausing after every key (the window's pause timer
is a fake it fires, so nothing races the wall clock). The range server on 127.0.0.1
counts what arrives at each stage: exactly one request per settled password, for the
whole password's hash, and none for a prefix or for text still being edited.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.fixtures_ui import xvfb
from tests.range_server import RangeServer, sha1_upper

pytestmark = pytest.mark.xvfb

ROOT = Path(__file__).resolve().parents[2]
PASSWORD = "maple kettle orbit 7 fox"


def prefix(password: str) -> str:
    return sha1_upper(password)[:5]


# way -> {stage: the passwords looked up by then}; "end" is after the last step.
EXPECTED: dict[str, dict[str, list[str]]] = {
    "type": {"end": [PASSWORD]},
    "paste": {"end": [PASSWORD]},
    "second_first": {"matched": [], "end": [PASSWORD]},
    "edit_after_match": {"settled": [PASSWORD], "end": [PASSWORD, PASSWORD + "!"]},
    "delete_both": {"settled": [PASSWORD], "cut": [PASSWORD], "end": [PASSWORD, PASSWORD[:-3]]},
    "clear_retype": {"end": [PASSWORD]},
}


@pytest.fixture(scope="module")
def display() -> Iterator[str]:
    with xvfb() as name:
        yield name


@pytest.mark.parametrize("way", list(EXPECTED))
def test_one_lookup_per_settled_password(way: str, display: str) -> None:
    with RangeServer() as server:
        env = {**os.environ, "DISPLAY": display, "QT_QPA_PLATFORM": "xcb", "PYTHONPATH": str(ROOT)}
        child = subprocess.Popen(
            [sys.executable, "-m", "tests.settling_child", server.url, way, PASSWORD],
            env=env,
            cwd=ROOT,
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
        )
        assert child.stdin is not None and child.stdout is not None
        seen: dict[str, list[str]] = {}
        last = ""
        try:
            for line in child.stdout:
                if line.startswith("STAGE "):
                    seen[line.split()[1]] = [r.path.rsplit("/", 1)[-1] for r in server.requests]
                    child.stdin.write("\n")
                    child.stdin.flush()
                elif line.strip():
                    last = line
            _, err = child.communicate(timeout=120)
        finally:
            if child.poll() is None:
                child.kill()
                child.communicate()
        assert child.returncode == 0, err
        seen["end"] = [r.path.rsplit("/", 1)[-1] for r in server.requests]
        for request in server.requests:  # only ever the first 5 characters of the hash
            for password in EXPECTED[way]["end"]:
                assert sha1_upper(password)[5:].encode() not in request.raw.upper()
    shown = json.loads(last)
    assert shown["first"] == shown["second"] > 0, "the keys did not reach both boxes"
    assert seen == {stage: [prefix(p) for p in looked] for stage, looked in EXPECTED[way].items()}
    assert shown["breached"].startswith("✓ Passed"), shown
    assert shown["verdict"] == "✓ Good choice: you can use this password.", shown
