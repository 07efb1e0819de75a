"""Whether a firewall is in force on this computer.

What decides is what the kernel holds, not what a settings file says: the filter chains
on the ``input`` hook (``nft -j list ruleset``; the kernel shows it to root only). A
firewall product's own rules (firewalld's table, ufw's chains), loaded and filtering,
mean that product is on; rules of no product are a firewall only when some input chain
drops by default what nothing before it picked out. A ruleset whose only drops are for
some traffic (a ban-list set, one port, the forward chain) is not a firewall, and an
enabled firewall with nothing loaded in the kernel is off. What the firewall does with
a stranger's new connection is the inbound fact's own question (``inbound.py``), so a
firewall that is on but lets everyone in fails that check alone.

Without root the rules cannot be read, so the app asks each product and the service
manager instead: firewalld's ``state`` on the system bus; ufw's ``ENABLED=yes`` with its
start-up service active; nftables' start-up service active with ``/etc/nftables.conf``
dropping by default on its input chain. When nothing can be told the answer is
``Unread``, never "off" or "on".
"""

from __future__ import annotations

import json
import os
import re
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any

from desktop.core.device.readings import FirewallReading, Unread
from desktop.core.kit.i18n import N_
from desktop.platform.dbus import DBusCaller, DBusCallError
from desktop.platform.device.linux._common import SYSTEM_BUS, TIME_LIMIT, read_text, run
from desktop.platform.device.linux.malware import SystemdState

FIREWALLD = "org.fedoraproject.FirewallD1"
FIREWALLD_PATH = "/org/fedoraproject/FirewallD1"


def _is_root() -> bool:
    return os.geteuid() == 0


class FirewalldState:
    """firewalld's own answer over D-Bus."""

    def __init__(self, bus: str = SYSTEM_BUS, binary: Path = Path("/usr/sbin/firewalld")) -> None:
        self.bus, self.binary = bus, binary

    def read(self) -> FirewallReading | Unread:
        caller = DBusCaller(self.bus, timeout=TIME_LIMIT)
        try:
            if not caller.has_owner(FIREWALLD):
                if os.path.exists(self.binary):
                    return FirewallReading(active=False, product="firewalld")
                return Unread(N_("firewalld is not installed."), "absent")
            state = caller.get_property(FIREWALLD, FIREWALLD_PATH, FIREWALLD, "state")
        except DBusCallError as exc:
            return Unread(N_("firewalld did not answer in time."), str(exc))
        finally:
            caller.close()
        # What its default zone does with a stranger's connection is the inbound fact's.
        return FirewallReading(active=str(state) == "RUNNING", product="firewalld")


UnitActive = Callable[[str], "bool | Unread"]


def _shell_value(text: str, key: str) -> str | None:
    """``KEY=value`` or ``KEY="value"`` as a shell sources it (the last one wins)."""
    found = None
    for match in re.finditer(rf"^\s*{key}\s*=\s*(\S*)", text, re.MULTILINE):
        found = match.group(1).strip().strip("\"'")
    return found


def systemd_unit_active(unit: str, bus: str = SYSTEM_BUS) -> bool | Unread:
    """Whether systemd has ``unit`` active (for a one-shot loader: it ran and succeeded)."""
    if not os.path.isdir("/run/systemd/system"):
        return Unread(N_("The service manager (systemd) is not running here."), "no systemd")
    states = SystemdState(bus).states([unit])
    if isinstance(states, Unread):
        return states
    return bool(states and states[0].enabled)


class UfwState:
    """ufw without root: its settings, and whether its start-up service loaded them."""

    def __init__(
        self,
        conf: Path = Path("/etc/ufw/ufw.conf"),
        unit_active: UnitActive = systemd_unit_active,
    ) -> None:
        self.conf, self.unit_active = conf, unit_active

    def configured_on(self) -> bool | None:
        """ufw.conf's ``ENABLED`` (None: no ufw, or no such line)."""
        text = read_text(self.conf)
        value = _shell_value(text, "ENABLED") if text is not None else None
        return None if value is None else value.lower() == "yes"

    def read(self) -> FirewallReading | Unread:
        text = read_text(self.conf)
        if text is None:
            return Unread(N_("ufw is not installed."), f"no {self.conf}")
        enabled = self.configured_on()
        if enabled is None:
            return Unread(N_("ufw's settings did not say whether it is on."), "no ENABLED=")
        if not enabled:
            return FirewallReading(active=False, product="ufw")
        loaded = self.unit_active("ufw.service")
        if isinstance(loaded, Unread):
            return Unread(
                N_(
                    "ufw is switched on in its settings, but whether its rules are in force can "
                    "only be read with administrator rights."
                ),
                loaded.detail or loaded.reason,
            )
        if not loaded:
            return FirewallReading(active=False, product="ufw", configured_on=True)
        return FirewallReading(active=True, product="ufw")


ChainKey = tuple[str, str, str]  # family, table, chain
VERDICTS = ("accept", "drop", "reject", "return")
BLOCKING = ("drop", "reject")
_DEPTH = 16


def _expr_list(rule: dict[str, Any]) -> list[dict[str, Any]]:
    expr = rule.get("expr")
    return [e for e in expr if isinstance(e, dict)] if isinstance(expr, list) else []


def _ct_state_match(match: dict[str, Any]) -> bool | None:
    """For a ``ct state`` match: whether a new connection matches it; None otherwise."""
    left = match.get("left")
    if not (isinstance(left, dict) and left.get("ct", {}).get("key") == "state"):
        return None
    right = match.get("right")
    states: set[str] = set()
    if isinstance(right, str):
        states = {right}
    elif isinstance(right, list):
        states = {str(v) for v in right}
    elif isinstance(right, dict) and isinstance(right.get("set"), list):
        states = {str(v) for v in right["set"]}
    new = "new" in states
    return (not new) if match.get("op") in ("!=",) else new


def _applies_to_any_new_connection(exprs: list[dict[str, Any]]) -> bool:
    """Whether a rule matches every new inbound connection (whatever its address, port or
    interface). A rule with any other condition (a port, an address, a set such as a
    ban list, an interface, a rate) is for some traffic only, so it does not decide what
    happens to a stranger's new connection by default."""
    for expr in exprs:
        if "match" in expr:
            new = _ct_state_match(expr["match"])
            if new is None or not new:
                return False
        elif "xt" in expr:
            xt = expr["xt"]
            if not (isinstance(xt, dict) and xt.get("type") == "target"):
                return False  # an iptables match the JSON does not spell out
        elif any(k in expr for k in ("limit", "quota", "meter", "set", "vmap", "map")):
            return False
    return True


def _verdict(exprs: list[dict[str, Any]]) -> tuple[str, str] | None:
    """The rule's verdict: ("accept"|"drop"|"reject"|"return", "") or ("jump"|"goto",
    target); None for a rule that only counts or logs."""
    for expr in exprs:
        for name in VERDICTS:
            if name in expr:
                return name, ""
        for name in ("jump", "goto"):
            if name in expr and isinstance(expr[name], dict):
                return name, str(expr[name].get("target", ""))
        xt = expr.get("xt")
        if (
            isinstance(xt, dict)
            and xt.get("type") == "target"
            and str(xt.get("name", "")).upper() in ("REJECT", "DROP")
        ):
            return "reject", ""
    return None


def _input_chains(
    ruleset: list[dict[str, Any]],
) -> tuple[dict[ChainKey, list[list[dict[str, Any]]]], list[tuple[ChainKey, str]]]:
    """Every chain's rules, and the filter chains on the ``input`` hook with their policy."""
    rules: dict[ChainKey, list[list[dict[str, Any]]]] = {}
    bases: list[tuple[ChainKey, str]] = []
    for item in ruleset:
        chain = item.get("chain")
        if isinstance(chain, dict):
            key = (str(chain.get("family")), str(chain.get("table")), str(chain.get("name")))
            rules.setdefault(key, [])
            if chain.get("hook") == "input" and chain.get("type", "filter") == "filter":
                bases.append((key, str(chain.get("policy", "accept"))))
        rule = item.get("rule")
        if isinstance(rule, dict):
            key = (str(rule.get("family")), str(rule.get("table")), str(rule.get("chain")))
            rules.setdefault(key, []).append(_expr_list(rule))
    return rules, bases


def drops_by_default(ruleset: list[dict[str, Any]]) -> bool:
    """Some input-hook filter chain ends by dropping what nothing before it picked out:
    its policy drops, or it reaches (itself or through a jump, as firewalld's zone chains
    do) a rule that drops or rejects any new connection. That default is what makes a
    hand-written ruleset a firewall; a ban list, one closed port or ufw's "invalid
    packets" rule drops only some traffic. Whether a rule before the default lets every
    stranger in anyway is the inbound fact's question, not this one's."""
    rules, bases = _input_chains(ruleset)

    def ends_in_drop(key: ChainKey, depth: int) -> bool:
        if depth > _DEPTH:
            return False
        for exprs in rules.get(key, []):
            verdict = _verdict(exprs)
            if verdict is None or not _applies_to_any_new_connection(exprs):
                continue
            kind, target = verdict
            if kind in BLOCKING:
                return True
            if kind in ("jump", "goto") and ends_in_drop((key[0], key[1], target), depth + 1):
                return True
        return False

    return any(policy == "drop" or ends_in_drop(key, 0) for key, policy in bases)


def filters_inbound(ruleset: list[dict[str, Any]]) -> bool:
    """Some input-hook chain can stop something: its policy drops, or a table holding
    one has a drop or reject rule. Chains left behind that accept everything (``ufw
    disable`` leaves its empty chains) filter nothing."""
    tables: set[tuple[str, str]] = set()
    for item in ruleset:
        chain = item.get("chain")
        if isinstance(chain, dict) and chain.get("hook") == "input":
            tables.add((str(chain.get("family")), str(chain.get("table"))))
            if chain.get("policy") == "drop":
                return True
    for item in ruleset:
        rule = item.get("rule")
        if not isinstance(rule, dict):
            continue
        if (str(rule.get("family")), str(rule.get("table"))) not in tables:
            continue
        verdict = _verdict(_expr_list(rule))
        if verdict is not None and verdict[0] in BLOCKING:
            return True
    return False


def ruleset_product(ruleset: list[dict[str, Any]]) -> str:
    """Which firewall wrote the rules: firewalld's table, ufw's chains, or plain nftables."""
    names = {
        (str(i["table"].get("name")) if "table" in i else str(i["chain"].get("name")))
        for i in ruleset
        if isinstance(i.get("table"), dict) or isinstance(i.get("chain"), dict)
    }
    if "firewalld" in names:
        return "firewalld"
    if any(n.startswith("ufw-") for n in names):
        return "ufw"
    return "nftables"


NEED_ROOT = N_(
    "The firewall rules can only be read with administrator rights, so the app cannot "
    "tell whether a firewall is on."
)


def conf_drops_by_default(text: str) -> bool:
    """An nftables file whose input-hook chain has ``policy drop`` (a drop rule for some
    traffic only, such as a ban list, is not a default)."""
    for chain in re.finditer(r"chain\s+\S+\s*\{(?P<body>[^{}]*)\}", text):
        body = chain.group("body")
        if re.search(r"\bhook\s+input\b", body) and re.search(r"\bpolicy\s+drop\b", body):
            return True
    return False


class NftablesState:
    """The kernel's own packet filter rules (root only)."""

    def __init__(self, prefix: Sequence[str] = ()) -> None:
        self.prefix = tuple(prefix)

    def ruleset(self) -> list[dict[str, Any]] | Unread:
        """The kernel's ruleset, or why it could not be read."""
        done = run([*self.prefix, "nft", "-j", "list", "ruleset"])
        if isinstance(done, Unread):
            return done
        if done.returncode != 0:
            return Unread(NEED_ROOT, done.stderr.strip()[:200])
        try:
            items = json.loads(done.stdout or "{}").get("nftables", [])
        except (ValueError, AttributeError) as exc:
            return Unread(N_("The firewall rules were not in a form the app knows."), str(exc))
        return [i for i in items if isinstance(i, dict)] if isinstance(items, list) else []

    def read(self) -> FirewallReading | Unread:
        items = self.ruleset()
        if isinstance(items, Unread):
            return items
        product = ruleset_product(items)
        # A firewall product's own rules, loaded and filtering, mean that product is on;
        # rules of no product are a firewall only when they drop by default.
        on = filters_inbound(items) and (product != "nftables" or drops_by_default(items))
        return FirewallReading(active=on, product=product)


class NftablesConfig:
    """nftables without root: its start-up service and the rules file it loads."""

    def __init__(
        self,
        conf: Path = Path("/etc/nftables.conf"),
        unit_active: UnitActive = systemd_unit_active,
    ) -> None:
        self.conf, self.unit_active = conf, unit_active

    def read(self) -> FirewallReading | Unread:
        text = read_text(self.conf)
        if text is None:
            return Unread(N_("nftables is not installed."), f"no {self.conf}")
        loaded = self.unit_active("nftables.service")
        if isinstance(loaded, Unread):
            return Unread(NEED_ROOT, loaded.detail or loaded.reason)
        # Loaded rules that do not drop by default (Debian's empty example file, a ban
        # list) are not a firewall.
        return FirewallReading(active=loaded and conf_drops_by_default(text), product="nftables")


class LinuxFirewall:
    """The kernel's rules when they can be read (root); otherwise each product's own
    answer, and "on" from the first that is in force.

    "Off" only when every firewall the app can read says so; when nothing can be told
    without root, the reading is ``Unread``.
    """

    def __init__(
        self,
        firewalld: FirewalldState | None = None,
        ufw: UfwState | None = None,
        nftables: NftablesState | None = None,
        nftables_conf: NftablesConfig | None = None,
    ) -> None:
        self.firewalld = firewalld or FirewalldState()
        self.ufw = ufw or UfwState()
        self.nftables = nftables or NftablesState()
        self.nftables_conf = nftables_conf or NftablesConfig()

    def read(self) -> FirewallReading | Unread:
        kernel = self.nftables.read()
        if isinstance(kernel, FirewallReading):
            if not kernel.active and self.ufw.configured_on():
                # ufw says enabled, but the kernel holds none of its rules.
                return FirewallReading(active=False, product="ufw", configured_on=True)
            return kernel
        best: FirewallReading | None = None
        unread: Unread = kernel
        for source in (self.firewalld, self.ufw, self.nftables_conf):
            reading = source.read()
            if isinstance(reading, Unread):
                if source is not self.firewalld and "not installed" not in reading.reason:
                    unread = reading
                continue
            if reading.active:
                return reading
            if best is None:
                best = reading
        if best is not None and unread is kernel:
            return best
        return unread
