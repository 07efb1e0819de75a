"""The ``personal`` rule: no names, birthdays or organisation words, even disguised.

A word is found the way a person reading the password would spot it:

* case and accents do not matter, either way round (``Zoë`` given, ``Zoe`` typed, or
  the other way), and nor do look-alike swaps from the shared table in
  ``desktop.core.lookalikes`` (``M@1s!e``, ``|iverpoo|``, ``8ob``);
* separators inside a word are ignored (``M.a.i.s.i.e``, ``Card-iff``); words written
  backwards count too;
* an entry of several parts (``Maisie-Rose``, ``O'Brien``, ``Maisie Hartley``) is
  looked for part by part and whole;
* a word of five or more letters still counts with one letter changed, added or left
  out (``Maizie``) when it stands as a whole token, unless the changed form is itself
  an ordinary word or a common name (``window`` is not ``Windows``, ``James`` is not
  ``Jamie``);
* a birthday counts by its year, or its day and month in any common form (see
  ``dates``).

A word that only sits inside a longer ordinary word is not counted: ``teams`` in
``steamship``, ``office`` in ``officer``, ``windows`` in ``windowsill``. A match that
stands as a whole token (between non-letters, or at a change to a capital letter)
always counts; an exact one inside a run of letters counts unless zxcvbn's own English word
lists show a longer word around it, or the run splits there into two words.
Three-letter words count only as whole tokens (``Ann`` is not in ``channel``).

Messages say which kind of word was found, never the word, so the output does not
reveal part of the password.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass
from functools import cache
from typing import ClassVar

import regex

from desktop.core.checks.base import TOO_LONG, CheckContext, RuleKind, finding, normalise, unchecked
from desktop.core.checks.dates import Birthday, birthday_forms, holds_birthday, parse_birthday
from desktop.core.checks.findings import Finding, Status
from desktop.core.kit.visible import visible
from desktop.core.lookalikes import LOOKALIKES
from desktop.core.policy.schema import Policy

__all__ = ["MIN_WORD", "Birthday", "PersonalRule", "birthday_forms", "parse_birthday"]

MIN_WORD = 3
EDIT_MIN = 5
COMMON_RANK = 200
SEGMENT_MIN = 3
_PART_SPLIT = re.compile(r"[\s\-\u2010\u2011'\u2019,;/&.]+")
# Letters NFKD does not take apart, folded as a person reading them would.
_EXTRA_FOLDS = str.maketrans(
    {"ø": "o", "ł": "l", "đ": "d", "ð": "d", "þ": "th", "æ": "ae", "œ": "oe", "ı": "i"}
)
_CLASS: dict[str, str] = {}
for _symbol, _letters in LOOKALIKES.items():
    for _letter in _letters:
        _CLASS[_letter] = _CLASS.get(_letter, _letter) + _symbol


def fold(text: str) -> str:
    """Case folded, accents removed: ``Zoë`` and ``ZOE`` both become ``zoe``."""
    if text.isascii():
        return text.casefold()
    decomposed = unicodedata.normalize("NFKD", text.casefold())
    bare = "".join(ch for ch in decomposed if not unicodedata.combining(ch))
    return unicodedata.normalize("NFC", bare).translate(_EXTRA_FOLDS)


@cache
def _fold_char(ch: str) -> str:
    return fold(ch)


@cache
def _entry(raw: str) -> tuple[Birthday | None, tuple[str, ...]]:
    """A personal or organisation entry read once: a birthday, or the words to look for."""
    word = fold(normalise(raw)).strip()
    day = parse_birthday(word)
    return day, (() if day is not None else tuple(_parts(word)))


@cache
def _dictionary() -> tuple[frozenset[str], frozenset[str]]:
    """(ordinary English words, common first names and surnames) from zxcvbn's lists."""
    from zxcvbn.frequency_lists import FREQUENCY_LISTS

    words = frozenset(
        w for key in ("english_wikipedia", "us_tv_and_film") for w in FREQUENCY_LISTS[key]
    )
    names = frozenset(
        w for key in ("female_names", "male_names", "surnames") for w in FREQUENCY_LISTS[key]
    )
    return words, names


def _char_class(letter: str) -> str:
    return "[" + re.escape(_CLASS.get(letter, letter)) + "]"


@cache
def _patterns(word: str, edits: bool) -> tuple[regex.Pattern[str], ...]:
    """Exact (swaps allowed) and, with ``edits``, one letter added, changed or missing.

    One pattern per kind, longest first, so that at a given start a letter added is
    not mistaken for the shorter word with a letter missing.
    """
    classes = [_char_class(c) for c in word]
    kinds = [["".join(classes)]]
    if edits:
        n = len(word)
        kinds.append(["".join(classes[:i]) + "." + "".join(classes[i:]) for i in range(1, n)])
        kinds.append(["".join(classes[:i]) + "." + "".join(classes[i + 1 :]) for i in range(n)])
        kinds.append(["".join(classes[:i]) + "".join(classes[i + 1 :]) for i in range(n)])
    return tuple(regex.compile("|".join(f"(?:{v})" for v in kind)) for kind in kinds)


@dataclass(frozen=True)
class _Text:
    """The password as the matcher reads it: letters and look-alikes, separators dropped."""

    original: str  # NFKC, visible, case kept
    stream: str  # folded, separators removed
    where: tuple[int, ...]  # index in ``original`` of each stream character
    seps_before: tuple[int, ...]  # separators in original[:i]

    @classmethod
    def of(cls, password: str) -> _Text:
        stream: list[str] = []
        where: list[int] = []
        seps = [0]
        for i, ch in enumerate(password):
            folded = _fold_char(ch)
            is_sep = bool(folded) and not any(c.isalnum() or c in LOOKALIKES for c in folded)
            seps.append(seps[-1] + is_sep)
            if is_sep:
                continue
            for c in folded:
                stream.append(c)
                where.append(i)
        return cls(password, "".join(stream), tuple(where), tuple(seps))

    def span(self, start: int, end: int) -> tuple[int, int]:
        return self.where[start], self.where[end - 1] + 1

    def boundary(self, i: int) -> bool:
        """True when a token starts or ends at ``original[i]`` (between i-1 and i)."""
        o = self.original
        if i <= 0 or i >= len(o):
            return True
        if not (o[i - 1].isalpha() and o[i].isalpha()):
            return True
        return o[i - 1].islower() and o[i].isupper()

    def letter_run(self, start: int, end: int) -> tuple[int, int]:
        """The run of stream letters around stream[start:end]."""
        s = self.stream
        while start > 0 and s[start - 1].isalpha():
            start -= 1
        while end < len(s) and s[end].isalpha():
            end += 1
        return start, end


def _readable(text: str) -> str:
    """Look-alikes read as their first letter, for looking words up."""
    return "".join(LOOKALIKES[c][0] if c in LOOKALIKES else c for c in text)


def _inside_ordinary_word(text: _Text, start: int, end: int, word: str) -> bool:
    """True when stream[start:end] lies inside a longer English word of its run."""
    words, _ = _dictionary()
    lo, hi = text.letter_run(start, end)
    run = _readable(text.stream[lo:hi])
    s, e = start - lo, end - lo
    for a in range(0, s + 1):
        for b in range(e, min(len(run), a + 25) + 1):
            if (a, b) != (s, e) and run[a:b] in words and run[a:b] != word:
                return True  # "officer" around "office", "steamship" around "teams"
    # The run is a string of ordinary words with a break inside the match:
    # "window" + "sill" around "windows".
    ends = _segment_ends(run, words)
    starts = _segment_ends(run[::-1], words, backwards=True)
    return any(c in ends and (len(run) - c) in starts for c in range(s + 1, e))


def _segment_ends(run: str, words: frozenset[str], backwards: bool = False) -> set[int]:
    """Every i > 0 such that run[:i] splits wholly into words of ``SEGMENT_MIN`` letters
    or more. ``backwards``: ``run`` is reversed, and so is each piece looked up."""
    reachable = {0}
    for i in range(SEGMENT_MIN, len(run) + 1):
        for j in range(max(0, i - 25), i - SEGMENT_MIN + 1):
            piece = run[j:i][::-1] if backwards else run[j:i]
            if j in reachable and piece in words:
                reachable.add(i)
                break
    reachable.discard(0)
    return reachable


def _finds(text: _Text, word: str, reverse: bool = False) -> bool:
    target = word[::-1] if reverse else word
    edits = len(word) >= EDIT_MIN and not reverse
    for m in (
        m for p in _patterns(target, edits) for m in p.finditer(text.stream, overlapped=True)
    ):
        start, end = m.span()
        if end <= start:
            continue
        got = _readable(m.group())
        edited = got != target
        lo, hi = text.span(start, end)
        crosses_separator = text.seps_before[hi] != text.seps_before[lo]
        if edited:
            if crosses_separator:
                continue
            words, names = _dictionary()
            if got in words or got in names:
                continue  # "window" for "windows": another real word, not a disguise
        whole = text.boundary(lo) and text.boundary(hi)
        if whole:
            return True
        if edited or len(word) <= MIN_WORD or crosses_separator:
            continue
        if not _inside_ordinary_word(text, start, end, target):
            return True
    return False


@cache
def _common_words() -> frozenset[str]:
    """English's most frequent words ("and", "the", "of"): never a part on their own."""
    from zxcvbn.frequency_lists import FREQUENCY_LISTS

    return frozenset(FREQUENCY_LISTS["english_wikipedia"][:COMMON_RANK])


def _parts(entry: str) -> list[str]:
    """The whole entry (separators removed) and each part of it.

    In an entry of several parts (``Cardiff and Vale College``), a very common word
    such as "and" is not looked for on its own.
    """
    parts = [p for p in _PART_SPLIT.split(entry) if p]
    whole = "".join(parts)
    out = [whole]
    if len(parts) > 1:
        out += [p for p in parts if p not in _common_words()]
    return [p for p in dict.fromkeys(out) if len(p) >= MIN_WORD]


def _word_in(text: _Text, word: str) -> bool:
    if word.isdigit():
        return word in text.stream
    return _finds(text, word) or _finds(text, word, reverse=True)


@dataclass(frozen=True)
class _Hit:
    kind: str  # "name", "birthday" or "organisation"


class PersonalRule:
    rule_id: ClassVar[str] = "personal"
    title: ClassVar[str] = "No personal information"
    kind: ClassVar[RuleKind] = "local"
    why: ClassVar[str] = (
        "Names, pets, birthdays and work words are the first things someone who knows "
        "you, or has read your profile, will try."
    )
    requires: ClassVar[tuple[str, ...]] = ()

    def expects(self, policy: Policy) -> str:
        return "No names, pets, birthdays or work words."

    def check(self, ctx: CheckContext) -> Finding:
        if ctx.too_long:
            return unchecked(self.rule_id, TOO_LONG)
        # The pipeline has removed hidden characters already; a context built by hand
        # may not have, and "Mai<zero-width space>sie" is still Maisie.
        hit = self._find(normalise(visible(ctx.password)), ctx.personal_words, ctx.policy.org_words)
        if hit is None:
            return finding(self.rule_id, Status.PASS, "No personal or organisation words found.")
        if hit.kind == "birthday":
            return finding(
                self.rule_id,
                Status.FAIL,
                "It contains a date from your personal list.",
                "Leave out birthdays and years that are linked to you.",
            )
        if hit.kind == "organisation":
            return finding(
                self.rule_id,
                Status.FAIL,
                "It contains one of the words everyone guesses first, such as 'password' "
                "or a word about where you work or study.",
                "Leave out those words: attackers try them before anything else.",
            )
        return finding(
            self.rule_id,
            Status.FAIL,
            "It contains a name or word from your personal list.",
            "Leave out names of people and pets; swapping letters for "
            "numbers or writing them backwards does not hide them.",
        )

    def _find(self, pw: str, personal: Iterable[str], org: Iterable[str]) -> _Hit | None:
        text = _Text.of(pw)
        folded = fold(pw)
        for raw in personal:
            day, parts = _entry(raw)
            if day is not None:
                if holds_birthday(folded, day):
                    return _Hit("birthday")
                continue
            if any(_word_in(text, part) for part in parts):
                return _Hit("name")
        for raw in org:
            if any(_word_in(text, part) for part in _entry(raw)[1]):
                return _Hit("organisation")
        return None
