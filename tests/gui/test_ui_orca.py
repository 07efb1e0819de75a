"""What a screen-reader user hears: the real Orca (Debian 12) reading the app, speech logged.

Each test types into a password box through the X server, as a person would, and reads
every line Orca spoke (tests/orca_session.py). No line may hold the password, a word of
it or one of its characters on its own (Orca's key echo spells typed letters); and the
verdict must be spoken, because a result nobody hears is no result.
"""

from __future__ import annotations

import json
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest

from desktop.core.report.kinds import KINDS
from tests.fixtures_smtp import SmtpFactory, smtp_factory  # noqa: F401
from tests.orca_session import ROOT, OrcaDesktop, orca_desktop

pytestmark = [pytest.mark.gui, pytest.mark.xvfb]

WEAK = "qzx7"  # too short: rejected
STRONG = "kettle orbit lantern mosaic"
CHECK_TITLE = "Check a new password"
WIZARD_TITLE = "I think my password leaked"


@pytest.fixture(scope="module")
def orca(tmp_path_factory: pytest.TempPathFactory) -> Iterator[OrcaDesktop]:
    with orca_desktop(tmp_path_factory.mktemp("orca")) as desktop:
        yield desktop


def _leaks(lines: list[str], password: str) -> list[str]:
    """Spoken lines that give away ``password``: all of it, a word of it, or one of its
    characters said on its own (spelled out)."""
    secret = password.casefold()
    words = {w for w in secret.split() if len(w) >= 3}
    letters = {c for c in secret if not c.isspace()}
    found = []
    for line in lines:
        said = line.casefold().strip(" .,")
        if secret in said or any(w in said for w in words) or said in letters:
            found.append(line)
    return found


def test_check_window_speaks_verdicts_and_never_the_password(orca: OrcaDesktop) -> None:
    orca.start_app("check", CHECK_TITLE)
    for password, verdict in (
        (WEAK, "Not yet: choose a different password"),
        (STRONG, "You can use this password"),
    ):
        mark = len(orca.spoken())
        orca.key("ctrl+a", "BackSpace")
        orca.type_text(password)
        orca.key("Tab", "Tab")  # past Show, to the second box
        orca.wait_spoken(lambda line: "again" in line.casefold(), mark)
        orca.type_text(password)
        said = orca.wait_spoken(lambda line, v=verdict: v in line, mark)
        assert verdict in said
        heard = orca.spoken()[mark:]
        assert _leaks(heard, password) == [], heard
        orca.key("shift+Tab", "shift+Tab")
    orca.stop_apps()


def test_leak_wizard_password_box_is_silent(orca: OrcaDesktop) -> None:
    orca.start_app("wizard-act", WIZARD_TITLE)
    mark = len(orca.spoken())
    orca.type_text(STRONG)
    orca.key("ctrl+a", "BackSpace")  # emptying the box once sent the whole password
    orca.type_text(WEAK)
    orca.key("Return")  # "use it, then forget it"
    orca.wait_spoken(lambda line: "Blocked: it will never be accepted again" in line, mark)
    heard = orca.spoken()[mark:]
    assert _leaks(heard, STRONG) == [], heard
    assert _leaks(heard, WEAK) == [], heard
    orca.stop_apps()


def test_failed_send_is_spoken(orca: OrcaDesktop, smtp_factory: SmtpFactory) -> None:  # noqa: F811
    relay = smtp_factory("refuse_data")
    orca.start_app("wizard-check", WIZARD_TITLE, "--relay", str(relay.port))
    mark = len(orca.spoken())
    orca.key("space")  # Send has focus
    said = orca.wait_spoken(lambda line: "Not sent" in line, mark)
    assert "Your report is kept" in said
    heard = orca.spoken()[mark:]
    assert any("Try again" in line for line in heard), heard
    orca.stop_apps()


def test_lock_reminder_is_spoken_without_taking_focus(orca: OrcaDesktop) -> None:
    mark = len(orca.spoken())
    # The reminder comes while the person is in the check window, which keeps focus.
    orca.start_app("reminder", "Lock your screen")
    heard = " ".join(orca.spoken()[mark:])
    assert "You have been away for 2 minutes" in heard, heard
    orca.stop_apps()


# -- "Report a problem": "What happened?" and a kind's report, keyboard only ---------------
# The driver waits for Orca to speak each control it moves to (a loaded Orca lags, and
# drops a focus change already stale when it gets to it): a whole report takes minutes.


@pytest.fixture
def reader(orca: OrcaDesktop) -> Iterator[OrcaDesktop]:
    """Orca, with every window a test opened closed afterwards, passed or failed."""
    yield orca
    orca.stop_apps()


def _drive(orca: OrcaDesktop, folder: Path, kind: str, port: int, *flags: str) -> Path:
    """Start the keyboard driver of "Report a problem" (tests/report_kind_driver.py) on
    Orca's desktop; return where it writes what it met."""
    out = folder / "result.json"
    errors = (folder / "driver.err").open("w", encoding="utf-8")
    args = ["--kind", kind, "--port", str(port), "--folder", str(folder), "--out", str(out)]
    app = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "tests.report_kind_driver",
            "--x-keys",
            "--speech-log",
            str(orca.log),
            *args,
            *flags,
        ],
        cwd=ROOT,
        env={**orca.env, "XDG_CONFIG_HOME": str(folder / "config")},
        stdout=subprocess.PIPE,
        stderr=errors,
        text=True,
    )
    errors.close()
    orca.apps.append(app)
    return out


def _said(heard: list[str], words: str) -> bool:
    """Whether Orca said ``words``, in one line or across the lines it split them into."""
    flat = " ".join(" ".join(heard).split())
    return " ".join(words.split()) in flat


def _wait_line(orca: OrcaDesktop, folder: Path, expected: str) -> None:
    app = orca.apps[-1]
    assert app.stdout is not None
    line = app.stdout.readline().strip()
    errors = (folder / "driver.err").read_text(encoding="utf-8")[-3000:]
    assert line == expected, f"the driver stopped early: {errors}"


@pytest.mark.timeout(300)
def test_clicked_kind_password_box_is_silent(
    reader: OrcaDesktop,
    smtp_factory: SmtpFactory,  # noqa: F811
    tmp_path: Path,
) -> None:
    server = smtp_factory()
    _drive(reader, tmp_path, "clicked", server.port, "--secret-box")
    _wait_line(reader, tmp_path, "AT SECRET")
    reader.wait_spoken(lambda line: "used once then forgotten" in line)
    mark = len(reader.spoken())
    reader.type_text(STRONG)
    reader.key("ctrl+a", "BackSpace")
    reader.type_text(WEAK)
    reader.key("Return")  # "use it, then forget it"
    reader.wait_spoken(lambda line: "Blocked: it will never be accepted again" in line, mark)
    heard = reader.spoken()[mark:]
    assert _leaks(heard, STRONG) == [], heard
    assert _leaks(heard, WEAK) == [], heard
    reader.stop_apps()


@pytest.mark.timeout(300)
def test_every_kind_is_named_and_one_report_is_heard_to_the_end(
    reader: OrcaDesktop,
    smtp_factory: SmtpFactory,  # noqa: F811
    tmp_path: Path,
) -> None:
    """One app and one Orca for every kind. The arrow keys go down "What happened?" and
    Orca names each kind, on a line of its own, as they reach it. The last kind is then
    reported with the keyboard alone: Orca reads its first page (the heading and every
    do-this-now step) and, once it is sent, "Report sent". Between the two the driver
    does not wait for Orca (what it says there is tested above and in the AT-SPI tests),
    which keeps this to seconds instead of minutes."""
    server = smtp_factory()
    kind = KINDS[list(KINDS)[-1]]  # the last: the arrow keys end on it
    mark = len(reader.spoken())
    out = _drive(reader, tmp_path, kind.kind_id, server.port, "--every-kind", "--hold-done")
    _wait_line(reader, tmp_path, "EVERY KIND")
    chooser = reader.spoken()[mark:]
    # Each kind said on a line of its own, as focus reached it: not only within Orca's
    # reading of the whole window, which names every kind at once.
    alone = [line.strip().rstrip(".") for line in chooser]
    named = [alone.index(k.label) if k.label in alone else -1 for k in KINDS.values()]
    assert -1 not in named, f"not every kind was named as it was reached: {chooser}"
    assert named == sorted(named), "the kinds were not named in the order they were reached"
    _wait_line(reader, tmp_path, "FIRST PAGE")
    _wait_line(reader, tmp_path, "DONE")
    met = json.loads(out.read_text(encoding="utf-8"))
    assert met["window_title"] == kind.window_title
    heard = reader.spoken()[mark + len(chooser) :]
    assert _said(heard, kind.window_title)
    assert _said(heard, f"Step 1 of 5 {kind.step('now').title}")  # the first page's heading
    assert len(met["do_now"]) == len(kind.do_now)
    for step in met["do_now"]:
        assert _said(heard, step), step
    reader.wait_spoken(lambda line: "Report sent" in line, mark + len(chooser))
    assert len(server.received) == 1
