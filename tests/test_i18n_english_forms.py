"""British English dates, times, numbers and lists are written by the app itself (so the
first list of names does not load Babel's locale data, about 4 MiB, for the life of the
tray app): each form the app uses gives exactly Babel's en_GB text, over whole years of
dates, every minute of a day, numbers of every size and lists of every length; another
language still goes through Babel; and English formatting loads no Babel at all."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
from babel.dates import format_date, format_skeleton, format_time
from babel.lists import format_list
from babel.numbers import format_decimal

from desktop.core.kit import i18n
from tests.support import loaded_after

ROOT = Path(__file__).resolve().parents[1]
EN = i18n.ENGLISH
GB = "en_GB"
DAYS = [dt.date(2023, 1, 1) + dt.timedelta(days=k) for k in range(2 * 366 + 1)]


@pytest.mark.parametrize("form", ["long", "medium", "short", "EEEE"])
def test_every_day_of_two_years_reads_as_babel_writes_it(form: str) -> None:
    assert [EN.date(d, form) for d in DAYS] == [format_date(d, form, locale=GB) for d in DAYS]


@pytest.mark.parametrize("skeleton", ["dMMMM", "dMMMMy"])
def test_day_and_month_read_as_babel_writes_them(skeleton: str) -> None:
    ours = [EN.skeleton(d, skeleton) for d in DAYS]
    assert ours == [format_skeleton(skeleton, d, locale=GB) for d in DAYS]


def test_every_minute_of_a_day_reads_as_babel_writes_it() -> None:
    moments = [dt.datetime(2026, 3, 29, h, m, 59) for h in range(24) for m in range(60)]
    assert [EN.time(t) for t in moments] == [format_time(t, "short", locale=GB) for t in moments]
    assert EN.time(dt.time(7, 5)) == format_time(dt.time(7, 5), "short", locale=GB)


def test_whole_numbers_of_every_size_read_as_babel_writes_them() -> None:
    numbers: list[float] = [0, 1, -1, 7, 999, 1000, -1000, 12_345, 10**6, 10**12 + 7]
    numbers += [float(n) for n in numbers] + [2.0, -3.0, -0.0, 1e20]
    assert [EN.number(n) for n in numbers] == [format_decimal(n, locale=GB) for n in numbers]
    # A fraction is still Babel's to write.
    assert EN.number(12.3456) == format_decimal(12.3456, locale=GB) == "12.346"


@pytest.mark.parametrize("style", ["standard", "or"])
def test_lists_of_every_length_read_as_babel_writes_them(style: str) -> None:
    names = ["“Long enough”", "ufw", "ClamAV, Sophos", "B", "C"]
    for k in range(len(names) + 1):
        words = names[:k]
        expected = format_list(words, style=style, locale=GB) if words else ""
        assert EN.join(words, style) == expected


def test_another_language_is_still_written_by_babel() -> None:
    welsh = i18n.load("cy")
    assert welsh.date(dt.date(2024, 6, 30)) == "30 Mehefin 2024"
    assert welsh.join(["A", "B", "C"]) == format_list(["A", "B", "C"], locale=welsh.locale_code)


def test_english_formatting_loads_no_babel() -> None:
    code = (
        "import datetime as dt\n"
        "from desktop.core.kit import i18n\n"
        "i18n.join(['a', 'b', 'c']); i18n.date(dt.date(2026, 1, 2)); i18n.number(1234)\n"
        "i18n.time(dt.datetime(2026, 1, 2, 3, 4)); i18n.skeleton(dt.date(2026, 1, 2), 'dMMMM')\n"
    )
    loaded = loaded_after(code)
    assert "desktop.core.kit.i18n" in loaded
    assert sorted(m for m in loaded if m.split(".")[0] == "babel") == []
