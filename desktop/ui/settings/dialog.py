"""The Settings dialog: what the person may change, and what their organisation fixed.

Only keys marked ``user_settable`` in the policy schema can be edited, and only when
the managed policy does not set them; anything the organisation set is shown
read-only with "Set by your organisation". Saving writes the person's settings file
(keeping any entry it does not know about) on a worker, then tells the controller.
"""

from __future__ import annotations

import logging
import math
from collections.abc import Callable, Sequence
from typing import Any

from PySide6.QtCore import QSize, Qt, Signal
from PySide6.QtGui import QShowEvent
from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QFrame,
    QGroupBox,
    QLabel,
    QLineEdit,
    QPushButton,
    QScrollArea,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from desktop.core.kit import i18n
from desktop.core.kit.i18n import _, ngettext
from desktop.core.policy.resolve import EffectivePolicy
from desktop.core.policy.schema import KEYS, Origin
from desktop.core.settings import UserSettings
from desktop.core.words import join_words
from desktop.ui.check.words_model import PersonalWordsModel
from desktop.ui.kit.a11y import announce
from desktop.ui.kit.background import BackgroundRunner
from desktop.ui.kit.choice import WrapCheckBox
from desktop.ui.kit.focus import keep_focus_visible
from desktop.ui.kit.plain import plain_value
from desktop.ui.kit.resources import app_icon
from desktop.ui.kit.widgets import WrapLabel, place_on_screen

log = logging.getLogger(__name__)

# Policy keys a person would want to know about, shown read-only.
FIXED_KEYS = ("min_length", "history_depth", "min_score", "allow_pause", "auto_lock_after")


def _after_minutes(seconds: int) -> str:
    """ "after 1 minute away", "after 5 minutes away", "after 1.5 minutes away"."""
    if seconds % 60 == 0:
        return ngettext("after {n} minute away", "after {n} minutes away", seconds // 60)
    return _("after {n} minutes away", n=i18n.number(round(seconds / 60, 2)))


def narrow_when_needed(box: QComboBox) -> None:
    """Lets a drop-down list be narrower than its longest choice (shown shortened, whole
    in the open list) on a small or zoomed screen; it still fills the width it is given."""
    box.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon)
    box.setMinimumContentsLength(16)


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
        lock_now: Callable[[], None] | None = None,
    ) -> None:
        super().__init__(parent)
        self._settings, self._words = settings, words
        self._unavailable = tuple(unavailable)
        self._lock_now = lock_now
        self._placed = False
        self._runner = runner or BackgroundRunner(parent=self)
        self.setWindowTitle(_("Settings - Hygiene Helper"))
        self.setWindowIcon(app_icon())
        # Everything but Save and Cancel scrolls, so both stay on a zoomed small screen.
        outer = QVBoxLayout(self)
        outer.setContentsMargins(12, 10, 12, 10)
        scroll = QScrollArea()
        scroll.setWidgetResizable(True)
        scroll.setFrameShape(QFrame.Shape.NoFrame)
        scroll.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        scroll.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        content = QWidget()
        content.setObjectName("settings-body")
        self._layout = QVBoxLayout(content)
        self._layout.setContentsMargins(8, 6, 8, 6)
        self._layout.setSpacing(12)
        scroll.setWidget(content)
        outer.addWidget(scroll, 1)
        keep_focus_visible(scroll)
        self._problems = WrapLabel()
        self._problems.setAccessibleDescription(_("Problems with settings"))
        self._layout.addWidget(self._problems)
        self._init_words()
        self._init_reminders()
        self._init_breach()
        self._init_language()
        self._fixed = QGroupBox(_("Password and lock rules"))
        self._fixed_form = QFormLayout(self._fixed)
        # A value goes under its name when the two do not fit side by side.
        self._fixed_form.setRowWrapPolicy(QFormLayout.RowWrapPolicy.WrapLongRows)
        self._layout.addWidget(self._fixed)
        self._status = WrapLabel()
        self._status.setAccessibleDescription(_("Saving status"))
        self._status.hide()
        outer.addWidget(self._status)
        self._buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Save | QDialogButtonBox.StandardButton.Cancel
        )
        self._buttons.button(QDialogButtonBox.StandardButton.Save).setText(_("&Save"))
        self._buttons.button(QDialogButtonBox.StandardButton.Cancel).setText(_("Cancel"))
        self._buttons.accepted.connect(self._save)
        self._buttons.rejected.connect(self.reject)
        outer.addWidget(self._buttons)
        self.show_policy(effective)

    def showEvent(self, event: QShowEvent) -> None:
        if not self._placed:
            self._placed = True
            em = self.fontMetrics().horizontalAdvance("m")
            wanted = self.sizeHint().expandedTo(QSize(em * 48, 0))
            content = self.findChild(QWidget, "settings-body")
            if content is not None:
                wanted = wanted.expandedTo(content.sizeHint() + QSize(40, 140))
            place_on_screen(self, wanted)
        super().showEvent(event)

    # ----- building ---------------------------------------------------------------------

    def _init_words(self) -> None:
        group = QGroupBox(_("Personal words"))
        box = QVBoxLayout(group)
        explain = WrapLabel(
            _(
                "Names, pets, places and birthdays the password check looks for. They never "
                "leave this computer."
            )
        )
        self._words_edit = QLineEdit()
        self._words_edit.setAccessibleName(_("Personal words"))
        self._words_edit.setAccessibleDescription(_("Separate the words with commas."))
        self._words_edit.setPlaceholderText(_("For example: Sam, Biscuit, 12/03/2001"))
        explain.setBuddy(self._words_edit)
        self._remember = WrapCheckBox(_("&Remember these on this computer"))
        self._remember.setAccessibleName(_("Remember personal words"))
        self._remember.setAccessibleDescription(
            _(
                "Keeps the words in your system keyring, this computer's safe store for "
                "passwords. Untick to delete them from it."
            )
        )
        box.addWidget(explain)
        box.addWidget(self._words_edit)
        box.addWidget(self._remember)
        self._layout.addWidget(group)

    def _init_reminders(self) -> None:
        group = QGroupBox(_("Lock reminders"))
        form = QFormLayout(group)
        self._reminders = WrapCheckBox(_("Remind me to &lock my screen"))
        self._reminders.setAccessibleName(_("Lock reminders"))
        self._reminders.setAccessibleDescription(
            _("Shows a reminder when you leave the computer without locking it.")
        )
        self._reminders_note = QLabel()
        spec = KEYS["nudge_after"]
        # In minutes, as Windows and GNOME show lock times; stored in seconds.
        self._nudge = QSpinBox()
        self._nudge.setSuffix(_(" minutes"))
        self._nudge.setRange(
            max(1, math.ceil((spec.minimum or 60) / 60)), max(1, (spec.maximum or 3600) // 60)
        )
        # "1 minute", not "1 minutes": the unit follows the number.
        self._nudge.valueChanged.connect(self._name_unit)
        self._nudge.setAccessibleName(_("Remind me after this many minutes away"))
        self._nudge.setAccessibleDescription(
            _("How long the computer can be left unlocked before you are reminded.")
        )
        self._nudge_seconds = 0
        self._nudge_note = QLabel()
        nudge_label = QLabel(_("Remind me &after"))
        nudge_label.setBuddy(self._nudge)
        form.addRow(self._reminders)
        form.addRow(self._reminders_note)
        form.addRow(nudge_label, self._nudge)
        form.addRow("", self._nudge_note)
        self._try_lock = QPushButton(_("&Try locking now"))
        self._try_lock.setAccessibleName(_("Try locking now"))
        self._try_lock.setAccessibleDescription(
            _("Locks the screen now, so you can see what happens. Unlock as usual.")
        )
        self._try_lock.setVisible(self._lock_now is not None)
        self._try_lock.clicked.connect(self._try_locking)
        form.addRow("", self._try_lock)
        if self._unavailable:
            # Said plainly rather than ignored: on some desktops idle time or locking
            # cannot be reached, and reminders then do less than people expect.
            missing = WrapLabel(
                _("Not available on this computer:")
                + "\n"
                + "\n".join(f"\u2022 {line}" for line in self._unavailable)
            )
            missing.setObjectName("reminders-unavailable")
            missing.setAccessibleDescription(_("What lock reminders cannot do here"))
            form.addRow(missing)
        self._layout.addWidget(group)

    def _init_breach(self) -> None:
        group = QGroupBox(_("Breach check"))
        box = QVBoxLayout(group)
        self._breach = QComboBox()
        narrow_when_needed(self._breach)
        self._breach.addItem(
            _("Online: sends only the first 5 characters of a scrambled code"), "online"
        )
        self._breach.addItem(_("Offline: uses a breach list file from IT"), "offline")
        self._breach.addItem(_("Off: do not check breaches"), "off")
        self._breach.setAccessibleName(_("Breach check"))
        self._breach.setAccessibleDescription(
            _("How the app checks whether a password is in a known data breach.")
        )
        self._breach_note = QLabel()
        box.addWidget(self._breach)
        box.addWidget(self._breach_note)
        self._layout.addWidget(group)

    def _init_language(self) -> None:
        group = QGroupBox(_("Language"))
        box = QVBoxLayout(group)
        self._language = QComboBox()
        narrow_when_needed(self._language)
        self._language.addItem(_("The computer's language"), "")
        for code in i18n.shipped():
            self._language.addItem(i18n.NATIVE_NAMES.get(code, code), code)
        self._language.setAccessibleName(_("Language"))
        self._language.setAccessibleDescription(
            _("The language of the app's windows and messages.")
        )
        note = WrapLabel(_("A new language is used the next time Hygiene Helper starts."))
        box.addWidget(self._language)
        box.addWidget(note)
        self._layout.addWidget(group)

    # ----- showing values -------------------------------------------------------------

    def show_policy(self, effective: EffectivePolicy) -> None:
        """Fill every control from the policy in force (the dialog is reused)."""
        self._effective = effective
        policy = effective.policy
        self._settings.load()
        # The settings file's own problem is shown once, with what saving will do.
        problems = [p for p in effective.problems if p != self._settings.problem]
        if self._settings.problem:
            problems.append(
                self._settings.problem + " " + _("Saving keeps a copy of the old file next to it.")
            )
        self._problems.setText("\n".join("⚠ " + p for p in problems))
        self._problems.setVisible(bool(problems))
        self._words_edit.setText(join_words(self._words.words))
        self._remember.setChecked(self._words.remember)
        self._remember.setEnabled(self._words.can_remember)
        self._reminders.setChecked(policy.reminders_enabled)
        self._nudge_seconds = policy.nudge_after
        self._nudge.setValue(max(1, round(policy.nudge_after / 60)))
        self._name_unit(self._nudge.value())
        index = self._breach.findData(policy.breach_check)
        self._breach.setCurrentIndex(max(0, index))
        chosen = self._settings.load().get(i18n.SETTINGS_KEY, "")
        self._language.setCurrentIndex(max(0, self._language.findData(chosen)))
        self._lock_if_managed("reminders_enabled", self._reminders, self._reminders_note)
        self._lock_if_managed("nudge_after", self._nudge, self._nudge_note)
        self._lock_if_managed("breach_check", self._breach, self._breach_note)
        self._fill_fixed(effective)
        self._status.hide()

    def _name_unit(self, minutes: int) -> None:
        self._nudge.setSuffix(ngettext(" minute", " minutes", minutes))

    def _lock_if_managed(self, key: str, control: QWidget, note: QLabel) -> None:
        managed = self._effective.is_managed(key)
        control.setEnabled(not managed)
        note.setText(_("Set by your organisation: you cannot change this.") if managed else "")
        note.setVisible(managed)
        base = control.accessibleName().split(" (")[0]
        control.setAccessibleName(base + (_(" (set by your organisation)") if managed else ""))

    def _fill_fixed(self, effective: EffectivePolicy) -> None:
        while self._fixed_form.rowCount():
            self._fixed_form.removeRow(0)
        policy = effective.policy
        shown = {
            "min_length": ngettext("{n} character", "{n} characters", policy.min_length),
            "history_depth": ngettext(
                "the last password", "the last {n} passwords", policy.history_depth
            ),
            "min_score": _("{n} out of 4", n=policy.min_score),
            "allow_pause": _("yes") if policy.allow_pause else _("no"),
            "auto_lock_after": (
                _after_minutes(policy.auto_lock_after) if policy.auto_lock_after else _("off")
            ),
        }
        where_words = {
            Origin.MANAGED: _("Set by your organisation"),
            Origin.USER: _("Set on this computer"),
            Origin.DEFAULT: _("Built-in"),
        }
        names = {
            "min_length": _("Shortest password"),
            "history_depth": _("Passwords remembered"),
            "min_score": _("Lowest strength accepted"),
            "allow_pause": _("Reminders can be paused"),
            "auto_lock_after": _("Automatic lock"),
        }
        for key in FIXED_KEYS:
            where = where_words.get(effective.origin(key), where_words[Origin.DEFAULT])
            value = QLabel(f"{plain_value(shown[key])}  ({where})")  # a policy value
            value.setWordWrap(True)
            value.setTextInteractionFlags(
                Qt.TextInteractionFlag.TextSelectableByKeyboard
                | Qt.TextInteractionFlag.TextSelectableByMouse
            )
            value.setAccessibleName(f"{names[key]}: {shown[key]}, {where}")
            self._fixed_form.addRow(names[key] + ":", value)

    # ----- saving -----------------------------------------------------------------------

    def edits(self) -> dict[str, Any]:
        """What this dialog lets the person set (the settings decide what is kept)."""
        minutes = self._nudge.value()
        unchanged = minutes == max(1, round(self._nudge_seconds / 60))
        return {
            "reminders_enabled": self._reminders.isChecked(),
            # Untouched, a time that is not whole minutes is kept to the second.
            "nudge_after": self._nudge_seconds if unchanged else minutes * 60,
            "breach_check": self._breach.currentData(),
            i18n.SETTINGS_KEY: self._language.currentData(),
        }

    def _save(self) -> None:
        self._words.set_text(self._words_edit.text())
        self._words.set_remember(self._remember.isChecked())
        settings, edits = self._settings, self.edits()
        managed = self._effective.managed_keys()

        def write() -> None:
            settings.save_changes(edits, managed)

        self._buttons.setEnabled(False)
        self._status.setText(_("Saving..."))
        self._status.show()
        announce(self._status, self._status.text())
        self._runner.run(write, self._on_saved, self._on_save_error, key="settings")

    def _on_saved(self, _result: object) -> None:
        self._buttons.setEnabled(True)
        self._status.hide()
        self.saved.emit()
        self.accept()

    def _try_locking(self) -> None:
        if self._lock_now is not None:
            self._lock_now()

    def _on_save_error(self, exc: BaseException) -> None:
        self._buttons.setEnabled(True)
        log.warning("settings not saved: %s", getattr(exc, "strerror", None) or type(exc).__name__)
        self._status.setText(
            _(
                "✗ Your settings could not be saved, so nothing was changed. Try again; if it "
                "keeps happening, tell IT."
            )
        )
        self._status.show()
        announce(self._status, self._status.text(), assertive=True)
