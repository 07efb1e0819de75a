"""What a screen-reader user hears: the real Orca (Debian 12) reading the app, speech logged.

Each test types into a password box through the X server, as a person would, and reads
every line Orca spoke (tests/orca_session.py). No line may hold the password, a word of
it or one of its characters on its own (Orca's key echo spells typed letters); and the
verdict must be spoken, because a result nobody hears is no result.
"""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from tests.fixtures_smtp import SmtpFactory, smtp_factory  # noqa: F401
from tests.orca_session import OrcaDesktop, orca_desktop

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
