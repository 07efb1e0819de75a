"""The ``personal`` rule: no names, birthdays or organisation words, even disguised.

Every comparison reads both sides the same way, through the shared skeleton
(``desktop.core.lookalikes.skeleton``): NFKC, letters of other scripts that look Latin
read as Latin (UTS #39), case folded, accents and other marks on letters dropped, vowel
signs kept, digits of every script read as 0-9. So ``Zoë`` and ``ZOE`` meet, a Cyrillic
``а`` inside ``Mаisie`` is an ``a``, and a Devanagari, Tamil, Bengali or Thai name typed
as given is found.

Each list (the person's words, the organisation's words) is made into one index, once
(``wordmatch.WordIndex``), and a word is found anywhere in the password:

* look-alike swaps from the shared table in ``desktop.core.lookalikes`` (``M@1s!e``,
  ``|iverpoo|``, ``8ob``), separators inside the word (``M.a.i.s.i.e``), backwards;
* an entry of several parts (``Maisie-Rose``, ``O'Brien``, ``Maisie Hartley``) is
  looked for part by part and whole;
* a word of five or more letters still counts with one letter changed, added or left
  out (``Maizie``), standing alone, and glued to other words when it has six letters or
  more, unless the changed form is itself an ordinary word or a common name (``window``
  is not ``Windows``, ``James`` is not ``Jamie``);
* a birthday counts by its year, or its day and month in any common form and order,
  in the digits of any script and with month names in the organisation's languages
  (see ``dates``).

A word that only sits inside a longer ordinary word is not counted: ``teams`` in
``steamship``, ``office`` in ``officer``, ``windows`` in ``windowsill``. The ordinary
words are zxcvbn's English lists (Wikipedia and film and TV subtitles) and the EFF long
word list, made for judging passwords and passphrases. A match that stands as a whole
token (between non-letters, or at a change to a capital letter) always counts; an exact
one inside a run of letters counts unless those lists show a longer word around it, or
the run splits there into two words. Three-letter words count only as whole tokens
(``Ann`` is not in ``channel``).

Messages say which kind of word was found, never the word, so the output does not
reveal part of the password.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass
from functools import cache, lru_cache
from typing import ClassVar

from desktop.core.checks.base import TOO_LONG, CheckContext, RuleKind, finding, normalise, unchecked
from desktop.core.checks.dates import (
    Birthday,
    birthday_forms,
    holds_birthday,
    parse_birthday,
)
from desktop.core.checks.findings import Finding, Status
from desktop.core.checks.wordmatch import EDIT_MIN, Hit, Stream, Target, WordIndex
from desktop.core.kit.i18n import N_, _
from desktop.core.kit.monthdata import month_languages
from desktop.core.kit.visible import visible
from desktop.core.kit.wordset import WordSet
from desktop.core.lookalikes import LOOKALIKES, skeleton
from desktop.core.policy.schema import Policy

__all__ = ["MIN_WORD", "Birthday", "PersonalRule", "birthday_forms", "parse_birthday"]

MIN_WORD = 3
GLUED_EDIT_MIN = EDIT_MIN + 1
COMMON_RANK = 200
SEGMENT_MIN = 3
EDITED_SEGMENT_MIN = 5
MAX_LOOKUP = 25  # longest ordinary word looked up around a match
_PART_SPLIT = re.compile(r"[\s\-\u2010\u2011'\u2019,;/&.]+")


@dataclass(frozen=True)
class _Entry:
    birthday: Birthday | None
    parts: tuple[str, ...]


def _entry(raw: str, languages: tuple[str, ...]) -> _Entry:
    """A personal or organisation entry read once: a birthday, or the words to look for."""
    text = normalise(raw).strip()
    day = parse_birthday(text, languages)
    return _Entry(day, () if day is not None else tuple(_parts(skeleton(text))))


@dataclass(frozen=True)
class _Prepared:
    """One list made ready: its index, its birthdays and its all-digit entries."""

    index: WordIndex
    birthdays: tuple[Birthday, ...]
    numbers: tuple[str, ...]


@lru_cache(maxsize=16)
def _prepared(entries: tuple[str, ...], kind: str, languages: tuple[str, ...]) -> _Prepared:
    targets: list[Target] = []
    birthdays: list[Birthday] = []
    numbers: list[str] = []
    for raw in entries:
        entry = _entry(raw, languages)
        if entry.birthday is not None:
            birthdays.append(entry.birthday)
        for part in entry.parts:
            if part.isdigit():
                numbers.append(part)
            else:
                targets.append(Target(part, kind))
    return _Prepared(WordIndex(targets), tuple(birthdays), tuple(numbers))


@dataclass(frozen=True)
class _Dictionary:
    """The words the rule looks up, kept as hashes (``WordSet``): the lists they come
    from are read, used and let go, about 9 MiB the app no longer holds."""

    words: WordSet  # ordinary words: zxcvbn's English lists and the EFF list
    names: WordSet  # common first names and surnames
    common: frozenset[str]  # English's most frequent words ("and", "the", "of")


@cache
def _dictionary() -> _Dictionary:
    from desktop.core.checks.wordlists import frequency_lists
    from desktop.core.passphrase import WordListMissing, eff_long_words

    lists = frequency_lists()
    try:
        eff: tuple[str, ...] = eff_long_words()
    except WordListMissing:
        eff = ()
    words = WordSet(
        [w for key in ("english_wikipedia", "us_tv_and_film") for w in lists[key]]
        + [w.replace("-", "") for w in eff]
    )
    names = WordSet(w for key in ("female_names", "male_names", "surnames") for w in lists[key])
    return _Dictionary(words, names, frozenset(lists["english_wikipedia"][:COMMON_RANK]))


def _readable(text: str) -> str:
    """Look-alikes read as their first letter, for looking words up."""
    return "".join(LOOKALIKES[c][0] if c in LOOKALIKES else c for c in text)


def _inside_ordinary_word(
    text: Stream, start: int, end: int, word: str, piece: int = SEGMENT_MIN
) -> bool:
    """True when stream[start:end] lies inside a longer ordinary word of its run, or the
    run splits into ordinary words of ``piece`` letters or more with a break inside it."""
    words = _dictionary().words
    lo, hi = text.letter_run(start, end)
    run = _readable(text.text[lo:hi])
    s, e = start - lo, end - lo
    for a in range(max(0, e - MAX_LOOKUP), s + 1):
        for b in range(e, min(len(run), a + MAX_LOOKUP) + 1):
            if (a, b) != (s, e) and run[a:b] in words and run[a:b] != word:
                return True  # "officer" around "office", "steamship" around "teams"
    # The run is a string of ordinary words with a break inside the match:
    # "window" + "sill" around "windows".
    ends = _segment_ends(run, words, piece=piece)
    starts = _segment_ends(run[::-1], words, backwards=True, piece=piece)
    return any(c in ends and (len(run) - c) in starts for c in range(s + 1, e))


def _segment_ends(
    run: str, words: WordSet, backwards: bool = False, piece: int = SEGMENT_MIN
) -> set[int]:
    """Every i > 0 such that run[:i] splits wholly into words of ``piece`` letters or
    more. ``backwards``: ``run`` is reversed, and so is each piece looked up."""
    reachable = {0}
    for i in range(piece, len(run) + 1):
        for j in range(max(0, i - MAX_LOOKUP), i - piece + 1):
            part = run[j:i][::-1] if backwards else run[j:i]
            if j in reachable and part in words:
                reachable.add(i)
                break
    reachable.discard(0)
    return reachable


def _typed(text: Stream, hit: Hit) -> str:
    return text.text[hit.start : hit.end]


def _counts(text: Stream, hit: Hit) -> bool:
    """Whether a place the index found is the word, as a reader would see it."""
    word = hit.wanted
    got = _readable(text.text[hit.start : hit.end])
    crosses_separator = text.crosses_separator(hit.start, hit.end)
    if hit.edited:
        typed = _typed(text, hit)
        if crosses_separator or sum(ch.isalpha() for ch in typed) * 2 < len(word):
            return False  # "+345" is not "teams" with a letter left out
        if not (typed[0].isalnum() and typed[-1].isalnum()):
            return False  # "+gaining" is not "training": the + is a separator there
        found = _dictionary()
        if got in found.words or got in found.names:
            return False  # "window" for "windows": another real word, not a disguise
    if text.whole_token(hit.start, hit.end):
        return True
    if len(word) <= MIN_WORD or crosses_separator:
        return False
    if hit.edited and len(word) < GLUED_EDIT_MIN:
        return False
    # An edited word glued to others is less certain than an exact one: only longer
    # ordinary words on either side of a break explain it away ("olive" + "armchair"
    # around "oliver" changed), not short ones ("beat" + "prix" around "beatrix").
    piece = EDITED_SEGMENT_MIN if hit.edited else SEGMENT_MIN
    return not _inside_ordinary_word(text, hit.start, hit.end, word, piece)


def _parts(entry: str) -> list[str]:
    """The whole entry (separators removed) and each part of it.

    In an entry of several parts (``Cardiff and Vale College``), a very common word
    such as "and" is not looked for on its own.
    """
    parts = [p for p in _PART_SPLIT.split(entry) if p]
    whole = "".join(parts)
    out = [whole]
    if len(parts) > 1:
        out += [p for p in parts if p not in _dictionary().common]
    return [p for p in dict.fromkeys(out) if len(p) >= MIN_WORD]


def _found(prepared: _Prepared, text: Stream) -> bool:
    if any(n in text.text for n in prepared.numbers):
        return True
    return any(_counts(text, hit) for hit in prepared.index.hits(text))


@dataclass(frozen=True)
class _Hit:
    kind: str  # "name", "birthday" or "organisation"


class PersonalRule:
    rule_id: ClassVar[str] = "personal"
    title: ClassVar[str] = N_("No personal information")
    kind: ClassVar[RuleKind] = "local"
    why: ClassVar[str] = N_(
        "Names, pets, birthdays and work words are the first things someone who knows "
        "you, or has read your profile, will try."
    )
    requires: ClassVar[tuple[str, ...]] = ()

    def expects(self, policy: Policy) -> str:
        return _("No names, pets, birthdays or work words.")

    def check(self, ctx: CheckContext) -> Finding:
        if ctx.too_long:
            return unchecked(self.rule_id, TOO_LONG)
        # The pipeline has removed hidden characters already; a context built by hand
        # may not have, and "Mai<zero-width space>sie" is still Maisie.
        hit = self._find(
            normalise(visible(ctx.password)),
            ctx.personal_words,
            ctx.policy.org_words,
            ctx.policy.month_languages,
        )
        if hit is None:
            return finding(self.rule_id, Status.PASS, _("No personal or organisation words found."))
        if hit.kind == "birthday":
            return finding(
                self.rule_id,
                Status.FAIL,
                _("It contains a date from your personal list."),
                _("Leave out birthdays and years that are linked to you."),
            )
        if hit.kind == "organisation":
            return finding(
                self.rule_id,
                Status.FAIL,
                _(
                    "It contains one of the words everyone guesses first, such as 'password' "
                    "or a word about where you work or study."
                ),
                _("Leave out those words: attackers try them before anything else."),
            )
        return finding(
            self.rule_id,
            Status.FAIL,
            _("It contains a name or word from your personal list."),
            _(
                "Leave out names of people and pets; swapping letters for "
                "numbers or writing them backwards does not hide them."
            ),
        )

    def _find(
        self,
        pw: str,
        personal: Iterable[str],
        org: Iterable[str],
        languages: tuple[str, ...] | None = None,
    ) -> _Hit | None:
        langs = tuple(languages) if languages is not None else month_languages()
        text = Stream.of(pw)
        mine = _prepared(tuple(personal), "name", langs)
        if mine.birthdays:
            folded = skeleton(pw)
            if any(holds_birthday(folded, day, langs) for day in mine.birthdays):
                return _Hit("birthday")
        if _found(mine, text):
            return _Hit("name")
        if _found(_prepared(tuple(org), "organisation", langs), text):
            return _Hit("organisation")
        return None
