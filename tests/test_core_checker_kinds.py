"""The checker's mechanisms, each over generated variants (not a list of examples).

Misses: look-alike letters from other scripts and small capitals, names in scripts with
vowel signs typed as given, names glued and edited, birthdays in other digits, month
names in the organisation's languages and every order, keyboard walks on other
layouts and the number pad, keycap digits, common roots with years and symbols.
False refusals: names inside ordinary words, numbers that only look like a year,
generated passphrases. And the organisation list's limit.
"""

from __future__ import annotations

import json
import mmap
import random
import tracemalloc
import unicodedata
from datetime import date
from importlib import resources

import pytest
from hypothesis import assume, given, settings
from hypothesis import strategies as st

from desktop.core.checks.base import CheckContext, normalise
from desktop.core.checks.dates import Birthday, birthday_forms, parse_birthday
from desktop.core.checks.findings import Status
from desktop.core.checks.personal import PersonalRule
from desktop.core.checks.rootword import RootWordRule, SortedWords, common_roots
from desktop.core.kit.monthdata import month_languages
from desktop.core.lookalikes import confusables
from desktop.core.passphrase import eff_long_words
from desktop.core.policy.schema import MAX_ORG_WORDS, Policy, PolicyError, validate

PERSONAL = PersonalRule()
ROOT = RootWordRule()
FILLER = ("kettle", "orbit", "lantern", "mosaic", "harbour", "thistle", "velvet", "quarry")
NAMES = ("maisie", "oliver", "charlotte", "freddie", "harriet", "georgia", "tobias", "beatrix")
seeds = st.integers(0, 100_000)


def personal(password: str, words: tuple[str, ...] = (), org: tuple[str, ...] = ()) -> Status:
    ctx = CheckContext(normalise(password), Policy(org_words=org), words, as_typed=password)
    return PERSONAL.check(ctx).status


def root(password: str, org: tuple[str, ...] = ()) -> Status:
    ctx = CheckContext(normalise(password), Policy(org_words=org), (), as_typed=password)
    return ROOT.check(ctx).status


def among(word: str, seed: int) -> str:
    rng = random.Random(seed)
    a, b = rng.sample(FILLER, 2)
    return rng.choice(["{a}-{w}-{b}", "{a} {w} {b}", "{w}!{b}7", "{a}{w}{b}"]).format(
        a=a, b=b, w=word
    )


# Look-alikes from other scripts ------------------------------------------------------

_BY_LATIN: dict[str, list[str]] = {}
for _char, _latin in confusables().items():
    _BY_LATIN.setdefault(_latin, []).append(_char)


@settings(max_examples=200, deadline=None)
@given(st.sampled_from((*NAMES, "serco", "outlook")), st.data(), seeds)
def test_letters_from_other_scripts_and_small_capitals_are_read_as_latin(
    word: str, data: st.DataObject, seed: int
) -> None:
    spots = [i for i, ch in enumerate(word) if ch in _BY_LATIN]
    assume(spots)
    chosen = data.draw(st.lists(st.sampled_from(spots), min_size=1, unique=True))
    chars = list(word)
    for i in chosen:
        chars[i] = data.draw(st.sampled_from(_BY_LATIN[word[i]]))
    disguised = "".join(chars)
    if word in NAMES:
        assert personal(among(disguised, seed), (word.capitalize(),)) is Status.FAIL, disguised
    else:
        # An organisation word glued between words may be two ordinary words ("out",
        # "look"); with separators it stands on its own.
        password = random.Random(seed).choice(["kettle-{w}-7", "{w} orbit", "{w}2024!"])
        assert personal(password.format(w=disguised), org=(word,)) is Status.FAIL, disguised


def test_the_confusables_table_covers_cyrillic_greek_and_small_capitals() -> None:
    table = confusables()
    scripts = {unicodedata.name(c).split()[0] for c in table}
    assert {"CYRILLIC", "GREEK", "LATIN", "ARMENIAN"} <= scripts
    assert all(v.isascii() and v.isalnum() and len(v) == 1 for v in table.values())
    small = [c for c in table if "SMALL CAPITAL" in unicodedata.name(c)]
    assert len(small) >= 20


# Names in scripts with vowel signs, typed as given -----------------------------------

SCRIPT_NAMES = (
    "प्रिया",  # Devanagari
    "अर्जुन",
    "கார்த்திக்",  # Tamil
    "பிரியா",
    "সুব্রত",  # Bengali
    "অনুপম",
    "สมชาย",  # Thai
    "ประยุทธ์",
    "ਗੁਰਪ੍ਰੀਤ",  # Gurmukhi
    "ہرپریت",  # Urdu
    "Zoë",
    "Łucja",
    "Dvořák",
)


@settings(max_examples=150, deadline=None)
@given(st.sampled_from(SCRIPT_NAMES), st.sampled_from(["NFC", "NFD"]), st.booleans(), seeds)
def test_names_in_any_script_are_found_as_typed_whatever_the_composition(
    name: str, form: str, swap: bool, seed: int
) -> None:
    given_form, typed_form = (form, "NFC") if swap else ("NFC", form)
    given = unicodedata.normalize(given_form, name)
    typed = unicodedata.normalize(typed_form, name)
    rng = random.Random(seed)
    password = rng.choice(["{w}{n}!", "{a}-{w}-{b}", "{w} {a} {b}"]).format(
        w=typed, n=rng.randint(10, 99), a=rng.choice(FILLER), b=rng.choice(FILLER)
    )
    assert personal(password, (given,)) is Status.FAIL, password


# Glued to other words and edited by one letter ---------------------------------------


@settings(max_examples=200, deadline=None)
@given(
    st.sampled_from([n for n in NAMES if len(n) >= 6]),
    st.integers(1, 20),
    st.sampled_from("bdfghkmpvwyz"),
    st.sampled_from(["sub", "add", "drop"]),
    seeds,
)
def test_a_name_glued_to_other_words_and_edited_by_one_letter(
    name: str, at: int, letter: str, how: str, seed: int
) -> None:
    at = 1 + at % (len(name) - 2)  # not the first or last letter
    edited = {
        "sub": name[:at] + letter + name[at + 1 :],
        "add": name[:at] + letter + name[at:],
        "drop": name[:at] + name[at + 1 :],
    }[how]
    assume(edited != name)
    rng = random.Random(seed)
    a, b = rng.sample(FILLER, 2)
    glued = rng.choice([f"{a}{edited}{b}", f"{edited}{a}", f"{a}{edited}9"])
    assert personal(glued, (name.capitalize(),)) is Status.FAIL, glued


# Birthdays: digits of every script, month names, orders ------------------------------

DIGIT_ZEROS = (0x30, 0x660, 0x6F0, 0x966, 0x9E6, 0xA66, 0xBE6, 0xE50, 0xFF10)
dates = st.dates(min_value=date(1950, 1, 1), max_value=date(2024, 12, 31))


def in_script(text: str, zero: int) -> str:
    return "".join(chr(zero + int(c)) if c.isdigit() else c for c in text)


def keycaps(text: str) -> str:
    return "".join(c + "\ufe0f\u20e3" if c.isdigit() else c for c in text)


@settings(max_examples=200, deadline=None)
@given(dates, st.sampled_from(DIGIT_ZEROS), st.integers(0, 3), st.booleans(), seeds)
def test_a_birthday_in_any_scripts_digits_is_found(
    day: date, zero: int, how: int, caps: bool, seed: int
) -> None:
    typed = [
        f"{day.day:02d}{day.month:02d}",
        f"{day.day}/{day.month}",
        str(day.year),
        f"{day.day:02d}{day.month:02d}{day.year}",
    ][how]
    typed = keycaps(typed) if caps and zero == 0x30 else in_script(typed, zero)
    entry = in_script(f"{day.day}/{day.month}/{day.year}", random.Random(seed).choice(DIGIT_ZEROS))
    assert personal(among(typed, seed), (entry,)) is Status.FAIL, (typed, entry)


def _month_names() -> dict[str, list[list[str]]]:
    text = resources.files("desktop.core").joinpath("data/months.json").read_text("utf-8")
    return {k: v["months"] for k, v in json.loads(text).items() if not k.startswith("_")}


@settings(max_examples=300, deadline=None)
@given(dates, st.sampled_from(sorted(_month_names())), st.integers(0, 3), st.data())
def test_month_names_in_every_listed_language_and_order(
    day: date, lang: str, order: int, data: st.DataObject
) -> None:
    name = data.draw(st.sampled_from(_month_names()[lang][day.month - 1]))
    typed = [
        f"{day.day}{name}",
        f"{day.day} {name}",
        f"{name}{day.day}",
        f"{day.day:02d}-{name}-{day.year}",
    ][order]
    assert personal(f"kettle-{typed}-orbit", (f"{day.day}/{day.month}/{day.year}",)) is (
        Status.FAIL
    ), typed
    # The same date given with the month name reads back to the same day.
    parsed = parse_birthday(f"{day.day} {name} {day.year}")
    assert parsed is not None and (parsed.day, parsed.month, parsed.year) == (
        day.day,
        day.month,
        day.year,
    ), name


@settings(max_examples=200, deadline=None)
@given(dates, st.integers(0, 5))
def test_a_birthday_entry_is_read_in_every_order(day: date, order: int) -> None:
    d, m, y = day.day, day.month, day.year
    text = [
        f"{d:02d}/{m:02d}/{y}",
        f"{y}-{m:02d}-{d:02d}",
        f"{y}{m:02d}{d:02d}",
        f"{d:02d}{m:02d}{y}",
        f"{date(2000, m, 1):%B} {d}, {y}",
        f"{y} {date(2000, m, 1):%b} {d}",
    ][order]
    parsed = parse_birthday(text)
    assert parsed is not None and (parsed.day, parsed.month, parsed.year) == (d, m, y), text


@settings(max_examples=100, deadline=None)
@given(dates, st.sampled_from([".", " ", "-", ""]), seeds)
def test_months_in_roman_numerals(day: date, sep: str, seed: int) -> None:
    roman = ("I", "II", "III", "IV", "V", "VI", "VII", "VIII", "IX", "X", "XI", "XII")
    numeral = roman[day.month - 1]
    entry = f"{day.day}.{numeral}.{day.year}"
    parsed = parse_birthday(entry)
    assert parsed is not None and (parsed.day, parsed.month) == (day.day, day.month), entry
    if len(numeral) > 1:
        typed = f"{day.day}{sep}{numeral}"
        password = random.Random(seed).choice(["kettle-{t}-orbit", "{t} orbit lamp", "x{t}!"])
        assert personal(password.format(t=typed), (entry,)) is Status.FAIL, typed


def test_month_languages_are_the_data_files_and_the_default() -> None:
    assert set(Policy().month_languages) == set(month_languages())
    with pytest.raises(PolicyError, match="language codes"):
        validate({"month_languages": ["en", "xx"]}, "policy.toml")
    assert validate({"month_languages": ["en", "cy"]}, "policy.toml")["month_languages"] == (
        "en",
        "cy",
    )


# Keyboard walks and keycaps ----------------------------------------------------------

ROWS = (
    "qwertyuiop",
    "asdfghjkl",
    "zxcvbnm",
    "azertyuiop",
    "qsdfghjklm",
    "wxcvbn",
    "qwertzuiop",
    "yxcvbnm",
    "pyfgcrl",
    "aoeuidhtns",
    "qjkxbmwvz",
    "1234567890",
)
PAD_ROWS = ("789", "456", "123")
PAD_COLUMNS = ("741", "852", "963")


@settings(max_examples=200, deadline=None)
@given(st.sampled_from(ROWS), st.integers(0, 10), st.integers(6, 10), st.booleans(), seeds)
def test_walks_along_a_row_of_any_layout(
    row: str, start: int, size: int, backwards: bool, seed: int
) -> None:
    text = row[::-1] if backwards else row
    start %= max(1, len(text) - 5)
    walk = text[start : start + size]
    assume(len(walk) >= 6)
    rng = random.Random(seed)
    # A number glued to a walk of digits would be part of it: a symbol goes between.
    shapes = ["{w}", "{w}!{n}", "!{w}"] if walk.isdigit() else ["{w}", "{w}{n}", "{w}{n}!", "!{w}"]
    password = rng.choice(shapes).format(w=walk, n=rng.randint(1, 2030))
    assert root(password) is Status.FAIL, password


@settings(max_examples=100, deadline=None)
@given(st.sampled_from([PAD_ROWS, PAD_COLUMNS]), st.permutations([0, 1, 2]), st.data())
def test_number_pad_walks_with_operators(
    lines: tuple[str, ...], order: list[int], data: st.DataObject
) -> None:
    ops = data.draw(st.lists(st.sampled_from(["", "+", "-", "*", "/"]), min_size=3, max_size=3))
    walk = "".join(lines[i] + op for i, op in zip(order, ops, strict=True))
    assert root(walk) is Status.FAIL, walk


def test_keycap_digits_are_the_digits_they_show() -> None:
    assert root(keycaps("123456")) is Status.FAIL
    assert personal(f"kettle{keycaps('1403')}orbit", ("14/03/2015",)) is Status.FAIL


# Root words --------------------------------------------------------------------------

SWAPS = {"a": "@4", "e": "3", "i": "1!", "o": "0", "s": "$5", "t": "7"}


def dressed(word: str, rng: random.Random) -> str:
    chars = [rng.choice(SWAPS[c]) if c in SWAPS and rng.random() < 0.3 else c for c in word]
    out = "".join(chars)
    if rng.random() < 0.5:
        out = out.capitalize()
    front = rng.choice(["", "", "!", "1", "#1"])
    back = rng.choice(["1", "123", "2024", "!", "2023!", "99?", "@1"])
    return front + out + back


def _common_words() -> list[str]:
    raw = resources.files("desktop.core").joinpath("data/common-roots.txt").read_bytes()
    return raw.decode("utf-8").split()


COMMON_POOL = sorted(w for w in _common_words() if w.isalpha() and 5 <= len(w) <= 10)


def test_the_common_list_is_large_sorted_and_loaded_once() -> None:
    roots = common_roots()
    words = _common_words()
    assert len(roots) == len(words) >= 100_000
    assert words == sorted(words) and len(set(words)) == len(words)
    assert common_roots() is roots
    rng = random.Random(1)
    for word in rng.sample(words, 300):
        assert word in roots
        assert word + "q" not in roots or word + "q" in words
        assert word[:-1] not in roots or word[:-1] in words
    assert words[0] in roots and words[-1] in roots and "" not in roots


def test_the_common_list_is_read_from_its_file_not_kept_in_memory() -> None:
    # Mapped from the shipped file: the tray app's heap holds none of its 0.9 MB.
    tracemalloc.start()
    try:
        roots = common_roots.__wrapped__()
        assert "password" in roots and "sunshine" in roots and "zzqxv" not in roots
        held, _peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    assert held < 64 * 1024


@pytest.mark.parametrize("mapped", [True, False])
def test_a_sorted_list_finds_every_word_and_nothing_else(tmp_path, mapped: bool) -> None:
    rng = random.Random(7)
    alphabet = "abcdez"
    words = sorted({"".join(rng.choices(alphabet, k=rng.randint(1, 6))) for _ in range(400)})
    others = {"".join(rng.choices(alphabet, k=rng.randint(1, 7))) for _ in range(2000)}
    for ending in ("\n", ""):  # the last line may have no newline
        text = ("\n".join(words) + ending).encode()
        path = tmp_path / f"list{len(ending)}.txt"
        path.write_bytes(text)
        with path.open("rb") as fh:
            block = mmap.mmap(fh.fileno(), 0, access=mmap.ACCESS_READ) if mapped else text
            found = SortedWords(block)
            assert len(found) == len(words)
            assert all(word in found for word in words)
            assert not any(word in found for word in others - set(words))
            assert "" not in found and "a\nb" not in found and 5 not in found
    assert "a" not in SortedWords(b"") and len(SortedWords(b"")) == 0
    assert "b" in SortedWords(b"b") and "a" not in SortedWords(b"b")


@settings(max_examples=300, deadline=None)
@given(st.integers(0, 10**9))
def test_common_passwords_with_years_symbols_and_swaps_are_refused(seed: int) -> None:
    rng = random.Random(seed)
    pool = COMMON_POOL
    word = rng.choice(pool)
    assert root(dressed(word, rng)) is Status.FAIL, word


SEASONS_AND_MONTHS = (
    "Summer",
    "Winter",
    "Autumn",
    "Gorffennaf",
    "Hydref",
    "Wiosna",
    "Listopad",
    "Hiver",
    "Printemps",
    "Verano",
    "Dezembro",
    "Sommer",
    "Ottobre",
    "Septembrie",
)


@settings(max_examples=150, deadline=None)
@given(st.sampled_from(SEASONS_AND_MONTHS), seeds)
def test_months_and_seasons_in_the_listed_languages_are_refused(word: str, seed: int) -> None:
    assert root(dressed(word.casefold(), random.Random(seed))) is Status.FAIL, word


@settings(max_examples=100, deadline=None)
@given(st.sampled_from(["acmecorp", "brightwell", "northgate"]), seeds)
def test_organisation_words_as_roots_are_refused(word: str, seed: int) -> None:
    assert root(dressed(word, random.Random(seed)), org=(word,)) is Status.FAIL


# No false refusals -------------------------------------------------------------------

EFF = eff_long_words()
SHORT_NAMES = ("ann", "tom", "eve", "max", "amy", "ben", "sam", "liz", "ian", "dan", "ed")


@settings(max_examples=200, deadline=None)
@given(st.sampled_from(SHORT_NAMES), st.data())
def test_short_names_inside_ordinary_words_pass(name: str, data: st.DataObject) -> None:
    inside = [w for w in EFF if name in w and w != name]
    assume(inside)
    word = data.draw(st.sampled_from(inside))
    others = data.draw(st.lists(st.sampled_from(EFF), min_size=3, max_size=3))
    password = "-".join([*others[:1], word, *others[1:]])
    assert personal(password, (name.capitalize(),)) is Status.PASS, password


@settings(max_examples=300, deadline=None)
@given(dates, st.integers(0, 99), st.sampled_from(["front", "back", "middle"]), seeds)
def test_numbers_that_only_share_digits_with_a_birth_year_pass(
    day: date, other: int, where: str, seed: int
) -> None:
    yy = f"{day.year % 100:02d}"
    number = {"front": yy + f"{other:02d}", "back": f"{other:02d}" + yy, "middle": f"8{yy}3"}[where]
    # Not a form of the birthday in its own right (6100 is 6/1/00).
    digits, _ = birthday_forms(Birthday(day.day, day.month, day.year))
    assume(number not in digits)
    rng = random.Random(seed)
    words = rng.sample(EFF, 3)
    password = f"{words[0]}-{number}-{words[1]}-{words[2]}"
    assert personal(password, (f"{day.day}/{day.month}/{day.year}",)) is Status.PASS, password


@settings(max_examples=100, deadline=None)
@given(seeds)
def test_generated_passphrases_pass_the_word_rules(seed: int) -> None:
    rng = random.Random(seed)
    words = [rng.choice(EFF) for _ in range(4)]
    assume(not {"password", "outlook"} & set(words))  # default organisation words
    password = rng.choice(["-", " ", ".", ""]).join(w.capitalize() for w in words)
    names = (rng.choice(NAMES).capitalize(), "Hartley", "3/7/1998")
    assert personal(password, names, org=Policy().org_words) is Status.PASS, password
    assert root(password) is Status.PASS, password


# The organisation list's limit -------------------------------------------------------


def test_the_organisation_list_has_a_limit_with_a_clear_message() -> None:
    words = [f"word{n:04d}x" for n in range(MAX_ORG_WORDS + 1)]
    with pytest.raises(PolicyError) as caught:
        validate({"org_words": words}, "policy.toml")
    message = str(caught.value)
    assert "at most 1,000" in message and "1,001" in message and "Traceback" not in message
    assert len(validate({"org_words": words[:MAX_ORG_WORDS]}, "p")["org_words"]) == 1000
    with pytest.raises(PolicyError, match="longer than 64"):
        validate({"org_words": ["x" * 65]}, "policy.toml")


def test_every_word_of_the_largest_list_is_found_through_one_index() -> None:
    rng = random.Random(3)
    pool = sorted({w for w in EFF if len(w) >= 5})
    org = tuple(rng.sample(pool, MAX_ORG_WORDS))
    for word in rng.sample(org, 40):
        password = f"Velvet{word.capitalize()}Quarry7"
        assert personal(password, org=org) is Status.FAIL, word
        assert root(f"{word}2024!", org=org) is Status.FAIL, word


# The matcher's one-change test against a plain edit distance -------------------------


def _distance(a: str, b: str) -> int:
    row = list(range(len(b) + 1))
    for i, ca in enumerate(a, 1):
        prev, row[0] = row[0], i
        for j, cb in enumerate(b, 1):
            prev, row[j] = row[j], min(row[j] + 1, row[j - 1] + 1, prev + (ca != cb))
    return row[-1]


@settings(max_examples=500, deadline=None)
@given(st.text("abcdefg", min_size=1, max_size=9), st.text("abcdefg", min_size=1, max_size=9))
def test_within_one_is_an_edit_distance_of_at_most_one(a: str, b: str) -> None:
    from desktop.core.checks.wordmatch import within_one

    assert within_one(a, b) is (_distance(a, b) <= 1), (a, b)


def test_suggestions_never_hold_a_word_the_organisation_list_refuses() -> None:
    from desktop.core.passphrase import suggest_passphrase

    pool = ["password", "outlook", "kettle", "orbit", "lantern", "mosaic"]
    first = suggest_passphrase(4, pool, choose=lambda words: words[0])
    assert first == "kettle kettle kettle kettle"
    custom = suggest_passphrase(4, pool, choose=lambda words: words[0], avoid=("kettle",))
    assert custom == "password password password password"


@settings(max_examples=300, deadline=None)
@given(
    st.text(max_size=80),
    st.lists(st.text(max_size=30), max_size=4),
    st.lists(st.text(min_size=1, max_size=20), max_size=4),
)
def test_any_text_gets_a_finding_never_an_error(
    password: str, words: list[str], org: list[str]
) -> None:
    policy = Policy(org_words=tuple(org))
    ctx = CheckContext(normalise(password), policy, tuple(words), as_typed=password)
    for rule in (PERSONAL, ROOT):
        assert rule.check(ctx).status in (Status.PASS, Status.FAIL, Status.NOT_CHECKED)
    for entry in words:
        parse_birthday(entry)
