"""Normalised forms of a password, used to spot near-reuse.

People defeat exact-reuse checks by changing the case, swapping letters for
look-alike symbols or bumping a number at the end: ``Summer2024!`` becomes
``Summer2025!`` and ``P@ssw0rd-Autumn`` becomes ``password-autumn``. For each
password we compute a small, fixed set of forms that undo those changes; two
passwords whose forms meet are "too close".

The forms, in order (at most four, duplicates dropped):

1. ``lower``: case folded.
2. ``unsubstituted``: ``lower`` with common look-alike substitutions undone
   everywhere (``@``→a, ``0``→o, ``$``→s ...).
3. ``stripped``: ``lower`` with leading and trailing runs of digits and symbols
   removed, then substitutions undone. A single ``@`` or ``$`` that starts a word
   is read as a letter, because ``@dmin`` is far more often "admin" than a symbol.
4. ``root``: only the letters of ``stripped`` (``password-autumn`` → ``passwordautumn``).

Forms shorter than ``MIN_FORM_LENGTH`` are dropped: "abc" would match far too many
unrelated passwords and tells nothing useful. These strings never leave this
module except as input to the slow hash; they are never stored.
"""

from __future__ import annotations

MIN_FORM_LENGTH = 4
MAX_FORMS = 4

# Digits and symbols people commonly use in place of letters. "1" could be "i" or
# "l"; one fixed choice keeps the set of forms small and the matching symmetric.
_SUBSTITUTIONS = str.maketrans(
    {
        "@": "a",
        "4": "a",
        "8": "b",
        "(": "c",
        "3": "e",
        "6": "g",
        "1": "i",
        "!": "i",
        "|": "l",
        "0": "o",
        "$": "s",
        "5": "s",
        "7": "t",
        "+": "t",
    }
)
_LEADING_LETTER_SYMBOLS = frozenset("@$")


def undo_substitutions(text: str) -> str:
    return text.translate(_SUBSTITUTIONS)


def _core(lower: str) -> str:
    """``lower`` without leading and trailing runs of non-letters (see module notes)."""
    letters = [i for i, ch in enumerate(lower) if ch.isalpha()]
    if not letters:
        return ""
    start, end = letters[0], letters[-1] + 1
    if start > 0 and lower[start - 1] in _LEADING_LETTER_SYMBOLS:
        start -= 1
    return lower[start:end]


def near_forms(password: str) -> tuple[str, ...]:
    """The password's normalised forms, most specific first, without duplicates."""
    lower = password.casefold()
    stripped = undo_substitutions(_core(lower))
    candidates = (
        lower,
        undo_substitutions(lower),
        stripped,
        "".join(ch for ch in stripped if ch.isalpha()),
    )
    out: list[str] = []
    for form in candidates:
        if len(form) >= MIN_FORM_LENGTH and form not in out:
            out.append(form)
    return tuple(out[:MAX_FORMS])
