"""How the lock reminder reads idle time and lock state and locks, on each system.

Qt-free and importable on every OS: the Windows, macOS, X11 and D-Bus modules are
imported only by ``select.select_adapters`` when they are about to be used.
"""

from desktop.platform.session.interfaces import (
    ChainLocker,
    CommandLocker,
    IdleSource,
    LockAttempt,
    Locker,
    LockStateSource,
    MissingIdle,
    MissingLockState,
    NoPresentation,
    Presentation,
    PresentationDetector,
    SessionPorts,
)
from desktop.platform.session.select import Adapters, select_adapters

__all__ = [
    "Adapters",
    "ChainLocker",
    "CommandLocker",
    "IdleSource",
    "LockAttempt",
    "LockStateSource",
    "Locker",
    "MissingIdle",
    "MissingLockState",
    "NoPresentation",
    "Presentation",
    "PresentationDetector",
    "SessionPorts",
    "select_adapters",
]
