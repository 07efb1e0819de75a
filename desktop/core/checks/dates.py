"""Birthdays in a personal list: reading them, and finding them in a password.

A birthday may be given as ``14/03/2015``, ``14.3.15``, ``2015-3-14``, ``14032015``,
``14th March 2015``, ``14 Mar 15``, ``March 14, 2015``, or with no year at all
(``14 March``, ``14/03``). UK order (day first) is assumed unless the numbers only make
sense the American way (``3/14/2015``).

A password holds the birthday when it has the year, or the day and month together in
any common form: ``1403``, ``0314``, ``14/03``, ``3-14``, ``14Mar``, ``14th-march``,
``March14``, with or without the year. A number found this way must stand at the
start or end of a run of digits, so that 1998 is found in ``summer1998`` but 98 is
not found inside ``1985``.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date
from functools import cache

MONTHS = ("jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec")
FULL_MONTHS = (
    "january",
    "february",
    "march",
    "april",
    "may",
    "june",
    "july",
    "august",
    "september",
    "october",
    "november",
    "december",
)
_ORD = r"(?:st|nd|rd|th)?"
_SEP = r"[\s/.\-_,]"
_NUMERIC = (
    re.compile(rf"^(?P<a>\d{{1,2}}){_SEP}+(?P<b>\d{{1,2}}){_SEP}+(?P<y>\d{{4}}|\d{{2}})$"),
    re.compile(rf"^(?P<y>\d{{4}}){_SEP}+(?P<m>\d{{1,2}}){_SEP}+(?P<d>\d{{1,2}})$"),
    re.compile(r"^(?P<d>\d{2})(?P<m>\d{2})(?P<y>\d{4})$"),
    re.compile(rf"^(?P<a>\d{{1,2}}){_SEP}+(?P<b>\d{{1,2}})$"),
)
_NAMED = (
    re.compile(
        rf"^(?P<d>\d{{1,2}}){_ORD}{_SEP}*(?:of{_SEP}*)?(?P<mon>[a-z]{{3,9}})\.?"
        rf"(?:{_SEP}*(?P<y>\d{{4}}|\d{{2}}))?$"
    ),
    re.compile(
        rf"^(?P<mon>[a-z]{{3,9}})\.?{_SEP}*(?P<d>\d{{1,2}}){_ORD}"
        rf"(?:{_SEP}*(?P<y>\d{{4}}|\d{{2}}))?$"
    ),
)


@dataclass(frozen=True)
class Birthday:
    """A day and month, and the year when it was given."""

    day: int
    month: int
    year: int | None = None


def _month(name: str) -> int:
    for i, (short, full) in enumerate(zip(MONTHS, FULL_MONTHS, strict=True)):
        if (len(name) >= 3 and full.startswith(name)) or (name == "sept" and short == "sep"):
            return i + 1
    return 0


def _year(text: str | None) -> int | None:
    if not text:
        return None
    year = int(text)
    if year < 100:
        year += 2000 if year <= date.today().year % 100 else 1900
    return year


def _valid(day: int, month: int, year: int | None) -> Birthday | None:
    try:
        date(year if year is not None else 2000, month, day)  # 2000 allows 29 February
    except ValueError:
        return None
    return Birthday(day, month, year)


def parse_birthday(text: str) -> Birthday | None:
    """Read a date the way people in the UK write one (day before month)."""
    t = " ".join(text.strip().casefold().split())
    for pattern in _NUMERIC:
        m = pattern.match(t)
        if not m:
            continue
        parts = m.groupdict()
        year = _year(parts.get("y"))
        if "a" in parts:
            a, b = int(parts["a"]), int(parts["b"])
            day, month = (b, a) if b > 12 >= a else (a, b)
        else:
            day, month = int(parts["d"]), int(parts["m"])
        return _valid(day, month, year)
    for pattern in _NAMED:
        m = pattern.match(t)
        if m and _month(m["mon"]):
            return _valid(int(m["d"]), _month(m["mon"]), _year(m["y"]))
    return None


def birthday_forms(day: Birthday | date) -> tuple[set[str], set[str]]:
    """(digit-only forms, forms with letters or separators) of a date, for display."""
    d, m = f"{day.day:02d}", f"{day.month:02d}"
    mon = MONTHS[day.month - 1]
    digits = {d + m, m + d}
    other = {f"{d}/{m}", f"{d}{mon}", f"{mon}{d}", f"{day.day}{mon}"}
    if day.year is not None:
        y, yy = f"{day.year:04d}", f"{day.year % 100:02d}"
        digits |= {y, yy, d + m + yy, d + m + y, m + d + yy, m + d + y, y + m + d}
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


@cache
def _day_month_pattern(day: Birthday | date) -> re.Pattern[str]:
    dd = rf"(?<!\d)0?{day.day}{_ORD}"
    mm = rf"(?<!\d)0?{day.month}(?!\d)"
    short, full = MONTHS[day.month - 1], FULL_MONTHS[day.month - 1]
    name = rf"(?:{full}|{short}(?![a-z]))" if full != short else full
    if short == "sep":
        name = r"(?:september|sept|sep(?![a-z]))"
    dd_end = rf"(?<!\d)0?{day.day}(?!\d){_ORD}"
    return re.compile(
        "|".join(
            (
                rf"{dd}{_SEP}*(?:of{_SEP}*)?{name}",
                rf"{name}{_SEP}*0?{day.day}(?!\d)",
                rf"{dd_end}{_SEP}+{mm}",
                rf"{mm}{_SEP}+0?{day.day}(?!\d)",
            )
        )
    )


def holds_birthday(text: str, day: Birthday | date) -> bool:
    """True when ``text`` (case folded, accents removed) holds the birthday."""
    digits, _ = birthday_forms(day)
    runs = re.findall(r"\d+", text)
    # Every digit form is 2 (the year's last two) or 4+ digits long: found at either end
    # of a run of digits. A three-digit day and month ("143") only as a whole run.
    if any(run.startswith(f) or run.endswith(f) for run in runs for f in digits):
        return True
    unpadded = f"{day.day}{day.month}"
    if len(unpadded) == 3 and unpadded in runs:
        return True
    return bool(_day_month_pattern(day).search(text))
