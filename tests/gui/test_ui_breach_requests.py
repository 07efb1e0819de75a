"""How many breach lookups the check window sends while a person types, and for what.

A person types a 24-character passphrase key by key, pausing after every key (the
worst case for a window that looks up on every pause), then types it again in the
second box. The range server on 127.0.0.1 counts what arrives: one request, for the
prefix of the whole password's hash, never one for a half-typed password.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
from PySide6.QtCore import Qt

from desktop.core.checks import build_pipeline
from desktop.core.policy.schema import Policy
from desktop.wiring import Options, Services
from tests.fixtures_ui import memory_history, press, xvfb
from tests.range_server import RangeServer, sha1_upper

ROOT = Path(__file__).resolve().parents[2]
PASSPHRASE = "maple kettle orbit 7 fox"  # 24 characters
assert len(PASSPHRASE) == 24


def prefixes(server: RangeServer) -> list[str]:
    return [r.path.rsplit("/", 1)[-1] for r in server.requests]


def type_slowly(ui, box, text: str) -> None:  # type: ignore[no-untyped-def]
    for ch in text:
        ui.qtbot.keyClicks(box, ch)
        ui.qtbot.waitUntil(lambda: ui.window.local_done, timeout=10_000)
        ui.pause_typing()
        ui.qtbot.waitUntil(lambda: not ui.checker.is_checking_slow(), timeout=10_000)


def test_one_lookup_for_a_password_typed_twice_with_pauses(check_window_factory, range_server):
    policy = Policy(hibp_api_url=range_server.url)
    pipeline = build_pipeline(
        policy, Services(Options(), readers=()).breach_lookup(policy), memory_history()
    )
    ui = check_window_factory(pipeline, record=lambda pw: None)
    type_slowly(ui, ui.password, PASSPHRASE)
    assert range_server.requests == []  # the first box alone never sends anything
    assert "Checked once both boxes match." in ui.line("breached")
    type_slowly(ui, ui.confirm, PASSPHRASE)
    ui.qtbot.waitUntil(lambda: ui.window.slow_done, timeout=10_000)
    assert prefixes(range_server) == [sha1_upper(PASSPHRASE)[:5]]
    assert ui.verdict() == "✓ Good choice: you can use this password."

    # Changing the first box and matching it again looks up the new whole password; going
    # back to the first one (cut down in both boxes, so settled only by Enter) is answered
    # from memory, with nothing sent.
    type_slowly(ui, ui.password, "!")
    type_slowly(ui, ui.confirm, "!")
    ui.qtbot.waitUntil(lambda: ui.window.slow_done, timeout=10_000)
    ui.password.setText(PASSPHRASE)
    ui.confirm.setText(PASSPHRASE)
    press(ui.qtbot, ui.confirm, Qt.Key.Key_Return)
    ui.settle()
    assert prefixes(range_server) == [sha1_upper(p)[:5] for p in (PASSPHRASE, PASSPHRASE + "!")]
    assert ui.line("breached").startswith("✓ Passed")


@pytest.mark.xvfb
def test_real_window_on_xvfb_sends_one_lookup_for_the_whole_password(range_server):
    range_server.add_password(PASSPHRASE, 31)
    with xvfb() as display:
        env = {
            **os.environ,
            "DISPLAY": display,
            "QT_QPA_PLATFORM": "xcb",
            "PYTHONPATH": str(ROOT),
        }
        out = subprocess.run(
            [sys.executable, "-m", "tests.typing_child", range_server.url, PASSPHRASE],
            env=env,
            cwd=ROOT,
            capture_output=True,
            text=True,
            timeout=120,
        )
    assert out.returncode == 0, out.stdout + out.stderr
    shown = json.loads(out.stdout.strip().splitlines()[-1])
    assert shown["typed"], "the key events did not reach both boxes"
    full = sha1_upper(PASSPHRASE)
    assert prefixes(range_server) == [full[:5]]
    for request in range_server.requests:
        assert full[5:].encode() not in request.raw.upper()
    assert shown["breached"].startswith("✗ Problem Not in a known data breach Seen 31 times")
    assert shown["verdict"].startswith("✗ Not yet")
