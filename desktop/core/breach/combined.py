"""Putting lookups together: online first with the offline list as the fallback.

When the policy sets both, a network fault does not leave the person with "not
checked" if the offline list can answer. The offline list is only asked when the
online lookup could not finish, so a FOUND or NOT_FOUND from the service stands.
"""

from __future__ import annotations

from desktop.core.kit.ports import BreachLookup, BreachOutcome, BreachVerdict


class FallbackLookup:
    """Asks ``first``; when it cannot finish, asks ``second``; UNKNOWN only if both fail."""

    def __init__(self, first: BreachLookup, second: BreachLookup) -> None:
        self._first = first
        self._second = second

    def lookup(self, password: str) -> BreachVerdict:
        verdict = self._first.lookup(password)
        if verdict.outcome is not BreachOutcome.UNKNOWN:
            return verdict
        backup = self._second.lookup(password)
        if backup.outcome is not BreachOutcome.UNKNOWN:
            return backup
        return BreachVerdict(
            BreachOutcome.UNKNOWN,
            source=verdict.source,
            reason=f"{verdict.reason}, and {backup.reason}",
        )


class FixedVerdictLookup:
    """Always gives the same verdict; used when the check cannot run at all.

    For example with ``--no-network`` and no offline list, every lookup is UNKNOWN
    with a reason, so the rule says "not checked" rather than being silently skipped.
    """

    def __init__(self, verdict: BreachVerdict) -> None:
        self._verdict = verdict

    def lookup(self, password: str) -> BreachVerdict:
        return self._verdict
