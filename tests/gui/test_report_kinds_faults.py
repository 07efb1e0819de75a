"""Faults for the kinds under "Report a problem", as for the leak report.

* Killed with SIGKILL on arriving at each step (the driver, ``tests/report_kind_driver.py``,
  answers every page before it with the keyboard on a private Xvfb): the kind's own
  draft holds every answer given so far, 0600, and a new window of that kind walks back
  to the step with the answers in place and says welcome back.
* Killed while sending, against a raw relay that takes the report and never answers:
  reopened, the window says a send was started, and sending again gives the desk one
  report (every copy at the server has the same Message-ID).
* A damaged draft of a kind is kept aside, never overwritten, and the person is told;
  the other kinds' drafts are untouched.
"""

from __future__ import annotations

import json
import os
import signal
import stat
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import pytest
from pytestqt.qtbot import QtBot

from desktop.core.report import DraftStore, RelaySettings, SmtpRelay
from desktop.core.report.kinds import KINDS
from desktop.ui.kit.timers import FakeTimerFactory
from desktop.ui.report.wizard import ReportParts, ReportWizard
from tests.fixtures_ui import xvfb
from tests.raw_smtp import RawSmtp
from tests.report_helpers import click
from tests.report_kind_driver import ANSWER_LINE, ANSWER_TEXT, policy

ROOT = Path(__file__).resolve().parents[2]
STEPS = ["now", "who", "details", "about", "check"]


@pytest.fixture
def raw() -> Iterator[RawSmtp]:
    server = RawSmtp().start()
    yield server
    server.stop()


def run_until(tmp_path: Path, kind: str, port: int, stop_at: str, ready: str) -> dict:  # type: ignore[type-arg]
    """Drive ``kind`` on Xvfb until it prints ``ready``, SIGKILL it, return its draft."""
    with xvfb("1024x768x24") as display:
        env = {
            **os.environ,
            "DISPLAY": display,
            "QT_QPA_PLATFORM": "xcb",
            "HOME": str(tmp_path),
            "XDG_CONFIG_HOME": str(tmp_path / "config"),
            "XDG_RUNTIME_DIR": str(tmp_path),
            "PYTHON_KEYRING_BACKEND": "keyring.backends.fail.Keyring",
            "PYTHONPATH": str(ROOT),
        }
        args = ["--kind", kind, "--port", str(port), "--folder", str(tmp_path)]
        args += ["--out", str(tmp_path / "out.json"), "--stop-at", stop_at]
        proc = subprocess.Popen(
            [sys.executable, "-m", "tests.report_kind_driver", *args],
            cwd=ROOT,
            env=env,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
        )
        try:
            assert proc.stdout is not None
            line = proc.stdout.readline().strip()
            assert line == ready, proc.stderr.read() if proc.stderr else line
            if ready == "SENDING":
                yield_to_relay(proc)
            os.kill(proc.pid, signal.SIGKILL)
            proc.wait(timeout=10)
        finally:
            if proc.poll() is None:
                proc.kill()
                proc.wait(timeout=10)
            for pipe in (proc.stdout, proc.stderr):
                if pipe is not None:
                    pipe.close()
    assert proc.returncode == -signal.SIGKILL
    path = draft_store(tmp_path, kind).path
    assert stat.S_IMODE(path.stat().st_mode) == 0o600
    saved: dict = json.loads(path.read_text(encoding="utf-8"))  # type: ignore[type-arg]
    return saved


_RELAY: list[RawSmtp] = []


def yield_to_relay(proc: subprocess.Popen[str]) -> None:
    """Wait until the relay holds the whole report (the send is under way)."""
    deadline = time.monotonic() + 30
    while not _RELAY[0].received:
        assert time.monotonic() < deadline, "the report never reached the relay"
        assert proc.poll() is None
        time.sleep(0.05)


def draft_store(tmp_path: Path, kind: str) -> DraftStore:
    return DraftStore(tmp_path / "drafts").for_kind(kind)


def reopen(qtbot: QtBot, tmp_path: Path, kind: str, port: int) -> ReportWizard:
    w = ReportWizard(
        policy(port),
        ReportParts(
            drafts=DraftStore(tmp_path / "drafts"),
            open_check_window=lambda: None,
            relay=SmtpRelay(RelaySettings("127.0.0.1", port, starttls=False), timeout=5),
            device_summary=lambda: "OK: Firewall.",
        ),
        kind=KINDS[kind],
        timers=FakeTimerFactory(),
    )
    qtbot.addWidget(w)
    w.show()
    return w


CASES = [("wrong-person", step) for step in STEPS] + [
    (kind, "check") for kind in KINDS if kind not in ("leak", "wrong-person")
]


@pytest.mark.xvfb
@pytest.mark.parametrize(("kind", "step"), CASES, ids=[f"{k}-{s}" for k, s in CASES])
def test_killed_at_a_step_loses_nothing_given_before_it(
    qtbot: QtBot, tmp_path: Path, kind: str, step: str
) -> None:
    if step == "now":  # nothing given yet: nothing is written, and nothing is lost
        with pytest.raises(FileNotFoundError):
            run_until(tmp_path, kind, 9, step, f"AT {step}")
        w = reopen(qtbot, tmp_path, kind, 9)
        assert w._key() == "now" and not w.now_page.banner.isVisibleTo(w.now_page)
        w.close()
        return
    saved = run_until(tmp_path, kind, 9, step, f"AT {step}")
    spec = KINDS[kind]
    answers = saved["answers"]
    assert saved["page"] == step and answers["kind"] == kind
    reached = STEPS.index(step)
    ticks, values = answers["ticks"], answers["values"]
    # Everything answered on the pages before this one is in the draft.
    assert set(ticks) == ({d.key for d in spec.do_now} if reached > 0 else set())
    asked = spec.step("details").fields

    def given(name: str) -> str:  # a kind may use one of the fixed text fields ("account")
        fixed = ("details", "account", "reporter_name", "reporter_email", "note")
        return str(answers[name]) if name in fixed else str(values.get(name, ""))

    if reached > STEPS.index("details"):
        for field in asked:
            if field.kind == "line":
                assert given(field.name) == ANSWER_LINE
            elif field.kind == "text":
                assert given(field.name) == ANSWER_TEXT
            elif field.kind == "choice":
                assert given(field.name) == field.options[0][0]
    else:
        assert values == {}
    if reached > STEPS.index("about"):
        assert answers["reporter_name"] == "Alex Smith"
    # A new window of the kind walks back to the step, answers in place, and says so.
    w = reopen(qtbot, tmp_path, kind, 9)
    assert w._key() == step
    assert w.state.answers.reference == answers["reference"]
    assert w.state.answers.values == values and set(w.state.answers.ticks) == set(ticks)
    assert w.currentPage().banner.text().startswith("Welcome back.")  # type: ignore[attr-defined]
    w.close()


@pytest.mark.xvfb
@pytest.mark.parametrize("kind", ["scam", "stick-or-warning"])
def test_killed_while_sending_then_reopened_the_desk_gets_one_report(
    qtbot: QtBot, tmp_path: Path, raw: RawSmtp, kind: str
) -> None:
    raw.behaviour = "hold"  # takes the whole report, never says 250
    _RELAY[:] = [raw]
    saved = run_until(tmp_path, kind, raw.port, "send", "SENDING")
    assert saved["send_started"] and saved["message_id"].startswith("<")
    raw.behaviour = "ok"
    w = reopen(qtbot, tmp_path, kind, raw.port)
    assert w._key() == "check"
    banner = w.check_page.banner.text()
    assert "A send was started" in banner and "the desk will see one report" in banner
    click(qtbot, w.check_page.send_button)
    qtbot.waitUntil(lambda: w._key() == "done", timeout=15_000)
    assert len(raw.received) == 2  # the copy the relay had, and the one sent now
    assert set(raw.message_ids()) == {saved["message_id"]}  # one report to the desk
    assert draft_store(tmp_path, kind).load() is None  # sent: the draft has gone


def test_a_damaged_draft_of_a_kind_is_kept_aside_and_said(qtbot: QtBot, tmp_path: Path) -> None:
    store = draft_store(tmp_path, "lost-device")
    store.folder.mkdir(parents=True)
    store.path.write_text('{"version": 1, "answers": {"kind": "lost-device"', encoding="utf-8")
    leak = DraftStore(tmp_path / "drafts")
    other = draft_store(tmp_path, "scam")
    other.path.write_text("untouched", encoding="utf-8")
    w = reopen(qtbot, tmp_path, "lost-device", 9)
    banner = w.now_page.banner.text()
    assert "Your saved report" in banner and "starts afresh" in banner
    aside = [p for p in store.folder.iterdir() if p.name.startswith("report-lost-device.json.")]
    assert len(aside) == 1 and aside[0].read_text(encoding="utf-8").startswith('{"version"')
    assert w._key() == "now" and w.state.answers.values == {}
    assert other.path.read_text(encoding="utf-8") == "untouched" and not leak.path.exists()
    w.close()
