"""Keeps IT's posture document in step with the device checks, off the GUI thread.

Every report the device monitor takes (its own timer, the window's "Check again") is
turned into the document and written with its mirrors on a worker, through the one
background helper; the last document is kept for the page "What IT can see". When the policy or the
person's settings change (reminders switched off, a new policy version), the last
report is written again with the new state.
"""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QObject, Signal

from desktop.core.device import DeviceReport, System
from desktop.core.policy.schema import Policy
from desktop.core.posture.state import gather_state, publish
from desktop.core.posture.store import PostureRecorder
from desktop.ui.kit.background import BackgroundRunner


class PostureLink(QObject):
    published = Signal(object)  # the document written (a dict)

    def __init__(
        self,
        recorder: PostureRecorder,
        policy: Callable[[], Policy],
        runner: BackgroundRunner,
        system: System,
        app_version: str,
        history_read: Callable[[], object] | None = None,
        left_unlocked: Callable[[], int] | None = None,
        parent: QObject | None = None,
    ) -> None:
        super().__init__(parent)
        self.recorder = recorder
        self._policy = policy
        self._runner = runner
        self._system = system
        self._version = app_version
        self._history_read = history_read
        self._left_unlocked = left_unlocked
        self.last: dict[str, object] | None = None
        self._report: DeviceReport | None = None
        self.problems: list[str] = []

    def take_report(self, report: DeviceReport) -> None:
        """Write the document for ``report`` on a worker (GUI thread only calls this)."""
        self._report = report
        policy = self._policy()

        def work() -> tuple[dict[str, object], list[str]]:
            state = gather_state(policy, self._left_unlocked, self._history_read)
            doc, _changes = publish(self.recorder, report, state, self._system, self._version)
            return doc, list(self.recorder.problems)

        self._runner.run(work, self._written, self._failed, key="posture")

    def republish(self) -> None:
        """The app's own state changed (reminders, the policy): write the last report again."""
        if self._report is not None:
            self.take_report(self._report)

    def _written(self, result: tuple[dict[str, object], list[str]]) -> None:
        self.last, self.problems = result
        self.published.emit(self.last)

    def _failed(self, error: BaseException) -> None:
        self.problems = [type(error).__name__]
