"""Birthdays: one reader for the dates in a personal list, one finder for them in a password.

Both read text through the shared skeleton (``desktop.core.lookalikes.skeleton``), so a
date may be written with the digits of any script (``١٤/٠٣/٢٠١٥``, ``१४०३``, keycaps)
and with month names in any of the organisation's languages (the ``month_languages``
policy key; the names are in ``desktop/core/data/months.json``), full or short, in the
forms a date uses (Polish ``14 marca``), or in Roman numerals (``14.III.2015``).

Reading an entry (``parse_birthday``): the entry is cut into numbers and words; a word
must be a month name (or "of", or an ordinal ending such as "th"). Every order people
write is read: day-month-year, month-day-year, year-month-day, year-day-month, with or
without the year, and run together (``14032015``, ``20150314``). Day first is assumed
(as in the UK) unless the numbers only make sense the other way.

Finding it (``holds_birthday``), a number is a birthday only when it is one:

* a run of digits that is exactly the year (``2015``), the day and month (``1403``,
  ``0314``, ``143``), or a whole date (``140315``, ``14032015``, ``20150314``, ...);
* the year's last two digits alone only at the very end (``maisie15!``), where people
  add a year: a ``15`` between words is just a number;
* a whole date, or the four-digit year with at most two more digits, at either end of a
  longer run (``summer2015!``, ``2015ab``);
* the day and month written with separators (``14/03``, ``3-14``) or with a month name
  (``14Mar``, ``14th-march``, ``March14``, ``14marca``).

So ``1534`` or ``8150`` is never read as 2015, and ``98`` is not found inside ``1985``.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date
from functools import cache

from desktop.core.kit.monthdata import month_data, month_languages
from desktop.core.lookalikes import is_letter, skeleton

_ORD = r"(?:st|nd|rd|th|er|eme|e|º|ª|\.)?"
_SEP = r"[\s/.\-_,\\]"
_ORDINAL_WORDS = frozenset({"st", "nd", "rd", "th", "of", "er", "de", "del", "the"})
# An entry with a two-digit year: years up to this many after "now" are read as 20xx.
_CENTURY_PIVOT = date.today().year % 100
_PLAUSIBLE_YEARS = (1900, 2100)
_ROMAN = (
    "i",
    "ii",
    "iii",
    "iv",
    "v",
    "vi",
    "vii",
    "viii",
    "ix",
    "x",
    "xi",
    "xii",
)  # for a date run together, where the year could be either end


@dataclass(frozen=True)
class Birthday:
    """A day and month, and the year when it was given."""

    day: int
    month: int
    year: int | None = None


@dataclass(frozen=True)
class MonthNames:
    """Every month's names in some languages, as skeletons: full forms and short forms."""

    full: tuple[frozenset[str], ...]
    short: tuple[frozenset[str], ...]

    def month_of(self, word: str) -> int:
        """The month a whole word names (1-12), or 0."""
        for i in range(12):
            if word in self.full[i] or word in self.short[i]:
                return i + 1
        return 0


@cache
def month_names(languages: tuple[str, ...]) -> MonthNames:
    """The month names of ``languages`` (unknown codes are skipped)."""
    full: list[set[str]] = [set() for _ in range(12)]
    short: list[set[str]] = [set() for _ in range(12)]
    data = month_data()
    for code in languages:
        entry = data.get(code)
        if entry is None:
            continue
        months: Sequence[Sequence[str]] = entry["months"]  # type: ignore[assignment]
        shorts: Sequence[Sequence[str]] = entry["short"]  # type: ignore[assignment]
        starts: dict[str, set[int]] = {}
        for i in range(12):
            for name in months[i]:
                s = skeleton(name)
                full[i].add(s)
                full[i].add(s.replace(" ", ""))
                if s.isascii() and len(s) > 3:
                    starts.setdefault(s[:3], set()).add(i)
            short[i].update(skeleton(n) for n in shorts[i])
        for start, which in starts.items():
            if len(which) == 1:  # "jui" is June or July in French: not a short form
                short[next(iter(which))].add(start)
    if languages:
        # Months in Roman numerals (14.III.2015), written in many of these languages;
        # I, V and X alone are left out: a single letter is too often something else.
        for i, numeral in enumerate(_ROMAN):
            if len(numeral) > 1:
                short[i].add(numeral)
    return MonthNames(tuple(map(frozenset, full)), tuple(map(frozenset, short)))


def _year(text: str) -> int:
    year = int(text)
    if len(text) <= 2:
        year += 2000 if year <= _CENTURY_PIVOT else 1900
    return year


def _valid(day: int, month: int, year: int | None) -> Birthday | None:
    if year is not None and not 1000 <= year <= 9999:
        return None
    try:
        date(year if year is not None else 2000, month, day)  # 2000 allows 29 February
    except ValueError:
        return None
    return Birthday(day, month, year)


def _tokens(text: str) -> list[str]:
    """Runs of digits and runs of letters; everything else separates."""
    out: list[str] = []
    kind = ""
    for ch in text:
        now = "d" if ch.isdigit() else ("a" if is_letter(ch) else "")
        if now and now == kind:
            out[-1] += ch
        elif now:
            out.append(ch)
        kind = now
    return out


def _run_together(digits: str) -> Birthday | None:
    """A date written with no separators: day first, then month first, then year first."""
    if len(digits) == 8:
        d = [int(digits[i : i + 2]) for i in (0, 2, 4, 6)]
        y_end, y_start = int(digits[4:]), int(digits[:4])
        for day, month, year in (
            (d[0], d[1], y_end),
            (d[1], d[0], y_end),
            (d[3], d[2], y_start),
            (d[2], d[3], y_start),
        ):
            if _PLAUSIBLE_YEARS[0] <= year <= _PLAUSIBLE_YEARS[1] and (
                got := _valid(day, month, year)
            ):
                return got
        return None
    if len(digits) == 6:
        return _valid(int(digits[:2]), int(digits[2:4]), _year(digits[4:]))
    return None


def parse_birthday(text: str, languages: Iterable[str] | None = None) -> Birthday | None:
    """Read a date written in any common order (day first when it could be either)."""
    names = month_names(tuple(month_languages() if languages is None else languages))
    words = skeleton(text.strip())
    tokens = _tokens(words)
    numbers: list[str] = []
    month = 0
    i = 0
    while i < len(tokens):
        tok = tokens[i]
        if tok.isdigit():
            numbers.append(tok)
            i += 1
            continue
        # A month name may be up to three words ("an t-ògmhios", "kanun al-thani").
        found, used = 0, 1
        for size in (3, 2, 1):
            if i + size <= len(tokens) and (got := names.month_of("".join(tokens[i : i + size]))):
                found, used = got, size
                break
        if not found and tok in _ROMAN and languages != ():
            found = _ROMAN.index(tok) + 1  # in an entry even I, V and X are a month
        if found:
            if month:
                return None
            month = found
        elif not (tok in _ORDINAL_WORDS or len(tok) <= 2):
            return None  # a word that is not part of a date
        i += used
    if month:
        return _with_month_name(numbers, month)
    if len(numbers) == 1:
        return _run_together(numbers[0])
    if len(numbers) == 3:
        a, b, c = numbers
        if len(a) == 4:  # year first: y-m-d, or y-d-m when only that makes sense
            y, m, d = int(a), int(b), int(c)
            return _valid(d, m, y) or _valid(m, d, y)
        if len(a) > 2 or len(b) > 2 or len(c) not in (2, 4):
            return None
        x, z = int(a), int(b)
        day, mon = (z, x) if z > 12 >= x else (x, z)
        return _valid(day, mon, _year(c))
    if len(numbers) == 2 and all(len(n) <= 2 for n in numbers):
        x, z = int(numbers[0]), int(numbers[1])
        day, mon = (z, x) if z > 12 >= x else (x, z)
        return _valid(day, mon, None)
    return None


def _with_month_name(numbers: list[str], month: int) -> Birthday | None:
    if len(numbers) == 1 and len(numbers[0]) <= 2:
        return _valid(int(numbers[0]), month, None)
    if len(numbers) != 2:
        return None
    a, b = numbers
    if len(a) <= 2 and len(b) == 4:  # 14 March 2015, March 14 2015
        return _valid(int(a), month, int(b))
    if len(a) == 4 and len(b) <= 2:  # 2015 March 14
        return _valid(int(b), month, int(a))
    if len(a) <= 2 and len(b) == 2:  # 14 March 15: the day comes first
        return _valid(int(a), month, _year(b))
    return None


def birthday_forms(day: Birthday | date) -> tuple[set[str], set[str]]:
    """(digit-only forms, forms with letters or separators) of a date.

    A run of digits that is exactly one of the digit-only forms holds the birthday.
    """
    d, m = f"{day.day:02d}", f"{day.month:02d}"
    mon = date(2000, day.month, 1).strftime("%b").casefold()
    digits = {d + m, m + d, f"{day.day}{day.month}", f"{day.month}{day.day}"}
    digits |= {f"{day.day}{m}", f"{d}{day.month}", f"{m}{day.day}", f"{day.month}{d}"}
    digits = {f for f in digits if len(f) >= 3}
    other = {f"{d}/{m}", f"{d}{mon}", f"{mon}{d}", f"{day.day}{mon}"}
    if day.year is not None:
        y, yy = f"{day.year:04d}", f"{day.year % 100:02d}"
        digits |= {y, yy, d + m + yy, d + m + y, m + d + yy, m + d + y, y + m + d, y + d + m}
        digits |= {yy + m + d, f"{day.day}{day.month}{yy}", f"{day.day}{day.month}{y}"}
        other |= {
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


def _alternation(names: Iterable[str]) -> str:
    return "|".join(re.escape(n) for n in sorted(names, key=len, reverse=True))


@cache
def _day_month_pattern(day: Birthday, languages: tuple[str, ...]) -> re.Pattern[str]:
    names = month_names(languages)
    full = _alternation(names.full[day.month - 1])
    short = _alternation(names.short[day.month - 1] - names.full[day.month - 1])
    name = f"(?:{full}" + (f"|(?:{short})(?![^\\W\\d_])" if short else "") + ")"
    dd = rf"(?<!\d)0?{day.day}{_ORD}"
    mm = rf"(?<!\d)0?{day.month}(?!\d)"
    dd_end = rf"(?<!\d)0?{day.day}(?!\d){_ORD}"
    return re.compile(
        "|".join(
            (
                rf"{dd}{_SEP}*(?:(?:of|de|del){_SEP}*)?{name}",
                rf"{name}{_SEP}*(?:the{_SEP}*)?0?{day.day}(?!\d)",
                rf"{dd_end}{_SEP}+{mm}",
                rf"{mm}{_SEP}+0?{day.day}(?!\d)",
            )
        )
    )


_DIGITS = re.compile(r"\d+")
_LAST_NUMBER = re.compile(r"(?<!\d)(\d+)[^\w]*$")


def holds_birthday(text: str, day: Birthday | date, languages: Iterable[str] | None = None) -> bool:
    """True when ``text`` (a skeleton, see ``lookalikes.skeleton``) holds the birthday."""
    if isinstance(day, date):
        day = Birthday(day.day, day.month, day.year)
    langs = tuple(month_languages() if languages is None else languages)
    digits, _ = birthday_forms(day)
    whole = {f for f in digits if len(f) >= 6}
    year = f"{day.year:04d}" if day.year is not None else ""
    short_year = f"{day.year % 100:02d}" if day.year is not None else ""
    # Two digits alone are a year only where people put one: at the very end.
    last = _LAST_NUMBER.search(text)
    if short_year and last is not None and last.group(1) == short_year:
        return True
    for run in _DIGITS.findall(text):
        if run in digits and run != short_year:
            return True
        if any(run.startswith(f) or run.endswith(f) for f in whole):
            return True
        if year and len(run) <= 6 and (run.startswith(year) or run.endswith(year)):
            return True
    return bool(_day_month_pattern(day, langs).search(text))
