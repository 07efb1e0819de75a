"""The ``personal`` rule: no names, birthdays or organisation words, even disguised.

A word matches when it appears case-insensitively, forwards or backwards, after
undoing common swaps (0 for o, 1 for l or i, 3 for e, 4 for a, 5 for s, 7 for t,
@ for a, $ for s). Only words of three or more characters count. A personal word that
is a date (a birthday) is also looked for in the forms people write dates in, and a
number found that way must stand at the start or end of a run of digits, so that
1998 is found in "summer1998" but 98 is not found inside "1985".

Messages say which kind of word was found, never the word, so the output does not
reveal part of the password.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date
from typing import ClassVar

from desktop.core.checks.base import CheckContext, RuleKind, finding, normalise
from desktop.core.checks.findings import Finding, Status

LEET: dict[str, frozenset[str]] = {
    "0": frozenset("o"),
    "1": frozenset("li"),
    "3": frozenset("e"),
    "4": frozenset("a"),
    "5": frozenset("s"),
    "7": frozenset("t"),
    "@": frozenset("a"),
    "$": frozenset("s"),
}
MONTHS = ("jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec")
MIN_WORD = 3

_DATE_PATTERNS = (
    re.compile(r"^(?P<d>\d{1,2})[/.\-\s](?P<m>\d{1,2})[/.\-\s](?P<y>\d{4}|\d{2})$"),
    re.compile(r"^(?P<y>\d{4})[/.\-\s](?P<m>\d{1,2})[/.\-\s](?P<d>\d{1,2})$"),
    re.compile(r"^(?P<d>\d{1,2})\s*(?P<mon>[a-z]{3,9})\.?\s*(?P<y>\d{4}|\d{2})$"),
    re.compile(r"^(?P<d>\d{2})(?P<m>\d{2})(?P<y>\d{4})$"),
)


def parse_birthday(text: str) -> date | None:
    """Read a date the way people in the UK write one (day before month)."""
    t = text.strip().lower()
    for pattern in _DATE_PATTERNS:
        m = pattern.match(t)
        if not m:
            continue
        parts = m.groupdict()
        year = int(parts["y"])
        if year < 100:
            year += 2000 if year <= date.today().year % 100 else 1900
        if parts.get("mon"):
            month = next(
                (i + 1 for i, name in enumerate(MONTHS) if parts["mon"].startswith(name)), 0
            )
        else:
            month = int(parts["m"])
        try:
            return date(year, month, int(parts["d"]))
        except ValueError:
            return None
    return None


def birthday_forms(day: date) -> tuple[set[str], set[str]]:
    """(digit-only forms, forms with letters or separators) of a date."""
    d, m, y, yy = f"{day.day:02d}", f"{day.month:02d}", f"{day.year:04d}", f"{day.year % 100:02d}"
    mon = MONTHS[day.month - 1]
    digits = {y, yy, d + m + yy, d + m + y, m + d + yy, m + d + y, y + m + d, d + m}
    other = {
        f"{d}/{m}/{y}",
        f"{d}/{m}/{yy}",
        f"{y}-{m}-{d}",
        f"{d}-{m}-{y}",
        f"{d}.{m}.{y}",
        f"{d}{mon}{yy}",
        f"{d}{mon}{y}",
        f"{day.day}{mon}{yy}",
        f"{day.day}{mon}{y}",
    }
    return digits, other


def _matches_at(password: str, word: str, start: int) -> bool:
    for offset, wanted in enumerate(word):
        got = password[start + offset]
        if got != wanted and wanted not in LEET.get(got, ()):
            return False
    return True


def contains_disguised(password: str, word: str) -> bool:
    """True when ``word`` (lower case) is in ``password`` (lower case), swaps undone."""
    n, m = len(password), len(word)
    return any(_matches_at(password, word, i) for i in range(n - m + 1))


def _digit_runs(password: str) -> list[str]:
    return re.findall(r"\d+", password)


@dataclass(frozen=True)
class _Hit:
    kind: str  # "name", "birthday" or "organisation"


class PersonalRule:
    rule_id: ClassVar[str] = "personal"
    title: ClassVar[str] = "No personal information"
    kind: ClassVar[RuleKind] = "local"

    def check(self, ctx: CheckContext) -> Finding:
        hit = self._find(
            normalise(ctx.password).casefold(), ctx.personal_words, ctx.policy.org_words
        )
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
        runs = _digit_runs(pw)
        for raw in personal:
            word = normalise(raw).casefold().strip()
            day = parse_birthday(word)
            if day is not None:
                digits, other = birthday_forms(day)
                if any(
                    run == f or run.startswith(f) or run.endswith(f) for run in runs for f in digits
                ):
                    return _Hit("birthday")
                if any(f in pw for f in other):
                    return _Hit("birthday")
                continue
            if any(self._word_in(pw, part) for part in re.split(r"[\s,;]+", word)):
                return _Hit("name")
        for raw in org:
            if self._word_in(pw, normalise(raw).casefold().strip()):
                return _Hit("organisation")
        return None

    @staticmethod
    def _word_in(pw: str, word: str) -> bool:
        if len(word) < MIN_WORD:
            return False
        if word.isdigit():
            return word in pw
        return contains_disguised(pw, word) or contains_disguised(pw, word[::-1])
