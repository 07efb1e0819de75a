"""Forgetting what was typed into a box, as far as Qt lets an app do it.

``QLineEdit.clear()`` swaps the text for an empty one: the old buffer goes back to the
heap unchanged, and the box's undo history keeps the removed text. ``wipe`` instead
deletes the text one character at a time from the end, which Qt does inside the same
buffer (each removed position is overwritten), then sets an empty text, which drops
the undo history. Signals are held meanwhile, so no slot sees (and copies) the shorter
texts on the way. Copies Python made of the text (``text()`` results) cannot be
overwritten; the callers drop every reference to them so they are freed.
"""

from __future__ import annotations

from PySide6.QtWidgets import QLineEdit


def wipe(edit: QLineEdit) -> None:
    """Empty ``edit`` and overwrite its text in place (see the module notes)."""
    blocked = edit.blockSignals(True)
    try:
        edit.deselect()
        edit.end(False)
        for _ in range(len(edit.text())):
            edit.backspace()
        edit.setText("")  # also forgets the undo and redo history
    finally:
        edit.blockSignals(blocked)
