"""Real signals to the real app, running on a real X server (Xvfb) in its own process.

* The tray app, SIGINT while a reminder tick is under way (the tick is held open by
  its idle reading, see ``tests/signal_driver.py``): the tick finishes, the reminders'
  timer is running again when the event loop ends, and the app quits in order (exit
  130, no traceback). SIGTERM and SIGHUP quit it the same way (143, 129), and the
  single-instance name is free again afterwards.
* ``hygiene report``, SIGINT while the report is being sent: to a relay that answers
  late, the send finishes, the wizard shows "Sent." and the command says it went (exit
  0); to a relay that never answers, the send ends at its time limit, the wizard says
  "Not sent." with Send enabled again, and the command says the answers are kept
  (exit 1). Never left at "Sending your report...".
* The tray app with its settings, state and runtime folders closed to the person: it
  starts without a traceback (permissions enforced for real, see
  ``tests.test_faults_local_files``).
* A reminder tick or a timer callback that raises: logged, and the timer goes on.
"""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.raw_smtp import RawSmtp
from tests.support import app_env, xvfb
from tests.test_faults_local_files import unprivileged

DRIVER = Path(__file__).resolve().parents[1] / "signal_driver.py"
ROOT = Path(__file__).resolve().parents[2]
PRIVATE = "-".join(("Kettle", "Orbit", "Lantern"))
LIMIT = 90  # seconds for a whole run on a loaded machine; a hang fails, never waits


@pytest.fixture
def display() -> Iterator[str]:
    with xvfb() as shown:
        yield shown


def _start(args: list[str], env: dict[str, str]) -> subprocess.Popen[str]:
    return subprocess.Popen(
        args,
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        env=env,
        cwd=ROOT,
    )


def _line(proc: subprocess.Popen[str]) -> str:
    assert proc.stdout is not None
    line = proc.stdout.readline()
    assert line, f"the app ended early: {proc.stderr.read() if proc.stderr else ''}"
    return line.strip()


def _finish(proc: subprocess.Popen[str]) -> tuple[list[str], str]:
    try:
        out, err = proc.communicate(timeout=LIMIT)
    except subprocess.TimeoutExpired:
        proc.kill()
        out, err = proc.communicate(timeout=10)
        pytest.fail(f"the app did not quit on the signal:\n{err}")
    return out.strip().splitlines(), err


@pytest.mark.xvfb
@pytest.mark.parametrize("sig", [signal.SIGINT, signal.SIGTERM, signal.SIGHUP])
def test_a_signal_during_a_reminder_tick_quits_in_order_with_reminders_intact(
    tmp_path: Path, display: str, sig: signal.Signals
) -> None:
    instance = f"hh-signals-{os.getpid()}-{sig.value}"
    proc = _start([sys.executable, str(DRIVER), "tray", instance], app_env(tmp_path, display))
    assert _line(proc) == "TICK"  # a reminder tick is under way, waiting on its reading
    os.kill(proc.pid, sig)
    assert proc.stdin is not None
    proc.stdin.write("\n")  # the reading answers; the tick goes on to its end
    proc.stdin.flush()
    lines, err = _finish(proc)
    assert "Traceback" not in err and "KeyboardInterrupt" not in err, err
    shown = json.loads(lines[0])
    assert shown["reminders"] == 1
    assert shown["timer_active"] is True  # the next look was scheduled: reminders still on
    assert shown["looks"] >= 2  # the start-up look and the one that was under way
    assert lines[-1] == f"EXIT {128 + sig.value}"
    assert proc.returncode == 128 + sig.value
    # stopped in order: the single-instance name was given up, so a new copy may start
    from PySide6.QtNetwork import QLocalSocket

    probe = QLocalSocket()
    probe.connectToServer(instance)
    assert not probe.waitForConnected(500)


@pytest.mark.xvfb
@pytest.mark.parametrize("relay_does", ["late-250", "hold"])
def test_ctrl_c_while_a_report_is_sent_lets_the_send_end_cleanly(
    tmp_path: Path, display: str, relay_does: str
) -> None:
    # late-250: takes the report and answers 3 seconds later; hold: never answers, so
    # the send ends at the relay's own time limit (20 seconds)
    relay = RawSmtp(relay_does).start()
    try:
        policy = tmp_path / "policy.toml"
        policy.write_text(
            f'smtp_host = "127.0.0.1"\nsmtp_port = {relay.port}\nsmtp_starttls = false\n'
            'report_contacts = [{role = "IT service desk", email = "desk@college.test"}]\n',
            encoding="utf-8",
        )
        proc = _start(
            [sys.executable, str(DRIVER), "report", str(policy)], app_env(tmp_path, display)
        )
        assert _line(proc) == "SENDING"
        assert relay.data_started.wait(LIMIT)  # the report is on its way
        os.kill(proc.pid, signal.SIGINT)
        lines, err = _finish(proc)
    finally:
        relay.stop()
    assert "Traceback" not in err and "KeyboardInterrupt" not in err, err
    shown = json.loads(lines[0])
    assert shown["sending"] is False  # never left at "Sending your report..."
    assert len(relay.received) == 1  # the report reached the relay, once
    if relay_does == "late-250":
        assert shown["status"] == "Sent." and shown["delivery"] == "relay"
        assert lines[-1] == "EXIT 0"  # the command reports the report went
    else:
        assert shown["status"].startswith("Not sent.") and shown["send_enabled"] is True
        assert shown["delivery"] == ""
        assert "Your answers are saved" in err  # and where to carry on
        assert lines[-1] == "EXIT 1"


@pytest.mark.xvfb
def test_the_tray_app_starts_with_folders_it_cannot_enter(tmp_path: Path, display: str) -> None:
    env = app_env(tmp_path, display)
    config = Path(env["XDG_CONFIG_HOME"])
    (config / "hygiene-helper").mkdir(parents=True)
    closed = [config, Path(env["XDG_STATE_HOME"]), Path(env["XDG_RUNTIME_DIR"])]
    closed[1].mkdir(parents=True)
    for folder in closed:  # settings, the posture document, locks and sockets
        os.chmod(folder, 0)
    try:
        proc = _start(
            unprivileged([sys.executable, str(DRIVER), "tray", f"hh-closed-{os.getpid()}"]), env
        )
        assert _line(proc) == "TICK"  # started, and its reminders are looking
        os.kill(proc.pid, signal.SIGTERM)
        assert proc.stdin is not None
        proc.stdin.write("\n")
        proc.stdin.flush()
        lines, err = _finish(proc)
    finally:
        for folder in closed:
            os.chmod(folder, 0o700)
    assert "Traceback" not in err, err
    assert lines[-1] == "EXIT 143"


def test_a_reminder_tick_that_fails_is_logged_and_the_reminders_go_on(
    caplog: pytest.LogCaptureFixture,
) -> None:
    from desktop.ui.shell.reminders import RETRY_MS
    from tests.gui.test_reminders_controller import Rig

    rig = Rig()
    failing = [True]

    def notifier(title: str, text: str, actions: object) -> None:
        if failing.pop() if failing else False:
            raise RuntimeError("the notification service went away")
        rig.messages.append((title, text, actions))  # type: ignore[arg-type]

    rig.controller._notify = notifier
    rig.controller.start()
    rig.clock.advance(61)  # the person has been away past the reminder
    with pytest.raises(RuntimeError):
        rig.timer.fire()  # a fake timer has no guard: the failure shows here
    assert rig.timer.is_active() and rig.timer.interval_ms == RETRY_MS  # not lost
    looks = rig.controller.looks
    rig.sleep_through(RETRY_MS / 1000)
    assert rig.controller.looks == looks + 1 and rig.timer.is_active()
    rig.sleep_through(120)  # and it keeps looking, as a working tick would leave it
    assert rig.controller.looks > looks + 1 and rig.timer.is_active()
    assert rig.controller.status_text().startswith("Lock reminders are on")


def test_a_real_timer_whose_callback_fails_keeps_firing(
    qtbot: object, caplog: pytest.LogCaptureFixture
) -> None:
    from desktop.ui.kit.timers import QtTimer

    calls: list[int] = []

    def tick() -> None:
        calls.append(1)
        raise RuntimeError(PRIVATE)  # as a message could quote what was typed

    timer = QtTimer(tick)
    timer.start(10)
    qtbot.waitUntil(lambda: len(calls) >= 3, timeout=10_000)  # type: ignore[attr-defined]
    timer.stop()
    assert "RuntimeError" in caplog.text and "failed unexpectedly" in caplog.text
    assert PRIVATE not in caplog.text  # the message is never written down


def test_a_worker_result_whose_callback_fails_does_not_stop_the_next_ones(
    qtbot: object, caplog: pytest.LogCaptureFixture
) -> None:
    from desktop.ui.kit.background import BackgroundRunner

    runner = BackgroundRunner()
    got: list[int] = []

    def on_done(value: int) -> None:
        if value == 1:
            raise RuntimeError(PRIVATE)
        got.append(value)

    for value in (1, 2, 3):
        runner.run(lambda v=value: v, on_done, key=f"job{value}")
    qtbot.waitUntil(lambda: sorted(got) == [2, 3], timeout=10_000)  # type: ignore[attr-defined]
    assert not any(runner.is_busy(f"job{v}") for v in (1, 2, 3))  # nothing left hanging
    assert "failed unexpectedly (RuntimeError)" in caplog.text and PRIVATE not in caplog.text
    runner.wait(5000)
