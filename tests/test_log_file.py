"""The log file: where it is, what its level lets through, and what it never holds.

The whole-session test runs the real ``hygiene`` command at ``--log-level debug`` against
a private Secret Service (passwords with personal words checked, one recorded in the
history and then checked again, this computer checked), then sends a leak report to a
loopback SMTP server through the app's own root with the log at debug, and reads every
log file written: none holds a password, any hash of one, a personal word, the stored
history record or a word of the report.
"""

from __future__ import annotations

import hashlib
import logging
import re
import stat
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest

from desktop.core.kit.paths import UserPaths, log_dir
from desktop.core.policy.schema import Contact, Policy
from desktop.core.report import ReportAnswers, WhatHappened
from desktop.core.report.render import build_report
from desktop.wiring.logfile import start_log, stop_log
from tests.cli_helpers import run_hygiene
from tests.fixtures_keyring import SecretServiceSession
from tests.fixtures_smtp import SmtpServer
from tests.support import private_root

PERSONAL = ("Biscuit", "Zoë", "Okonkwo")
PASSWORDS = (
    "Biscuit-Zoë-1987!",  # made of personal words: refused
    "Okonkwo2009summer",  # one personal word
    "quartz-lantern-mosaic-thimble",  # recorded in the history, then checked again
)
REPORT_WORDS = (
    "the-phishing-page-looked-like-the-library-login",
    "Marmaduke Featherstonehaugh",
    "reporter-7f3a@college.test",
)


@pytest.fixture(autouse=True)
def _close_the_log() -> object:
    yield
    stop_log()


def test_the_log_lives_in_each_systems_usual_folder() -> None:
    home = Path("/home/a")
    usual = home / ".local/state/hygiene-helper/log"
    assert log_dir("linux", {}, home) == usual
    assert log_dir("linux", {"XDG_STATE_HOME": "/s"}, home) == Path("/s/hygiene-helper/log")
    # A relative XDG value is invalid and ignored, as the XDG spec says.
    assert (
        log_dir("linux", {"XDG_STATE_HOME": "s"}, home) == home / ".local/state/hygiene-helper/log"
    )
    win = log_dir("win32", {"LOCALAPPDATA": r"C:\Users\a\AppData\Local"}, home)
    assert win.parts[-2:] == ("HygieneHelper", "Logs")
    assert log_dir("darwin", {}, Path("/Users/a")) == Path("/Users/a/Library/Logs/HygieneHelper")


def test_the_level_decides_what_is_written_and_the_file_is_private(tmp_path: Path) -> None:
    folder = tmp_path / "log"
    path = start_log(folder, "warning", "app")
    assert path == folder / "app.log"
    logging.getLogger("desktop.example").info("an everyday event")
    logging.getLogger("desktop.example").warning("something went wrong: TimeoutError")
    logging.getLogger("some.library").info("a library's chatter")
    stop_log()
    text = path.read_text(encoding="utf-8")
    assert "something went wrong: TimeoutError" in text
    assert "an everyday event" not in text and "chatter" not in text
    assert stat.S_IMODE(folder.stat().st_mode) == 0o700
    assert stat.S_IMODE(path.stat().st_mode) == 0o600

    start_log(folder, "debug", "app")
    logging.getLogger("desktop.example").debug("a detail for IT")
    stop_log()
    assert "a detail for IT" in path.read_text(encoding="utf-8")


def test_a_log_folder_that_cannot_be_made_leaves_the_app_running(tmp_path: Path) -> None:
    blocker = tmp_path / "a-file"
    blocker.write_text("")
    assert start_log(blocker / "log", "debug") is None
    logging.getLogger("desktop.example").warning("still fine")  # no handler, no error


def test_both_commands_take_a_log_level() -> None:
    from desktop.app import parse_args
    from desktop.cli.main import build_parser

    assert parse_args(["--log-level", "debug"]).log_level == "debug"
    assert parse_args([]).log_level == "info"
    assert (
        build_parser().parse_args(["--log-level", "error", "policy", "show"]).log_level == "error"
    )


def test_a_wrong_level_is_a_plain_usage_error() -> None:
    done = run_hygiene("--log-level", "chatty", "policy", "show")
    assert done.returncode == 2
    err = done.stderr.decode()
    assert "--log-level" in err and "Traceback" not in err


def _secrets_of_the_session(session: SecretServiceSession) -> list[str]:
    secrets = [*PASSWORDS, *PERSONAL, *REPORT_WORDS]
    for password in PASSWORDS:
        for algo in ("sha1", "sha256"):
            digest = hashlib.new(algo, password.encode()).hexdigest()
            secrets += [digest, digest.upper()]
    # What the history stored: every piece of its record long enough to mean something.
    for _label, _attrs, secret in session.stored().values():
        text = secret.decode("utf-8", "replace")
        secrets += [p for p in re.split(r"[^A-Za-z0-9+/=_-]+", text) if len(p) >= 16]
    return secrets


@pytest.mark.keyring
def test_a_whole_session_at_debug_leaves_no_secret_in_the_log(
    empty_history: SecretServiceSession, tmp_path: Path, smtp_server: SmtpServer
) -> None:
    state = tmp_path / "state"
    env = {
        **empty_history.env,
        "XDG_STATE_HOME": str(state),
        "XDG_CONFIG_HOME": str(tmp_path / "config"),
        "HOME": str(tmp_path / "home"),
    }
    personal = [arg for word in PERSONAL for arg in ("--personal", word)]

    def hygiene(*args: str, stdin: str = "") -> str:
        done = run_hygiene("--log-level", "debug", *args, stdin=stdin.encode(), env=env)
        assert "Traceback" not in done.stderr.decode(), done.stderr.decode()
        return done.stdout.decode()

    for password in PASSWORDS:
        hygiene("check", "--no-network", *personal, stdin=password + "\n")
    hygiene("history", "add", stdin=PASSWORDS[2] + "\n")
    assert "REJECTED" in hygiene("check", "--no-network", *personal, stdin=PASSWORDS[2] + "\n")
    hygiene("device")
    assert empty_history.stored(), "the history should hold the recorded password"

    # The leak report, through the app's own root, sent to the loopback server.
    paths = UserPaths.of("linux", {"XDG_STATE_HOME": str(state)}, tmp_path / "home")
    start_log(paths.log, "debug", "app")
    policy = Policy(
        report_contacts=(Contact("IT service desk", "Sam Patel", "desk@college.test"),),
        smtp_host="127.0.0.1",
        smtp_port=smtp_server.port,
        smtp_starttls=False,
    )
    relay = private_root(tmp_path / "home").relay(policy)
    assert relay is not None
    now = datetime(2026, 3, 2, 10, 0, tzinfo=UTC)
    answers = ReportAnswers(
        reference="PW-260302-LOGS",
        started=now,
        when=now - timedelta(hours=2),
        what=WhatHappened.PHISHING,
        details=f"I typed {PASSWORDS[0]} into {REPORT_WORDS[0]}",
        account="College email",
        reporter_name=REPORT_WORDS[1],
        reporter_email=REPORT_WORDS[2],
    )
    relay.send(build_report(answers, policy, now).message)
    stop_log()
    assert len(smtp_server.received) == 1

    logs = sorted((state / "hygiene-helper" / "log").glob("*.log*"))
    assert {p.name for p in logs} >= {"app.log", "cli.log"}
    text = "\n".join(p.read_text(encoding="utf-8") for p in logs)
    # The log did record the session, at debug: the checks built, the password
    # recorded, this computer checked, the report sent.
    for event in ("checks built", "one more password recorded", "device checks:", "report sent"):
        assert event in text, event
    leaked = [s for s in _secrets_of_the_session(empty_history) if s in text]
    assert leaked == []


def test_the_log_stays_small_with_three_older_files_all_private(tmp_path: Path) -> None:
    from desktop.wiring.logfile import BACKUPS, MAX_BYTES

    folder = tmp_path / "log"
    path = start_log(folder, "info", "app")
    assert path is not None
    try:
        log = logging.getLogger("desktop.test.rotation")
        line = "x" * 200
        for i in range(12_000):  # about 2.8 MB: past every file's limit several times
            log.info("record %05d %s", i, line)
    finally:
        stop_log()
    files = sorted(p.name for p in folder.iterdir())
    assert files == ["app.log", *(f"app.log.{n}" for n in range(1, BACKUPS + 1))]
    for name in files:
        file = folder / name
        assert file.stat().st_size <= MAX_BYTES
        assert stat.S_IMODE(file.stat().st_mode) == 0o600
    newest = (folder / "app.log").read_text(encoding="utf-8").splitlines()
    assert "record 11999" in newest[-1]  # the latest record is in app.log, whole
    older = (folder / "app.log.1").read_text(encoding="utf-8").splitlines()
    first_new = int(newest[0].split("record ")[1][:5])
    assert int(older[-1].split("record ")[1][:5]) == first_new - 1  # nothing lost between
