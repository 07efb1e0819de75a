"""The person's personal words, shared by the check window and the settings dialog.

Holds the words in memory for this session. Only when the person ticks "Remember
these on this computer" are they written to the OS keyring (through
``PersonalWordsStore``); unticking deletes them there. Every keyring call runs on a
worker, because the keyring may block while it asks to be unlocked.
"""

from __future__ import annotations

import logging

from PySide6.QtCore import QObject, Signal

from desktop.core.kit.i18n import _
from desktop.core.words import LoadedWords, PersonalWordsStore, split_words
from desktop.ui.kit.background import BackgroundRunner
from desktop.ui.kit.timers import TimerFactory, qt_timer_factory

SAVE_PAUSE_MS = 800

log = logging.getLogger(__name__)


class PersonalWordsModel(QObject):
    """Words and the remember choice; emits ``changed`` and ``problem`` on the GUI thread."""

    changed = Signal()
    problem = Signal(str)
    loaded = Signal()

    def __init__(
        self,
        store: PersonalWordsStore | None,
        runner: BackgroundRunner,
        timers: TimerFactory | None = None,
        parent: QObject | None = None,
    ) -> None:
        super().__init__(parent)
        self._store, self._runner = store, runner
        self._words: tuple[str, ...] = ()
        self._remember = False
        # What the person changed before the keyring answered; their change wins.
        self._words_touched = self._remember_touched = False
        self._save_timer = (timers or qt_timer_factory(self))(self._save_now, True)
        self.is_loaded = store is None

    @property
    def words(self) -> tuple[str, ...]:
        return self._words

    @property
    def remember(self) -> bool:
        return self._remember

    @property
    def can_remember(self) -> bool:
        return self._store is not None

    def load(self) -> None:
        """Read remembered words in the background; edits made meanwhile are kept."""
        if self._store is None or self.is_loaded or self._runner.is_busy("words-load"):
            return
        store = self._store
        self._runner.run(store.load, self._on_loaded, self._on_error, key="words-load")

    def set_text(self, text: str) -> None:
        words = split_words(text)
        if words == self._words:
            return
        self._words_touched = True
        self._words = words
        self.changed.emit()
        if self._remember:
            self._save_timer.start(SAVE_PAUSE_MS)

    def set_remember(self, remember: bool) -> None:
        if remember == self._remember or self._store is None:
            return
        self._remember_touched = True
        self._remember = remember
        self.changed.emit()
        if remember:
            self._save_now()
        else:
            self._save_timer.stop()
            store = self._store
            self._runner.run(store.forget, self._report, self._on_error, key="words-save")

    def flush(self) -> None:
        """Save a pending change now (the window is closing)."""
        if self._save_timer.is_active():
            self._save_timer.stop()
            self._save_now()

    def _save_now(self) -> None:
        if self._store is None or not self._remember:
            return
        store, words = self._store, self._words
        self._runner.run(lambda: store.save(words), self._report, self._on_error, key="words-save")

    def _on_loaded(self, loaded: LoadedWords) -> None:
        self.is_loaded = True
        if loaded.problem:
            self.problem.emit(loaded.problem)
        if not self._words_touched:
            self._words = loaded.words
        if not self._remember_touched:
            self._remember = loaded.remembered
            if self._remember and self._words_touched:
                self._save_now()  # keep the stored words in step with the new ones
        self.changed.emit()
        self.loaded.emit()

    def _report(self, problem: str) -> None:
        if problem:
            self.problem.emit(problem)

    def _on_error(self, exc: BaseException) -> None:
        log.warning("personal words: the keyring did not answer: %s", type(exc).__name__)
        self.problem.emit(
            _(
                "The system keyring (this computer's safe store for passwords) did not answer. "
                "Your words are used for now but not kept."
            )
        )
