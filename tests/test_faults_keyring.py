"""Fault injection: a keyring daemon that does not answer, and a secret that is not text.

A throw-away private Secret Service (gnome-keyring on its own D-Bus) is frozen with
SIGSTOP: D-Bus still accepts the calls, nobody answers them, exactly as when the daemon
is wedged. For each way in (the reuse check, an addition, personal words, the CLI) the
test asserts: an answer within the documented limit, "not checked" or "not recorded,
try again" (never a pass), no traceback, and, once the daemon runs again, nothing lost.
"""

from __future__ import annotations

import json
import os
import random
import signal
import subprocess
import sys
import time
from collections.abc import Iterator
from datetime import date
from pathlib import Path

import pytest

from desktop.core.checks.ports import ReuseOutcome
from desktop.core.history import PasswordHistory
from desktop.core.history.errors import StoreUnavailable
from desktop.core.history.hashing import DEFAULT_PARAMS, SALT_BYTES
from desktop.core.history.keyring_store import (
    KEYRING_TIMEOUT,
    MAX_PARTS,
    NOT_TEXT,
    KeyringStore,
)
from desktop.core.history.record import MAX_ACCOUNTS, MAX_ENTRIES, Account, Entry, Record
from desktop.core.words import PersonalWordsStore
from tests.fixtures_keyring import SecretServiceSession, private_secret_service
from tests.loaded import LOADED

ROOT = Path(__file__).resolve().parents[1]
SHORT = 1.0  # the limit given to in-process stores, to keep the tests quick
SLACK = LOADED  # a busy machine (see tests/loaded.py); the frozen daemon outlasts it
START_UP = LOADED  # a fresh 'hygiene' process importing everything on a loaded machine
KNOWN = "Kettle-Orbit-Lantern-93"

pytestmark = pytest.mark.keyring


@pytest.fixture
def service() -> Iterator[SecretServiceSession]:
    with private_secret_service() as session:
        yield session


class Frozen:
    """The daemon stopped (SIGSTOP) for the ``with`` body, always started again after."""

    def __init__(self, pid: int) -> None:
        self.pid = pid

    def __enter__(self) -> Frozen:
        os.kill(self.pid, signal.SIGSTOP)
        return self

    def __exit__(self, *exc: object) -> None:
        os.kill(self.pid, signal.SIGCONT)


def timed(fn):  # type: ignore[no-untyped-def]
    start = time.monotonic()
    result = fn()
    return result, time.monotonic() - start


def history(session: SecretServiceSession, tmp_path: Path) -> PasswordHistory:
    store = KeyringStore(session.backend, lock_path=tmp_path / "lock", timeout=SHORT)
    return PasswordHistory(store, 24)


def test_a_frozen_daemon_gives_not_checked_then_nothing_is_lost(
    service: SecretServiceSession, tmp_path: Path
) -> None:
    history(service, tmp_path).add_password(KNOWN)
    checking = history(service, tmp_path)
    adding = history(service, tmp_path)
    with Frozen(service.daemon_pid):
        verdict, took = timed(lambda: checking.check_reuse(KNOWN))
        assert verdict.outcome is ReuseOutcome.UNAVAILABLE  # never "not used before"
        assert f"did not answer within {SHORT:g} seconds" in verdict.reason
        assert took < SHORT + SLACK
        start = time.monotonic()
        with pytest.raises(StoreUnavailable) as caught:
            adding.add_password("Another-Harbour-Thistle-7")
        assert time.monotonic() - start < SHORT + SLACK
        assert "nothing was read or changed. Try again" in caught.value.reason
        # a second check while the first call is still stuck answers at once: waiting
        # out the limit again could not take less than the limit
        _, again = timed(lambda: checking.check_reuse(KNOWN))
        assert again < SHORT
    fresh = history(service, tmp_path)
    assert fresh.check_reuse(KNOWN).outcome is ReuseOutcome.EXACT  # nothing lost
    assert fresh.add_password("Another-Harbour-Thistle-7") == 2  # and trying again works


def test_personal_words_say_the_keyring_did_not_answer(service: SecretServiceSession) -> None:
    # Saving first is not under test: a loaded machine may take longer than SHORT.
    words = PersonalWordsStore(service.backend, timeout=SHORT + LOADED)
    assert words.save(["Biscuit", "Zoë"]) == ""
    with Frozen(service.daemon_pid):
        loaded, took = timed(PersonalWordsStore(service.backend, timeout=SHORT).load)
        assert took < SHORT + SLACK
        assert loaded.words == () and "did not answer within 1 seconds" in loaded.problem
        problem = PersonalWordsStore(service.backend, timeout=SHORT).save(["Rover"])
        assert "did not answer" in problem
    # A save that ran out of time may still land when the daemon wakes: the words are
    # then the old ones or the new ones, never a mix and never none.
    assert PersonalWordsStore(service.backend).load().words in (("Biscuit", "Zoë"), ("Rover",))


def hygiene(
    session: SecretServiceSession, *args: str, stdin: str = ""
) -> tuple[int, str, str, float]:
    start = time.monotonic()
    done = subprocess.run(
        [sys.executable, "-m", "desktop", *args],
        input=stdin,
        capture_output=True,
        text=True,
        env=session.env,
        cwd=ROOT,
        timeout=120,
    )
    return done.returncode, done.stdout, done.stderr, time.monotonic() - start


def test_the_cli_answers_within_the_documented_limit(service: SecretServiceSession) -> None:
    code, _, err, _ = hygiene(service, "history", "add", stdin=KNOWN + "\n")
    assert code == 0, err
    with Frozen(service.daemon_pid):
        code, out, err, took = hygiene(
            service, "check", "--no-network", "--json", stdin=KNOWN + "\n"
        )
        print(f"\ncheck with a frozen keyring answered in {took:.1f} s")
        assert took < KEYRING_TIMEOUT + START_UP
        assert "Traceback" not in err
        reuse = {c["id"]: c for c in json.loads(out)["checks"]}["reuse"]
        assert reuse["status"] == "not_checked"
        code, out, err, took = hygiene(service, "history", "add", stdin="New-Quarry-Fresh-41\n")
        print(f"history add with a frozen keyring answered in {took:.1f} s")
        assert took < KEYRING_TIMEOUT + START_UP
        assert code == 1 and "Not recorded" in err and "Try again" in err
        assert "Traceback" not in err
    code, out, _, _ = hygiene(service, "history", "list", "--json")
    assert len(json.loads(out)["passwords"]) == 1  # the earlier one is still there


def test_a_history_secret_that_is_not_text_is_reported_and_can_be_cleared(
    service: SecretServiceSession, tmp_path: Path
) -> None:
    collection = service.backend.get_preferred_collection()  # where keyring writes
    collection.create_item(
        "garbled",
        {"service": "hygiene-helper", "username": "password-history"},
        b"\xff\xfe\x00not text",
    )
    verdict = history(service, tmp_path).check_reuse(KNOWN)
    assert verdict.outcome is ReuseOutcome.UNAVAILABLE and verdict.reason == NOT_TEXT
    code, _, err, _ = hygiene(service, "history", "list")
    assert code == 1 and "not text" in err and "Traceback" not in err
    code, out, err, _ = hygiene(service, "history", "clear", "--yes")
    assert code == 0 and "cleared" in out, err
    assert service.stored() == {}


# -- a depth change deletes nothing -----------------------------------------------------


def _full_record() -> Record:
    """50 entries and 30 accounts with the longest labels: the largest record there is."""
    rng = random.Random(7)

    def tags() -> tuple[bytes, tuple[bytes, ...]]:
        return rng.randbytes(8), tuple(rng.randbytes(4) for _ in range(4))

    day = date(2026, 1, 1)
    entries = tuple(Entry(*tags(), day) for _ in range(MAX_ENTRIES))
    accounts = tuple(
        Account(f"{n:02d}" + "é" * 29, *tags(), day) for n in range(MAX_ACCOUNTS)
    )  # 60 bytes of UTF-8 each, the most a label may have
    return Record(DEFAULT_PARAMS, rng.randbytes(SALT_BYTES), entries, accounts)


def test_the_largest_record_fits_windows_credentials_split_and_survives_depth_3(
    service: SecretServiceSession, tmp_path: Path
) -> None:
    # Not a test of the time limit: the largest record on a loaded machine may take longer.
    store = KeyringStore(service.backend, lock_path=tmp_path / "lock", timeout=60)
    full = _full_record()
    store.update(lambda _current: full)
    items = service.stored(store.service)
    assert 1 < len(items) <= MAX_PARTS
    for _, _, secret in items.values():
        assert len(secret.decode("ascii").encode("utf-16-le")) <= 2560  # Windows' limit
    print(
        f"\nlargest record: {sum(len(s) for _, _, s in items.values())} characters in "
        f"{len(items)} entries"
    )
    # An addition at depth 3 (a typo in IT's file, say) keeps the 49 newest others ...
    PasswordHistory(store, 3).add_password("Fresh-Harbour-Thistle-12")
    kept = store.read()
    assert kept is not None and len(kept.entries) == MAX_ENTRIES
    assert kept.entries[:-1] == full.entries[1:]  # only the very oldest went, at 50
    # ... and at depth 50 again every one is compared and listed
    assert len(PasswordHistory(store, 50).in_use(kept)) == MAX_ENTRIES
    assert len(PasswordHistory(store, 3).in_use(kept)) == 3
