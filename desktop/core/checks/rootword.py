"""The ``root_word`` rule: not a common password, month, season, organisation word or
keyboard walk with digits and symbols added.

People meet "add a number and a symbol" rules by adding them to a word everyone
guesses: ``Summer2024!``, ``P@ssw0rd1``, ``!!Liverpool99``, ``Gorffennaf2023#``,
``Serco123``. This rule does what Microsoft Entra Password Protection and Lithnet's
password filter do: take off the digits and symbols at both ends, read look-alikes as
the letters they stand for, and refuse when what is left (the root) is

* a common password, from a list of 120,000 shipped with the app
  (``desktop/core/data/common-roots.txt``: the most common passwords of Mark
  Burnett's ten-million-password list, public domain, as packaged in SecLists (MIT),
  that start and end with a letter; mapped into memory on first use, not read);
* a month or a season in one of the organisation's languages (``month_languages``);
* one of the organisation's words (``org_words``);
* or when the root, or the whole password, is a keyboard walk (``keyboard``).

Separators inside the root are tried both kept and removed (``i-love-you`` is
``iloveyou``). A root needs three letters or more; longer passwords built from several
words have a root that is none of these, so passphrases are not touched.
"""

from __future__ import annotations

import itertools
import mmap
import re
from collections.abc import Iterable, Iterator
from functools import cache, lru_cache
from importlib import resources
from pathlib import Path
from typing import ClassVar

from desktop.core.checks.base import TOO_LONG, CheckContext, RuleKind, finding, unchecked
from desktop.core.checks.dates import month_names
from desktop.core.checks.findings import Finding, Status
from desktop.core.checks.keyboard import is_walk
from desktop.core.kit.i18n import N_, _
from desktop.core.lookalikes import LOOKALIKES, is_letter, skeleton
from desktop.core.policy.schema import Policy

MIN_ROOT = 3
MAX_READINGS = 16  # look-alike readings tried per root ("1" is i or l)
MAX_KEPT = 4  # look-alikes at either end that may be letters of the root
MAX_ADDED = 5  # characters added to a keyboard walk after a symbol
_CHUNKS = re.compile(r"[^\w]+")
COMMON_FILE = "data/common-roots.txt"


class SortedWords:
    """A sorted list of words, one per line, searched by halving in the text itself.

    The shipped list is about 0.9 MB of text. It is mapped into memory from its file
    (``mmap``) rather than read, so it costs the tray app no heap: a look-up reads about
    17 lines, and only the pages they sit on are brought in, from the system's file cache,
    which the system can take back when it needs the room. Where the list is not a file
    on disk, the same search runs over its bytes.
    """

    def __init__(self, text: bytes | mmap.mmap) -> None:
        self._text = text
        self._count: int | None = None

    def __len__(self) -> int:
        if self._count is None:
            count, start, size = 0, 0, len(self._text)
            while start < size:
                end = self._end(start)
                count += end > start
                start = end + 1
            self._count = count
        return self._count

    def _end(self, start: int) -> int:
        """Where the line that starts at ``start`` ends (the last may have no newline)."""
        end = self._text.find(b"\n", start)
        return len(self._text) if end < 0 else end

    def __contains__(self, word: object) -> bool:
        if not isinstance(word, str) or not word:
            return False
        try:
            key = word.encode("utf-8")
        except UnicodeEncodeError:  # a lone surrogate is in no list
            return False
        text = self._text
        lo, hi = 0, len(text)  # lo always starts a line; the lines left start before hi
        while lo < hi:
            newline = text.rfind(b"\n", lo, (lo + hi) // 2)
            start = lo if newline < 0 else newline + 1
            end = self._end(start)
            line = text[start:end]
            if line == key:
                return True
            if line < key:
                lo = end + 1
            else:
                hi = start
        return False


@cache
def common_roots() -> SortedWords:
    """The shipped list of common passwords (lower case, sorted), mapped once."""
    source = resources.files("desktop.core").joinpath(COMMON_FILE)
    if isinstance(source, Path):
        try:
            with source.open("rb") as fh:
                return SortedWords(_mapped(fh.fileno()))
        except (OSError, ValueError):  # no mmap here, or an empty file: read it instead
            pass
    return SortedWords(source.read_bytes())


def _mapped(fileno: int) -> mmap.mmap:
    block = mmap.mmap(fileno, 0, access=mmap.ACCESS_READ)
    if hasattr(mmap, "MADV_RANDOM"):  # a search jumps about: read no pages ahead
        block.madvise(mmap.MADV_RANDOM)
    return block


@lru_cache(maxsize=8)
def _seasons_and_months(languages: tuple[str, ...]) -> frozenset[str]:
    import json

    names = month_names(languages)
    out: set[str] = set()
    for i in range(12):
        out |= names.full[i]
    text = resources.files("desktop.core").joinpath("data/months.json").read_text("utf-8")
    data = json.loads(text)
    for code in languages:
        for season in data.get(code, {}).get("seasons", []):
            out |= {skeleton(s).replace(" ", "") for s in season}
    return frozenset(w for w in out if len(w) >= MIN_ROOT)


@lru_cache(maxsize=8)
def _org_roots(words: tuple[str, ...]) -> frozenset[str]:
    out: set[str] = set()
    for word in words:
        s = skeleton(word)
        out.add(s)
        out.add("".join(ch for ch in s if is_letter(ch) or ch.isdigit()))
    return frozenset(w for w in out if len(w) >= MIN_ROOT)


def _ends(text: str) -> Iterator[str]:
    """``text`` with its leading and trailing digits and symbols taken off, keeping any
    part of a run of look-alikes next to the letters (``$ummer``, ``n0rthga73``)."""
    letters = [i for i, ch in enumerate(text) if is_letter(ch)]
    if not letters:
        return
    first, last = letters[0], letters[-1] + 1
    lead = first
    while lead > 0 and first - lead < MAX_KEPT and text[lead - 1] in LOOKALIKES:
        lead -= 1
    trail = last
    while trail < len(text) and trail - last < MAX_KEPT and text[trail] in LOOKALIKES:
        trail += 1
    for a in range(first, lead - 1, -1):
        for b in range(last, trail + 1):
            yield text[a:b]


def _readings(root: str) -> Iterator[str]:
    """``root`` with look-alikes read as letters, every way (at most MAX_READINGS)."""
    choices = [LOOKALIKES.get(ch, ch) if ch in LOOKALIKES else ch for ch in root]
    for n, letters in enumerate(itertools.product(*choices)):
        if n >= MAX_READINGS:
            return
        yield "".join(letters)


def roots(password: str) -> Iterator[str]:
    """Every root of ``password`` worth looking up (see the module notes)."""
    text = skeleton(password)
    seen: set[str] = set()
    for root in _ends(text):
        joined = "".join(ch for ch in root if is_letter(ch) or ch in LOOKALIKES or ch.isdigit())
        for form in (root, joined):
            for reading in _readings(form):
                if reading not in seen and sum(map(is_letter, reading)) >= MIN_ROOT:
                    seen.add(reading)
                    yield reading


def _walk(password: str) -> bool:
    """The whole password, it without symbols at the ends, or its letters from the first
    to the last, is a keyboard walk."""
    text = "".join(password.split())
    forms = {text}
    keys = [i for i, ch in enumerate(text) if ch.isalnum()]
    if keys:
        forms.add(text[keys[0] : keys[-1] + 1])
    letters = [i for i, ch in enumerate(text) if ch.isalpha()]
    if letters:
        forms.add(text[letters[0] : letters[-1] + 1])
    if any(is_walk(form) for form in forms):
        return True
    # A walk with a few characters added after a symbol: "123456!2024".
    return any(
        is_walk(chunk) and len(text) - len(chunk) <= MAX_ADDED
        for chunk in _CHUNKS.split(text)
        if chunk
    )


def judge(password: str, org_words: Iterable[str], languages: Iterable[str]) -> str:
    """Which kind of guessable root ``password`` has: "common", "calendar",
    "organisation", "keyboard", or "" for none."""
    if _walk(password):
        return "keyboard"
    calendar = _seasons_and_months(tuple(languages))
    org = _org_roots(tuple(org_words))
    common = common_roots()
    for root in roots(password):
        if root in org:
            return "organisation"
        if root in calendar:
            return "calendar"
        if root in common:
            return "common"
    return ""


_MESSAGES = {
    "common": N_("It is a common password with numbers or symbols on the end."),
    "calendar": N_("It is a month or a season with numbers or symbols on the end."),
    "organisation": N_("It is a word most people guess first, with numbers or symbols on the end."),
    "keyboard": N_("It is a pattern of keys next to each other on a keyboard."),
}


class RootWordRule:
    """Refuses a guessable word dressed up with digits and symbols (see the module notes)."""

    rule_id: ClassVar[str] = "root_word"
    title: ClassVar[str] = N_("Not a common word with bits added")
    kind: ClassVar[RuleKind] = "local"
    why: ClassVar[str] = N_(
        "Attackers try common passwords, months, seasons and rows of keys with years and "
        "symbols on the end first."
    )
    requires: ClassVar[tuple[str, ...]] = ()

    def expects(self, policy: Policy) -> str:
        return _("Not a common password, month, season or row of keys with numbers on the end.")

    def check(self, ctx: CheckContext) -> Finding:
        if ctx.too_long:
            return unchecked(self.rule_id, TOO_LONG)
        if ctx.length == 0:
            return finding(self.rule_id, Status.FAIL, _("No password entered yet."))
        kind = judge(ctx.password, ctx.policy.org_words, ctx.policy.month_languages)
        if not kind:
            return finding(self.rule_id, Status.PASS, _("It is not a common word with bits added."))
        return finding(
            self.rule_id,
            Status.FAIL,
            _(_MESSAGES[kind]),
            _(
                "Numbers and symbols on the end do not hide the word. Use three or four words "
                "picked at random instead."
            ),
        )
