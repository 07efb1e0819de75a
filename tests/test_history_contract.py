"""One contract for every HistoryStore: the in-memory one and the real keyring one.

The keyring runs are against a private Secret Service (gnome-keyring on its own D-Bus
session, see tests/fixtures_keyring.py); each test uses its own keyring service name.
"""

from __future__ import annotations

import base64
import threading
import uuid
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from datetime import date
from pathlib import Path

import pytest

from desktop.core.checks.findings import Status
from desktop.core.checks.ports import ReuseOutcome
from desktop.core.checks.reuse import ReuseRule
from desktop.core.history import (
    KeyringStore,
    MemoryStore,
    PasswordHistory,
    RecordDamaged,
    RecordForeign,
    RecordTooNew,
    RequestError,
)
from desktop.core.history.errors import DAMAGED, FOREIGN, TOO_NEW
from desktop.core.history.record import VERSION
from desktop.core.history.store import HistoryStore
from desktop.core.policy.schema import Policy
from tests.fixtures_keyring import SecretServiceSession

TODAY = date(2026, 3, 9)


@dataclass
class Kit:
    """A store under test and a way to put any raw text where its record lives."""

    store: HistoryStore
    write_raw: Callable[[str], None]
    read_raw: Callable[[], str | None]

    def history(self, depth: int = 24) -> PasswordHistory:
        return PasswordHistory(self.store, depth, today=lambda: TODAY)


def _memory_kit() -> Kit:
    store = MemoryStore()

    def write(text: str) -> None:
        store.text = text

    return Kit(store, write, lambda: store.text)


def _keyring_kit(session: SecretServiceSession, lock: Path, own_client: bool) -> Kit:
    from desktop.platform.secret_service import SecretServiceStore

    service = f"hygiene-helper-test-{uuid.uuid4().hex[:8]}"
    # The app's own Secret Service client (what Linux uses), or keyring's backend (what
    # a person who names a backend gets); the raw reads and writes go through keyring.
    backend = SecretServiceStore(session.bus_address) if own_client else session.backend
    store = KeyringStore(backend, lock_path=lock, service=service)
    return Kit(
        store,
        lambda text: session.backend.set_password(service, store.name, text),
        lambda: session.backend.get_password(service, store.name),
    )


@pytest.fixture(
    params=[
        "memory",
        pytest.param("keyring", marks=pytest.mark.keyring),
        pytest.param("secret-service", marks=pytest.mark.keyring),
    ]
)
def kit(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[Kit]:
    if request.param == "memory":
        yield _memory_kit()
        return
    session: SecretServiceSession = request.getfixturevalue("secret_service")
    made = _keyring_kit(session, tmp_path / "history.lock", request.param == "secret-service")
    yield made
    made.store.erase()


def outcome(history: PasswordHistory, password: str) -> ReuseOutcome:
    return history.check_reuse(password).outcome


def test_a_new_store_is_empty_and_says_so(kit: Kit) -> None:
    assert kit.store.read() is None
    assert outcome(kit.history(), "kettle orbit lantern") is ReuseOutcome.EMPTY


def test_exact_reuse_is_caught(kit: Kit) -> None:
    history = kit.history()
    assert history.add_password("kettle orbit lantern 7") == 1
    assert outcome(history, "kettle orbit lantern 7") is ReuseOutcome.EXACT
    assert outcome(history, "mosaic harbour thistle") is ReuseOutcome.NONE


@pytest.mark.parametrize(
    ("before", "after"),
    [
        ("Summer2024!", "Summer2025!"),
        ("P@ssw0rd-Autumn", "password-autumn"),
        ("Tr0ub4dor&3", "troubador"),
        ("correct horse battery", "Correct-Horse-Battery-9"),
        ("@dmin-Portal-2023", "admin-portal-2024"),
    ],
)
def test_near_reuse_is_caught_with_its_own_message(kit: Kit, before: str, after: str) -> None:
    history = kit.history()
    history.add_password(before)
    assert outcome(history, after) is ReuseOutcome.NEAR
    finding = ReuseRule(history).check(_ctx(after))
    assert finding.status is Status.FAIL
    assert finding.message == "It is too close to a password you used before."
    exact = ReuseRule(history).check(_ctx(before))
    assert exact.message == "You have used this password before."


def test_different_passwords_are_not_near(kit: Kit) -> None:
    history = kit.history()
    for password in ("Summer2024!", "P@ssw0rd-Autumn", "kettle orbit lantern"):
        history.add_password(password)
    for other in ("Winter2024!", "lantern kettle harbour", "Autumn-Thistle", "summers-end"):
        assert outcome(history, other) is ReuseOutcome.NONE, other
    # The same words in another order are the same password to an attacker.
    for reordered in ("lantern kettle orbit", "Autumn-Password"):
        assert outcome(history, reordered) is ReuseOutcome.NEAR, reordered


def test_other_accounts_are_named_when_matched(kit: Kit) -> None:
    history = kit.history()
    assert history.add_account("personal email", "Blue-Otter-River-88") is False
    history.add_account("bank", "mosaic harbour thistle")
    verdict = history.check_reuse("Blue-Otter-River-88")
    assert (verdict.outcome, verdict.label) == (ReuseOutcome.ACCOUNT_EXACT, "personal email")
    verdict = history.check_reuse("blue-otter-river-89")
    assert (verdict.outcome, verdict.label) == (ReuseOutcome.ACCOUNT_NEAR, "personal email")
    finding = ReuseRule(history).check(_ctx("Blue-Otter-River-88"))
    assert finding.status is Status.FAIL
    assert finding.message == "You use this password for: personal email"
    assert outcome(history, "kettle orbit lantern") is ReuseOutcome.NONE


def test_an_account_label_can_be_replaced_and_removed(kit: Kit) -> None:
    history = kit.history()
    history.add_account("Bank", "mosaic harbour thistle")
    assert history.add_account("  bank ", "velvet quarry nimbus") is True
    record = kit.store.read()
    assert record is not None and [a.label for a in record.accounts] == ["bank"]
    assert outcome(history, "mosaic harbour thistle") is ReuseOutcome.NONE
    assert history.remove_account("BANK") is True
    assert history.remove_account("bank") is False
    assert outcome(history, "velvet quarry nimbus") is ReuseOutcome.EMPTY


def test_bad_labels_and_empty_passwords_are_refused(kit: Kit) -> None:
    history = kit.history()
    for label in ("", "   ", "x" * 41, "tab\there\x07"):
        with pytest.raises(RequestError):
            history.add_account(label, "mosaic harbour thistle")
    with pytest.raises(RequestError):
        history.add_password("")
    assert kit.store.read() is None


def test_oldest_entries_drop_off_past_the_depth(kit: Kit) -> None:
    history = kit.history(depth=3)
    passwords = ["first Lantern 1", "second Harbour 2", "third Thistle 3", "fourth Quarry 4"]
    counts = [history.add_password(p) for p in passwords]
    assert counts == [1, 2, 3, 3]
    assert outcome(history, passwords[0]) is ReuseOutcome.NONE
    assert [outcome(history, p) for p in passwords[1:]] == [ReuseOutcome.EXACT] * 3


def test_recording_the_same_password_again_does_not_fill_the_history(kit: Kit) -> None:
    history = kit.history()
    history.add_password("kettle orbit lantern")
    history.add_password("mosaic harbour thistle")
    assert history.add_password("kettle orbit lantern") == 2
    record = kit.store.read()
    assert record is not None and [e.added for e in record.entries] == [TODAY, TODAY]


def test_clear_forgets_everything(kit: Kit) -> None:
    history = kit.history()
    history.add_password("kettle orbit lantern")
    history.add_account("bank", "mosaic harbour thistle")
    history.clear()
    assert kit.read_raw() is None
    assert outcome(history, "kettle orbit lantern") is ReuseOutcome.EMPTY


def _damaged_texts(valid: str) -> list[str]:
    body = valid.split(":", 1)[1]
    raw = bytearray(base64.b85decode(body))
    raw[40] ^= 0x01
    flipped = valid.split(":", 1)[0] + ":" + base64.b85encode(bytes(raw)).decode()
    return [valid[:-10], flipped, valid.split(":", 1)[0] + ":", "hh1.a1:~~~~~", "hh1.a3:" + body]


@pytest.mark.parametrize("case", range(5))
def test_a_damaged_record_is_reported_and_left_untouched(kit: Kit, case: int) -> None:
    history = kit.history()
    history.add_password("kettle orbit lantern")
    damaged = _damaged_texts(kit.read_raw() or "")[case]
    kit.write_raw(damaged)
    verdict = history.check_reuse("kettle orbit lantern")
    assert verdict.outcome is ReuseOutcome.UNAVAILABLE and verdict.reason == DAMAGED
    with pytest.raises(RecordDamaged):
        history.add_password("mosaic harbour thistle")
    with pytest.raises(RecordDamaged):
        history.add_account("bank", "mosaic harbour thistle")
    assert kit.read_raw() == damaged
    finding = ReuseRule(history).check(_ctx("kettle orbit lantern"))
    assert finding.status is Status.NOT_CHECKED and "damaged" in finding.message
    history.clear()  # the person's say
    assert kit.read_raw() is None


@pytest.mark.parametrize("raw", ["hunter2", "", '{"password": "x"}', "hh.a1:abc"])
def test_a_foreign_entry_is_never_read_as_history_or_replaced(kit: Kit, raw: str) -> None:
    kit.write_raw(raw)
    history = kit.history()
    assert history.check_reuse("hunter2").reason == FOREIGN
    with pytest.raises(RecordForeign):
        history.add_password("mosaic harbour thistle")
    assert kit.read_raw() == raw


def test_a_record_from_a_newer_version_is_refused_not_overwritten(kit: Kit) -> None:
    history = kit.history()
    history.add_password("kettle orbit lantern")
    valid = kit.read_raw() or ""
    raw = bytearray(base64.b85decode(valid.split(":", 1)[1]))
    raw[2] = VERSION + 1  # the format version byte
    for newer in (
        "hh2.a1:" + valid.split(":", 1)[1],
        "hh17.whatever",
        "hh1.a1:" + base64.b85encode(bytes(raw)).decode(),
    ):
        kit.write_raw(newer)
        verdict = history.check_reuse("kettle orbit lantern")
        assert verdict.outcome is ReuseOutcome.UNAVAILABLE and verdict.reason == TOO_NEW
        with pytest.raises(RecordTooNew):
            history.add_password("mosaic harbour thistle")
        assert kit.read_raw() == newer


def test_additions_from_two_threads_are_all_kept(kit: Kit) -> None:
    history = kit.history()
    history.add_password("seed password zero")  # both threads then share one salt
    errors: list[BaseException] = []

    def add(prefix: str) -> None:
        try:
            for i in range(3):
                history.add_password(f"{prefix} orbit lantern {i}")
        except BaseException as exc:  # pragma: no cover - reported below
            errors.append(exc)

    threads = [threading.Thread(target=add, args=(name,)) for name in ("amber", "cobalt")]
    for t in threads:
        t.start()
    for t in threads:
        t.join(60)
    assert not errors
    record = kit.store.read()
    assert record is not None and len(record.entries) == 7
    for name in ("amber", "cobalt"):
        for i in range(3):
            assert outcome(history, f"{name} orbit lantern {i}") is ReuseOutcome.EXACT


def _ctx(password: str):  # type: ignore[no-untyped-def]
    from desktop.core.checks.base import CheckContext

    return CheckContext(password, Policy())


def test_every_account_sharing_a_leaked_password_is_named(kit: Kit) -> None:
    history = kit.history()
    history.add_account("personal email", "Summer2024!")
    history.add_account("bank", "summer2025")
    history.add_account("gym", "kettle orbit lantern mosaic")
    assert sorted(history.accounts_sharing("Summer2024!")) == ["bank", "personal email"]
    assert history.accounts_sharing("a completely different one") == []
