"""Every label shows plain text: markup in a value from outside can never render.

A ``QLabel`` (and the label inside every ``QMessageBox``) guesses whether its text is
rich text (``Qt::mightBeRichText``), so a drive labelled ``<a href=...>`` would show a
link and ``<img>`` would load a picture. ``install_plain_text`` adds one rule to the
whole app: when any label is first polished and its format was left to Qt's guess, it
becomes plain text. A label that really shows the app's own markup (the About box)
says so explicitly with ``setTextFormat(Qt.RichText)`` and is left alone.

Values put inside the app's sentences are isolated and cleaned by
``desktop.core.kit.untrusted.shown`` (re-exported here). Tray balloons go through the
desktop's notification service, which may read markup in a message; ``notice_text``
replaces the three characters markup needs with look-alikes there.
"""

from __future__ import annotations

from PySide6.QtCore import QEvent, QObject, Qt
from PySide6.QtWidgets import QApplication, QLabel

from desktop.core.kit.untrusted import plain_value, sentence_text, shown

__all__ = [
    "PlainTextLabels",
    "install_plain_text",
    "notice_text",
    "plain_value",
    "sentence_text",
    "shown",
]

_MARKUP_LOOKALIKES = str.maketrans({"<": "\u2039", ">": "\u203a", "&": "\uff06"})


class PlainTextLabels(QObject):
    """The app-wide rule (see the module notes); installed once on the application."""

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if (
            event.type() == QEvent.Type.Polish
            and isinstance(watched, QLabel)
            and watched.textFormat() == Qt.TextFormat.AutoText
        ):
            watched.setTextFormat(Qt.TextFormat.PlainText)
        return False


def install_plain_text(app: QApplication) -> PlainTextLabels:
    """Make every label in ``app`` plain text (once; later calls reuse the rule)."""
    found = app.findChild(PlainTextLabels)
    if isinstance(found, PlainTextLabels):
        return found
    rule = PlainTextLabels(app)
    app.installEventFilter(rule)
    return rule


def notice_text(text: str) -> str:
    """``text`` for a tray balloon: no character a notification service reads as markup."""
    return text.translate(_MARKUP_LOOKALIKES)
