"""The history in a real Secret Service: size limits, splitting, what is stored, faults,
and two real processes adding at once."""

from __future__ import annotations

import base64
import hashlib
import os
import subprocess
import sys
import time
import uuid
from collections.abc import Iterator
from contextlib import suppress
from datetime import date
from pathlib import Path

import pytest
from keyring.backends import fail, null

from desktop.core.checks import build_pipeline
from desktop.core.checks.findings import Status
from desktop.core.checks.ports import ReuseOutcome
from desktop.core.history import KeyringStore, PasswordHistory, RecordDamaged, StoreUnavailable
from desktop.core.history.forms import FORMS_VERSION, MAX_FORMS, near_forms
from desktop.core.history.hashing import DEFAULT_PARAMS
from desktop.core.history.keyring_store import LOCKED, MAX_ENTRY_CHARS, MAX_PARTS, NO_KEYRING
from desktop.core.history.record import (
    MAX_ACCOUNTS,
    MAX_ENTRIES,
    Account,
    Entry,
    Record,
    make_head,
    to_text,
)
from desktop.core.policy.schema import Policy
from desktop.wiring import Services
from tests.cli_helpers import ROOT
from tests.fixtures_keyring import SecretServiceSession, private_secret_service

pytestmark = pytest.mark.keyring

# 24 different passwords, each with six distinct near forms (the most a record holds).
PASSWORDS = [
    f"{n % 9 + 1}Wh1stle-{word}-{n:02d}!"
    for n, word in enumerate(
        (
            "Otter",
            "Maple",
            "Cobalt",
            "Fennel",
            "Harbour",
            "Lantern",
            "Mosaic",
            "Nimbus",
            "Orchid",
            "Pebble",
            "Quarry",
            "Russet",
            "Saffron",
            "Thistle",
            "Umber",
            "Velvet",
            "Willow",
            "Yarrow",
            "Zephyr",
            "Amber",
            "Bramble",
            "Cinder",
            "Dapple",
            "Ember",
        )
    )
]


@pytest.fixture
def store(secret_service: SecretServiceSession, tmp_path: Path) -> Iterator[KeyringStore]:
    made = KeyringStore(
        secret_service.backend,
        lock_path=tmp_path / "history.lock",
        service=f"hygiene-helper-test-{uuid.uuid4().hex[:8]}",
    )
    yield made
    made.erase()
    assert secret_service.stored(made.service) == {}


def test_depth_24_with_near_forms_fits_one_windows_credential(
    store: KeyringStore, secret_service: SecretServiceSession
) -> None:
    assert all(len(near_forms(p)) == MAX_FORMS for p in PASSWORDS)
    history = PasswordHistory(store, 24)
    for password in PASSWORDS:
        history.add_password(password)
    items = secret_service.stored(store.service)
    assert list(items) == [store.name]  # one entry, not split
    text = items[store.name][2].decode("ascii")
    assert len(text) <= MAX_ENTRY_CHARS
    assert len(text.encode("utf-16-le")) <= 2560  # what Windows Credential Manager stores
    print(f"\nrecord at depth 24 with near forms: {len(text)} characters")
    assert all(history.check_reuse(p).outcome is ReuseOutcome.EXACT for p in PASSWORDS)
    history.add_password("Wh1stle-Fresh-99!")
    record = store.read()
    assert record is not None and len(record.entries) == 25  # kept: a depth change loses none
    assert history.check_reuse(PASSWORDS[0]).outcome is ReuseOutcome.NONE  # not compared


def test_a_bigger_record_is_split_and_joined_back_transparently(
    store: KeyringStore, secret_service: SecretServiceSession
) -> None:
    history = PasswordHistory(store, 24)
    for password in PASSWORDS[:20]:
        history.add_password(password)
    labels = [f"account number {n} with a long name" for n in range(12)]
    for n, label in enumerate(labels):
        history.add_account(label, f"Velvet-Quarry-{n}-Nimbus")
    items = secret_service.stored(store.service)
    assert len(items) >= 2
    assert all(len(secret.decode("ascii")) <= MAX_ENTRY_CHARS for _, _, secret in items.values())
    verdict = history.check_reuse("Velvet-Quarry-11-Nimbus")
    assert (verdict.outcome, verdict.label) == (ReuseOutcome.ACCOUNT_EXACT, labels[11])
    assert history.check_reuse(PASSWORDS[3]).outcome is ReuseOutcome.EXACT
    for label in labels:
        history.remove_account(label)
    # Back in one entry, and the parts of the split record are gone.
    assert list(secret_service.stored(store.service)) == [store.name]


def test_a_missing_part_is_damage_and_nothing_is_overwritten(
    store: KeyringStore, secret_service: SecretServiceSession
) -> None:
    store.max_chars = 300  # split a small record, to keep the test quick
    history = PasswordHistory(store, 24)
    for n in range(5):
        history.add_account(f"account number {n} with a long name", f"Velvet-{n}-Nimbus")
    before = store.stored_entries()
    assert len(before) >= 2
    part = next(name for name in before if name != store.name)
    secret_service.backend.delete_password(store.service, part)
    assert history.check_reuse("Velvet-1-Nimbus").outcome is ReuseOutcome.UNAVAILABLE
    with pytest.raises(RecordDamaged):
        history.add_password("kettle orbit lantern")
    after = store.stored_entries()
    assert after == {k: v for k, v in before.items() if k != part}


def _unsalted(password: str) -> list[bytes]:
    data = password.encode()
    digests = [hashlib.new(name, data).digest() for name in ("md5", "sha1", "sha256", "sha512")]
    with suppress(ValueError):  # NTLM's MD4, where OpenSSL still offers it
        digests.append(hashlib.new("md4", password.encode("utf-16-le")).digest())
    found: list[bytes] = []
    for d in digests:
        found += [
            d,
            d[:8],
            d[:4],
            d.hex().encode(),
            d.hex().upper().encode(),
            base64.b64encode(d),
            base64.b85encode(d),
        ]
    return found


def test_no_stored_byte_is_or_contains_a_password_or_its_unsalted_hash(
    store: KeyringStore, secret_service: SecretServiceSession
) -> None:
    history = PasswordHistory(store, 24)
    secrets = ["Summer2024!", "P@ssw0rd-Autumn", "kettle orbit lantern mosaic"]
    for password in secrets:
        history.add_password(password)
    history.add_account("personal email", "Blue-Otter-River-88")
    secrets.append("Blue-Otter-River-88")
    stored = b""
    for username, (label, attributes, secret) in secret_service.stored(store.service).items():
        stored += username.encode() + label.encode() + attributes.encode() + secret
        stored += base64.b85decode(secret.split(b":", 1)[1])
    assert b"personal email" in stored  # the label is kept, by design
    for password in secrets:
        needles = [password.encode(), password.encode("utf-16-le")]
        needles += [f.encode() for f in near_forms(password)]
        for needle in needles + _unsalted(password):
            assert needle not in stored, needle


def test_a_locked_keyring_means_not_checked_and_nothing_written(tmp_path: Path) -> None:
    with private_secret_service() as own:
        store = KeyringStore(own.backend, lock_path=tmp_path / "lock", service="hh-lock-test")
        history = PasswordHistory(store, 24)
        history.add_password("kettle orbit lantern")
        own.lock()
        verdict = history.check_reuse("kettle orbit lantern")
        assert verdict.outcome is ReuseOutcome.UNAVAILABLE and verdict.reason == LOCKED
        with pytest.raises(StoreUnavailable):
            history.add_password("mosaic harbour thistle")
        finding = build_pipeline(Policy(), history=history).run("kettle orbit lantern").get("reuse")
        assert finding is not None and finding.status is Status.NOT_CHECKED
        assert "locked" in finding.message


@pytest.mark.parametrize("backend", [fail.Keyring(), null.Keyring()], ids=["fail", "null"])
def test_no_keyring_is_not_checked_never_a_pass(backend: object, tmp_path: Path) -> None:
    check = Services(keyring=backend).history(Policy().history_depth)  # type: ignore[arg-type]
    verdict = check.check_reuse("kettle orbit lantern")
    assert verdict.outcome is ReuseOutcome.UNAVAILABLE and verdict.reason == NO_KEYRING
    result = build_pipeline(Policy(), history=check).run("kettle orbit lantern mosaic")
    finding = result.get("reuse")
    assert finding is not None and finding.status is Status.NOT_CHECKED
    assert "no keyring" in finding.message
    store = KeyringStore(backend, lock_path=tmp_path / "lock")  # type: ignore[arg-type]
    with pytest.raises(StoreUnavailable) as caught:
        PasswordHistory(store).add_password("kettle orbit lantern")
    assert caught.value.reason == NO_KEYRING
    assert not (tmp_path / "lock").exists()  # refused before anything was touched


ADDS = 6
ADDER = """
import sys, time
from pathlib import Path
from tests.patient_keyring import PatientSecretService as Keyring
from desktop.core.history import KeyringStore, PasswordHistory
service, lock, go, name, adds = sys.argv[1:6]
history = PasswordHistory(KeyringStore(Keyring(), lock_path=Path(lock), service=service), 24)
Path(go + "." + name).touch()  # ready
while not Path(go).exists():
    time.sleep(0.005)
for i in range(int(adds)):
    history.add_password(f"{name} orbit lantern {i}")
"""


def test_two_processes_adding_at_once_both_keep_their_additions(
    store: KeyringStore, secret_service: SecretServiceSession, tmp_path: Path
) -> None:
    history = PasswordHistory(store, 24)
    history.add_password("seed password zero")
    go = tmp_path / "go"
    env = dict(secret_service.env, PYTHONPATH=str(ROOT))
    names = ("amber", "cobalt")
    procs = [
        subprocess.Popen(
            [
                sys.executable,
                "-c",
                ADDER,
                store.service,
                str(store.lock_path),
                str(go),
                name,
                str(ADDS),
            ],
            cwd=ROOT,
            env=env,
            stderr=subprocess.PIPE,
        )
        for name in names
    ]
    deadline = time.monotonic() + 60
    while not all((tmp_path / f"go.{name}").exists() for name in names):
        assert time.monotonic() < deadline and all(p.poll() is None for p in procs)
        time.sleep(0.01)
    go.touch()  # both start adding at the same moment
    for proc in procs:
        _, err = proc.communicate(timeout=90)
        assert proc.returncode == 0, err.decode()
    record = store.read()
    assert record is not None and len(record.entries) == 1 + 2 * ADDS
    for name in ("amber", "cobalt"):
        for i in range(ADDS):
            assert history.check_reuse(f"{name} orbit lantern {i}").outcome is ReuseOutcome.EXACT


def test_the_fixture_keeps_the_tests_away_from_a_real_keyring(
    secret_service: SecretServiceSession,
) -> None:
    assert os.environ["DBUS_SESSION_BUS_ADDRESS"] == secret_service.bus_address
    assert str(secret_service.root) in secret_service.bus_address
    assert secret_service.env["HOME"].startswith(str(secret_service.root))
    assert os.environ["PYTHON_KEYRING_BACKEND"] == "keyring.backends.fail.Keyring"


def test_the_largest_record_is_split_within_the_limits_and_reads_back(
    store: KeyringStore, secret_service: SecretServiceSession
) -> None:
    today = date(2026, 3, 9)
    entries = tuple(
        Entry(os.urandom(8), tuple(os.urandom(4) for _ in range(MAX_FORMS)), today)
        for _ in range(MAX_ENTRIES)
    )
    accounts = tuple(
        Account(
            f"{n:02d} " + "é" * 28 + "x",
            os.urandom(8),
            tuple(os.urandom(4) for _ in range(MAX_FORMS)),
            today,
        )
        for n in range(MAX_ACCOUNTS)
    )
    biggest = Record(DEFAULT_PARAMS, os.urandom(16), entries, accounts)
    assert store.update(lambda _: biggest) == biggest
    items = secret_service.stored(store.service)
    assert 3 <= len(items) <= MAX_PARTS
    assert all(len(secret.decode("ascii")) <= MAX_ENTRY_CHARS for _, _, secret in items.values())
    assert store.read() == biggest
    smaller = Record(DEFAULT_PARAMS, biggest.salt, entries[:2])
    assert store.update(lambda _: smaller) == smaller
    assert list(secret_service.stored(store.service)) == [store.name]


def test_near_forms_catch_each_kind_in_the_real_keyring(
    store: KeyringStore, secret_service: SecretServiceSession
) -> None:
    history = PasswordHistory(store, 24)
    for earlier in ("Lantern-Orbit-Kettle", "Cobalt9Pigeon", "0xbow1", "Summer2024!Beach-Hut"):
        history.add_password(earlier)
    history.add_account("personal email", "Blue-Otter-River-88")
    for variant in (
        "Orbit-Lantern-Kettle",  # words reordered
        "Cobalt10Pigeon",  # a number changed in the middle
        "Summer2025!Beach-Hut",
        "oxbow2",  # a leading look-alike digit
        "1antern-0rbit-Kett|e",  # 1, l and | read alike
        "Lantern-Orpit-Kettle",  # the middle letter changed
    ):
        assert history.check_reuse(variant).outcome is ReuseOutcome.NEAR, variant
    verdict = history.check_reuse("River-Otter-Blue-89")
    assert (verdict.outcome, verdict.label) == (ReuseOutcome.ACCOUNT_NEAR, "personal email")
    for different in ("Lantern-Mosaic-Velvet", "Cobalt9Harbour", "Otter-Quarry-Nimbus-88"):
        assert history.check_reuse(different).outcome is ReuseOutcome.NONE, different


def test_a_version_1_record_in_the_real_keyring_is_read_and_kept_like_with_like(
    store: KeyringStore, secret_service: SecretServiceSession
) -> None:
    from tests.test_history_near import _version_1_record

    raw = _version_1_record(["Summer2024!", "P@ssw0rd-Autumn"], os.urandom(16))
    secret_service.backend.set_password(store.service, store.name, make_head("a", 1, to_text(raw)))
    history = PasswordHistory(store, 24)
    assert history.check_reuse("Summer2025!").outcome is ReuseOutcome.NEAR
    history.add_password("Lantern-Orbit-Kettle")
    record = store.read()
    assert record is not None and [e.forms for e in record.entries] == [1, 1, FORMS_VERSION]
    assert history.check_reuse("password-autumn").outcome is ReuseOutcome.NEAR
    assert history.check_reuse("Orbit-Lantern-Kettle").outcome is ReuseOutcome.NEAR
    assert history.check_reuse("kettle mosaic harbour").outcome is ReuseOutcome.NONE
