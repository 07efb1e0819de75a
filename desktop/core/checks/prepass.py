"""The one step before the rules: what the rules (all but ``characters``) judge."""

from __future__ import annotations

from desktop.core.checks.base import normalise
from desktop.core.checks.visible import bounded, visible


def prepare(password: str, max_length: int) -> str:
    """``password`` with its hidden characters removed, then NFKC.

    The pipeline calls this before any rule runs, so no rule scores the invisible parts
    of a password while the ``characters`` rule refuses them (that rule looks at the
    text as typed). Input far beyond ``max_length`` is cut to what a rule could need;
    the ``length`` rule refuses it as too long and the others do not check it.
    """
    return normalise(visible(bounded(password, max_length)))
