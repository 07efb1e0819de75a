"""The small interfaces the lock reminder uses to look at and lock the computer.

Each platform has its own implementations (X11, D-Bus, Windows, macOS), chosen at
run time by ``desktop.platform.session.select``. Where nothing works on this desktop, a
``Missing*`` stand-in answers "not known" (None), never a made-up value, and the
reason is listed for the settings window.
"""

from __future__ import annotations

import shlex
import subprocess
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Protocol

LockCallback = Callable[[bool], None]
"""Called with the new lock state; may be called from another thread."""


class IdleSource(Protocol):
    """How long since the person last used the keyboard or mouse."""

    name: str

    def idle_seconds(self) -> float | None:
        """Seconds since the last input, or None when it cannot be read right now."""
        ...

    def close(self) -> None: ...


class LockStateSource(Protocol):
    """Whether the session is locked, and (where the desktop can) news of changes."""

    name: str

    def is_locked(self) -> bool | None:
        """True or False, or None when it cannot be told right now."""
        ...

    def watch(self, callback: LockCallback) -> bool:
        """Call ``callback`` on every change; False when only polling works here."""
        ...

    def close(self) -> None: ...


@dataclass(frozen=True)
class LockAttempt:
    """Whether the desktop accepted a request to lock (not yet whether it locked)."""

    ok: bool
    method: str = ""
    detail: str = ""


class Locker(Protocol):
    """Asks the desktop to lock the session now."""

    name: str

    def lock(self) -> LockAttempt: ...


@dataclass(frozen=True)
class Presentation:
    """A full-screen window or presentation in front, or do-not-disturb turned on."""

    fullscreen: bool = False
    dnd: bool = False


class PresentationDetector(Protocol):
    name: str

    def state(self) -> Presentation: ...

    def close(self) -> None: ...


@dataclass
class SessionPorts:
    """The four things lock reminders use on a desktop: idle time, lock state, locking and
    whether a full-screen window or do-not-disturb is on."""

    idle: IdleSource
    lock_state: LockStateSource
    locker: Locker
    presentation: PresentationDetector


class MissingIdle:
    """No idle time on this desktop: reminders cannot tell when someone leaves."""

    def __init__(self, reason: str) -> None:
        self.name, self.reason = "none", reason

    def idle_seconds(self) -> float | None:
        return None

    def close(self) -> None:
        return None


class MissingLockState:
    """No lock state on this desktop: no claim is made that the screen was unlocked."""

    def __init__(self, reason: str) -> None:
        self.name, self.reason = "none", reason

    def is_locked(self) -> bool | None:
        return None

    def watch(self, callback: LockCallback) -> bool:
        return False

    def close(self) -> None:
        return None


class NoPresentation:
    """Nothing detects full-screen windows or do-not-disturb here: never suppresses."""

    name = "none"

    def state(self) -> Presentation:
        return Presentation()

    def close(self) -> None:
        return None


Runner = Callable[..., "subprocess.CompletedProcess[bytes]"]


class CommandLocker:
    """Locks by running a command (``loginctl lock-session``, or the policy's own).

    The command is split like a shell would but run without one, so nothing in it is
    interpreted; it must finish within ``timeout`` seconds and exit with 0.
    """

    def __init__(
        self, argv: Sequence[str], timeout: float = 5.0, run: Runner = subprocess.run
    ) -> None:
        if not argv:
            raise ValueError("the lock command is empty")
        self.argv, self.timeout, self._run = list(argv), timeout, run
        self.name = "command: " + shlex.join(self.argv)

    @classmethod
    def from_policy(cls, command: str, run: Runner = subprocess.run) -> CommandLocker:
        """Raises ValueError with a plain reason when the command cannot be used."""
        try:
            argv = shlex.split(command)
        except ValueError as exc:
            raise ValueError(f"the policy's lock_command cannot be read ({exc})") from None
        if not argv:
            raise ValueError("the policy's lock_command is empty")
        return cls(argv, run=run)

    def lock(self) -> LockAttempt:
        try:
            done = self._run(
                self.argv,
                stdin=subprocess.DEVNULL,
                stdout=subprocess.DEVNULL,
                stderr=subprocess.PIPE,
                timeout=self.timeout,
                check=False,
            )
        except FileNotFoundError:
            return LockAttempt(False, self.name, f"'{self.argv[0]}' was not found.")
        except subprocess.TimeoutExpired:
            return LockAttempt(False, self.name, "It did not finish in time.")
        except OSError as exc:
            return LockAttempt(False, self.name, f"It could not start ({exc.strerror}).")
        if done.returncode != 0:
            err = (done.stderr or b"").decode("utf-8", "replace").strip().splitlines()
            why = err[-1][:200] if err else f"exit code {done.returncode}"
            return LockAttempt(False, self.name, f"It failed: {why}")
        return LockAttempt(True, self.name)


class ChainLocker:
    """Tries each way of locking in turn until the desktop accepts one."""

    def __init__(self, lockers: Sequence[Locker]) -> None:
        self.lockers = list(lockers)
        self.name = " / ".join(lk.name for lk in self.lockers) or "none"

    def lock(self) -> LockAttempt:
        if not self.lockers:
            return LockAttempt(False, "none", "No way to lock this desktop was found.")
        reasons = []
        for locker in self.lockers:
            attempt = locker.lock()
            if attempt.ok:
                return attempt
            reasons.append(f"{locker.name}: {attempt.detail}")
        return LockAttempt(
            False, self.name, "Every way of locking failed (" + "; ".join(reasons) + ")."
        )
