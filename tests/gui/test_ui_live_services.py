"""The check window against real services: the range server on 127.0.0.1 for breaches
and a private gnome-keyring Secret Service for the password history.

Also shows the window stays responsive while a slow breach server is answering, and
that an answer for text the person has since changed is dropped.
"""

from __future__ import annotations

from PySide6.QtWidgets import QPushButton

from desktop.core.checks import build_pipeline
from desktop.core.history import keyring_history
from desktop.core.policy.schema import Policy
from desktop.ui.kit.widgets import LineState
from desktop.wiring import Services
from tests.fixtures_ui import memory_history
from tests.range_server import sha1_upper

STRONG = "velvet tundra gazebo 47 plinth"


def record_button(window) -> QPushButton:
    return next(
        b
        for b in window.findChildren(QPushButton)
        if b.accessibleName() == "I've set this password"
    )


def online_pipeline(url: str, history=None):
    policy = Policy(hibp_api_url=url)
    return build_pipeline(policy, Services().breach_lookup(policy), history or memory_history())


def test_breached_password_is_shown_with_its_count(check_window_factory, range_server):
    range_server.add_password(STRONG, 123456)
    ui = check_window_factory(online_pipeline(range_server.url), record=lambda pw: None)
    ui.type_password(STRONG)
    ui.settle()
    assert ui.line("breached").startswith(
        "✗ Problem Not in a known data breach Seen 123,456 times in known data breaches."
    )
    assert ui.verdict().startswith("✗ Not yet")
    assert not record_button(ui.window).isEnabled()
    # Only the 5-character prefix of the hash left the machine, never the rest.
    full = sha1_upper(STRONG)
    assert range_server.requests, "the window never asked the range server"
    for request in range_server.requests:
        assert request.path.endswith("/" + full[:5])
        assert full[5:].encode() not in request.raw.upper()
        assert STRONG.encode() not in request.raw


def test_password_not_in_any_breach_passes_that_line(check_window_factory, range_server):
    range_server.add_password("something else entirely", 3)
    ui = check_window_factory(online_pipeline(range_server.url), record=lambda pw: None)
    ui.type_password(STRONG)
    ui.settle()
    assert ui.line("breached").startswith("✓ Passed Not in a known data breach")
    assert ui.verdict() == "✓ Good choice: you can use this password."


def test_network_down_says_not_checked_never_passed(check_window_factory, refused_range_url):
    ui = check_window_factory(online_pipeline(refused_range_url), record=lambda pw: None)
    ui.type_password(STRONG)
    ui.settle()
    assert ui.line("breached").startswith("? Not checked Not in a known data breach")
    assert ui.verdict().startswith("✓ You can use this password, but some checks could not run")


def test_reuse_is_caught_through_the_real_secret_service(
    check_window_factory, empty_history, tmp_path
):
    history = keyring_history(24, empty_history.backend, lock_path=tmp_path / "history.lock")
    ui = check_window_factory(
        build_pipeline(Policy(breach_check="off"), None, history), record=history.add_password
    )
    ui.type_password(STRONG)
    ui.settle()
    assert ui.line("reuse").startswith("✓ Passed Not used before")
    with ui.qtbot.waitSignal(ui.window.recorded, timeout=30_000):
        record_button(ui.window).click()
    # What the keyring now holds is tags, never the password.
    stored = empty_history.stored()
    assert stored, "nothing was written to the keyring"
    for _label, _attrs, secret in stored.values():
        assert STRONG.encode() not in secret
        assert sha1_upper(STRONG).encode() not in secret.upper()
    ui.type_password(STRONG)
    ui.settle()
    assert ui.line("reuse").startswith(
        "✗ Problem Not used before You have used this password before."
    )
    ui.type_password(STRONG.capitalize() + "!")
    ui.settle()
    assert ui.line("reuse").startswith("✗ Problem Not used before It is too close")


def test_window_keeps_answering_while_a_slow_breach_server_stalls(
    check_window_factory, range_server
):
    range_server.add_password(STRONG, 7)
    range_server.hold()  # the server sits on every request until the test lets go
    ui = check_window_factory(online_pipeline(range_server.url), record=lambda pw: None)
    ui.type_password(STRONG)
    ui.qtbot.waitUntil(lambda: ui.window.local_done, timeout=10_000)
    ui.pause_typing()
    assert ui.window.checklist.state("breached") is LineState.CHECKING  # the spinner shows
    ui.qtbot.waitUntil(lambda: len(range_server.requests) == 1, timeout=10_000)

    # While the server sits on the request, every key press still gets its local checks.
    for extra in "xyz":
        ui.qtbot.keyClicks(ui.password, extra)
        ui.qtbot.waitUntil(lambda: ui.window.local_done, timeout=15_000)
    assert range_server.held.is_set(), "the local checks had to wait for the server"
    assert f"{len(STRONG) + 3} characters" in ui.line("length")
    assert ui.window.checklist.state("breached") is LineState.WAITING
    assert "Checked once both boxes match." in ui.line("breached")

    # The slow answer for the old text arrives and is dropped: it does not say
    # "breached" about a password that is no longer in the box.
    range_server.release()
    assert ui.checker._slow.wait(15_000)  # the old lookup has finished and handed back
    ui.qtbot.wait(50)  # its result, queued for this thread, is delivered (and dropped)
    assert ui.window.checklist.state("breached") is LineState.WAITING
    assert ui.window.verdict is not None and not ui.window.verdict.accepted

    ui.confirm.setText(ui.password.text())
    ui.settle()
    assert ui.line("breached").startswith("✓ Passed")
