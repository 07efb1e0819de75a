"""Every label shows plain text: markup in a value from outside can never render.

A ``QLabel`` (and the label inside every ``QMessageBox``) guesses whether its text is
rich text (``Qt::mightBeRichText``), so a drive labelled ``<a href=...>`` would show a
link and ``<img>`` would load a picture. ``install_plain_text`` adds one rule to the
whole app: when any label is first polished and its format was left to Qt's guess, it
becomes plain text. A label that really shows the app's own markup (the About box)
says so explicitly with ``setTextFormat(Qt.RichText)`` and is left alone.

The rule lives in the application's style, which Qt asks to polish every widget once,
not in an event filter on the application: such a filter is called from Python for
every event of every object, and turning each watched object into a Python wrapper made
PySide create a Python type for nearly every Qt class (about 2 MiB, for nothing).

Values put inside the app's sentences are isolated and cleaned by
``desktop.core.kit.untrusted.shown`` (re-exported here). Tray balloons go through the
desktop's notification service, which may read markup in a message; ``notice_text``
replaces the three characters markup needs with look-alikes there.
"""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QLabel, QProxyStyle

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


class PlainTextLabels(QProxyStyle):
    """The app-wide rule (see the module notes): the app's own style, with one step
    added when a widget is polished. Installed once as the application's style."""

    def polish(self, target: Any) -> Any:
        # Qt polishes a widget, the application and palettes through this one method.
        if isinstance(target, QLabel) and target.textFormat() == Qt.TextFormat.AutoText:
            target.setTextFormat(Qt.TextFormat.PlainText)
        return super().polish(target)


def install_plain_text(app: QApplication) -> PlainTextLabels:
    """Make every label in ``app`` plain text (once; later calls reuse the rule)."""
    current = app.style()
    if isinstance(current, PlainTextLabels):
        return current
    # The same style the app had, made afresh by name (a proxy owns its base style,
    # and the application deletes its old style when a new one is set).
    rule = PlainTextLabels(current.name())
    app.setStyle(rule)
    return rule


def notice_text(text: str) -> str:
    """``text`` for a tray balloon: no character a notification service reads as markup."""
    return text.translate(_MARKUP_LOOKALIKES)
