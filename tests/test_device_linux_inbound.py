"""Inbound blocked by default, read from real nftables and ufw rule sets inside a
network namespace of the test's own, with decoys: a ban list, a forward-chain drop, an
IPv4-only drop, and without root ufw's own settings (a config that says on while the
default lets everything in, and one that says drop while ufw's service never loaded it)."""

from __future__ import annotations

from pathlib import Path

import pytest

from desktop.core.device.readings import Unread
from desktop.core.device.readings_ce import InboundReading
from desktop.platform.device.linux.inbound import LinuxInbound
from tests.fixtures_device import NetNs, need

pytestmark = pytest.mark.device


def _nft(ns: NetNs, rules: str) -> LinuxInbound:
    script = ns.etc / "rules.nft"
    script.write_text("flush ruleset\n" + rules)
    ns.run("nft", "-f", str(script))
    return LinuxInbound(prefix=ns.prefix, is_root=lambda: True)


def test_an_empty_ruleset_lets_everything_in(namespace: NetNs) -> None:
    need("nft")
    reading = _nft(namespace, "").read()
    assert reading == InboundReading(False, "nftables", "input allowed by default")


def test_an_input_policy_of_drop_blocks(namespace: NetNs) -> None:
    rules = (
        "table inet filter {\n"
        "  chain input { type filter hook input priority 0; policy drop;\n"
        "    ct state established,related accept\n    iif lo accept\n  }\n}\n"
    )
    assert _nft(namespace, rules).read() == InboundReading(
        True, "nftables", "input blocked by default"
    )


def test_a_last_rule_that_rejects_everything_blocks(namespace: NetNs) -> None:
    rules = (
        "table inet filter {\n"
        "  chain input { type filter hook input priority 0; policy accept;\n"
        "    tcp dport 22 accept\n    counter reject\n  }\n}\n"
    )
    reading = _nft(namespace, rules).read()
    assert isinstance(reading, InboundReading) and reading.blocked


def test_a_ban_list_is_not_a_default(namespace: NetNs) -> None:
    rules = (
        "table inet f2b {\n"
        "  set banned { type ipv4_addr; elements = { 203.0.113.7 } }\n"
        "  chain input { type filter hook input priority -1; policy accept;\n"
        "    ip saddr @banned drop\n  }\n}\n"
    )
    reading = _nft(namespace, rules).read()
    assert isinstance(reading, InboundReading) and not reading.blocked


def test_a_forward_chain_drop_is_not_an_input_default(namespace: NetNs) -> None:
    rules = (
        "table inet filter {\n"
        "  chain forward { type filter hook forward priority 0; policy drop; }\n"
        "  chain input { type filter hook input priority 0; policy accept; }\n}\n"
    )
    reading = _nft(namespace, rules).read()
    assert isinstance(reading, InboundReading) and not reading.blocked


def _input(body: str) -> str:
    return (
        "table inet filter {\n"
        "  chain extra {\n    accept\n  }\n"
        "  chain input { type filter hook input priority 0; policy drop;\n"
        '    ct state established,related accept\n    iifname "lo" accept\n'
        f"{body}  }}\n}}\n"
    )


@pytest.mark.parametrize(
    "opener",
    [
        "    accept\n",
        "    ct state new accept\n",
        '    iifname "eth0" accept\n',
        "    meta l4proto tcp accept\n",
        "    counter jump extra\n",
    ],
    ids=["everything", "new connections", "a whole interface", "a protocol", "a jump"],
)
def test_a_drop_policy_after_a_rule_letting_everyone_in_is_not_blocked(
    namespace: NetNs, opener: str
) -> None:
    reading = _nft(namespace, _input(opener)).read()
    assert isinstance(reading, InboundReading) and not reading.blocked


def test_return_traffic_loopback_and_an_agreed_port_still_block(namespace: NetNs) -> None:
    rules = _input("    tcp dport 22 accept\n    ip saddr 10.0.0.0/8 accept\n")
    reading = _nft(namespace, rules).read()
    assert isinstance(reading, InboundReading) and reading.blocked


def test_ipv4_only_leaves_ipv6_open(namespace: NetNs) -> None:
    rules = (
        "table ip filter {\n  chain input { type filter hook input priority 0; policy drop; }\n}\n"
    )
    reading = _nft(namespace, rules).read()
    assert reading == InboundReading(False, "nftables", "IPv6 input allowed by default")


def test_one_chain_dropping_blocks_even_if_another_accepts(namespace: NetNs) -> None:
    rules = (
        "table inet a {\n  chain input { type filter hook input priority 0; policy accept; }\n}\n"
        "table inet b {\n  chain input { type filter hook input priority 10; policy drop; }\n}\n"
    )
    reading = _nft(namespace, rules).read()
    assert isinstance(reading, InboundReading) and reading.blocked


def test_ufw_enabled_in_a_namespace_blocks_and_allow_incoming_does_not(namespace: NetNs) -> None:
    need("ufw")
    reader = LinuxInbound(prefix=namespace.prefix, is_root=lambda: True)
    namespace.run("ufw", "--force", "enable")
    first = reader.read()
    assert isinstance(first, InboundReading) and first.blocked
    namespace.run("ufw", "default", "allow", "incoming")
    second = reader.read()
    assert isinstance(second, InboundReading) and not second.blocked
    namespace.run("ufw", "default", "deny", "incoming")
    namespace.run("ufw", "disable")


def _ufw_files(
    tmp_path: Path, enabled: str, policy: str, unit: bool | Unread = True
) -> LinuxInbound:
    (tmp_path / "ufw.conf").write_text(f"# written by ufw\nENABLED={enabled}\nLOGLEVEL=low\n")
    (tmp_path / "ufw").write_text(
        f'IPV6=yes\nDEFAULT_INPUT_POLICY="{policy}"\nDEFAULT_OUTPUT_POLICY="ACCEPT"\n'
    )
    return LinuxInbound(
        ufw_conf=tmp_path / "ufw.conf",
        ufw_defaults=tmp_path / "ufw",
        is_root=lambda: False,
        unit_active=lambda _unit: unit,
        firewalld=lambda: None,
    )


def test_without_root_ufw_settings_decide(tmp_path: Path) -> None:
    assert _ufw_files(tmp_path, "yes", "DROP").read() == InboundReading(
        True, "ufw", "default incoming drop"
    )
    # Decoy: "enabled" while the default lets everything in.
    allowed = _ufw_files(tmp_path, "yes", "ACCEPT").read()
    assert isinstance(allowed, InboundReading) and not allowed.blocked
    off = _ufw_files(tmp_path, "no", "DROP").read()
    assert isinstance(off, InboundReading) and not off.blocked


def test_without_root_ufw_saying_drop_blocks_only_once_its_service_loaded_it(
    tmp_path: Path,
) -> None:
    """Decoy: ENABLED=yes and DEFAULT_INPUT_POLICY=DROP in the files, but ufw's start-up
    service never ran, so the kernel holds none of it."""
    idle = _ufw_files(tmp_path, "yes", "DROP", unit=False).read()
    assert idle == InboundReading(False, "ufw", "ufw is not running")
    untold = _ufw_files(tmp_path, "yes", "DROP", unit=Unread("no systemd")).read()
    assert isinstance(untold, Unread) and "only an administrator" in untold.clause


def test_without_root_and_without_ufw_it_is_not_checked(tmp_path: Path) -> None:
    reader = LinuxInbound(
        ufw_conf=tmp_path / "none.conf",
        ufw_defaults=tmp_path / "none",
        is_root=lambda: False,
        firewalld=lambda: None,
    )
    reading = reader.read()
    assert isinstance(reading, Unread) and "only an administrator" in reading.clause


def test_as_root_a_config_saying_drop_with_nothing_loaded_is_not_blocked(
    namespace: NetNs, tmp_path: Path
) -> None:
    need("nft")
    reader = _ufw_files(tmp_path, "yes", "DROP")  # the files say ufw is on and drops
    namespace.run("nft", "flush", "ruleset")  # but the kernel holds no rules
    reader.prefix, reader.is_root = namespace.prefix, lambda: True
    reading = reader.read()
    assert reading == InboundReading(False, "nftables", "input allowed by default")
