"""The Qt-free parts behind the window: the "both entries match" line and the opt-in
store for personal words (no QApplication needed)."""

from __future__ import annotations

import json

from desktop.core.checks.confirm import confirmation_finding
from desktop.core.checks.findings import Status
from desktop.core.words import (
    SERVICE,
    USERNAME,
    PersonalWordsStore,
    split_words,
)
from tests.support import MemoryKeyring


def test_matching_entries_pass_and_say_nothing_about_the_password():
    found = confirmation_finding("Orchard lantern 9", "Orchard lantern 9")
    assert found.status is Status.PASS
    assert "Orchard" not in found.message


def test_unfinished_second_entry_is_not_yet_a_failure():
    assert confirmation_finding("Orchard lantern", "Orch").status is Status.NOT_CHECKED
    assert confirmation_finding("Orchard lantern", "").status is Status.NOT_CHECKED
    assert confirmation_finding("", "").status is Status.NOT_CHECKED


def test_different_entries_fail_with_a_hint():
    found = confirmation_finding("Orchard lantern", "Orchard lanterm")
    assert found.status is Status.FAIL
    assert found.hint


def test_entries_that_only_look_the_same_fail():
    composed, decomposed = "café river stone", "cafe\u0301 river stone"
    found = confirmation_finding(composed, decomposed)
    assert found.status is Status.FAIL
    assert "look the same" in found.message


def test_words_are_split_on_commas_keeping_dates_whole():
    assert split_words("Sam, Biscuit;12 March 2001\n sam ,, ") == (
        "Sam",
        "Biscuit",
        "12 March 2001",
    )


def test_store_saves_loads_and_forgets_only_its_own_entry():
    backend = MemoryKeyring()
    backend.set_password("other-app", "x", "keep me")
    store = PersonalWordsStore(backend)
    assert store.load().remembered is False
    assert store.save(["Sam", "Biscuit"]) == ""
    assert json.loads(backend.items[(SERVICE, USERNAME)]) == ["Sam", "Biscuit"]
    loaded = store.load()
    assert loaded.words == ("Sam", "Biscuit") and loaded.remembered and not loaded.problem
    assert store.forget() == ""
    assert backend.items == {("other-app", "x"): "keep me"}
    assert store.forget() == ""  # nothing stored is fine


class BrokenKeyring(MemoryKeyring):
    def get_password(self, service: str, username: str) -> str | None:
        raise RuntimeError("locked")

    def set_password(self, service: str, username: str, password: str) -> None:
        raise RuntimeError("locked")


def test_a_broken_keyring_gives_a_message_not_a_traceback():
    store = PersonalWordsStore(BrokenKeyring())
    assert "could not be read from the system keyring" in store.load().problem
    assert "could not be saved in the system keyring" in store.save(["Sam"])
    assert "could not be removed from the system keyring" in store.forget()


def test_damaged_stored_words_are_reported():
    backend = MemoryKeyring()
    backend.set_password(SERVICE, USERNAME, "{not a list")
    loaded = PersonalWordsStore(backend).load()
    assert loaded.words == () and loaded.remembered and "could not be read" in loaded.problem


def test_words_kept_in_the_real_secret_service(secret_service):
    store = PersonalWordsStore(secret_service.backend)
    try:
        assert store.save(["Sam", "12/03/2001"]) == ""
        assert PersonalWordsStore(secret_service.backend).load().words == ("Sam", "12/03/2001")
        assert USERNAME in secret_service.stored(SERVICE)
    finally:
        assert store.forget() == ""
    assert USERNAME not in secret_service.stored(SERVICE)
