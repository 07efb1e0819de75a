"""The record format, the near-reuse forms and the hashing, without any keyring."""

from __future__ import annotations

import base64
import hashlib
from datetime import date

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from desktop.core.checks.ports import ReuseOutcome
from desktop.core.history import MemoryStore, PasswordHistory
from desktop.core.history.errors import HistoryError, RecordDamaged, RecordTooNew
from desktop.core.history.forms import MAX_FORMS, MIN_FORM_LENGTH, near_forms, near_forms_v2
from desktop.core.history.hashing import (
    DEFAULT_PARAMS,
    MAX_DERIVATIONS,
    OWASP_MINIMUM,
    KdfParams,
    Tags,
    password_tags,
)
from desktop.core.history.keyring_store import MAX_ENTRY_CHARS, MAX_PARTS
from desktop.core.history.record import (
    MAX_ACCOUNTS,
    MAX_ENTRIES,
    VERSION,
    Account,
    Entry,
    Record,
    decode,
    encode,
    make_head,
    to_text,
)

SALT = bytes(range(16))
tag8 = st.binary(min_size=8, max_size=8)
tag4 = st.binary(min_size=4, max_size=4)
days = st.dates(min_value=date(1970, 1, 1), max_value=date(2149, 1, 1))
near_v1 = st.lists(tag4, max_size=4).map(tuple)
near = st.lists(tag4, max_size=MAX_FORMS).map(tuple)
labels = st.text(st.characters(blacklist_categories=("Cs",)), min_size=1, max_size=15)
# Entries written by version 1 (four forms at most) live on next to current ones.
entry = st.builds(Entry, tag8, near, days) | st.builds(Entry, tag8, near_v1, days, st.just(1))
account = st.builds(Account, labels, tag8, near, days) | st.builds(
    Account, labels, tag8, near_v1, days, st.just(1)
)
records = st.builds(
    Record,
    params=st.just(DEFAULT_PARAMS),
    salt=st.binary(min_size=16, max_size=16),
    entries=st.lists(entry, max_size=MAX_ENTRIES).map(tuple),
    accounts=st.lists(account, max_size=5).map(tuple),
)


@settings(max_examples=200, deadline=None)
@given(records)
def test_every_record_reads_back_exactly(record: Record) -> None:
    assert decode(encode(record)) == record


@settings(max_examples=300, deadline=None)
@given(records, st.data())
def test_any_flipped_bit_is_detected_never_read_as_another_record(
    record: Record, data: st.DataObject
) -> None:
    raw = bytearray(encode(record))
    index = data.draw(st.integers(0, len(raw) - 1))
    raw[index] ^= 1 << data.draw(st.integers(0, 7))
    with pytest.raises(HistoryError):
        decode(bytes(raw))


def test_a_cut_short_record_is_damage() -> None:
    raw = encode(Record(DEFAULT_PARAMS, SALT, (Entry(b"e" * 8, (b"n" * 4,), date.today()),)))
    for size in range(len(raw)):
        with pytest.raises(RecordDamaged):
            decode(raw[:size])


def test_a_newer_format_is_refused_before_anything_else() -> None:
    raw = bytearray(encode(Record(DEFAULT_PARAMS, SALT)))
    raw[2] = VERSION + 1
    with pytest.raises(RecordTooNew):
        decode(bytes(raw) + b"whatever a newer layout adds")


def _worst_case_record(entries: int, accounts: int) -> Record:
    entry = Entry(b"e" * 8, (b"n" * 4,) * MAX_FORMS, date(2026, 1, 1))
    account = Account("é" * 30, b"a" * 8, (b"m" * 4,) * MAX_FORMS, date(2026, 1, 1))
    return Record(DEFAULT_PARAMS, SALT, (entry,) * entries, (account,) * accounts)


def test_depth_24_with_every_near_form_fits_a_windows_credential() -> None:
    text = make_head("a", 1, to_text(encode(_worst_case_record(24, 0))))
    assert len(text) <= MAX_ENTRY_CHARS
    assert len(text.encode("utf-16-le")) <= 2560
    # Room is left for an account with a long name before the record has to be split.
    text = make_head("a", 1, to_text(encode(_worst_case_record(24, 1))))
    assert len(text) <= MAX_ENTRY_CHARS


def test_the_largest_version_3_record_fits_the_keyring_parts() -> None:
    from desktop.core.history.hashing import MAX_NEAR_TAGS

    entry = Entry(b"e" * 8, (b"n" * 4,) * MAX_NEAR_TAGS, date(2026, 1, 1))
    account = Account("é" * 30, b"a" * 8, (b"m" * 4,) * MAX_NEAR_TAGS, date(2026, 1, 1))
    record = Record(DEFAULT_PARAMS, SALT, (entry,) * MAX_ENTRIES, (account,) * MAX_ACCOUNTS)
    assert decode(encode(record)) == record
    text = to_text(encode(record))
    room = MAX_ENTRY_CHARS - len(make_head("a", MAX_PARTS, ""))
    assert len(text) <= MAX_PARTS * room


def test_parameters_below_the_owasp_minimum_are_refused() -> None:
    assert KdfParams(memory_kib=19 * 1024, iterations=2, lanes=1) == OWASP_MINIMUM
    assert DEFAULT_PARAMS.problem() == ""
    for weak in (
        KdfParams(19 * 1024 - 1, 2, 1),
        KdfParams(19 * 1024, 1, 1),
        KdfParams(19 * 1024, 2, 0),
        KdfParams(1 << 21, 2, 1),
    ):
        assert weak.problem()
        with pytest.raises(ValueError):
            encode(Record(weak, SALT))
    raw = bytearray(encode(Record(DEFAULT_PARAMS, SALT)))
    raw[8] = 1  # iterations, with the check recomputed as a forger would
    body = bytes(raw[:-16])
    with pytest.raises(RecordDamaged):
        decode(body + hashlib.blake2b(body, digest_size=16).digest())


@pytest.mark.parametrize(
    ("password", "forms"),
    [
        ("Summer2024!", ("summer2o2ai", "summer#i", "summer")),
        (
            "P@ssw0rd-Autumn",
            ("password-autumn", "passw#rd-autumn", "adoprsw §", "passw#r?-autumn"),
        ),
        ("@dmin2024", ("admin2o2a", "admin#", "dimn", "admin")),
        ("0xbow1", ("oxbowi", "#xbow#", "bowx", "xbow", "oxbow")),
        (
            "Lantern-Orbit-Kettle",
            ("iantern-orbit-kettie", "aeinrt biort eikt", "iantern-or?it-kettie"),
        ),
        ("12345678!!", ("i2easgtbii",)),
        ("ab1!", ("abii", "ab#i")),
    ],
)
def test_near_forms(password: str, forms: tuple[str, ...]) -> None:
    assert near_forms(password) == forms


@pytest.mark.parametrize(
    ("password", "forms"),
    [
        ("Summer2024!", ("summer2o2ai", "summer#i", "summer")),
        (
            "P@ssw0rd-Autumn",
            ("password-autumn", "passw#rd-autumn", "autumn password", "passw#r?-autumn"),
        ),
        ("@dmin2024", ("admin2o2a", "admin#", "admin")),
        ("0xbow1", ("oxbowi", "#xbow#", "xbow", "oxbow")),
        (
            "Lantern-Orbit-Kettle",
            ("iantern-orbit-kettie", "iantern kettie orbit", "iantern-or?it-kettie"),
        ),
        ("12345678!!", ("i2easgtbii",)),
        ("ab1!", ("abii", "ab#i")),
    ],
)
def test_version_2_forms_are_kept_as_they_were(password: str, forms: tuple[str, ...]) -> None:
    assert near_forms_v2(password) == forms


@given(st.text(max_size=60))
def test_near_forms_are_few_and_never_tiny(password: str) -> None:
    forms = near_forms(password)
    assert len(forms) <= MAX_FORMS and len(set(forms)) == len(forms)
    assert all(len(f) >= MIN_FORM_LENGTH for f in forms)


def test_tags_are_short_and_cost_at_most_eight_derivations() -> None:
    tags = password_tags(DEFAULT_PARAMS, SALT, "P@ssw0rd-Autumn")
    assert len(tags.exact) == 8 and all(len(t) == 4 for t in tags.near)
    assert tags.derivations == 5  # the password and four distinct forms
    # "kettie-orbit", "kettie orbit" (words sorted) and "ketti?-orbit" (middle letter)
    assert password_tags(DEFAULT_PARAMS, SALT, "kettle-orbit").derivations == 4
    assert password_tags(DEFAULT_PARAMS, SALT, "\ud800lone surrogate").derivations <= 8
    legacy = password_tags(DEFAULT_PARAMS, SALT, "Wh1stle-Mosaic-99!", legacy=True)
    assert legacy.near_v1 and legacy.derivations <= MAX_DERIVATIONS
    other_salt = password_tags(DEFAULT_PARAMS, bytes(16), "P@ssw0rd-Autumn")
    assert other_salt.exact != tags.exact


def test_a_check_costs_the_same_derivations_at_depth_1_and_24() -> None:
    spent: list[int] = []

    def counting(params: KdfParams, salt: bytes, password: str, legacy: bool) -> Tags:
        tags = password_tags(params, salt, password, legacy)
        spent.append(tags.derivations)
        return tags

    history = PasswordHistory(MemoryStore(), 24, tagger=counting)
    per_check = []
    for n in range(24):
        history.add_password(f"Wh1stle-{n:02d}-Lantern-{n * 7}")
        spent.clear()
        assert history.check_reuse("Wh1stle-99-Mosaic-1").outcome is ReuseOutcome.NONE
        per_check.append(sum(spent))
    assert set(per_check) == {per_check[0]} and per_check[0] <= MAX_DERIVATIONS


def test_look_alike_forms_of_a_password_count_as_the_same() -> None:
    history = PasswordHistory(MemoryStore(), 24)
    history.add_password("Summer2024!")
    assert history.check_reuse("Ｓｕｍｍｅｒ２０２４！").outcome is ReuseOutcome.EXACT  # full width


def test_records_are_compact_text() -> None:
    store = MemoryStore()
    PasswordHistory(store, 24).add_password("kettle orbit lantern")
    assert store.text is not None and store.text.isascii()
    body = store.text.split(":", 1)[1]
    # header, day and forms, exact tag, three near tags (look-alike, loose, letter),
    # three word drops, check
    assert len(base64.b85decode(body)) == 28 + 3 + 8 + 4 * 3 + 4 * 3 + 16
    assert MAX_ACCOUNTS >= 20
