"""Builds the collaborators the checks need (breach lookup, history) from the policy.

Kept apart from the rules so that tests and the window can pass their own.
"""

from __future__ import annotations

from desktop.core.checks import Pipeline, build_pipeline
from desktop.core.interfaces import BreachLookup, ReuseCheck
from desktop.core.policy import Policy


def make_breach_lookup(policy: Policy, no_network: bool = False) -> BreachLookup | None:
    """The breach lookup the policy asks for, or None when it is off or not built yet."""
    return None


def make_reuse_check(policy: Policy) -> ReuseCheck | None:
    """The history-backed reuse check, or None when no history can be kept."""
    return None


def make_pipeline(policy: Policy, no_network: bool = False) -> Pipeline:
    return build_pipeline(policy, make_breach_lookup(policy, no_network), make_reuse_check(policy))
