"""Accessibility helpers every window uses: announcements, field hints and errors, mnemonics.

Screen readers only speak what has focus, unless the app announces it. ``announce``
does two things: it sends Qt's accessibility announcement (Qt 6.8+), politely or, for
errors, assertively, and it puts the same words in the accessible description of the
control that has focus in that window. Orca 43 (Debian 12) ignores announcement events
but speaks a change of the focused control's description straight away; NVDA and
VoiceOver speak the announcement. ``PoliteAnnouncer`` waits for a pause in typing so a
result is read once, not on every key.

``set_hint`` / ``set_error`` tie a field's hint and error to the field itself, as its
accessible description, so a screen reader reads them when the field gets focus, and
mark an invalid field with a visible border as well as words.

``mnemonic_clashes`` lists the access keys (Alt+letter) used more than once in a
window; the tests walk every window with it.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable

from PySide6.QtCore import QObject, Signal
from PySide6.QtCore import QObject as _QObject
from PySide6.QtGui import (
    QAccessible,
    QAccessibleAnnouncementEvent,
    QAccessibleInterface,
    QKeySequence,
    QShortcut,
)
from PySide6.QtWidgets import (
    QAbstractButton,
    QAccessibleWidget,
    QApplication,
    QGroupBox,
    QLabel,
    QWidget,
)

from desktop.ui.kit.timers import Timer, TimerFactory, qt_timer_factory

POLITE_DELAY_MS = 900  # a pause in typing this long before a result is read out
INVALID_STYLE = "border: 2px solid {colour}; border-radius: 3px; padding: 2px;"


class AnnouncementLog(QObject):
    """Every announcement made, for the log window of a support session and for tests."""

    made = Signal(str, bool)  # text, assertive

    def __init__(self) -> None:
        super().__init__()
        self.history: list[tuple[str, bool]] = []


_LOG: AnnouncementLog | None = None


def announcements() -> AnnouncementLog:
    """The one log of announcements (created on first use, after the QApplication)."""
    global _LOG
    if _LOG is None:
        _LOG = AnnouncementLog()
    return _LOG


def announce(widget: QWidget, text: str, assertive: bool = False, tell: bool = True) -> None:
    """Ask screen readers to say ``text`` now; ``assertive`` interrupts (for errors).

    ``tell=False`` for words that come with a focus change (a new page), which screen
    readers speak anyway: the focused control then keeps its own hint."""
    text = text.strip()
    if not text:
        return
    event = QAccessibleAnnouncementEvent(widget, text)
    event.setPoliteness(
        QAccessible.AnnouncementPoliteness.Assertive
        if assertive
        else QAccessible.AnnouncementPoliteness.Polite
    )
    QAccessible.updateAccessibility(event)
    if tell:
        tell_focus(widget, text)
    log = announcements()
    log.history.append((text, assertive))
    log.made.emit(text, assertive)


class PoliteAnnouncer:
    """Says the latest text once the person stops typing; the same text is said once."""

    def __init__(
        self,
        widget: QWidget,
        timers: TimerFactory | None = None,
        delay_ms: int = POLITE_DELAY_MS,
    ) -> None:
        self._widget, self._delay = widget, delay_ms
        self._pending = ""
        self._last = ""
        make = timers or qt_timer_factory(widget)
        self._timer: Timer = make(self._speak, True)

    def say(self, text: str) -> None:
        self._pending = text
        self._timer.start(self._delay)

    def forget(self) -> None:
        """Start afresh (the boxes were emptied): the next result is said even if the same."""
        self._timer.stop()
        self._pending = self._last = ""

    def _speak(self) -> None:
        if self._pending and self._pending != self._last:
            self._last = self._pending
            announce(self._widget, self._pending)


# ----- hints and errors on fields ---------------------------------------------------


def _describe(field: QWidget) -> None:
    hint = str(field.property("hh_hint") or "")
    error = str(field.property("hh_error") or "")
    status = str(field.property("hh_status") or "")
    # While a result is being told, it stands in for the hint (heard once, on focus).
    parts = (status, error) if status else (error, hint)
    field.setAccessibleDescription(" ".join(p for p in parts if p))


_told: list[QWidget] = []  # the one control whose description carries a result now


def tell_focus(near: QWidget, text: str, to: QWidget | None = None) -> None:
    """Put ``text`` in the description of the focused control of ``near``'s window, so a
    screen reader that speaks only what has focus speaks it now; the control told last
    time gets its own description back. ``to``: the control about to get focus instead
    (told first, it is heard once, with the focus)."""
    focused = to or QApplication.focusWidget()
    if focused is None or focused.window() is not near.window():
        return
    if focused.property("hh_hint") is None:
        # A description set directly is the control's hint: keep it for afterwards.
        focused.setProperty("hh_hint", focused.accessibleDescription())
    for earlier in _told:
        if earlier is not focused:
            try:
                earlier.setProperty("hh_status", "")
                _describe(earlier)
            except RuntimeError:  # the control has been deleted since
                pass
    _told[:] = [focused]
    focused.setProperty("hh_status", text)
    _describe(focused)


def set_hint(field: QWidget, hint: str) -> None:
    """The hint shown under a field becomes its accessible description too."""
    field.setProperty("hh_hint", hint)
    _describe(field)


def set_error(field: QWidget, error: str, colour: str = "#b3261e") -> None:
    """Mark ``field`` invalid with ``error`` (or clear it with ""): a border and words.

    The error comes first in the description, so it is heard before the hint."""
    was = str(field.property("hh_error") or "")
    field.setProperty("hh_error", error)
    field.setProperty("invalid", bool(error))
    if error:
        field.setStyleSheet(INVALID_STYLE.format(colour=colour))
    elif was:
        field.setStyleSheet("")
    _describe(field)


def is_invalid(field: QWidget) -> bool:
    return bool(field.property("invalid"))


# ----- access keys --------------------------------------------------------------------


def mnemonic_of(text: str) -> str:
    """The access key letter in a label such as "Stop for &now" ("n"), or ""."""
    i = 0
    while i < len(text) - 1:
        if text[i] == "&":
            if text[i + 1] == "&":
                i += 2
                continue
            if text[i + 1].isalnum():
                return text[i + 1].lower()
        i += 1
    return ""


def _alt_letter(sequence: QKeySequence) -> str:
    text = sequence.toString(QKeySequence.SequenceFormat.PortableText)
    if text.startswith("Alt+") and len(text) == 5:
        return text[-1].lower()
    return ""


def mnemonic_clashes(window: QWidget) -> dict[str, list[str]]:
    """Access keys used by more than one control a person can see now in ``window``."""
    used: dict[str, list[str]] = defaultdict(list)
    for widget in [window, *window.findChildren(QWidget)]:
        if widget is not window and not widget.isVisibleTo(window):
            continue
        if isinstance(widget, QAbstractButton):
            text = widget.text()
            letter = mnemonic_of(text) or _alt_letter(widget.shortcut())
        elif isinstance(widget, QLabel) and widget.buddy() is not None:
            text = widget.text()
            letter = mnemonic_of(text)
        elif isinstance(widget, QGroupBox) and widget.isCheckable():
            text = widget.title()
            letter = mnemonic_of(text)
        else:
            continue
        if letter and widget.isEnabled():
            used[letter].append(text)
    for shortcut in window.findChildren(QShortcut):
        parent = shortcut.parent()
        if not shortcut.isEnabled() or (
            isinstance(parent, QWidget) and parent is not window and not parent.isVisibleTo(window)
        ):
            continue
        letter = _alt_letter(shortcut.key())
        if letter:
            used[letter].append(f"shortcut {shortcut.key().toString()}")
    return {k: v for k, v in used.items() if len(v) > 1}


def on_toggle_key(window: QWidget, sequence: str, toggle: Callable[[], None]) -> QShortcut:
    """One key that does the same both ways (Show and Hide), whatever the label says."""
    shortcut = QShortcut(QKeySequence(sequence), window)
    shortcut.activated.connect(toggle)
    return shortcut


# ----- messages that appear without focus ---------------------------------------------


class _NotificationAccessible(QAccessibleWidget):
    """A small message window seen as a notification (AT-SPI "notification"): Orca 43
    speaks one as soon as it is shown, focused or not; its name is title and text."""

    def __init__(self, widget: QWidget) -> None:
        super().__init__(widget, QAccessible.Role.Notification)

    def text(self, kind: QAccessible.Text) -> str:
        if kind == QAccessible.Text.Name:
            spoken = self.object().property("hh_spoken")
            if spoken:
                return str(spoken)
        return str(super().text(kind))


_MADE: list[QAccessibleInterface] = []  # kept for the process's life (see secret.py)


def _notification_factory(key: str, obj: _QObject) -> QAccessibleInterface | None:
    # The class name first: Qt asks about every object, some still being built.
    if key == "QMessageBox" and obj.property("hh_spoken") and isinstance(obj, QWidget):
        interface = _NotificationAccessible(obj)
        _MADE.append(interface)
        return interface
    return None


_notification_factory_installed = False


def mark_notification(window: QWidget, spoken: str) -> None:
    """Make ``window`` (a message shown without taking focus) a notification for screen
    readers, spoken as ``spoken`` when it appears. Call before it is first shown."""
    global _notification_factory_installed
    # Only with assistive technology listening (see secret.install_secret_accessibility).
    if not _notification_factory_installed and QAccessible.isActive():
        QAccessible.installFactory(_notification_factory)
        _notification_factory_installed = True
    window.setProperty("hh_spoken", spoken)
