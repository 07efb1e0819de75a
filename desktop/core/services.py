"""Builds the collaborators the checks need (breach lookup, history) from the policy.

Kept apart from the rules so that tests and the window can pass their own.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from desktop.core.checks import Pipeline, build_pipeline
from desktop.core.checks.ports import BreachLookup, ReuseCheck
from desktop.core.policy.schema import Policy

if TYPE_CHECKING:
    from keyring.backend import KeyringBackend


def make_breach_lookup(policy: Policy, no_network: bool = False) -> BreachLookup | None:
    """The breach lookup the policy asks for, or None when the policy turns it off.

    "online" uses the range service and falls back to the offline list when one is set;
    with ``no_network`` only the offline list is used, and without one every lookup says
    why it could not run. Build it once and keep it: it holds the session, the answers
    for this session and any "busy, wait N seconds" pause.
    """
    from desktop.core.breach.combined import FallbackLookup, FixedVerdictLookup
    from desktop.core.breach.offline import OfflineLookup
    from desktop.core.checks.ports import BreachOutcome, BreachVerdict

    if policy.breach_check == "off":
        return None
    offline = OfflineLookup(policy.offline_breach_file) if policy.offline_breach_file else None
    if policy.breach_check == "offline":
        return offline or FixedVerdictLookup(
            BreachVerdict(
                BreachOutcome.UNKNOWN,
                source="offline",
                reason="no offline breach list is set in the policy; ask IT",
            )
        )
    if no_network:
        return offline or FixedVerdictLookup(
            BreachVerdict(
                BreachOutcome.UNKNOWN,
                source="online",
                reason="the network is turned off (--no-network)",
            )
        )
    # Imported only now: requests and TLS cost about 18 MiB, which a person who checks
    # offline (or with --no-network) should not pay.
    import requests

    from desktop import APP_NAME, __version__
    from desktop.core.breach.online import RangeApiLookup

    # A plain Session honours HTTPS_PROXY / HTTP_PROXY / NO_PROXY from the environment.
    online = RangeApiLookup(
        policy.hibp_api_url,
        requests.Session(),
        user_agent=f"{APP_NAME.replace(' ', '-')}/{__version__}",
    )
    return FallbackLookup(online, offline) if offline else online


def make_reuse_check(policy: Policy, backend: KeyringBackend | None = None) -> ReuseCheck | None:
    """The reuse check on the person's hashed history in the OS keyring.

    ``backend`` defaults to keyring's own choice, looked up on first use so that
    building the pipeline never waits on D-Bus. With no usable keyring (keyring's
    ``fail`` or ``null`` backend, a locked or silent one) every check answers
    UNAVAILABLE with the reason, so the rule says "not checked", never "pass".
    """
    from desktop.core.history import keyring_history

    return keyring_history(policy.history_depth, backend)


def make_pipeline(policy: Policy, no_network: bool = False) -> Pipeline:
    return build_pipeline(policy, make_breach_lookup(policy, no_network), make_reuse_check(policy))
