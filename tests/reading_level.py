"""How easy the words on a window are to read: the Flesch reading ease of all its text.

Uses the ``readability`` package (surface measures, its own syllable counter, no data
to download). It wants one sentence per line and words split from punctuation, so the
text is split that way first. Higher is easier: 80-90 reads as "easy" (about age 11).
"""

from __future__ import annotations

import re

import readability  # type: ignore[import-untyped]
from PySide6.QtWidgets import QAbstractButton, QGroupBox, QLabel, QMenu, QWidget

_SENTENCE_END = re.compile(r"(?<=[.!?…])\s+|\n+")
_TOKEN = re.compile(r"\w+(?:['’]\w+)*|[^\w\s]")


def window_text(window: QWidget) -> list[str]:
    """Every piece of text a person can see in ``window`` now (labels, buttons, group
    titles), as it is shown, without access-key marks."""
    texts: list[str] = []
    if isinstance(window, QMenu):
        texts += [a.text() for a in window.actions() if a.isVisible() and not a.isSeparator()]
    for widget in [window, *window.findChildren(QWidget)]:
        if widget is not window and not widget.isVisibleTo(window):
            continue
        if isinstance(widget, QLabel | QAbstractButton):
            text = widget.text()
        elif isinstance(widget, QGroupBox):
            text = widget.title()
        else:
            continue
        texts.append(text)
    return [_plain(t) for t in texts if _plain(t)]


def _plain(text: str) -> str:
    text = re.sub(r"<[^>]+>", " ", text).replace("&&", "\0").replace("&", "")
    return text.replace("\0", "&").strip()


MIN_WORDS = 5  # shorter pieces are captions ("Passwords remembered:"), not sentences


def sentences(texts: list[str]) -> list[str]:
    """The sentences in the texts. Captions and one-word labels are left out: the
    reading-ease formula means nothing on two words."""
    out: list[str] = []
    for text in texts:
        for piece in _SENTENCE_END.split(text):
            words = [t for t in _TOKEN.findall(piece or "") if t[0].isalnum()]
            if len(words) >= MIN_WORDS:
                out.append(piece.strip())
    return out


def reading_ease(texts: list[str]) -> float:
    lines = [" ".join(_TOKEN.findall(s)) for s in sentences(texts)]
    lines = [line for line in lines if any(c.isalpha() for c in line)]
    if not lines:
        return 100.0
    measures = readability.getmeasures("\n".join(lines), lang="en")
    return float(measures["readability grades"]["FleschReadingEase"])
