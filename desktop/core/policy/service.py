"""The one holder of the policy in force, for every part of the app that reads it.

``PolicyService`` loads the effective policy once (when first asked), hands out the
current one, loads it again on ``reload()`` (after the person saved their settings)
and tells subscribers (plain callbacks, no Qt) what the new policy is. The tray, the
check window, the lock reminders, the password recorder and the leak-report wizard
all read from it, so they never disagree about which policy is in force.
"""

from __future__ import annotations

import logging
from collections.abc import Callable

from desktop.core.policy.resolve import EffectivePolicy
from desktop.core.policy.schema import Policy

log = logging.getLogger(__name__)

PolicyListener = Callable[[EffectivePolicy], None]


class PolicyService:
    """Holds the effective policy; ``reload`` reads the sources again and announces it."""

    def __init__(self, load: Callable[[], EffectivePolicy]) -> None:
        self._load = load
        self._effective: EffectivePolicy | None = None  # read on first use
        self._listeners: list[PolicyListener] = []

    @classmethod
    def fixed(cls, effective: EffectivePolicy) -> PolicyService:
        """A service that always answers with this policy (tests, screenshots)."""
        return cls(lambda: effective)

    @property
    def effective(self) -> EffectivePolicy:
        if self._effective is None:
            self._effective = self._load()
        return self._effective

    @property
    def policy(self) -> Policy:
        return self.effective.policy

    def subscribe(self, listener: PolicyListener) -> Callable[[], None]:
        """Call ``listener`` with each new policy; returns a function that stops it."""
        self._listeners.append(listener)

        def unsubscribe() -> None:
            if listener in self._listeners:
                self._listeners.remove(listener)

        return unsubscribe

    def reload(self) -> EffectivePolicy:
        """Read every source again, keep the result and tell each subscriber."""
        effective = self._effective = self._load()
        for listener in list(self._listeners):
            try:
                listener(effective)
            except Exception:  # one broken listener must not keep the policy from the rest
                log.exception("A policy listener failed")
        return effective
