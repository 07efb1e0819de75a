"""Keyboard walks: runs of keys next to each other, on the layouts people in the UK use.

A layout is its rows of keys, each key with what it types with and without Shift. On a
typewriter-style keyboard each row sits half a key to the right of the one above, so a
key touches two keys above it, two below and one either side; the number pad is a
straight grid, and its larger keys (0, + and Enter) take two places. Layouts: QWERTY
(UK), AZERTY (French), QWERTZ (German), Dvorak and the number pad, with its operators.

Text is a walk (``is_walk``) when, on one layout, all of it is made of runs of at least
``MIN_RUN`` keys, each key in a run next to (or the same as) the one before, and it has
at least ``MIN_WALK`` keys: ``azertyuiop``, ``qsdfghjklm``, ``yxcvbnm``, ``789+456-``,
``741852963``, ``qwe123``. Keycap emoji (``1️⃣``) are the digits they show.
"""

from __future__ import annotations

import itertools
import unicodedata
from dataclasses import dataclass
from functools import cache

from desktop.core.kit.i18n import _

MIN_RUN = 3
MIN_WALK = 6

# (unshifted row, shifted row) from the top; a space stands for no key there.
_STAGGERED: dict[str, tuple[tuple[str, str], ...]] = {
    "qwerty": (
        ("`1234567890-=", '¬!"£$%^&*()_+'),
        (" qwertyuiop[]", " QWERTYUIOP{}"),
        (" asdfghjkl;'#", " ASDFGHJKL:@~"),
        ("\\zxcvbnm,./", "|ZXCVBNM<>?"),
    ),
    "azerty": (
        ("²&é\"'(-è_çà)=", "²1234567890°+"),
        (" azertyuiop^$", " AZERTYUIOP¨£"),
        (" qsdfghjklmù*", " QSDFGHJKLM%µ"),
        ("<wxcvbn,;:!", ">WXCVBN?./§"),
    ),
    "qwertz": (
        ("^1234567890ß´", '°!"§$%&/()=?`'),
        (" qwertzuiopü+", " QWERTZUIOPÜ*"),
        (" asdfghjklöä#", " ASDFGHJKLÖÄ'"),
        ("<yxcvbnm,.-", ">YXCVBNM;:_"),
    ),
    "dvorak": (
        ("`1234567890[]", "~!@#$%^&*(){}"),
        (" ',.pyfgcrl/=", ' "<>PYFGCRL?+'),
        (" aoeuidhtns-", " AOEUIDHTNS_"),
        (" ;qjkxbmwvz", " :QJKXBMWVZ"),
    ),
}
# The number pad as a grid; a key in two cells is written twice. People put its
# operators between rows of digits ("789+456-"), so an operator joins any two keys.
_NUMPAD_GRID = (" /*-", "789+", "456+", "123\n", "00.\n")
_NUMPAD_OPERATORS = "/*-+"


@dataclass(frozen=True)
class Layout:
    """Which keys touch which: every character the layout types, with its neighbours."""

    name: str
    # Each key's neighbours as one string: a set per key would take ten times the memory.
    neighbours: dict[str, str]

    def adjacent(self, a: str, b: str) -> bool:
        """Whether key ``b`` (one character) is ``a`` again or touches it."""
        return a == b or (len(b) == 1 and b in self.neighbours.get(a, ""))


def _staggered(name: str, rows: tuple[tuple[str, str], ...]) -> Layout:
    place: dict[str, set[tuple[int, int]]] = {}
    for r, pair in enumerate(rows):
        for row in pair:
            for i, ch in enumerate(row):
                if ch != " ":
                    place.setdefault(ch, set()).add((r, i))
    near = ((0, -1), (0, 1), (-1, 0), (-1, 1), (1, -1), (1, 0))
    return _layout(name, place, near)


def _grid(name: str, rows: tuple[str, ...], joiners: str) -> Layout:
    place: dict[str, set[tuple[int, int]]] = {}
    for r, row in enumerate(rows):
        for i, ch in enumerate(row):
            if ch not in " \n":
                place.setdefault(ch, set()).add((r, i))
    near = tuple((dr, di) for dr in (-1, 0, 1) for di in (-1, 0, 1) if (dr, di) != (0, 0))
    grid = _layout(name, place, near)
    everything = frozenset(place)
    neighbours = {
        ch: _keys(everything - {ch} if ch in joiners else set(near_keys) | set(joiners))
        for ch, near_keys in grid.neighbours.items()
    }
    return Layout(name, neighbours)


def _layout(
    name: str, place: dict[str, set[tuple[int, int]]], near: tuple[tuple[int, int], ...]
) -> Layout:
    at: dict[tuple[int, int], set[str]] = {}
    for ch, spots in place.items():
        for spot in spots:
            at.setdefault(spot, set()).add(ch)
    neighbours: dict[str, str] = {}
    for ch, spots in place.items():
        found: set[str] = set()
        for r, i in spots:
            for dr, di in near:
                found |= at.get((r + dr, i + di), set())
            found |= at.get((r, i), set())  # the same key, shifted
        neighbours[ch] = _keys(found - {ch})
    return Layout(name, neighbours)


def _keys(keys: set[str] | frozenset[str]) -> str:
    return "".join(sorted(keys))


@cache
def layouts() -> tuple[Layout, ...]:
    return (
        *(_staggered(name, rows) for name, rows in _STAGGERED.items()),
        _grid(_("number pad"), _NUMPAD_GRID, _NUMPAD_OPERATORS),
    )


def keys_of(text: str) -> str:
    """``text`` as keys: NFKC (so full-width and circled digits are digits), keycap and
    variation marks dropped, case kept (Shift is the same key)."""
    try:
        text = unicodedata.normalize("NFKC", text)
    except UnicodeError:
        return text
    return "".join(
        ch for ch in text if ch not in "\u20e3\ufe0f\ufe0e" and unicodedata.category(ch) != "Cf"
    )


def _covered(text: str, layout: Layout) -> bool:
    if any(ch not in layout.neighbours for ch in text):
        return False
    run = 1
    for prev, ch in itertools.pairwise(text):
        if layout.adjacent(prev, ch):
            run += 1
            continue
        if run < MIN_RUN:
            return False
        run = 1
    return run >= MIN_RUN


def is_walk(text: str) -> bool:
    """True when ``text`` is a keyboard walk on one of the layouts (see the module notes)."""
    keys = keys_of(text)
    if len(keys) < MIN_WALK:
        return False
    for layout in layouts():
        for form in {keys, keys.lower()}:
            if _covered(form, layout):
                return True
    return False
