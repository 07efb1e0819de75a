"""Near-reuse by kind of change, over generated passwords, and no false "too close".

Two passwords are too close when their near forms meet (the history compares tags of
those forms, so this is what it decides, less 4-byte tag collisions). The generated
cases follow the kinds people use: words reordered, a number changed anywhere, ``1``
``l`` and ``i`` swapped, a leading look-alike digit, one letter changed in the middle.
A few cases then go through the real Argon2id history, including a record written by
version 1.
"""

from __future__ import annotations

import hashlib
import struct
from datetime import date

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from desktop.core.checks.base import normalise
from desktop.core.checks.ports import ReuseOutcome
from desktop.core.history import MemoryStore, PasswordHistory
from desktop.core.history.forms import FORMS_VERSION, LETTER_MIN, near_forms, near_forms_v1
from desktop.core.history.hashing import DEFAULT_PARAMS, MAX_DERIVATIONS, KdfParams, Tags
from desktop.core.history.hashing import password_tags as real_tags
from desktop.core.history.record import Entry, Record, decode, make_head, to_text

# Ordinary words, no two of them one letter apart, none inside another.
WORDS = (
    "lantern",
    "orbit",
    "kettle",
    "cobalt",
    "pigeon",
    "harbour",
    "thistle",
    "mosaic",
    "velvet",
    "quarry",
    "nimbus",
    "saffron",
    "willow",
    "zephyr",
    "falcon",
    "garnet",
    "meadow",
    "copper",
    "badger",
    "cactus",
    "dolphin",
    "juniper",
    "walnut",
    "parsnip",
)
SEPARATORS = ("-", " ", "_", ".", "", "+")


def close(a: str, b: str) -> bool:
    a, b = normalise(a), normalise(b)
    return a == b or bool(set(near_forms(a)) & set(near_forms(b)))


def styled(word: str, how: int) -> str:
    return (word, word.capitalize(), word.upper())[how % 3]


words_st = st.lists(st.sampled_from(WORDS), min_size=2, max_size=4, unique=True)
style_st = st.integers(0, 2)
number_st = st.integers(0, 99999).map(str)


@settings(max_examples=150, deadline=None)
@given(words_st, st.sampled_from(SEPARATORS[:4]), style_st, st.data())
def test_reordered_words_are_too_close(
    words: list[str], sep: str, how: int, data: st.DataObject
) -> None:
    order = data.draw(st.permutations(words))
    tail = data.draw(st.sampled_from(["", "!", "7", "2024"]))
    first = sep.join(styled(w, how) for w in words) + tail
    second = data.draw(st.sampled_from(SEPARATORS[:4])).join(styled(w, how) for w in order) + tail
    assert close(first, second), (first, second)


@settings(max_examples=150, deadline=None)
@given(words_st, st.sampled_from(SEPARATORS), number_st, number_st, st.data())
def test_a_changed_number_anywhere_is_too_close(
    words: list[str], sep: str, old: str, new: str, data: st.DataObject
) -> None:
    at = data.draw(st.integers(0, len(words)))
    symbol = data.draw(st.sampled_from(["", "!", "#", "?"]))

    def build(number: str) -> str:
        parts = [w.capitalize() for w in words]
        parts.insert(at, number + symbol)
        return sep.join(parts)

    assert close(build(old), build(new)), (build(old), build(new))


LOOK_ALIKE_I = ("1", "l", "i", "!", "|")


@settings(max_examples=150, deadline=None)
@given(words_st, st.sampled_from(SEPARATORS[:4]), st.data())
def test_one_l_and_i_look_alikes_are_too_close(
    words: list[str], sep: str, data: st.DataObject
) -> None:
    text = sep.join(words)
    spots = [i for i, ch in enumerate(text) if ch in "li"]
    if not spots:
        text += sep + "lily"
        spots = [i for i, ch in enumerate(text) if ch in "li"]
    at = data.draw(st.sampled_from(spots))
    swapped = text[:at] + data.draw(st.sampled_from(LOOK_ALIKE_I)) + text[at + 1 :]
    assert close(text, swapped), (text, swapped)


LEADING = {"o": "0", "i": "1", "l": "1", "e": "3", "a": "4", "s": "5", "t": "7", "b": "8"}


@settings(max_examples=100, deadline=None)
@given(
    st.sampled_from(["oxbow", "otter", "island", "eagle", "amber", "saffron", "badger", "tulip"]),
    st.sampled_from(["", "1", "22", "!"]),
    st.sampled_from(["", "3", "99", "?"]),
)
def test_a_leading_look_alike_digit_is_too_close(word: str, end1: str, end2: str) -> None:
    digit = LEADING[word[0]]
    disguised = digit + word[1:]
    assert close(disguised + end1, word + end2), (disguised + end1, word + end2)
    # Read as a number in front of the rest, it still matches the rest.
    if len(word) > 4:
        assert close(disguised, word[1:]), (disguised, word[1:])


@settings(max_examples=150, deadline=None)
@given(words_st, st.sampled_from(SEPARATORS[:4]), number_st, st.data())
def test_a_changed_middle_letter_is_too_close(
    words: list[str], sep: str, number: str, data: st.DataObject
) -> None:
    text = sep.join(w.capitalize() for w in words) + number
    letters = [i for i, ch in enumerate(text) if ch.isalpha()]
    if len(letters) < LETTER_MIN:
        return
    at = letters[len(letters) // 2]
    other = data.draw(st.sampled_from([c for c in "bdfkmqrwxz" if c != text[at].lower()]))
    changed = text[:at] + other + text[at + 1 :]
    assert close(text, changed), (text, changed)


# Different passwords that share exactly one word with an earlier one. -----------------

PAIRS = [
    ("Lantern-Orbit-Kettle", "Lantern-Mosaic-Velvet"),
    ("Cobalt9Pigeon", "Cobalt9Harbour"),
    ("Summer2024!Beach-Hut", "Summer2024!Garden-Shed"),
    ("kettle orbit lantern", "kettle mosaic harbour"),
    ("P@ssw0rd-Autumn", "P@ssw0rd-Thistle"),
    ("Wh1stle-Otter-07!", "Wh1stle-Badger-07!"),
    ("Blue-Otter-River-88", "Green-Otter-Meadow-88"),
    ("MosaicHarbour42", "MosaicQuarry42"),
    ("velvet.quarry.nimbus", "velvet.falcon.garnet"),
    ("Saffron_Willow_9", "Saffron_Copper_9"),
    ("zephyr falcon 2021", "zephyr dolphin 2021"),
    ("Juniper+Walnut!", "Juniper+Parsnip!"),
    ("CactusBadger", "CactusMeadow"),
    ("Orbit1Lantern2", "Orbit1Copper2"),
    ("thistle-garnet-pigeon-7", "thistle-cobalt-kettle-7"),
    ("Meadow Copper Falcon", "Meadow Nimbus Quarry"),
    ("Pigeon2019Harbour", "Pigeon2019Thistle"),
    ("falcon!mosaic", "falcon!saffron"),
    ("Badger-Cactus-Dolphin-3", "Badger-Walnut-Juniper-3"),
    ("orbitvelvet99", "orbitwillow99"),
    ("Kettle.Zephyr", "Kettle.Garnet"),
    ("Dolphin 5 Parsnip", "Dolphin 5 Lantern"),
    ("1Harbour-Quarry", "1Harbour-Meadow"),
    ("Garnet_Falcon_2024!", "Garnet_Cactus_2024!"),
    ("nimbus-orbit-copper", "nimbus-badger-walnut"),
    ("Willow&Mosaic", "Willow&Pigeon"),
    ("Walnut-Kettle-Otter", "Walnut-Zephyr-Juniper"),
    ("Quarry77Thistle", "Quarry77Dolphin"),
    ("Saffron-Lantern", "Saffron-Cobalt"),
    ("copper kettle velvet", "copper falcon parsnip"),
    ("Juniper2020", "Juniper-Meadow-2020"),
    ("Cobalt-Orbit-!", "Cobalt-Nimbus-!"),
    ("Otter-Lantern", "Lantern-Badger"),
    ("Eagle-Saffron-3", "3agle-Willow-3"),
]


@pytest.mark.parametrize(("earlier", "new"), PAIRS)
def test_different_passwords_sharing_one_word_are_not_too_close(earlier: str, new: str) -> None:
    assert not close(earlier, new)


@settings(max_examples=300, deadline=None)
@given(
    st.lists(st.sampled_from(WORDS), min_size=3, max_size=5, unique=True),
    st.sampled_from(SEPARATORS[:4]),
    st.sampled_from(["", "1", "2024", "!"]),
    st.sampled_from(["", "7", "99", "?"]),
    st.data(),
)
def test_generated_passwords_sharing_one_word_are_not_too_close(
    words: list[str], sep: str, end1: str, end2: str, data: st.DataObject
) -> None:
    shared, rest = words[0], words[1:]
    cut = data.draw(st.integers(1, len(rest) - 1))
    mine, theirs = [shared, *rest[:cut]], [shared, *rest[cut:]]
    first = sep.join(data.draw(st.permutations(mine))) + end1
    second = sep.join(data.draw(st.permutations(theirs))) + end2
    assert not close(first, second), (first, second)


# Through the real history (Argon2id, memory store). ---------------------------------


def counting(spent: list[int]):  # type: ignore[no-untyped-def]
    def tagger(params: KdfParams, salt: bytes, password: str, legacy: bool) -> Tags:
        tags = real_tags(params, salt, password, legacy)
        spent.append(tags.derivations)
        return tags

    return tagger


def test_the_history_catches_each_kind_within_eight_derivations() -> None:
    spent: list[int] = []
    history = PasswordHistory(MemoryStore(), 24, tagger=counting(spent))
    for earlier in ("Lantern-Orbit-Kettle", "Cobalt9Pigeon", "Summer2024!Beach-Hut", "0xbow1"):
        history.add_password(earlier)
    for variant in (
        "Orbit-Lantern-Kettle",
        "Cobalt10Pigeon",
        "Summer2025!Beach-Hut",
        "oxbow2",
        "Lantern-0rbit-Kett1e",
        "Lantern-Orpit-Kettle",  # the middle letter changed
    ):
        spent.clear()
        assert history.check_reuse(variant).outcome is ReuseOutcome.NEAR, variant
        assert sum(spent) <= MAX_DERIVATIONS
    assert history.check_reuse("Lantern-Mosaic-Velvet").outcome is ReuseOutcome.NONE


def _version_1_record(passwords: list[str], salt: bytes) -> bytes:
    """Bytes laid out as version 1 wrote them: count byte alone, v1 forms."""
    body = bytearray(
        struct.pack(
            ">2sBBIBB16sBB",
            b"HH",
            1,
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
        tags = real_tags(DEFAULT_PARAMS, salt, password, legacy=True)
        assert len(tags.near_v1) == len(near_forms_v1(password))
        body += struct.pack(">HB", 20_000, len(tags.near_v1)) + tags.exact + b"".join(tags.near_v1)
    return bytes(body) + hashlib.blake2b(bytes(body), digest_size=16).digest()


def test_a_record_written_by_version_1_is_still_compared_like_with_like() -> None:
    salt = bytes(range(16))
    raw = _version_1_record(["Summer2024!", "P@ssw0rd-Autumn"], salt)
    assert all(e.forms == 1 for e in decode(raw).entries)
    store = MemoryStore(make_head("a", 1, to_text(raw)))
    spent: list[int] = []
    history = PasswordHistory(store, 24, tagger=counting(spent))
    assert history.check_reuse("Summer2024!").outcome is ReuseOutcome.EXACT
    assert history.check_reuse("Summer2025!").outcome is ReuseOutcome.NEAR  # via v1 forms
    assert history.check_reuse("password-autumn").outcome is ReuseOutcome.NEAR
    assert history.check_reuse("kettle orbit lantern").outcome is ReuseOutcome.NONE
    assert max(spent) <= MAX_DERIVATIONS
    # A new password is stored with the new forms; the old entries keep theirs.
    history.add_password("Lantern-Orbit-Kettle")
    record = store.read()
    assert isinstance(record, Record)
    assert [e.forms for e in record.entries] == [1, 1, FORMS_VERSION]
    assert history.check_reuse("Orbit-Lantern-Kettle").outcome is ReuseOutcome.NEAR
    assert history.check_reuse("Summer2026!").outcome is ReuseOutcome.NEAR
    assert isinstance(record.entries[0], Entry) and record.entries[0].added > date(2000, 1, 1)
