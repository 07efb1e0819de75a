"""Fault injection for the leak report: killed while sending, and a marker password
pushed through every path to show it is never written or sent.

* The wizard runs in its own process (``tests/report_driver.py``) against a raw relay
  that takes the whole report and never answers; it is killed with SIGKILL while it
  waits. Reopened, it says a send was started, and sending again gives the desk one
  report: every copy at the server has the same Message-ID.
* A marker password is typed into every free-text box, before and after it is given as
  the old password (step 3), and through Change; the wizard is also killed with it
  half-typed. The check, history and accounts commands get it too. Then every file the
  app wrote under the test's HOME and XDG folders, every draft and kept-aside copy,
  every keyring secret, all command output and everything the relay received is
  searched for it, its lower-case and look-alike forms, and its SHA-1 and SHA-256.
"""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import pytest
from pytestqt.qtbot import QtBot

from desktop.core.report import DraftStore, WhatHappened
from desktop.ui.report.pages import PAGE_CHECK, PAGE_WHAT
from tests import report_driver
from tests.fixtures_keyring import SecretServiceSession
from tests.raw_smtp import RawSmtp
from tests.report_helpers import (
    LEAKED,
    build,
    click,
    next_page,
    policy_with,
    relay_to,
    secret_forms,
    type_text,
    wait_done,
)

DRIVER = Path(report_driver.__file__)
ROOT = Path(__file__).resolve().parents[2]
NEAR = ["sunflower-autumn-2024", "Sunf1ower-Autumn-2024", "SUNFLOWER-AUTUMN"]


@pytest.fixture
def raw() -> Iterator[RawSmtp]:
    server = RawSmtp().start()
    yield server
    server.stop()


def driver(mode: str, folder: Path, *extra: str, env: dict[str, str] | None = None):  # type: ignore[no-untyped-def]
    return subprocess.Popen(
        [sys.executable, str(DRIVER), mode, str(folder), *extra],
        env=dict(os.environ, QT_QPA_PLATFORM="offscreen", **(env or {})),
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )


def kill(proc: subprocess.Popen[str]) -> None:
    os.kill(proc.pid, signal.SIGKILL)
    proc.wait(timeout=10)
    for pipe in (proc.stdout, proc.stderr):
        if pipe is not None:
            pipe.close()


def test_killed_while_sending_then_reopened_the_desk_gets_one_report(
    qtbot: QtBot, tmp_path: Path, raw: RawSmtp
) -> None:
    raw.behaviour = "hold"  # takes the whole report, never says 250
    folder = tmp_path / "drafts"
    proc = driver("send", folder, str(raw.port))
    try:
        assert proc.stdout is not None
        assert proc.stdout.readline().strip() == "SENDING", proc.stderr.read()  # type: ignore[union-attr]
        deadline = time.monotonic() + 30
        while not raw.received:
            assert time.monotonic() < deadline, "the report never reached the relay"
            time.sleep(0.05)
        kill(proc)
    finally:
        if proc.poll() is None:
            kill(proc)
    saved = json.loads((folder / "report.json").read_text())
    assert saved["send_started"] and saved["message_id"].startswith("<")

    raw.behaviour = "ok"
    w = build(qtbot, folder, policy_with(raw.port), relay_to(raw.port))
    assert w.currentId() == PAGE_CHECK
    banner = w.check_page.banner.text()
    assert "A send was started" in banner and "the desk will see one report" in banner
    click(qtbot, w.check_page.send_button)
    wait_done(qtbot, w)
    assert len(raw.received) == 2  # the copy the relay had, and the one sent now
    assert set(raw.message_ids()) == {saved["message_id"]}  # one report to the desk
    assert DraftStore(folder).load() is None


def test_a_send_refused_outright_leaves_no_send_started(qtbot: QtBot, tmp_path: Path) -> None:
    import socket

    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]  # closed again before the send: nothing listens
    w = build(qtbot, tmp_path, policy_with(port), relay_to(port, timeout=1.0))
    to_check(qtbot, w, "Robin Lee", "robin@college.test")
    click(qtbot, w.check_page.send_button)
    qtbot.waitUntil(lambda: "Not sent" in w.check_page.status.text(), timeout=10_000)
    saved = json.loads((tmp_path / "report.json").read_text())
    assert saved["send_started"] is None  # nothing went, so nothing to warn about later


def to_check(qtbot: QtBot, w, name: str, email: str, note: str = "") -> None:  # type: ignore[no-untyped-def]
    click(qtbot, w.what_page.choices[WhatHappened.SEEN])
    next_page(qtbot, w)
    type_text(qtbot, w.account_page.account, "Learning portal")
    next_page(qtbot, w)
    next_page(qtbot, w)
    type_text(qtbot, w.about_page.name, name)
    type_text(qtbot, w.about_page.email, email)
    if note:
        type_text(qtbot, w.about_page.note, note)
    next_page(qtbot, w)


def written(root: Path) -> list[tuple[Path, bytes]]:
    return [(p, p.read_bytes()) for p in root.rglob("*") if p.is_file() and not p.is_symlink()]


def assert_nowhere(blobs: list[tuple[str, bytes]], password: str = LEAKED) -> None:
    forms = [*secret_forms(password), *NEAR]
    for where, data in blobs:
        text = data.decode("utf-8", "replace")
        for form in forms:
            assert form not in text, f"the marker password ({form!r}) reached {where}"


def give_old_password(qtbot: QtBot, w) -> None:  # type: ignore[no-untyped-def]
    type_text(qtbot, w.act_page.old_password, LEAKED)
    click(qtbot, w.act_page.use_button)
    qtbot.waitUntil(lambda: w.act_page.use_button.isEnabled(), timeout=15_000)


@pytest.mark.parametrize("order", ["typed-before-step-3", "typed-after-step-3"])
def test_the_marker_password_is_never_saved_or_sent(
    qtbot: QtBot, tmp_path: Path, raw: RawSmtp, order: str
) -> None:
    home = tmp_path / "home"
    folder = home / ".config" / "hygiene-helper" / "drafts"
    w = build(qtbot, folder, policy_with(raw.port), relay_to(raw.port))
    click(qtbot, w.what_page.choices[WhatHappened.SEEN])
    if order == "typed-before-step-3":
        type_text(qtbot, w.what_page.details, f"It was {LEAKED} and I typed it in the library")
        next_page(qtbot, w)
        type_text(qtbot, w.account_page.account, f"portal {LEAKED}")
        next_page(qtbot, w)
        assert LEAKED in (folder / "report.json").read_text()  # saved as typed, for now ...
        give_old_password(qtbot, w)  # ... and scrubbed the moment step 3 is done
        assert LEAKED not in (folder / "report.json").read_text()
        next_page(qtbot, w)
        type_text(qtbot, w.about_page.name, f"Robin {NEAR[0]}")
        type_text(qtbot, w.about_page.email, "robin@college.test")
        type_text(qtbot, w.about_page.note, f"also {NEAR[1]} and {LEAKED}")
    else:
        next_page(qtbot, w)
        type_text(qtbot, w.account_page.account, "Learning portal")
        next_page(qtbot, w)
        give_old_password(qtbot, w)
        next_page(qtbot, w)
        type_text(qtbot, w.about_page.note, f"{LEAKED} {NEAR[2]}")
        type_text(qtbot, w.about_page.email, "robin@college.test")
        type_text(qtbot, w.about_page.name, f"Robin {NEAR[1]}")
    next_page(qtbot, w)
    assert w.currentId() == PAGE_CHECK
    # Change: back to the first question, the password typed there too, then send.
    w.go_change(PAGE_WHAT)
    type_text(qtbot, w.what_page.details, f" {NEAR[0]} {LEAKED}")
    next_page(qtbot, w)
    while w.currentId() != PAGE_CHECK:
        next_page(qtbot, w)
    draft_text = (folder / "report.json").read_bytes()
    click(qtbot, w.check_page.send_button)
    wait_done(qtbot, w)
    assert len(raw.received) == 1
    assert b"[password removed]" in raw.received[0]
    blobs = [(str(p), data) for p, data in written(tmp_path)]
    blobs += [("the last draft", draft_text)]
    blobs += [(f"the report sent ({i})", data) for i, data in enumerate(raw.received)]
    assert_nowhere(blobs)


def test_killed_with_the_marker_half_typed_it_is_in_no_file(tmp_path: Path) -> None:
    folder = tmp_path / "drafts"
    proc = driver("fill", folder, env={"REPORT_DRIVER_NAME": f"Robin {LEAKED}"})
    try:
        assert proc.stdout is not None
        assert proc.stdout.readline().strip() == "READY"
        assert proc.stdout.readline().strip() == "PAUSED"
        kill(proc)
    finally:
        if proc.poll() is None:
            kill(proc)
    assert (folder / "report.json").exists()
    assert_nowhere([(str(p), data) for p, data in written(tmp_path)])


def hygiene(session: SecretServiceSession, *args: str, stdin: str) -> tuple[str, bytes]:
    done = subprocess.run(
        [sys.executable, "-m", "desktop", *args],
        input=stdin.encode(),
        capture_output=True,
        env=session.env,
        cwd=ROOT,
        timeout=120,
    )
    return " ".join(args), done.stdout + done.stderr


@pytest.mark.keyring
def test_the_marker_through_check_history_and_accounts_is_kept_nowhere(
    empty_history: SecretServiceSession,
) -> None:
    outputs = [
        hygiene(empty_history, "check", "--no-network", stdin=LEAKED + "\n"),
        hygiene(empty_history, "history", "add", stdin=LEAKED + "\n"),
        hygiene(empty_history, "accounts", "add", "bank", stdin=LEAKED + "\n"),
        hygiene(empty_history, "check", "--no-network", "--json", stdin=LEAKED.lower() + "\n"),
        hygiene(empty_history, "history", "list", "--json", stdin=""),
    ]
    assert b"REJECTED" in outputs[-2][1] or b"fail" in outputs[-2][1]  # it was compared
    secrets = [(f"keyring item {u}", s) for u, (_, _, s) in empty_history.stored().items()]
    assert secrets, "the history should have been recorded"
    files = [(str(p), data) for p, data in written(empty_history.root)]
    # the Secret Service's own keyring file holds the items encrypted; search it anyway
    assert_nowhere([*outputs, *secrets, *files])
