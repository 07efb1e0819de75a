"""Every kind under "Report a problem", end to end, keyboard only, on small screens.

Each test runs ``tests/report_kind_driver.py`` on a private Xvfb at 1024x768 at 200 %
(QT_SCALE_FACTOR=2: 512x384 points) or 1366x768 at 125 %, with a real SMTP server on
127.0.0.1: "What happened?" is answered with
the arrow keys and Enter, every page with Tab, typing and Space, the report is sent with
the keyboard, and the server's copy is read back: its recipients are the policy's for
that kind, its subject and sorting line say the kind, and nothing secret is in it.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest

from desktop.core.report.kinds import KINDS
from tests.fixtures_smtp import SmtpFactory
from tests.fixtures_ui import xvfb
from tests.report_helpers import assert_no_secret
from tests.report_kind_driver import (
    ANSWER_LINE,
    ANSWER_TEXT,
    CONTACTS,
    PHISHING,
    ROUTED,
    SUMMARY,
    routed_contact,
)

ROOT = Path(__file__).resolve().parents[2]
OTHER_KINDS = [k for k in KINDS if k != "leak"]


SIZES = {"1024x768 at 200%": ("1024x768x24", "2"), "1366x768 at 125%": ("1366x768x24", "1.25")}


def drive(
    tmp_path: Path, kind: str, port: int, size: str = "1024x768 at 200%", shots: Path | None = None
) -> dict[str, Any]:
    out = tmp_path / "result.json"
    screen, scale = SIZES[size]
    with xvfb(screen) as display:
        env = {
            **os.environ,
            "DISPLAY": display,
            "QT_QPA_PLATFORM": "xcb",
            "QT_SCALE_FACTOR": scale,
            "HOME": str(tmp_path),
            "XDG_CONFIG_HOME": str(tmp_path / "config"),
            "XDG_RUNTIME_DIR": str(tmp_path),
            "PYTHON_KEYRING_BACKEND": "keyring.backends.fail.Keyring",
            "PYTHONPATH": str(ROOT),
        }
        args = ["--kind", kind, "--port", str(port), "--folder", str(tmp_path), "--out", str(out)]
        if shots is not None:
            args += ["--shots", str(shots)]
        done = subprocess.run(
            [sys.executable, "-m", "tests.report_kind_driver", *args],
            cwd=ROOT,
            env=env,
            capture_output=True,
            text=True,
            timeout=150,
        )
    assert done.returncode == 0, done.stderr[-4000:]
    result: dict[str, Any] = json.loads(out.read_text(encoding="utf-8"))
    return result


def expected_recipients(kind: str) -> set[str]:
    addresses = {routed_contact(kind).email} if kind in ROUTED else {c.email for c in CONTACTS}
    if kind == "scam":
        addresses.add(PHISHING)
    return addresses


@pytest.mark.xvfb
@pytest.mark.parametrize("size", list(SIZES))
@pytest.mark.parametrize("kind", OTHER_KINDS)
def test_each_kind_is_reported_with_the_keyboard_on_a_small_or_zoomed_screen(
    kind: str, size: str, tmp_path: Path, smtp_factory: SmtpFactory
) -> None:
    server = smtp_factory()
    result = drive(tmp_path, kind, server.port, size)
    spec = KINDS[kind]
    # Every page in the kind's order, and every control that had focus was on the screen.
    assert result["pages"] == [s.key for s in spec.steps]
    assert result["off_screen"] == []
    assert "clashes" not in result, result.get("clashes")  # every access key does one thing
    assert result["window_title"] == spec.window_title
    assert result["closed"] and result["draft_before_finish"] is False
    assert result["done_title"] == "Report sent"
    assert spec.next_steps in result["next_text"]
    # Exactly one message, to the people the policy names for this kind.
    assert len(server.received) == 1
    got = server.received[0]
    assert set(got.rcpt_tos) == expected_recipients(kind)
    msg = got.message
    body = msg.get_content()
    assert msg["Subject"] == f"[Password concern] {spec.subject} - {result['reference']}"
    assert msg["X-Hygiene-Kind"] == kind and msg["X-Hygiene-Reference"] == result["reference"]
    assert f"[hygiene-report kind={kind} ref={result['reference']} incident=" in body
    assert "Report started:" in body and "Report made:" in body and "Happened:" in body
    # What the keyboard typed and ticked is in it; every do-this-now step was ticked.
    assert (ANSWER_LINE in body) or (ANSWER_TEXT in body)
    assert "Not ticked" not in body and body.count("Done at") == len(spec.do_now)
    assert "Alex Smith (alex.smith@college.test)" in body
    # The device summary only where the policy allows it, exactly as it was shown.
    if kind in ("clicked", "stick-or-warning"):
        assert result["shown_attachment"] == SUMMARY
        assert all(line in body for line in SUMMARY.splitlines())
    else:
        assert "shown_attachment" not in result and "Check this computer' summary" not in body
    # Who will be told, said before the questions: the same people as the message went to.
    for address in expected_recipients(kind):
        assert address in result["who"]
    assert_no_secret(got.data)
    if kind == "scam":
        assert PHISHING in body  # the step "report it to the mailbox", with its address
