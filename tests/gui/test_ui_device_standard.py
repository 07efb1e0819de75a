"""The "Cyber Essentials" page of "Check this computer": each requirement with its
status, checks and what the app cannot see, from the window's last run."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QLabel

from desktop.core.device import DeviceRunner
from desktop.core.device.readings_ce import InboundReading
from desktop.core.policy.schema import Policy
from desktop.ui.device.window import DeviceWindow
from desktop.ui.kit.background import BackgroundRunner
from tests.device_fakes import Fixed, passing_sources

pytestmark = pytest.mark.gui

NOW = datetime(2026, 3, 10, 14, 5, tzinfo=UTC)
WAIT = 5000
GUIDE = "https://intranet.example/mfa"


def _window(qtbot, sources, url: str = "") -> DeviceWindow:  # type: ignore[no-untyped-def]
    runner = DeviceRunner(sources, "linux", now=lambda: NOW)
    jobs = BackgroundRunner()
    window = DeviceWindow(
        lambda: runner.run(Policy(malware_products=("clamav-daemon",))),
        jobs,
        mfa_guidance_url=lambda: url,
    )
    jobs.setParent(window)
    qtbot.addWidget(window)
    window.show()
    with qtbot.waitSignal(window.report_shown, timeout=WAIT):
        window.check_again()
    return window


def test_the_page_lists_each_requirement_its_checks_and_the_unseen(qtbot) -> None:  # type: ignore[no-untyped-def]
    sources = {**passing_sources(), "inbound_default": Fixed(InboundReading(False, "nftables"))}
    window = _window(qtbot, sources, GUIDE)
    window.standard_button.click()
    page = window.standard_page
    assert page is not None and page.isVisible()
    text = page.text()
    assert "✗ Firewalls: Needs fixing" in text
    assert "✓ Malware protection: No problems seen" in text
    # The check's name on its line, what was found on the next (as in the device window).
    assert "✗ Fail - Incoming connections blocked\nOther computers can connect unless" in text
    assert "multi-factor sign-in" in text
    assert f"Your organisation's guidance: {GUIDE}" in text
    assert "It is not a Cyber Essentials assessment" in text


def test_the_page_follows_the_next_run(qtbot) -> None:  # type: ignore[no-untyped-def]
    inbound = Fixed(InboundReading(True, "nftables"))
    sources = {**passing_sources(), "inbound_default": inbound}
    window = _window(qtbot, sources)
    page = window.open_standard_page()
    assert "✓ Firewalls: No problems seen" in page.text()
    assert "Ask IT how to switch on multi-factor sign-in" in page.text()
    inbound.value = InboundReading(False, "nftables")
    with qtbot.waitSignal(window.report_shown, timeout=WAIT):
        window.check_again()
    qtbot.waitUntil(lambda: "✗ Firewalls: Needs fixing" in page.text(), timeout=WAIT)


def test_names_read_from_the_computer_show_as_typed_not_as_markup(qtbot) -> None:  # type: ignore[no-untyped-def]
    from desktop.core.device.readings_ce import OsReading
    from desktop.ui.device.standard_page import StandardPage

    odd = OsReading("debian", "12", "<b>Debian</b> <a href='x'>12</a>")
    window = _window(qtbot, {**passing_sources(), "operating_system": Fixed(odd)})
    page = window.open_standard_page()
    assert isinstance(page, StandardPage)
    shown = [label for label in page.findChildren(QLabel) if "<b>Debian</b>" in label.text()]
    assert shown and all(lb.textFormat() is Qt.TextFormat.PlainText for lb in shown)
