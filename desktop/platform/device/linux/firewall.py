"""Whether a firewall guards this computer: firewalld, ufw or plain nftables.

* firewalld: its ``state`` property on the system bus (``RUNNING``); no root needed.
* ufw: ``ufw status`` when running as root (the first line is ``Status: active`` or
  ``Status: inactive``; pinned in the tests); otherwise ``ENABLED=`` in
  ``/etc/ufw/ufw.conf``, which ``ufw enable``/``disable`` keep in step and which its
  start-up job obeys.
* nftables: ``nft -j list ruleset`` (root only: the kernel refuses others); an input
  hook that drops or rejects is a firewall. Without root, ``/etc/nftables.conf`` counts
  only when the nftables start-up unit is enabled.

When nothing can be read without root the answer is ``Unread``, never "off".
"""

from __future__ import annotations

import json
import os
import re
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any

from desktop.core.device.readings import FirewallReading, Unread
from desktop.platform.dbus import DBusCaller, DBusCallError
from desktop.platform.device.linux._common import SYSTEM_BUS, TIME_LIMIT, read_text, run

FIREWALLD = "org.fedoraproject.FirewallD1"
FIREWALLD_PATH = "/org/fedoraproject/FirewallD1"
NFTABLES_UNIT_LINKS = (
    Path("/etc/systemd/system/sysinit.target.wants/nftables.service"),
    Path("/etc/systemd/system/multi-user.target.wants/nftables.service"),
)


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
                return Unread("firewalld is not installed.", "absent")
            state = caller.get_property(FIREWALLD, FIREWALLD_PATH, FIREWALLD, "state")
        except DBusCallError as exc:
            return Unread("firewalld did not answer in time.", str(exc))
        finally:
            caller.close()
        return FirewallReading(active=str(state) == "RUNNING", product="firewalld")


class UfwState:
    """ufw: its status as root, its configuration otherwise."""

    def __init__(
        self,
        conf: Path = Path("/etc/ufw/ufw.conf"),
        prefix: Sequence[str] = (),
        is_root: Callable[[], bool] = _is_root,
    ) -> None:
        self.conf, self.prefix, self.is_root = conf, tuple(prefix), is_root

    def read(self) -> FirewallReading | Unread:
        text = read_text(self.conf)
        if text is None:
            return Unread("ufw is not installed.", f"no {self.conf}")
        if self.is_root():
            done = run([*self.prefix, "ufw", "status"])
            if not isinstance(done, Unread) and done.returncode == 0:
                first = done.stdout.strip().splitlines()[0] if done.stdout.strip() else ""
                if first in ("Status: active", "Status: inactive"):
                    return FirewallReading(active=first == "Status: active", product="ufw")
        match = re.search(r"^\s*ENABLED\s*=\s*(\S+)", text, re.MULTILINE)
        if match is None:
            return Unread("ufw's settings did not say whether it is on.", "no ENABLED=")
        return FirewallReading(active=match.group(1).lower() == "yes", product="ufw")


def _guards_input(ruleset: list[dict[str, Any]]) -> bool:
    """True when some chain on the input hook drops by default or drops/rejects by rule."""
    inputs: set[tuple[str, str, str]] = set()
    for item in ruleset:
        chain = item.get("chain")
        if isinstance(chain, dict) and chain.get("hook") == "input":
            key = (str(chain.get("family")), str(chain.get("table")), str(chain.get("name")))
            inputs.add(key)
            if chain.get("policy") == "drop":
                return True
    for item in ruleset:
        rule = item.get("rule")
        if not isinstance(rule, dict):
            continue
        key = (str(rule.get("family")), str(rule.get("table")), str(rule.get("chain")))
        if key in inputs:
            text = json.dumps(rule.get("expr", []))
            if '"drop"' in text or '"reject"' in text:
                return True
    return False


class NftablesState:
    """The kernel's own packet filter rules (root), or the enabled nftables config."""

    def __init__(
        self,
        prefix: Sequence[str] = (),
        conf: Path = Path("/etc/nftables.conf"),
        unit_links: Sequence[Path] = NFTABLES_UNIT_LINKS,
    ) -> None:
        self.prefix, self.conf, self.unit_links = tuple(prefix), conf, tuple(unit_links)

    def read(self) -> FirewallReading | Unread:
        done = run([*self.prefix, "nft", "-j", "list", "ruleset"])
        if isinstance(done, Unread):
            return done
        if done.returncode == 0:
            try:
                items = json.loads(done.stdout or "{}").get("nftables", [])
            except ValueError as exc:
                return Unread("The firewall rules were not in a form the app knows.", str(exc))
            return FirewallReading(active=_guards_input(items), product="nftables")
        if any(os.path.exists(link) for link in self.unit_links):
            text = read_text(self.conf) or ""
            if re.search(r"hook\s+input", text) and re.search(r"\b(drop|reject)\b", text):
                return FirewallReading(active=True, product="nftables")
        return Unread(
            "The firewall rules can only be read with administrator rights, so the app "
            "cannot tell whether a firewall is on.",
            done.stderr.strip()[:200],
        )


class LinuxFirewall:
    """firewalld if it runs, else ufw if it is on, else the nftables rules.

    "Off" only when every firewall the app can read says so; when the rules cannot be
    read without root and no product answers, the reading is ``Unread``.
    """

    def __init__(
        self,
        firewalld: FirewalldState | None = None,
        ufw: UfwState | None = None,
        nftables: NftablesState | None = None,
    ) -> None:
        self.firewalld = firewalld or FirewalldState()
        self.ufw = ufw or UfwState()
        self.nftables = nftables or NftablesState()

    def read(self) -> FirewallReading | Unread:
        off: FirewallReading | None = None
        unread: Unread | None = None
        for source in (self.firewalld, self.ufw, self.nftables):
            reading = source.read()
            if isinstance(reading, FirewallReading):
                if reading.active:
                    return reading
                off = off or reading
            elif source is self.nftables:
                unread = reading
        if off is not None:
            return off
        return unread or Unread("No firewall this app can read was found.")
