"""Live checking for the window: local rules on every key press, slow ones once settled.

The window calls ``update(password, words, settle)`` on every change to the password
or the personal words, and ``set_settled(settle)`` when the core's ``CheckPresenter``
says the password became settled or stopped being so (when that is, is decided and
documented there). Local rules (length, guessable, personal, characters) start at once.
The store and network rules (reuse, breached) run only for a settled password: at once
(``Settle.NOW``), or after a short pause in typing (``Settle.ON_PAUSE``, ``pause_ms``
through the injectable timers). So a password sends at most one breach lookup, for the
whole password, never one for each pause on the way.
All work runs through a ``BackgroundRunner``; results come back as signals on the GUI
thread, and a result for text the person has since changed is dropped.

Local and slow work use two runners on two pools, so a breach server that takes
30 seconds to answer (or a keyring waiting for its unlock prompt) can never hold up
the feedback for the next key press.
"""

from __future__ import annotations

import logging
import threading
from collections.abc import Callable, Sequence
from typing import TYPE_CHECKING, Protocol

from PySide6.QtCore import QObject, QThreadPool, Signal

from desktop.core.checks.presenter import PAUSE_MS, Settle
from desktop.core.kit.i18n import _
from desktop.ui.kit.background import BackgroundRunner
from desktop.ui.kit.timers import TimerFactory, qt_timer_factory

if TYPE_CHECKING:  # the rules' checking code loads on a worker with the first check
    from desktop.core.checks import Pipeline
    from desktop.core.checks.base import Rule, RuleKind

LOCAL_KINDS: tuple[RuleKind, ...] = ("local",)
SLOW_KINDS: tuple[RuleKind, ...] = ("store", "network")

log = logging.getLogger(__name__)


class PipelineSource(Protocol):
    """A pipeline to check with, and its rules, known before it is built."""

    @property
    def rules(self) -> tuple[Rule, ...]: ...

    def __call__(self) -> Pipeline: ...


class LazyPipeline:
    """Builds the pipeline on first use, on whichever worker needs it first.

    Building loads zxcvbn and may open the keyring, so it must not happen on the GUI
    thread before the window is shown. ``rules`` is the catalogue the window lists
    meanwhile: the core's standard rules unless given; a built pipeline whose rules
    differ is refused, so the window never shows lines the checks do not fill.
    """

    def __init__(self, build: Callable[[], Pipeline], rules: Sequence[Rule] | None = None) -> None:
        if rules is None:
            from desktop.core.checks import standard_rules

            rules = standard_rules()
        self._build = build
        self._rules = tuple(rules)
        self._pipeline: Pipeline | None = None
        self._lock = threading.Lock()

    @classmethod
    def of(cls, pipeline: Pipeline) -> LazyPipeline:
        """A source for a pipeline that is already built."""
        return cls(lambda: pipeline, pipeline.rules)

    @property
    def rules(self) -> tuple[Rule, ...]:
        return self._rules

    def __call__(self) -> Pipeline:
        with self._lock:
            if self._pipeline is None:
                built = self._build()
                if built.rule_ids != tuple(r.rule_id for r in self._rules):
                    raise RuntimeError("the checks built are not the ones the window lists")
                self._pipeline = built
            return self._pipeline


def make_runners(parent: QObject | None = None) -> tuple[BackgroundRunner, BackgroundRunner]:
    """(local, slow) runners on separate pools; see the module notes for why."""
    local_pool = QThreadPool(parent)
    local_pool.setMaxThreadCount(2)
    slow_pool = QThreadPool(parent)
    slow_pool.setMaxThreadCount(4)
    return BackgroundRunner(local_pool, parent), BackgroundRunner(slow_pool, parent)


class LiveChecker(QObject):
    """Turns edits into check runs and results into signals. Holds no widgets."""

    local_ready = Signal(object)  # CheckResult of the local rules
    slow_waiting = Signal()  # the slow rules wait until both boxes match
    slow_started = Signal()  # the slow rules run now (after the short pause)
    slow_ready = Signal(object)  # CheckResult of the store and network rules
    failed = Signal(str)  # a whole run failed; the text says what to do

    def __init__(
        self,
        pipeline: PipelineSource,
        local_runner: BackgroundRunner,
        slow_runner: BackgroundRunner,
        timers: TimerFactory | None = None,
        pause_ms: int = PAUSE_MS,
        parent: QObject | None = None,
    ) -> None:
        super().__init__(parent)
        self._pipeline = pipeline
        self._local, self._slow = local_runner, slow_runner
        self._pause_ms = pause_ms
        self._timer = (timers or qt_timer_factory(self))(self._start_slow, True)
        self._password = ""
        self._words: tuple[str, ...] = ()
        self._settle = Settle.NO
        self._ran = False  # the slow rules started for the current settled password

    @property
    def rules(self) -> tuple[Rule, ...]:
        """The rules the checks run, in order, for the window's checklist."""
        return self._pipeline.rules

    @property
    def settled(self) -> bool:
        """Both boxes match, so the slow rules run (or have run) for this password."""
        return self._settle is not Settle.NO and bool(self._password)

    def set_pipeline(self, pipeline: PipelineSource) -> None:
        """Use a new pipeline (the policy changed) from the next run on."""
        self._pipeline = pipeline

    def update(
        self, password: str, words: tuple[str, ...], settle: Settle | bool = Settle.NO
    ) -> None:
        """The password or the personal words changed: check again."""
        self._password, self._words = password, words
        self._slow.cancel("slow")
        self._timer.stop()
        pipeline = self._pipeline
        self._local.run(
            lambda: pipeline().run(password, words, kinds=LOCAL_KINDS),
            self.local_ready.emit,
            self._on_error,
            key="local",
        )
        self._settle = Settle.NO
        self._ran = False
        self._apply(_mode(settle), changed=True)

    def set_settled(self, settle: Settle | bool) -> None:
        """The core says the password is settled now, after a pause, or not at all."""
        self._apply(_mode(settle), changed=False)

    def _apply(self, mode: Settle, changed: bool) -> None:
        if mode is self._settle and not changed:
            return
        if mode is Settle.NOW and self._settle is Settle.ON_PAUSE and self._ran:
            self._settle = mode  # it already ran after the pause: nothing new to send
            return
        self._settle = mode
        self._slow.cancel("slow")
        self._timer.stop()
        self._ran = False
        if not self._password:
            return
        if mode is Settle.ON_PAUSE:
            self._timer.start(self._pause_ms)
            self.slow_started.emit()
        elif mode is Settle.NOW:
            self._start_slow()
        else:
            self.slow_waiting.emit()

    def recheck_slow(self) -> None:
        """Run the slow rules again now (after recording a password, or on request)."""
        if self.settled:
            self._timer.stop()
            self._start_slow()

    def clear(self) -> None:
        """Forget the current text and drop any result still on its way."""
        self._password, self._words = "", ()
        self._settle = Settle.NO
        self._ran = False
        self._timer.stop()
        self._local.cancel("local")
        self._slow.cancel("slow")

    def is_checking_slow(self) -> bool:
        return self._slow.is_busy("slow")

    def _start_slow(self) -> None:
        password, words, pipeline = self._password, self._words, self._pipeline
        if not (password and self._settle is not Settle.NO):
            return
        self._ran = True
        self.slow_started.emit()
        self._slow.run(
            lambda: pipeline().run(password, words, kinds=SLOW_KINDS),
            self.slow_ready.emit,
            self._on_error,
            key="slow",
        )

    def _on_error(self, exc: BaseException) -> None:
        # Rules never raise; this is a failure to build the checks at all.
        log.warning("the checks could not run: %s", type(exc).__name__)
        self.failed.emit(
            _(
                "The checks could not run. "
                "Close this window and open it again; if it keeps happening, tell IT."
            )
        )


def _mode(settle: Settle | bool) -> Settle:
    """``True`` (older callers: both boxes match) settles after the pause."""
    if isinstance(settle, Settle):
        return settle
    return Settle.ON_PAUSE if settle else Settle.NO
