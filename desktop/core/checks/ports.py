"""The checks' interfaces (breach lookup, reuse check and their verdicts).

They live in ``desktop.core.kit.ports``, below both the checks and the rooms that
implement them (breach, history); this name is kept so existing imports still work.
"""

from desktop.core.kit.ports import (
    BreachLookup,
    BreachOutcome,
    BreachVerdict,
    ReuseCheck,
    ReuseOutcome,
    ReuseVerdict,
)

__all__ = [
    "BreachLookup",
    "BreachOutcome",
    "BreachVerdict",
    "ReuseCheck",
    "ReuseOutcome",
    "ReuseVerdict",
]
