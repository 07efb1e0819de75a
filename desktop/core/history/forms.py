"""Normalised forms of a password, used to spot near-reuse from hashes alone.

People defeat exact-reuse checks by changing the case, swapping letters for
look-alike symbols, bumping a number, reordering words or changing one letter:
``Summer2024!`` becomes ``Summer2025!``, ``Lantern-Orbit-Kettle`` becomes
``Orbit-Lantern-Kettle``, ``Cobalt9Pigeon`` becomes ``Cobalt10Pigeon``. For each
password we compute a small, fixed set of forms that undo those changes; two
passwords whose forms meet are "too close". Every form is case folded and reads
look-alikes one fixed way (``desktop.core.lookalikes.canonical``: ``@``→a, ``0``→o,
and ``1``, ``l``, ``i``, ``!`` and ``|`` all as ``i``).

The forms (version 3), in order, at most ``MAX_FORMS``, duplicates dropped:

1. ``lookalike``: the whole password, look-alikes read one way.
2. ``number``: every run of digits replaced by ``#``, so a changed number anywhere
   matches (``cobalt#pigeon``).
3. ``loose``: the words (split at anything but letters and the look-alikes inside a
   word, and at a change to a capital letter), each read loosely, sorted, one space
   between. A word is read loosely as ``§`` when it is a month or season name (of
   every language in ``desktop/core/data/months.json``), and otherwise as its letters
   sorted, each letter once. So reordered words, changed separators and numbers, a
   season or month swapped for another (``Kettle-Summer`` → ``Kettle-Winter``), a
   doubled letter added or dropped (``Kettle`` → ``Ketle``) and two neighbouring
   letters swapped (``Kettle`` → ``Kettel``) all match. Version 2 had the words
   sorted as they are (``words``, ``near_forms_v2``).
4. ``trimmed``: leading and trailing digits and symbols removed (``0xbow`` → ``xbow``).
   A single ``@`` or ``$`` that starts a word is read as a letter (``@dmin``).
5. ``tail``: only trailing digits and symbols removed, so a leading look-alike digit
   stays a letter (``0xbow1`` → ``oxbow``, like ``oxbow2``).
6. ``letter``: the ``number`` form with its middle letter replaced by ``?``, for
   passwords with at least ``LETTER_MIN`` letters: one changed letter there matches.

A word added or removed is found from hashes too (``word_drops``): for a password of
three or four words, the ``loose`` form with each word left out in turn. An entry
stores those under a second label; a candidate's whole ``loose`` form under that label
meets them when it has a word fewer, and its own drops under the usual label meet an
entry's ``loose`` form when it has a word more. Passwords that share fewer words do
not meet (``Kettle-Orbit-Lamp`` and ``Kettle-Orbit-Mosaic`` are different passwords).

Version 1 and 2 forms (``near_forms_v1``, ``near_forms_v2``) are kept so records
written before can still be compared. Forms shorter than ``MIN_FORM_LENGTH`` are
dropped: "abc" would match far too many unrelated passwords. These strings never
leave this module except as input to the slow hash; they are never stored.
"""

from __future__ import annotations

import json
import re
from functools import cache
from importlib import resources

from desktop.core.lookalikes import LOOKALIKES, canonical, skeleton

MIN_FORM_LENGTH = 4
MAX_FORMS = 6
MAX_DROPS = 4
FORMS_VERSION = 3
LETTER_MIN = 10
LEGACY_V2_FORMS = 3  # current forms derived next to the v1 ones while old entries remain
DROP_WORDS = (3, 4)  # passwords of this many words get their word drops

_LEADING_LETTER_SYMBOLS = frozenset("@$")
_IN_WORD_SYMBOLS = frozenset("@$")
_DIGIT_RUN = re.compile(r"\d+")


def _core(lower: str, *, front: bool = True) -> str:
    """``lower`` without trailing (and, with ``front``, leading) non-letters."""
    letters = [i for i, ch in enumerate(lower) if ch.isalpha()]
    if not letters:
        return ""
    start, end = (letters[0] if front else 0), letters[-1] + 1
    if front and start > 0 and lower[start - 1] in _LEADING_LETTER_SYMBOLS:
        start -= 1
    return lower[start:end]


def _words(password: str) -> list[str]:
    """The words of ``password``: runs of letters (and look-alikes glued between
    letters), split at other characters and where a capital letter follows a small one.
    """
    words: list[str] = []
    current = ""
    for i, ch in enumerate(password):
        prev = password[i - 1] if i else ""
        nxt = password[i + 1] if i + 1 < len(password) else ""
        if ch.isalpha():
            if current and prev.islower() and ch.isupper():
                words.append(current)
                current = ""
            current += ch
        elif current and nxt.isalpha() and (ch in _IN_WORD_SYMBOLS or ch in LOOKALIKES):
            if ch.isdigit() and not prev.isalpha():
                words.append(current)
                current = ""
            else:
                current += ch
        elif current:
            words.append(current)
            current = ""
    if current:
        words.append(current)
    return [canonical(w.casefold()) for w in words]


def _middle_letter_masked(number_form: str) -> str:
    letters = [i for i, ch in enumerate(number_form) if ch.isalpha()]
    if len(letters) < LETTER_MIN:
        return ""
    middle = letters[len(letters) // 2]
    return number_form[:middle] + "?" + number_form[middle + 1 :]


def _collapsed(text: str) -> str:
    """Runs of one letter as one: ``kettle`` is ``ketle``."""
    return "".join(ch for i, ch in enumerate(text) if i == 0 or ch != text[i - 1])


@cache
def _calendar() -> frozenset[str]:
    """Every month and season name, read the way words are read for the forms."""
    text = resources.files("desktop.core").joinpath("data/months.json").read_text("utf-8")
    names: set[str] = set()
    for code, entry in json.loads(text).items():
        if code.startswith("_"):
            continue
        for group in (*entry["months"], *entry.get("seasons", [])):
            for name in group:
                form = canonical(skeleton(name).replace(" ", ""))
                if len(form) >= 3:
                    names.add(_collapsed(form))
    return frozenset(names)


def _loose_word(word: str) -> str:
    """A word read loosely: a month or season name as §; otherwise its letters sorted,
    each letter once (so doubled letters and the order of letters do not count)."""
    collapsed = _collapsed(word)
    if collapsed in _calendar():
        return "§"
    return _collapsed("".join(sorted(collapsed)))


def _loose(words: list[str]) -> str:
    return " ".join(sorted(_loose_word(w) for w in words))


def near_forms(password: str) -> tuple[str, ...]:
    """The password's version-3 forms, most useful first, without duplicates."""
    lower = password.casefold()
    number = canonical(_DIGIT_RUN.sub("#", lower))
    words = _words(password)
    candidates = (
        canonical(lower),
        number,
        _loose(words) if words else "",
        canonical(_core(lower)),
        canonical(_core(lower, front=False)),
        _middle_letter_masked(number),
    )
    return _distinct(candidates)[:MAX_FORMS]


def word_drops(password: str) -> tuple[str, ...]:
    """The ``loose`` form with each word left out in turn, for three or four words."""
    words = _words(password)
    if len(words) not in DROP_WORDS:
        return ()
    drops = (_loose(words[:i] + words[i + 1 :]) for i in range(len(words)))
    return _distinct(tuple(drops))[:MAX_DROPS]


def loose_form(password: str) -> str:
    """The ``loose`` form alone ("" when the password has no words or it is too short)."""
    form = _loose(_words(password))
    return form if len(form) >= MIN_FORM_LENGTH else ""


def near_forms_v2(password: str) -> tuple[str, ...]:
    """The forms version 2 stored: as version 3, with the words sorted as they are."""
    lower = password.casefold()
    number = canonical(_DIGIT_RUN.sub("#", lower))
    words = _words(password)
    candidates = (
        canonical(lower),
        number,
        " ".join(sorted(words)) if len(words) >= 2 else "",
        canonical(_core(lower)),
        canonical(_core(lower, front=False)),
        _middle_letter_masked(number),
    )
    return _distinct(candidates)[:MAX_FORMS]


def _distinct(candidates: tuple[str, ...]) -> tuple[str, ...]:
    out: list[str] = []
    for form in candidates:
        if len(form) >= MIN_FORM_LENGTH and form not in out:
            out.append(form)
    return tuple(out)


# Version 1's reading, frozen as it was so that its stored tags can still be met: the
# shared table's first letters, except that "|" was "l", and "l" itself was kept.
_V1 = str.maketrans({**{k: v[0] for k, v in LOOKALIKES.items()}, "|": "l"})


def near_forms_v1(password: str) -> tuple[str, ...]:
    """The forms version 1 stored: lower, unsubstituted, stripped, letters only."""
    lower = password.casefold()
    stripped = _core(lower).translate(_V1)
    candidates = (
        lower,
        lower.translate(_V1),
        stripped,
        "".join(ch for ch in stripped if ch.isalpha()),
    )
    return _distinct(candidates)[:4]
