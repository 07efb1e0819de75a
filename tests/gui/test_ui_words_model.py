"""Personal words in the window: loaded from the keyring after start, saved only when
the person ticks Remember, and never overwritten by a late answer from the keyring."""

from __future__ import annotations

import json

from desktop.core.words import SERVICE, USERNAME, PersonalWordsStore
from desktop.ui.check.words_model import PersonalWordsModel
from desktop.ui.kit.background import BackgroundRunner
from desktop.ui.kit.timers import FakeTimerFactory
from tests.fixtures_ui import MemoryKeyring


def make(qtbot, keyring: MemoryKeyring) -> tuple[PersonalWordsModel, FakeTimerFactory]:
    timers = FakeTimerFactory()
    model = PersonalWordsModel(PersonalWordsStore(keyring), BackgroundRunner(), timers)
    return model, timers


def test_remembered_words_are_loaded(qtbot):
    keyring = MemoryKeyring()
    keyring.set_password(SERVICE, USERNAME, json.dumps(["Sam", "Biscuit"]))
    model, _timers = make(qtbot, keyring)
    with qtbot.waitSignal(model.loaded, timeout=5_000):
        model.load()
    assert model.words == ("Sam", "Biscuit") and model.remember


def test_words_are_saved_after_a_pause_only_while_remember_is_ticked(qtbot):
    keyring = MemoryKeyring()
    model, timers = make(qtbot, keyring)
    model.set_text("Sam")
    assert not any(t.is_active() for t in timers.timers)  # not ticked: nothing to save
    model.set_remember(True)
    qtbot.waitUntil(lambda: (SERVICE, USERNAME) in keyring.items, timeout=5_000)
    model.set_text("Sam, Biscuit")
    (timer,) = timers.timers
    assert timer.is_active()
    timer.fire()
    qtbot.waitUntil(
        lambda: json.loads(keyring.items[(SERVICE, USERNAME)]) == ["Sam", "Biscuit"], timeout=5_000
    )
    model.set_remember(False)
    qtbot.waitUntil(lambda: keyring.items == {}, timeout=5_000)


def test_a_late_keyring_answer_does_not_undo_what_the_person_did(qtbot):
    keyring = MemoryKeyring()
    keyring.set_password(SERVICE, USERNAME, json.dumps(["Old"]))
    model, _timers = make(qtbot, keyring)
    model.set_text("New")
    with qtbot.waitSignal(model.loaded, timeout=5_000):
        model.load()
    assert model.words == ("New",)
    # The words were remembered before, so the new ones replace them in the keyring.
    assert model.remember
    qtbot.waitUntil(
        lambda: json.loads(keyring.items[(SERVICE, USERNAME)]) == ["New"], timeout=5_000
    )
