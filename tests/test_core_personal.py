"""Personal and organisation words, by kind of disguise, over generated cases.

Each test builds passwords the way people disguise a name or date (accents, parts of a
name, look-alike swaps from the shared table, separators inside the word, one letter
changed, a birthday written many ways) and checks the rule still sees it; and builds
passphrases where the word only sits inside a longer ordinary word, which must pass.
"""

from __future__ import annotations

import random
from datetime import date

import pytest
from hypothesis import assume, given, settings
from hypothesis import strategies as st
from zxcvbn.frequency_lists import FREQUENCY_LISTS

from desktop.core.checks.base import CheckContext, normalise
from desktop.core.checks.findings import Status
from desktop.core.checks.personal import PersonalRule, parse_birthday
from desktop.core.lookalikes import LOOKALIKES
from desktop.core.passphrase import eff_long_words
from desktop.core.policy.schema import Policy


def eff_real_words() -> set[str]:
    return {w.replace("-", "") for w in eff_long_words()}


RULE = PersonalRule()
FILLER = ("kettle", "orbit", "lantern", "mosaic", "harbour", "thistle", "velvet", "quarry")
NAMES = ("maisie", "oliver", "charlotte", "freddie", "harriet", "georgia", "tobias", "beatrix")
ACCENTED = {"zoë": "zoe", "chloé": "chloe", "renée": "renee", "józef": "jozef", "søren": "soren"}
ENGLISH = set(FREQUENCY_LISTS["english_wikipedia"]) | set(FREQUENCY_LISTS["us_tv_and_film"])
# Every word the rule itself counts as real (zxcvbn's lists and the EFF long list): an
# edit that makes one of these is another word, not the name disguised.
REAL = (
    ENGLISH
    | eff_real_words()
    | {w for k in ("female_names", "male_names", "surnames") for w in FREQUENCY_LISTS[k]}
)
MONTHS = [date(2001, m, 1).strftime("%B") for m in range(1, 13)]


def status(
    password: str, words: tuple[str, ...] = (), org: tuple[str, ...] | None = None
) -> Status:
    policy = Policy() if org is None else Policy(org_words=org)
    return RULE.check(CheckContext(normalise(password), policy, words)).status


def around(word: str, seed: int, number: bool = True) -> str:
    """``word`` among ordinary words, with a number next to it unless ``number`` is False
    (a birthday with more digits glued on is another number: "January188")."""
    rng = random.Random(seed)
    before, after = rng.sample(FILLER, 2)
    shapes = ["{a}-{w}-{b}", "{a} {w} {b}", "{w}!{b}"]
    if number:
        shapes += ["{w}{n}{a}", "{a}{n}-{w}"]
    return rng.choice(shapes).format(a=before, b=after, w=word, n=rng.randint(0, 99))


seeds = st.integers(0, 10_000)


@settings(max_examples=100, deadline=None)
@given(st.sampled_from(sorted(ACCENTED.items())), seeds, st.booleans())
def test_accents_are_folded_both_ways(pair: tuple[str, str], seed: int, flip: bool) -> None:
    given_word, typed = pair if not flip else pair[::-1]
    assert status(around(typed.capitalize(), seed), (given_word.capitalize(),)) is Status.FAIL


@settings(max_examples=100, deadline=None)
@given(st.sampled_from(NAMES), st.sampled_from(NAMES), st.sampled_from("- '’"), seeds)
def test_names_are_split_and_tried_whole(first: str, second: str, sep: str, seed: int) -> None:
    assume(first != second)
    entry = f"{first.capitalize()}{sep}{second.capitalize()}"
    for part in (first, second, first + second):
        assert status(around(part, seed), (entry,)) is Status.FAIL, (entry, part)


SWAPS: dict[str, list[str]] = {}
for symbol, letters in LOOKALIKES.items():
    for ch in letters:
        SWAPS.setdefault(ch, []).append(symbol)


@settings(max_examples=200, deadline=None)
@given(st.sampled_from(NAMES), st.data(), seeds)
def test_every_swap_in_the_shared_table_is_undone(
    name: str, data: st.DataObject, seed: int
) -> None:
    chars = list(name)
    spots = [i for i, ch in enumerate(chars) if ch in SWAPS]
    for i in data.draw(st.lists(st.sampled_from(spots), unique=True)) if spots else []:
        chars[i] = data.draw(st.sampled_from(SWAPS[chars[i]]))
    disguised = "".join(chars)
    assert status(around(disguised, seed), (name.capitalize(),)) is Status.FAIL, disguised


@pytest.mark.parametrize(
    ("typed", "given_word"), [("!", "i"), ("8", "b"), ("|", "l"), ("6", "g"), ("+", "t")]
)
def test_the_swaps_the_issue_found_missing(typed: str, given_word: str) -> None:
    name = {"i": "maisie", "b": "bobby", "l": "liverpool", "g": "george", "t": "kitten"}[given_word]
    assert status("x-" + name.replace(given_word, typed) + "-lamp", (name,)) is Status.FAIL


@settings(max_examples=150, deadline=None)
@given(st.sampled_from((*NAMES, "cardiff", "swansea")), st.sampled_from(".-_ *"), st.data())
def test_separators_inside_a_word_are_ignored(name: str, sep: str, data: st.DataObject) -> None:
    cuts = data.draw(st.lists(st.integers(1, len(name) - 1), min_size=1, unique=True))
    split = "".join(sep + ch if i in cuts else ch for i, ch in enumerate(name))
    assert status(f"kettle-{split}-9", (name,)) is Status.FAIL, split


@settings(max_examples=200, deadline=None)
@given(
    st.sampled_from(NAMES),
    st.integers(0, 20),
    st.sampled_from("abcdefghjkmnpqrsuvwxyz"),
    st.sampled_from(["sub", "add", "drop"]),
    seeds,
)
def test_one_letter_changed_in_a_word_of_five_or_more(
    name: str, at: int, letter: str, how: str, seed: int
) -> None:
    at %= len(name)
    edited = {
        "sub": name[:at] + letter + name[at + 1 :],
        "add": name[:at] + letter + name[at:],
        "drop": name[:at] + name[at + 1 :],
    }[how]
    assume(edited != name and edited not in REAL)
    assert status(f"kettle-{edited.capitalize()}-orbit", (name,)) is Status.FAIL, edited


def test_a_changed_letter_that_makes_another_real_word_is_not_the_word() -> None:
    assert status("big-window-seat", org=("windows",)) is Status.PASS
    assert status("james-kettle-lamp", ("Jamie",)) is Status.PASS


# birthdays ----------------------------------------------------------------------------

dates = st.dates(min_value=date(1950, 1, 1), max_value=date(2024, 12, 31))


def ordinal(n: int) -> str:
    return (
        f"{n}th"
        if 4 <= n <= 20
        else f"{n}{['th', 'st', 'nd', 'rd'][n % 10] if n % 10 < 4 else 'th'}"
    )


def written(day: date, how: int) -> str:
    month = MONTHS[day.month - 1]
    return [
        f"{day.day:02d}/{day.month:02d}/{day.year}",
        f"{day.day}.{day.month}.{day.year % 100:02d}",
        f"{day.year}-{day.month}-{day.day}",
        f"{ordinal(day.day)} {month} {day.year}",
        f"{month} {day.day}, {day.year}",
        f"{day.day} {month[:3]} {day.year % 100:02d}",
        f"{day.day} {month}",
    ][how]


def day_month_forms(day: date) -> list[str]:
    month = MONTHS[day.month - 1]
    return [
        f"{day.day}{month[:3]}",
        f"{day.day:02d}{month[:3].lower()}",
        f"{month}{day.day}",
        f"{month[:3]}{day.day:02d}",
        f"{day.day:02d}/{day.month:02d}",
        f"{day.day}-{day.month}",
        f"{day.day:02d}{day.month:02d}",
        f"{day.day}th-{month.lower()}",
    ]


@settings(max_examples=300, deadline=None)
@given(dates, st.integers(0, 6), st.integers(0, 7), seeds)
def test_a_birthdays_day_and_month_are_found_in_every_common_form(
    day: date, how: int, form: int, seed: int
) -> None:
    entry = written(day, how)
    parsed = parse_birthday(entry)
    assert parsed is not None and (parsed.day, parsed.month) == (day.day, day.month), entry
    typed = day_month_forms(day)[form]
    assert status(around(typed, seed, number=False), (entry,)) is Status.FAIL, (entry, typed)


@settings(max_examples=100, deadline=None)
@given(dates, st.integers(0, 5), seeds)
def test_a_birthdays_year_is_found(day: date, how: int, seed: int) -> None:
    assert status(around(str(day.year), seed), (written(day, how),)) is Status.FAIL


def test_the_issues_birthday_examples() -> None:
    for entry in ("14th March 2015", "March 14, 2015", "14 Mar 15", "2015-3-14", "14/03/2015"):
        for typed in ("14Mar", "March14", "14/03", "kettle2015"):
            assert status(f"orbit-{typed}-lamp", (entry,)) is Status.FAIL, (entry, typed)


# inside ordinary words ----------------------------------------------------------------

ORDINARY = sorted(w for w in ENGLISH if 8 <= len(w) <= 14 and w.isalpha())


def _containers(word: str) -> list[str]:
    return [w for w in ORDINARY if word in w and w != word and not w.startswith(word + "s")]


@pytest.mark.parametrize("word", ["teams", "office", "windows", "login", "skills", "outlook"])
def test_organisation_words_inside_ordinary_words_pass(word: str) -> None:
    found = _containers(word)[:15]
    for container in found:
        assert status(f"{container}-kettle-orbit", org=(word,)) is Status.PASS, container
    assert status("steamship-orbit-lamp") is Status.PASS
    assert status("officer-kettle-lamp") is Status.PASS
    assert status("windowsill-kettle-lamp") is Status.PASS


@settings(max_examples=150, deadline=None)
@given(st.sampled_from(["ann", "tom", "eve", "max", "amy", "ben", "sam", "liz"]), st.data())
def test_three_letter_names_count_only_as_whole_tokens(name: str, data: st.DataObject) -> None:
    inside = [w for w in ORDINARY if name in w]
    assume(inside)
    container = data.draw(st.sampled_from(inside))
    assert status(f"{container}-kettle-orbit", (name.capitalize(),)) is Status.PASS, container
    assert status(f"kettle-{name}-orbit", (name.capitalize(),)) is Status.FAIL
    assert status(f"Kettle{name.capitalize()}Orbit", (name.capitalize(),)) is Status.FAIL


@settings(max_examples=100, deadline=None)
@given(st.sampled_from(NAMES), st.sampled_from(FILLER), st.booleans())
def test_a_name_glued_to_another_word_still_counts(name: str, other: str, first: bool) -> None:
    glued = name + other if first else other + name
    assert status(glued + "7", (name.capitalize(),)) is Status.FAIL, glued


def test_organisation_words_standing_alone_still_count() -> None:
    for password in ("office2024!", "myofficepass", "T3ams-kettle-orbit", "S3rco-kettle-lantern"):
        assert status(password) is Status.FAIL, password
