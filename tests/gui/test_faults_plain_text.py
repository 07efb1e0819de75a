"""Text from outside the app, shown by the started app in every kind of widget it uses:
never rendered as markup, its direction kept inside it, its control characters
visible, and the app's own sentence around it intact.

The hostile value carries a link, an image, a right-to-left override, a new line and
a NUL. It goes in as a plugged-in drive's label, vendor and model (the notice, shown
as a message box when there is no tray; the tray balloon's text), as a policy value
in "What IT can see", as a firewall product name and a policy value in "Check this
computer", and as the text of a label made anywhere in the app.
"""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QLabel, QMessageBox, QWidget

from desktop.core.device.readings import RemovableDrive
from desktop.core.kit.untrusted import FSI, PDI
from desktop.ui.device.it_view import ItViewPage
from desktop.ui.kit.plain import notice_text
from tests.posture_helpers import document, real_reports
from tests.support import private_root

HOSTILE = (
    '<a href="https://evil.test/">Open me</a><img src="file:///etc/hostname">'
    "\u202eevil\nsecond line\x00end"
)
FROM_OUTSIDE = '<a href="https://evil.test/">Open me</a><img src="file:///etc/hostname">'


def assert_plain(label: QLabel) -> None:
    label.ensurePolished()
    assert label.textFormat() == Qt.TextFormat.PlainText, label.text()


def assert_value_shown_safely(text: str) -> None:
    assert FROM_OUTSIDE in text  # shown as typed: the markup is visible, not obeyed
    assert "\u202e" not in text and "\x00" not in text  # the override and NUL are gone
    assert "evil\u240asecond line\u2400end" in text  # new line and NUL made visible
    assert f"{FSI}{FROM_OUTSIDE}" in text  # and the value is isolated


def labels_of(widget: QWidget) -> list[QLabel]:
    return [w for w in widget.findChildren(QLabel) if w.text()]


@pytest.fixture
def started(qtbot: object, tmp_path: Path):  # type: ignore[no-untyped-def]
    from desktop.app import Running, start

    # A private root: its own home, config and state folders, and no DISPLAY in what it sees.
    services = private_root(
        tmp_path,
        {"XDG_CONFIG_HOME": str(tmp_path / "config"), "XDG_STATE_HOME": str(tmp_path / "state")},
    )
    running = start(["--no-network"], services, instance_name=f"hh-plain-{os.getpid()}")
    assert isinstance(running, Running)
    yield running
    running.controller.quit()
    running.stop()


def test_a_hostile_drive_label_in_the_notice_is_plain_and_the_sentence_intact(
    qtbot: object, started: object
) -> None:
    devices = started.parts.devices  # type: ignore[attr-defined]
    qtbot.waitUntil(lambda: devices.monitor is not None, timeout=20_000)  # type: ignore[attr-defined]
    drive = RemovableDrive("evil-stick", False, label=HOSTILE, vendor=HOSTILE, model="\u202eX")
    devices.monitor._on_drive(drive)  # as the OS watch delivers a plugged-in drive
    boxes = [w for w in QApplication.topLevelWidgets() if isinstance(w, QMessageBox)]
    box = next(b for b in boxes if b.isVisible() and "Drive plugged in" in b.windowTitle())
    text = box.text()
    assert_value_shown_safely(text)
    # the app's own words after the value read as written, outside the isolate
    assert f'{PDI}" (' in text and "is not encrypted" in text.split(PDI)[-1]
    assert "X" in text and "\u202e" not in text  # the model's override removed too
    for label in labels_of(box):
        assert_plain(label)


def test_the_tray_balloon_carries_no_markup_characters() -> None:
    sent = notice_text(f'"{FSI}{FROM_OUTSIDE}{PDI}" is not encrypted & more')
    assert not any(ch in sent for ch in "<>&")  # nothing a notification service could obey
    assert "a href" in sent and "is not encrypted" in sent  # still readable


def test_what_it_can_see_shows_a_hostile_policy_value_plainly(
    qtbot: object, started: object
) -> None:
    doc = document(real_reports()["failing"])
    doc["policy_version"] = HOSTILE
    page = ItViewPage(Path("/tmp/none/posture.json"))
    qtbot.addWidget(page)  # type: ignore[attr-defined]
    page.show_document(doc)
    page.show()
    shown = [label for label in labels_of(page) if FROM_OUTSIDE in label.text()]
    assert len(shown) == 1
    text = shown[0].text()
    assert FROM_OUTSIDE in text and "\u202e" not in text and "\x00" not in text
    assert "evil\u240asecond line\u2400end" in text
    for label in labels_of(page):
        assert_plain(label)


def test_any_label_the_app_makes_is_plain_unless_it_asks_for_markup(
    qtbot: object, started: object
) -> None:
    window = QWidget()
    qtbot.addWidget(window)  # type: ignore[attr-defined]
    anywhere = QLabel(HOSTILE, window)
    own_markup = QLabel("<b>the app's own words</b>", window)
    own_markup.setTextFormat(Qt.TextFormat.RichText)  # the About box does this
    window.show()
    assert_plain(anywhere)
    assert own_markup.textFormat() == Qt.TextFormat.RichText


def test_the_device_window_shows_hostile_product_names_and_policy_values_plainly(
    qtbot: object, started: object
) -> None:
    from datetime import UTC, datetime

    from desktop.core.device import DeviceRunner
    from desktop.core.device.readings import FirewallReading
    from desktop.core.policy.schema import Policy
    from desktop.ui.device.window import DeviceWindow
    from desktop.ui.kit.background import BackgroundRunner
    from tests.device_fakes import Fixed, failing_sources

    now = datetime(2026, 3, 10, 14, 5, tzinfo=UTC)
    sources = failing_sources(now)
    sources["firewall"] = Fixed(FirewallReading(False, HOSTILE))  # as the OS names it
    runner = DeviceRunner(sources, "linux", now=lambda: now)
    policy = Policy(malware_products=(HOSTILE,))  # a policy value
    worker = BackgroundRunner()
    window = DeviceWindow(lambda: runner.run(policy), worker, {}, None)
    worker.setParent(window)
    qtbot.addWidget(window)  # type: ignore[attr-defined]
    window.show()
    with qtbot.waitSignal(window.report_shown, timeout=10_000):  # type: ignore[attr-defined]
        window.check_again()
    hostile = [label for label in labels_of(window) if FROM_OUTSIDE in label.text()]
    assert hostile  # the names are there, as typed
    for label in labels_of(window):
        assert_plain(label)
        assert "\u202e" not in label.text() and "\x00" not in label.text()
    firewall = window.text_of("firewall")
    assert "is off" in firewall  # the app's own words after the name, in order


def test_the_rule_keeps_the_look_the_app_had(qtbot: object, started: object) -> None:
    from PySide6.QtWidgets import QPushButton, QStyleFactory

    from desktop.ui.kit.plain import PlainTextLabels, install_plain_text

    app = QApplication.instance()
    assert isinstance(app, QApplication)
    rule = app.style()
    assert isinstance(rule, PlainTextLabels)
    assert install_plain_text(app) is rule  # installed once
    base = rule.baseStyle().name()
    known = [name.lower() for name in QStyleFactory.keys()]  # noqa: SIM118 (Qt's list, not a dict)
    assert base.lower() in known
    # A button drawn under the rule looks exactly as under the same style without it.
    looks = []
    own_style = QStyleFactory.create(base)
    for style in (None, own_style):
        button = QPushButton("Check again")
        qtbot.addWidget(button)  # type: ignore[attr-defined]
        if style is not None:
            button.setStyle(style)
        button.resize(160, 40)
        button.show()
        looks.append(button.grab().toImage())
    assert looks[0] == looks[1]
