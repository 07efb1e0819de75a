"""Near-reuse v3 by kind of change, over generated passwords, from hashes only.

Kinds: a month or season swapped for another (in the languages of the month data), a
doubled letter added or dropped, two neighbouring letters swapped, a word added or
removed; the same for other accounts. The rule as the history decides it is checked
on the forms for many generated cases (``close``), and a sample of each kind goes
through the real Argon2id history. Records of format 2 keep working. And the same
mechanisms must not make different passwords "too close".
"""

from __future__ import annotations

import hashlib
import random
import struct

import pytest
from hypothesis import assume, given, settings
from hypothesis import strategies as st

from desktop.core.checks.base import normalise
from desktop.core.checks.ports import ReuseOutcome
from desktop.core.history import MemoryStore, PasswordHistory
from desktop.core.history.forms import FORMS_VERSION, loose_form, near_forms, word_drops
from desktop.core.history.hashing import (
    DEFAULT_PARAMS,
    MAX_DERIVATIONS,
    KdfParams,
    Tags,
    password_tags,
)
from desktop.core.history.record import Record, decode, make_head, to_text
from tests.test_history_near import SEPARATORS, WORDS

MONTHS_AND_SEASONS = (
    "January",
    "March",
    "August",
    "December",
    "Summer",
    "Winter",
    "Spring",
    "Autumn",
    "Gorffennaf",  # Welsh: July
    "Rhagfyr",  # Welsh: December
    "Wiosna",  # Polish: spring
    "Listopad",  # Polish: November
    "Printemps",
    "Hiver",
    "Verano",
    "Oktober",
)


def close(a: str, b: str) -> bool:
    """Too close as the history decides it (less 4-byte tag collisions)."""
    a, b = normalise(a), normalise(b)
    if a == b or set(near_forms(a)) & set(near_forms(b)):
        return True
    # A word more in ``b`` (its drops meet a's loose form), or a word fewer.
    return loose_form(a) in word_drops(b) or loose_form(b) in word_drops(a)


def build(words: list[str], sep: str, number: str) -> str:
    return sep.join(w.capitalize() for w in words) + number


words_st = st.lists(st.sampled_from(WORDS), min_size=2, max_size=4, unique=True)
sep_st = st.sampled_from(SEPARATORS[:4])
number_st = st.sampled_from(["", "7", "2024", "!", "99?"])


@settings(max_examples=150, deadline=None)
@given(
    words_st,
    sep_st,
    number_st,
    st.sampled_from(MONTHS_AND_SEASONS),
    st.sampled_from(MONTHS_AND_SEASONS),
    st.integers(0, 3),
)
def test_a_month_or_season_swapped_is_too_close(
    words: list[str], sep: str, number: str, first: str, second: str, at: int
) -> None:
    assume(first != second)
    at %= len(words) + 1
    before = build([*words[:at], first, *words[at:]], sep, number)
    after = build([*words[:at], second, *words[at:]], sep, number)
    assert close(before, after), (before, after)


@settings(max_examples=200, deadline=None)
@given(words_st, sep_st, number_st, st.data())
def test_a_doubled_letter_added_or_dropped_is_too_close(
    words: list[str], sep: str, number: str, data: st.DataObject
) -> None:
    which = data.draw(st.integers(0, len(words) - 1))
    word = words[which]
    at = data.draw(st.integers(0, len(word) - 1))
    doubled = word[: at + 1] + word[at] + word[at + 1 :]
    changed = [*words[:which], doubled, *words[which + 1 :]]
    assert close(build(words, sep, number), build(changed, sep, number)), doubled


@settings(max_examples=200, deadline=None)
@given(words_st, sep_st, number_st, st.data())
def test_two_neighbouring_letters_swapped_are_too_close(
    words: list[str], sep: str, number: str, data: st.DataObject
) -> None:
    which = data.draw(st.integers(0, len(words) - 1))
    word = words[which]
    at = data.draw(st.integers(0, len(word) - 2))
    swapped = word[:at] + word[at + 1] + word[at] + word[at + 2 :]
    assume(swapped != word)
    changed = [*words[:which], swapped, *words[which + 1 :]]
    assert close(build(words, sep, number), build(changed, sep, number)), swapped


@settings(max_examples=200, deadline=None)
@given(
    st.lists(st.sampled_from(WORDS), min_size=3, max_size=4, unique=True),
    sep_st,
    number_st,
    st.data(),
)
def test_a_word_added_or_removed_is_too_close(
    words: list[str], sep: str, number: str, data: st.DataObject
) -> None:
    at = data.draw(st.integers(0, len(words) - 1))
    fewer = words[:at] + words[at + 1 :]
    full, short = build(words, sep, number), build(fewer, sep, number)
    assert close(full, short), (full, short)  # a word removed
    assert close(short, full), (short, full)  # a word added


@settings(max_examples=300, deadline=None)
@given(
    st.lists(st.sampled_from(WORDS), min_size=6, max_size=6, unique=True),
    sep_st,
    number_st,
    number_st,
    st.integers(2, 3),
)
def test_one_word_changed_or_two_words_apart_is_not_too_close(
    words: list[str], sep: str, n1: str, n2: str, size: int
) -> None:
    # Same size, one word different: not a word added or removed.
    first = build(words[:size], sep, n1)
    second = build([*words[: size - 1], words[5]], sep, n2)
    assert not close(first, second), (first, second)
    # Two words added: too far apart.
    assert not close(build(words[:2], sep, n1), build(words[:4], sep, n2))


# Through the real history: Argon2id, a memory store, tags only. ----------------------


def counting(spent: list[int]):  # type: ignore[no-untyped-def]
    def tagger(params: KdfParams, salt: bytes, password: str, legacy: int) -> Tags:
        tags = password_tags(params, salt, password, legacy)
        spent.append(tags.derivations)
        return tags

    return tagger


PAIRS = [
    ("Kettle-Summer-2024", "Kettle-Winter-2025"),
    ("Orbit.Gorffennaf.Lamp", "Orbit.Rhagfyr.Lamp"),
    ("Harbour-Kettle-9", "Harbour-Ketle-9"),
    ("Lantern Velvet 44", "Lantern Velevt 44"),
    ("Mosaic-Quarry-Nimbus", "Mosaic-Quarry"),
    ("Copper_Falcon", "Copper_Falcon_Garnet"),
]


@pytest.mark.parametrize(("earlier", "new"), PAIRS)
def test_each_kind_through_the_real_history_and_accounts(earlier: str, new: str) -> None:
    spent: list[int] = []
    history = PasswordHistory(MemoryStore(), 24, tagger=counting(spent))
    history.add_password(earlier)
    history.add_account("Work email", "Walnut-Parsnip-Cactus-71")
    history.add_account("Bank", earlier)
    spent.clear()
    assert history.check_reuse(new).outcome is ReuseOutcome.NEAR
    assert max(spent) <= MAX_DERIVATIONS
    other = PasswordHistory(MemoryStore(), 24)
    other.add_account("Bank", earlier)
    verdict = other.check_reuse(new)
    assert (verdict.outcome, verdict.label) == (ReuseOutcome.ACCOUNT_NEAR, "Bank")
    assert other.accounts_sharing(new) == ["Bank"]
    assert other.check_reuse("Dolphin Juniper Badger 3").outcome is ReuseOutcome.NONE


def test_the_cost_of_a_check_is_flat_in_depth() -> None:
    spent: list[int] = []
    history = PasswordHistory(MemoryStore(), 24, tagger=counting(spent))
    rng = random.Random(4)
    per_check = []
    for n in range(24):
        history.add_password("-".join(rng.sample(WORDS, 3)) + str(n))
        spent.clear()
        history.check_reuse("Walnut-Parsnip-Cactus-Meadow")
        per_check.append(sum(spent))
    assert set(per_check) == {per_check[0]} and per_check[0] <= MAX_DERIVATIONS


def _format_2_record(passwords: list[str], salt: bytes) -> bytes:
    """Bytes laid out as format 2 wrote them: forms version 2 in every entry."""
    from desktop.core.history.forms import near_forms_v2
    from desktop.core.history.hashing import NEAR_TAG_BYTES, _tag, derive

    body = bytearray(
        struct.pack(
            ">2sBBIBB16sBB",
            b"HH",
            2,
            0,
            DEFAULT_PARAMS.memory_kib,
            DEFAULT_PARAMS.iterations,
            DEFAULT_PARAMS.lanes,
            salt,
            len(passwords),
            0,
        )
    )
    for password in passwords:
        exact = _tag(derive(DEFAULT_PARAMS, salt, password), b"hygiene-helper exact v1", 8)
        near = [
            _tag(derive(DEFAULT_PARAMS, salt, f), b"hygiene-helper near v1", NEAR_TAG_BYTES)
            for f in near_forms_v2(password)
        ]
        body += struct.pack(">HB", 20_000, 2 << 4 | len(near)) + exact + b"".join(near)
    return bytes(body) + hashlib.blake2b(bytes(body), digest_size=16).digest()


def test_a_format_2_record_keeps_working() -> None:
    salt = bytes(range(16))
    raw = _format_2_record(["Lantern-Orbit-Kettle", "Cobalt9Pigeon"], salt)
    assert all(e.forms == 2 for e in decode(raw).entries)
    store = MemoryStore(make_head("a", 1, to_text(raw)))
    spent: list[int] = []
    history = PasswordHistory(store, 24, tagger=counting(spent))
    assert history.check_reuse("Lantern-Orbit-Kettle").outcome is ReuseOutcome.EXACT
    assert history.check_reuse("Orbit-Kettle-Lantern").outcome is ReuseOutcome.NEAR  # v2 words
    assert history.check_reuse("Cobalt10Pigeon").outcome is ReuseOutcome.NEAR
    assert history.check_reuse("Walnut Parsnip Cactus").outcome is ReuseOutcome.NONE
    assert max(spent) <= MAX_DERIVATIONS
    history.add_password("Mosaic-Quarry-Nimbus")
    record = store.read()
    assert isinstance(record, Record)
    assert [e.forms for e in record.entries] == [2, 2, FORMS_VERSION]
    assert history.check_reuse("Mosaic-Quarry").outcome is ReuseOutcome.NEAR  # v3 drops
    assert history.check_reuse("Kettle-Lantern-Orbit").outcome is ReuseOutcome.NEAR
