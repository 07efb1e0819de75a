"""The Settings dialog: what a person may change is editable and saved; what the
organisation set is shown read-only with "Set by your organisation"."""

from __future__ import annotations

import json
import os
from pathlib import Path

import pytest
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QGroupBox,
    QLabel,
    QLineEdit,
    QPushButton,
    QSpinBox,
)

from desktop.core.policy.resolve import resolve
from desktop.core.settings import UserSettings
from desktop.core.words import SERVICE, USERNAME, PersonalWordsStore
from desktop.ui.check.words_model import PersonalWordsModel
from desktop.ui.kit.a11y import mnemonic_clashes
from desktop.ui.kit.background import BackgroundRunner
from desktop.ui.kit.timers import FakeTimerFactory
from desktop.ui.settings.dialog import SettingsDialog
from tests.fixtures_ui import MemoryKeyring


def make_dialog(
    qtbot,
    tmp_path: Path,
    managed: str = "",
    saved: dict | None = None,
    keyring: MemoryKeyring | None = None,
):
    settings = UserSettings(tmp_path / "settings.json")
    if saved is not None:
        settings.save(saved)
    policy_file = tmp_path / "policy.toml"
    if managed:
        policy_file.write_text(managed, encoding="utf-8")
    effective = resolve(policy_file, settings.load())
    runner = BackgroundRunner()
    words = PersonalWordsModel(
        PersonalWordsStore(keyring or MemoryKeyring()), runner, FakeTimerFactory()
    )
    dialog = SettingsDialog(effective, settings, words, runner)
    qtbot.addWidget(dialog)
    dialog.show()
    return dialog, settings, words


def labels(dialog) -> list[str]:
    return [w.text() for w in dialog.findChildren(QLabel) if w.isVisible()]


def test_managed_settings_are_read_only_and_say_who_set_them(qtbot, tmp_path):
    dialog, _settings, _words = make_dialog(
        qtbot, tmp_path, managed='breach_check = "offline"\nnudge_after = 120\nmin_length = 12\n'
    )
    breach = dialog.findChild(QComboBox)
    nudge = dialog.findChild(QSpinBox)
    reminders = next(
        c for c in dialog.findChildren(QCheckBox) if c.accessibleName().startswith("Lock reminders")
    )
    assert not breach.isEnabled() and breach.currentData() == "offline"
    assert not nudge.isEnabled() and nudge.value() == 2  # minutes
    assert breach.accessibleName() == "Breach check (set by your organisation)"
    assert reminders.isEnabled()  # not set by the organisation, so the person may change it
    assert labels(dialog).count("Set by your organisation: you cannot change this.") == 2
    assert "12 characters  (Set by your organisation)" in labels(dialog)
    assert "the last 24 passwords  (Built-in)" in labels(dialog)
    assert "Rules from your organisation" not in [g.title() for g in dialog.findChildren(QGroupBox)]


def test_saving_writes_only_what_the_person_may_change(qtbot, tmp_path):
    dialog, settings, _words = make_dialog(
        qtbot,
        tmp_path,
        managed='breach_check = "online"\n',
        saved={"reminders_enabled": True, "window": {"x": 10}},
    )
    dialog.findChild(QSpinBox).setValue(5)  # minutes
    next(
        c for c in dialog.findChildren(QCheckBox) if c.accessibleName().startswith("Lock reminders")
    ).setChecked(False)
    with qtbot.waitSignal(dialog.saved, timeout=5_000):
        dialog._buttons.accepted.emit()
    saved = json.loads(settings.path.read_text(encoding="utf-8"))
    assert saved["nudge_after"] == 300
    assert saved["reminders_enabled"] is False
    assert "breach_check" not in saved  # set by the organisation: not the person's to save
    assert saved["window"] == {"x": 10}  # an entry this dialog does not know is kept
    assert resolve(None, saved).policy.nudge_after == 300


def test_breach_mode_is_the_persons_choice_when_not_managed(qtbot, tmp_path):
    dialog, settings, _words = make_dialog(qtbot, tmp_path)
    breach = dialog.findChild(QComboBox)
    assert breach.isEnabled()
    breach.setCurrentIndex(breach.findData("off"))
    with qtbot.waitSignal(dialog.saved, timeout=5_000):
        dialog._buttons.accepted.emit()
    assert json.loads(settings.path.read_text(encoding="utf-8"))["breach_check"] == "off"


def test_a_damaged_settings_file_is_kept_when_saving(qtbot, tmp_path):
    path = tmp_path / "settings.json"
    path.write_text("{ not json", encoding="utf-8")
    dialog, _settings, _words = make_dialog(qtbot, tmp_path)
    assert any("damaged" in text for text in labels(dialog))
    with qtbot.waitSignal(dialog.saved, timeout=5_000):
        dialog._buttons.accepted.emit()
    copies = list(tmp_path.glob("settings.json.damaged-*"))
    assert len(copies) == 1 and copies[0].read_text(encoding="utf-8") == "{ not json"
    assert json.loads(path.read_text(encoding="utf-8"))["nudge_after"] == 60


@pytest.mark.parametrize("odd", ["dev-zero", "fifo"])
def test_saving_over_a_settings_file_that_is_a_device_or_pipe_finishes(qtbot, tmp_path, odd: str):
    path = tmp_path / "settings.json"
    if odd == "fifo":
        os.mkfifo(path)
    else:
        path.symlink_to("/dev/zero")
    dialog, _settings, _words = make_dialog(qtbot, tmp_path)
    assert any("not an ordinary file" in text for text in labels(dialog))
    with qtbot.waitSignal(dialog.saved, timeout=5_000):  # no endless copy of /dev/zero
        dialog._buttons.accepted.emit()
    assert json.loads(path.read_text(encoding="utf-8"))["nudge_after"] == 60
    assert not list(tmp_path.glob("settings.json.damaged-*"))


def test_personal_words_are_kept_in_the_keyring_only_when_asked(qtbot, tmp_path):
    keyring = MemoryKeyring()
    dialog, _settings, words = make_dialog(qtbot, tmp_path, keyring=keyring)
    edit = next(e for e in dialog.findChildren(QLineEdit) if e.accessibleName() == "Personal words")
    edit.setText("Sam, Biscuit")
    with qtbot.waitSignal(dialog.saved, timeout=5_000):
        dialog._buttons.accepted.emit()
    assert words.words == ("Sam", "Biscuit")
    assert keyring.items == {}  # not ticked: nothing stored
    dialog.show_policy(dialog._effective)
    dialog._remember.setChecked(True)
    with qtbot.waitSignal(dialog.saved, timeout=5_000):
        dialog._buttons.accepted.emit()
    qtbot.waitUntil(lambda: (SERVICE, USERNAME) in keyring.items, timeout=5_000)
    assert json.loads(keyring.items[(SERVICE, USERNAME)]) == ["Sam", "Biscuit"]
    dialog.show_policy(dialog._effective)
    dialog._remember.setChecked(False)
    with qtbot.waitSignal(dialog.saved, timeout=5_000):
        dialog._buttons.accepted.emit()
    qtbot.waitUntil(lambda: keyring.items == {}, timeout=5_000)


def test_lock_reminders_are_in_minutes_with_a_way_to_try_locking(qtbot, tmp_path):
    locked: list[int] = []
    effective = resolve(None, {"nudge_after": 90})
    settings = UserSettings(tmp_path / "settings.json")
    words = PersonalWordsModel(None, BackgroundRunner(), FakeTimerFactory())
    dialog = SettingsDialog(effective, settings, words, lock_now=lambda: locked.append(1))
    qtbot.addWidget(dialog)
    dialog.show()
    nudge = dialog.findChild(QSpinBox)
    assert nudge.suffix() == " minutes" and nudge.value() == 2
    # Left alone, an odd number of seconds is kept as it was.
    assert dialog.edits()["nudge_after"] == 90
    try_lock = next(b for b in dialog.findChildren(QPushButton) if b.text() == "&Try locking now")
    assert try_lock.isVisible()
    try_lock.click()
    assert locked == [1]
    assert mnemonic_clashes(dialog) == {}


def test_one_minute_is_said_in_the_singular(qtbot, tmp_path):
    dialog, _settings, _words = make_dialog(qtbot, tmp_path)
    nudge = dialog.findChild(QSpinBox)
    nudge.setValue(1)
    assert nudge.text() == "1 minute"
    nudge.setValue(2)
    assert nudge.text() == "2 minutes"
