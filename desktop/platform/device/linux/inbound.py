"""What the kernel does with a new connection from another computer that no rule allows:
read from the packet filter's effective input path, the way the kernel applies it.

* As root: ``nft -j list ruleset`` (iptables on Debian and Ubuntu is a front end to the
  same tables, ufw too). A packet must get through *every* filter chain hooked on
  ``input`` of its address family; one chain that drops it by default (its policy, or a
  last rule that drops or rejects everything) blocks it. Both IPv4 (``ip``/``inet``
  tables) and IPv6 (``ip6``/``inet``) must be covered. A drop rule with a condition (a
  ban list) is not a default, nor is anything on the ``forward`` hook.
* Without root (the kernel refuses to list rules): firewalld, when it runs, says over
  the system bus what its default zone does with what no rule allows (its ``target``:
  ``ACCEPT`` lets everything in; ``default``, ``DROP`` and ``%%REJECT%%`` do not), and
  any user may ask. Otherwise ufw's own settings, which every user
  may read: ``ENABLED=yes`` in ``ufw.conf`` and ``DEFAULT_INPUT_POLICY`` in
  ``/etc/default/ufw``, which ufw loads into the kernel when its start-up service runs;
  so "blocked" also needs that service active (a setting with nothing loaded blocks
  nothing). Nothing else can be told without root: the answer is then "not checked",
  never "blocked".
"""

from __future__ import annotations

import json
import os
import re
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any

from desktop.core.device.readings import Unread
from desktop.core.device.readings_ce import InboundReading
from desktop.core.kit.i18n import N_
from desktop.platform.dbus import DBusCaller, DBusCallError
from desktop.platform.device.linux._common import SYSTEM_BUS, TIME_LIMIT, read_text, run
from desktop.platform.device.linux.firewall import (
    FIREWALLD,
    FIREWALLD_PATH,
    UnitActive,
    systemd_unit_active,
)

V4_FAMILIES = ("ip", "inet")
V6_FAMILIES = ("ip6", "inet")
DROPS = ("drop", "reject")
# Statements that do not decide anything: a drop after them still drops everything.
NEUTRAL = {"counter", "log", "limit"}


def _is_root() -> bool:
    return os.geteuid() == 0


def _unconditional_drop(expr: list[Any]) -> bool:
    """True for a rule that drops or rejects every packet (no match before it)."""
    verdict = False
    for statement in expr:
        if not isinstance(statement, dict) or len(statement) != 1:
            return False
        (kind,) = statement
        if kind in DROPS:
            verdict = True
        elif kind not in NEUTRAL:
            return False  # a match, a jump, an accept...: not a default
    return verdict


Chain = tuple[str, str, str]  # family, table, name

# Matches that leave every new connection through: a protocol or a whole interface.
BROAD_META = {"l4proto", "nfproto", "protocol", "iif", "iifname", "iiftype"}
LOOPBACK = {"lo", 1}
MAX_JUMPS = 8


def _broad_match(match: dict[str, Any]) -> bool | None:
    """True for a match that still lets any new connection through, False for one that
    narrows it (a port, an address), None for one that excludes new connections."""
    left, right, op = match.get("left"), match.get("right"), match.get("op", "==")
    if not isinstance(left, dict):
        return False
    if isinstance(left.get("ct"), dict) and left["ct"].get("key") == "state":
        states = right if isinstance(right, list) else [right]
        if op == "!=":
            return "new" not in states or None
        return True if "new" in states else None
    meta = left.get("meta")
    if isinstance(meta, dict) and meta.get("key") in BROAD_META:
        if meta.get("key") in ("iif", "iifname") and op == "==" and right in LOOPBACK:
            return None  # the computer talking to itself
        return True
    payload = left.get("payload")
    return isinstance(payload, dict) and payload.get("field") in ("protocol", "nexthdr")


def _lets_all_in(
    expr: list[Any], chains: dict[Chain, list[list[Any]]], here: Chain, depth: int
) -> bool:
    """True for a rule that accepts every new connection (or jumps to a chain with one)."""
    if not expr:
        return False
    *head, verdict = expr
    for statement in head:
        if not isinstance(statement, dict) or len(statement) != 1:
            return False
        (kind,) = statement
        if kind in NEUTRAL:
            continue
        if kind != "match":
            return False
        broad = _broad_match(statement["match"])
        if broad is not True:
            return False
    if not isinstance(verdict, dict) or len(verdict) != 1:
        return False
    (kind,) = verdict
    if kind == "accept":
        return True
    if kind in ("jump", "goto") and depth < MAX_JUMPS:
        target = verdict[kind].get("target") if isinstance(verdict[kind], dict) else None
        called = (here[0], here[1], str(target))
        return any(_lets_all_in(r, chains, called, depth + 1) for r in chains.get(called, []))
    return False


def blocked_families(ruleset: list[dict[str, Any]]) -> set[str]:
    """The families (``ip``, ``ip6``, ``inet``) with an input filter chain that blocks
    by default: it drops what no rule allows, and no rule in it (or in a chain it jumps
    to) lets every new connection in first."""
    inputs: dict[Chain, dict[str, Any]] = {}
    rules: dict[Chain, list[list[Any]]] = {}
    for item in ruleset:
        chain = item.get("chain")
        if (
            isinstance(chain, dict)
            and chain.get("hook") == "input"
            and chain.get("type", "filter") == "filter"
        ):
            key = (str(chain.get("family")), str(chain.get("table")), str(chain.get("name")))
            inputs[key] = chain
        rule = item.get("rule")
        if isinstance(rule, dict):
            key = (str(rule.get("family")), str(rule.get("table")), str(rule.get("chain")))
            expr = rule.get("expr")
            rules.setdefault(key, []).append(expr if isinstance(expr, list) else [])
    blocked: set[str] = set()
    for key, chain in inputs.items():
        own = rules.get(key, [])
        drops = chain.get("policy") in DROPS or (bool(own) and _unconditional_drop(own[-1]))
        if drops and not any(_lets_all_in(r, rules, key, 0) for r in own):
            blocked.add(key[0])
    return blocked


def judge_ruleset(ruleset: list[dict[str, Any]]) -> InboundReading:
    families = blocked_families(ruleset)
    v4 = any(f in families for f in V4_FAMILIES)
    v6 = any(f in families for f in V6_FAMILIES)
    if v4 and v6:
        return InboundReading(True, "nftables", "input blocked by default")
    if v4:
        return InboundReading(False, "nftables", "IPv6 input allowed by default")
    if v6:
        return InboundReading(False, "nftables", "IPv4 input allowed by default")
    return InboundReading(False, "nftables", "input allowed by default")


def _setting(text: str, name: str) -> str | None:
    matches = re.findall(rf"^\s*{name}\s*=\s*\"?([^\"\s#]*)\"?", text, re.MULTILINE)
    return matches[-1] if matches else None  # the shell reads the last one


NEED_ROOT = N_(
    "only an administrator can read the firewall's rules, so the app cannot tell "
    "whether connections from other computers are blocked"
)


def _default_target(caller: DBusCaller) -> str | None:
    """firewalld's default zone's target ("default", "ACCEPT", "DROP", "%%REJECT%%"), or
    None when firewalld does not say (an older firewalld, or not allowed)."""
    try:
        (zone,) = caller.call(FIREWALLD, FIREWALLD_PATH, FIREWALLD, "getDefaultZone")
        (settings,) = caller.call(
            FIREWALLD, FIREWALLD_PATH, f"{FIREWALLD}.zone", "getZoneSettings2", "s", (zone,)
        )
    except DBusCallError as exc:
        if "in time" in str(exc) or "Timeout" in str(exc):
            raise
        return None
    if not isinstance(settings, dict):
        return None
    value = settings.get("target")
    target = value[1] if isinstance(value, tuple) and len(value) == 2 else value
    return str(target) if target is not None else None


def firewalld_inbound(bus: str = SYSTEM_BUS) -> InboundReading | Unread | None:
    """What running firewalld does with a connection no rule allows, from its default
    zone; None when firewalld is not running (so another firewall may decide)."""
    caller = DBusCaller(bus, timeout=TIME_LIMIT)
    try:
        if not caller.has_owner(FIREWALLD):
            return None
        state = caller.get_property(FIREWALLD, FIREWALLD_PATH, FIREWALLD, "state")
        if str(state) != "RUNNING":
            return None
        target = _default_target(caller)
    except DBusCallError as exc:
        return Unread(N_("firewalld did not answer in time."), str(exc))
    finally:
        caller.close()
    if target is None:  # not guessed: an older firewalld, or a refusal
        return Unread(NEED_ROOT, "firewalld gave no zone target")
    if target == "ACCEPT":  # the "trusted" zone
        return InboundReading(False, "firewalld", "default zone accepts")
    return InboundReading(True, "firewalld", f"default zone target {target}")


Firewalld = Callable[[], "InboundReading | Unread | None"]


class LinuxInbound:
    """The kernel's input path as root; firewalld's or ufw's own answer otherwise."""

    def __init__(
        self,
        prefix: Sequence[str] = (),
        ufw_conf: Path = Path("/etc/ufw/ufw.conf"),
        ufw_defaults: Path = Path("/etc/default/ufw"),
        is_root: Callable[[], bool] = _is_root,
        unit_active: UnitActive = systemd_unit_active,
        firewalld: Firewalld = firewalld_inbound,
    ) -> None:
        self.prefix = tuple(prefix)
        self.ufw_conf, self.ufw_defaults, self.is_root = ufw_conf, ufw_defaults, is_root
        self.unit_active, self.firewalld = unit_active, firewalld

    def read(self) -> InboundReading | Unread:
        if self.is_root():
            done = run([*self.prefix, "nft", "-j", "list", "ruleset"])
            if not isinstance(done, Unread) and done.returncode == 0:
                try:
                    items = json.loads(done.stdout or "{}").get("nftables", [])
                except (ValueError, AttributeError) as exc:
                    return Unread(
                        N_("the firewall rules were not in a form the app knows"), str(exc)
                    )
                return judge_ruleset([i for i in items if isinstance(i, dict)])
        told = self.firewalld()
        return told if told is not None else self._ufw()

    def _ufw(self) -> InboundReading | Unread:
        conf, defaults = read_text(self.ufw_conf), read_text(self.ufw_defaults)
        if conf is None or defaults is None:
            return Unread(NEED_ROOT, "not root, no ufw settings")
        if (_setting(conf, "ENABLED") or "").lower() != "yes":
            return InboundReading(False, "ufw", "ufw is off")
        policy = (_setting(defaults, "DEFAULT_INPUT_POLICY") or "").upper()
        if policy == "ACCEPT":
            return InboundReading(False, "ufw", "default incoming allow")
        if policy not in ("DROP", "REJECT"):
            return Unread(N_("ufw's settings did not say what happens to incoming connections"))
        loaded = self.unit_active("ufw.service")
        if isinstance(loaded, Unread):
            return Unread(NEED_ROOT, loaded.detail or loaded.reason)
        if not loaded:  # its settings say drop, but ufw has put nothing in the kernel
            return InboundReading(False, "ufw", "ufw is not running")
        return InboundReading(True, "ufw", f"default incoming {policy.lower()}")
