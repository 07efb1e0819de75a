"""The Settings dialog: what the person may change, and what their organisation fixed.

Only keys marked ``user_settable`` in the policy schema can be edited, and only when
the managed policy does not set them; anything the organisation set is shown
read-only with "Set by your organisation". Saving writes the person's settings file
(keeping any entry it does not know about) on a worker, then tells the controller.
"""

from __future__ import annotations

import shutil
import time
from collections.abc import Sequence
from typing import Any

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QGroupBox,
    QLabel,
    QLineEdit,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from desktop.core.policy.schema import KEYS, EffectivePolicy, Origin
from desktop.core.settings import UserSettings
from desktop.core.words import join_words
from desktop.ui.check.words_model import PersonalWordsModel
from desktop.ui.kit.background import BackgroundRunner
from desktop.ui.kit.resources import app_icon
from desktop.ui.kit.widgets import WrapLabel

# Policy keys a person would want to know about, shown read-only.
FIXED_KEYS = ("min_length", "history_depth", "min_score", "allow_pause", "auto_lock_after")


class SettingsDialog(QDialog):
    """Edits the person's own settings; emits ``saved`` once they are on disk."""

    saved = Signal()

    def __init__(
        self,
        effective: EffectivePolicy,
        settings: UserSettings,
        words: PersonalWordsModel,
        runner: BackgroundRunner | None = None,
        parent: QWidget | None = None,
        unavailable: Sequence[str] = (),
    ) -> None:
        super().__init__(parent)
        self._settings, self._words = settings, words
        self._unavailable = tuple(unavailable)
        self._runner = runner or BackgroundRunner(parent=self)
        self.setWindowTitle(self.tr("Settings - Hygiene Helper"))
        self.setWindowIcon(app_icon())
        self._layout = QVBoxLayout(self)
        self._layout.setContentsMargins(20, 16, 20, 16)
        self._layout.setSpacing(12)
        self._problems = WrapLabel()
        self._problems.setAccessibleName(self.tr("Problems with settings"))
        self._layout.addWidget(self._problems)
        self._init_words()
        self._init_reminders()
        self._init_breach()
        self._fixed = QGroupBox(self.tr("Rules from your organisation"))
        self._fixed_form = QFormLayout(self._fixed)
        self._layout.addWidget(self._fixed)
        self._status = WrapLabel()
        self._status.setAccessibleName(self.tr("Saving status"))
        self._status.hide()
        self._layout.addWidget(self._status)
        self._buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Save | QDialogButtonBox.StandardButton.Cancel
        )
        self._buttons.button(QDialogButtonBox.StandardButton.Save).setText(self.tr("&Save"))
        self._buttons.button(QDialogButtonBox.StandardButton.Cancel).setText(self.tr("Cancel"))
        self._buttons.accepted.connect(self._save)
        self._buttons.rejected.connect(self.reject)
        self._layout.addWidget(self._buttons)
        self.show_policy(effective)

    # ----- building ---------------------------------------------------------------------

    def _init_words(self) -> None:
        group = QGroupBox(self.tr("Personal words"))
        box = QVBoxLayout(group)
        explain = WrapLabel(
            self.tr(
                "Names, pets, places and birthdays the password check looks for. They never "
                "leave this computer."
            )
        )
        self._words_edit = QLineEdit()
        self._words_edit.setAccessibleName(self.tr("Personal words"))
        self._words_edit.setAccessibleDescription(self.tr("Separate the words with commas."))
        self._words_edit.setPlaceholderText(self.tr("For example: Sam, Biscuit, 12/03/2001"))
        explain.setBuddy(self._words_edit)
        self._remember = QCheckBox(self.tr("&Remember these on this computer"))
        self._remember.setAccessibleName(self.tr("Remember personal words"))
        self._remember.setAccessibleDescription(
            self.tr("Keeps the words in your system keyring. Untick to delete them from it.")
        )
        box.addWidget(explain)
        box.addWidget(self._words_edit)
        box.addWidget(self._remember)
        self._layout.addWidget(group)

    def _init_reminders(self) -> None:
        group = QGroupBox(self.tr("Lock reminders"))
        form = QFormLayout(group)
        self._reminders = QCheckBox(self.tr("Remind me to &lock my screen"))
        self._reminders.setAccessibleName(self.tr("Lock reminders"))
        self._reminders.setAccessibleDescription(
            self.tr("Shows a reminder when you leave the computer without locking it.")
        )
        self._reminders_note = QLabel()
        spec = KEYS["nudge_after"]
        self._nudge = QSpinBox()
        self._nudge.setRange(spec.minimum or 15, spec.maximum or 3600)
        self._nudge.setSingleStep(15)
        self._nudge.setSuffix(self.tr(" seconds"))
        self._nudge.setAccessibleName(self.tr("Remind me after this many seconds idle"))
        self._nudge_note = QLabel()
        nudge_label = QLabel(self.tr("Remind me &after"))
        nudge_label.setBuddy(self._nudge)
        form.addRow(self._reminders)
        form.addRow(self._reminders_note)
        form.addRow(nudge_label, self._nudge)
        form.addRow("", self._nudge_note)
        if self._unavailable:
            # Said plainly rather than ignored: on some desktops idle time or locking
            # cannot be reached, and reminders then do less than people expect.
            missing = WrapLabel(
                self.tr("Not available on this computer:")
                + "\n"
                + "\n".join(f"\u2022 {line}" for line in self._unavailable)
            )
            missing.setObjectName("reminders-unavailable")
            missing.setAccessibleName(self.tr("What lock reminders cannot do here"))
            form.addRow(missing)
        self._layout.addWidget(group)

    def _init_breach(self) -> None:
        group = QGroupBox(self.tr("Breach check"))
        box = QVBoxLayout(group)
        self._breach = QComboBox()
        self._breach.addItem(
            self.tr("Online: sends only the first 5 characters of a scrambled code"), "online"
        )
        self._breach.addItem(self.tr("Offline: uses a breach list file from IT"), "offline")
        self._breach.addItem(self.tr("Off: do not check breaches"), "off")
        self._breach.setAccessibleName(self.tr("Breach check"))
        self._breach.setAccessibleDescription(
            self.tr("How the app checks whether a password is in a known data breach.")
        )
        self._breach_note = QLabel()
        box.addWidget(self._breach)
        box.addWidget(self._breach_note)
        self._layout.addWidget(group)

    # ----- showing values -------------------------------------------------------------

    def show_policy(self, effective: EffectivePolicy) -> None:
        """Fill every control from the policy in force (the dialog is reused)."""
        self._effective = effective
        policy = effective.policy
        self._saved_values = self._settings.load()
        problems = list(effective.problems)
        if self._settings.problem:
            problems.append(
                self._settings.problem
                + " "
                + self.tr("Saving keeps a copy of the old file next to it.")
            )
        self._problems.setText("\n".join("⚠ " + p for p in problems))
        self._problems.setVisible(bool(problems))
        self._words_edit.setText(join_words(self._words.words))
        self._remember.setChecked(self._words.remember)
        self._remember.setEnabled(self._words.can_remember)
        self._reminders.setChecked(policy.reminders_enabled)
        self._nudge.setValue(policy.nudge_after)
        index = self._breach.findData(policy.breach_check)
        self._breach.setCurrentIndex(max(0, index))
        self._lock_if_managed("reminders_enabled", self._reminders, self._reminders_note)
        self._lock_if_managed("nudge_after", self._nudge, self._nudge_note)
        self._lock_if_managed("breach_check", self._breach, self._breach_note)
        self._fill_fixed(effective)
        self._status.hide()

    def _lock_if_managed(self, key: str, control: QWidget, note: QLabel) -> None:
        managed = self._effective.is_managed(key)
        control.setEnabled(not managed)
        note.setText(
            self.tr("Set by your organisation: you cannot change this.") if managed else ""
        )
        note.setVisible(managed)
        base = control.accessibleName().split(" (")[0]
        control.setAccessibleName(
            base + (self.tr(" (set by your organisation)") if managed else "")
        )

    def _fill_fixed(self, effective: EffectivePolicy) -> None:
        while self._fixed_form.rowCount():
            self._fixed_form.removeRow(0)
        policy = effective.policy
        shown = {
            "min_length": self.tr("{n} characters").replace("{n}", str(policy.min_length)),
            "history_depth": self.tr("the last {n} passwords").replace(
                "{n}", str(policy.history_depth)
            ),
            "min_score": self.tr("{n} out of 4").replace("{n}", str(policy.min_score)),
            "allow_pause": self.tr("yes") if policy.allow_pause else self.tr("no"),
            "auto_lock_after": (
                self.tr("after {n} seconds idle").replace("{n}", str(policy.auto_lock_after))
                if policy.auto_lock_after
                else self.tr("off")
            ),
        }
        names = {
            "min_length": self.tr("Shortest password"),
            "history_depth": self.tr("Passwords remembered"),
            "min_score": self.tr("Lowest strength accepted"),
            "allow_pause": self.tr("Reminders can be paused"),
            "auto_lock_after": self.tr("Automatic lock"),
        }
        for key in FIXED_KEYS:
            origin = effective.origin(key)
            where = (
                self.tr("Set by your organisation")
                if origin is Origin.MANAGED
                else self.tr("Built-in rule")
            )
            value = QLabel(f"{shown[key]}  ({where})")
            value.setTextInteractionFlags(
                Qt.TextInteractionFlag.TextSelectableByKeyboard
                | Qt.TextInteractionFlag.TextSelectableByMouse
            )
            value.setAccessibleName(f"{names[key]}: {shown[key]}, {where}")
            self._fixed_form.addRow(names[key] + ":", value)

    # ----- saving -----------------------------------------------------------------------

    def values(self) -> dict[str, Any]:
        """The settings file's new content: what was there, plus this dialog's changes."""
        values = dict(self._saved_values)
        edits: dict[str, Any] = {
            "reminders_enabled": self._reminders.isChecked(),
            "nudge_after": self._nudge.value(),
            "breach_check": self._breach.currentData(),
        }
        for key, value in edits.items():
            if not self._effective.is_managed(key):
                values[key] = value
        return values

    def _save(self) -> None:
        self._words.set_text(self._words_edit.text())
        self._words.set_remember(self._remember.isChecked())
        settings, values = self._settings, self.values()
        damaged = bool(settings.problem)

        def write() -> None:
            if damaged and settings.path.is_file():  # never copy a pipe or a device
                # Never lose what the person had, even if we could not read it.
                keep = settings.path.with_name(
                    f"{settings.path.name}.damaged-{time.strftime('%Y%m%d-%H%M%S')}"
                )
                shutil.copy2(settings.path, keep)
            settings.save(values)

        self._buttons.setEnabled(False)
        self._status.setText(self.tr("Saving..."))
        self._status.show()
        self._runner.run(write, self._on_saved, self._on_save_error, key="settings")

    def _on_saved(self, _result: object) -> None:
        self._buttons.setEnabled(True)
        self._status.hide()
        self.saved.emit()
        self.accept()

    def _on_save_error(self, exc: BaseException) -> None:
        self._buttons.setEnabled(True)
        reason = getattr(exc, "strerror", None) or type(exc).__name__
        self._status.setText(
            self.tr("✗ Your settings could not be saved ({reason}). Nothing was changed.").replace(
                "{reason}", str(reason)
            )
        )
        self._status.show()
