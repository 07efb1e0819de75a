"""The "Check this computer" windows speak the chosen language, down to the last label.

The device checks run on a worker thread; the sentences they build must still come out in
the language the app was started in. In the ``en-XA`` pseudo-language every sentence is
marked with ⟦ ⟧, so any text on screen without the marks is one the mechanism missed.
"""

from __future__ import annotations

import re
from datetime import UTC, datetime

from PySide6.QtWidgets import QAbstractButton, QGroupBox, QLabel, QWidget

from desktop.core.device import DeviceRunner
from desktop.core.device.verdict import device_verdict
from desktop.core.kit import i18n
from desktop.core.policy.schema import Policy
from desktop.ui.device.reads import ReadsPage
from desktop.ui.device.window import DeviceWindow
from desktop.ui.kit.background import BackgroundRunner
from tests.device_fakes import failing_sources

NOW = datetime(2026, 3, 10, 14, 5, tzinfo=UTC)
WAIT = 5000
# Shown as they are in every language: marks, numbers, and what the computer reported
# (a product's or firewall's name).
AS_IS = re.compile(r"^([✓✗?•–\s\d.,:]+|ClamAV|ufw)$")


def shown_texts(window: QWidget) -> list[str]:
    texts = [window.windowTitle()]
    for widget in window.findChildren(QWidget):
        if not widget.isVisibleTo(window):
            continue
        if isinstance(widget, QLabel | QAbstractButton):
            texts.append(widget.text())
        elif isinstance(widget, QGroupBox):
            texts.append(widget.title())
    return [t for t in texts if t.strip()]


def open_device_window(qtbot) -> DeviceWindow:  # type: ignore[no-untyped-def]
    runner = DeviceRunner(failing_sources(NOW), "linux", now=lambda: NOW)
    background = BackgroundRunner()
    window = DeviceWindow(
        lambda: runner.run(Policy(malware_products=("clamav-daemon",))),
        background,
        {"firewall": object()},
        None,
    )
    background.setParent(window)
    qtbot.addWidget(window)
    window.show()
    with qtbot.waitSignal(window.report_shown, timeout=WAIT):
        window.check_again()
    for row in window.rows.values():  # open every "Why?" so its words are shown too
        row.why_button.click()
    return window


def test_the_device_window_speaks_the_pseudo_language_everywhere(qtbot) -> None:  # type: ignore[no-untyped-def]
    i18n.activate(i18n.load(i18n.PSEUDO_LONG))
    window = open_device_window(qtbot)
    missed = [t for t in shown_texts(window) if "⟦" not in t and not AS_IS.match(t)]
    assert missed == []


def test_the_reads_page_speaks_the_pseudo_language_everywhere(qtbot) -> None:  # type: ignore[no-untyped-def]
    i18n.activate(i18n.load(i18n.PSEUDO_LONG))
    page = ReadsPage()
    qtbot.addWidget(page)
    page.show()
    missed = [t for t in shown_texts(page) if "⟦" not in t and not AS_IS.match(t)]
    assert missed == []


def test_the_device_window_counts_in_welsh_and_polish(qtbot) -> None:  # type: ignore[no-untyped-def]
    report = DeviceRunner(failing_sources(NOW), "linux", now=lambda: NOW).run(
        Policy(malware_products=("clamav-daemon",))
    )
    n = len(device_verdict(report).failing)
    assert n > 4  # Polish says "rzeczy" from 5 up (and for 2 to 4 too), "rzecz" for 1
    said = {}
    for language in ("cy", "pl"):
        i18n.activate(i18n.load(language))
        said[language] = open_device_window(qtbot).verdict.text()
    assert said == {
        "cy": f"✗ {n} peth i'w drwsio ar y cyfrifiadur hwn.",
        "pl": f"✗ Na tym komputerze jest {n} rzeczy do naprawienia.",
    }


def test_settings_offers_the_shipped_languages_and_the_next_start_speaks_the_choice(
    qtbot, tmp_path
) -> None:  # type: ignore[no-untyped-def]
    from PySide6.QtWidgets import QComboBox

    from desktop.core.policy.resolve import resolve
    from desktop.core.settings import UserSettings
    from desktop.core.words import PersonalWordsStore
    from desktop.ui.check.words_model import PersonalWordsModel
    from desktop.ui.kit.timers import FakeTimerFactory
    from desktop.ui.settings.dialog import SettingsDialog
    from desktop.wiring import Services
    from tests.fixtures_ui import MemoryKeyring

    settings = UserSettings(tmp_path / "settings.json")
    runner = BackgroundRunner()
    words = PersonalWordsModel(PersonalWordsStore(MemoryKeyring()), runner, FakeTimerFactory())
    dialog = SettingsDialog(resolve(None, settings.load()), settings, words, runner)
    qtbot.addWidget(dialog)
    dialog.show()
    box = next(c for c in dialog.findChildren(QComboBox) if c.accessibleName() == "Language")
    offered = [box.itemText(i) for i in range(box.count())]
    assert offered == ["The computer's language", "English", "Cymraeg", "Polski"]
    box.setCurrentIndex(offered.index("Polski"))
    with qtbot.waitSignal(dialog.saved, timeout=WAIT):
        dialog._buttons.accepted.emit()
    root = Services(
        settings=settings,
        env={"LANGUAGE": "cy", "HOME": str(tmp_path)},
        home=tmp_path,
        readers=(),
        system_policy=tmp_path / "none.toml",
    )
    assert root.language_code() == "pl"  # the person's choice beats the computer's


def test_the_cyber_essentials_page_speaks_the_pseudo_language(qtbot) -> None:  # type: ignore[no-untyped-def]
    i18n.activate(i18n.load(i18n.PSEUDO_LONG))
    window = open_device_window(qtbot)
    window.standard_button.click()
    page = window.standard_page
    assert page is not None and page.isVisible()
    # The standard's own name, and what the computer reported, are shown as they are.
    as_is = re.compile(r"^(Cyber Essentials|[✓✗?•–\s\d.,:]+|ClamAV|ufw)$")
    missed = [t for t in shown_texts(page) if "⟦" not in t and not as_is.match(t)]
    assert missed == []
