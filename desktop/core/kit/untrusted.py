"""Text from outside the app, made safe to put inside the app's own sentences.

A drive's label, a vendor or model name, a file name, a policy value or the desktop's
name from the environment can hold anything: markup, a right-to-left override that
reverses the sentence around it, a new line that makes a second "message", a NUL.
``shown`` turns such a value into what is safe to display:

* explicit bidi controls inside it are removed, and the whole value is wrapped in a
  first-strong isolate (U+2068 ... U+2069), so its direction cannot leak into the
  app's sentence around it (Unicode's advice for inserting text of unknown direction);
* control characters (C0, DEL, C1) are made visible as their Unicode "control
  picture" (a new line shows as ␊, NUL as ␀) or, with no picture, as U+FFFD;
* nothing else is changed: markup is shown as typed because every widget shows text
  as plain text (``desktop.ui.kit.plain``).

The core uses it where it puts a value into a sentence; the windows use it for values
they show on their own. Qt-free, so the CLI and the posture document can use it too.
"""

from __future__ import annotations

FSI = "\u2068"  # FIRST STRONG ISOLATE
PDI = "\u2069"  # POP DIRECTIONAL ISOLATE
BIDI_CONTROLS = frozenset(
    "\u061c\u200e\u200f\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069"
)
MAX_CHARS = 200  # a value longer than this is cut, with an ellipsis


def _visible(ch: str) -> str:
    code = ord(ch)
    if code < 0x20:
        return chr(0x2400 + code)  # ␀ ... ␟
    if code == 0x7F:
        return "\u2421"  # ␡
    if 0x80 <= code < 0xA0:
        return "\ufffd"
    return ch


def plain_value(value: object) -> str:
    """``value`` as text with bidi controls removed and control characters visible,
    without the isolate (for a value that stands alone, such as a list item)."""
    text = str(value)
    if len(text) > MAX_CHARS:
        text = text[: MAX_CHARS - 1] + "\u2026"
    return "".join(_visible(ch) for ch in text if ch not in BIDI_CONTROLS)


_OVERRIDES = frozenset("\u202a\u202b\u202c\u202d\u202e")  # embeddings and overrides


def sentence_text(text: str) -> str:
    """A whole sentence that may hold values from outside: embeddings and overrides
    removed (the app's own words never use them; the isolates ``shown`` adds are kept)
    and control characters other than a new line made visible."""
    return "".join(ch if ch == "\n" else _visible(ch) for ch in text if ch not in _OVERRIDES)


def shown(value: object) -> str:
    """``value`` ready to be put inside a sentence (see the module notes)."""
    return f"{FSI}{plain_value(value)}{PDI}"
