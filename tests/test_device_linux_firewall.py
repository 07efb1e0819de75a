"""Firewall readings against real ufw and nftables, inside a network namespace of the
test's own (``ip netns exec`` also gives ufw its own copy of /etc/ufw), so the
machine's own firewall is never touched; and the unknown paths: no root, nothing
installed, firewalld absent or hung on a private system bus.

One fact, one failure: whether a firewall is in force is this reader's fact; what it
does with a stranger's connection is the inbound reader's. A firewall that is on but lets
everyone in passes "Firewall on" and fails "Incoming connections blocked" only."""

from __future__ import annotations

import contextlib
import os
import shutil
import signal
import subprocess
import sys
import time
from collections.abc import Iterator
from datetime import UTC, datetime
from pathlib import Path

import pytest

from desktop.core.device import DeviceStatus
from desktop.core.device.base import DeviceContext
from desktop.core.device.checks import FirewallCheck, InboundBlockedCheck
from desktop.core.device.readings import FirewallReading, Unread
from desktop.core.policy.schema import Policy
from desktop.platform.device.linux.firewall import (
    FirewalldState,
    LinuxFirewall,
    NftablesConfig,
    NftablesState,
    UfwState,
)
from desktop.platform.device.linux.inbound import LinuxInbound, firewalld_inbound
from tests.fixtures_device import NetNs, SystemBus, need, stop_pid, wait_until
from tests.loaded import LOADED

pytestmark = pytest.mark.device

NOBODY = ("setpriv", "--reuid=65534", "--regid=65534", "--clear-groups", "--")


def _nft(ns: NetNs) -> NftablesState:
    return NftablesState(prefix=ns.prefix)


def _ufw(ns: NetNs, unit: bool | Unread = True) -> UfwState:
    return UfwState(conf=ns.etc / "ufw/ufw.conf", unit_active=lambda _unit: unit)


def _both(ns: NetNs) -> tuple[DeviceStatus, DeviceStatus]:
    """Both checks on this namespace's kernel rules, each from its own reader."""
    firewall = FirewallCheck().evaluate_one(_nft(ns).read(), CTX)
    inbound = LinuxInbound(prefix=ns.prefix, is_root=lambda: True).read()
    return firewall.status, InboundBlockedCheck().evaluate_one(inbound, CTX).status


def _firewall(ns: NetNs, tmp_path: Path, bus: SystemBus) -> LinuxFirewall:
    return LinuxFirewall(
        FirewalldState(bus.address, binary=tmp_path / "firewalld"),
        _ufw(ns),
        _nft(ns),
        NftablesConfig(conf=tmp_path / "nftables.conf"),
    )


def _verdict(reading: object) -> tuple[DeviceStatus, str]:
    finding = FirewallCheck().evaluate_one(reading, CTX)
    return finding.status, finding.summary


CTX = DeviceContext(Policy(), "linux", datetime(2026, 3, 10, 14, 5, tzinfo=UTC))


def test_ufw_blocking_by_default_then_allowing_incoming_then_off(namespace: NetNs) -> None:
    need("ufw")
    host_conf = Path("/etc/ufw/ufw.conf").read_text()
    host_defaults = Path("/etc/default/ufw").read_text()
    # "ufw default ..." writes /etc/default/ufw: give the namespace its own copy.
    shutil.copytree("/etc/default", namespace.etc / "default", symlinks=True)
    namespace.run("ufw", "--force", "enable")
    assert namespace.run("ufw", "status").stdout.splitlines()[0] == "Status: active"
    reading = _nft(namespace).read()
    assert reading == FirewallReading(active=True, product="ufw")
    assert _verdict(reading)[0] is DeviceStatus.PASS
    assert _both(namespace) == (DeviceStatus.PASS, DeviceStatus.PASS)
    # On, but letting every new connection in: the firewall is on, and that one problem
    # fails the incoming-connections check alone.
    namespace.run("ufw", "default", "allow", "incoming")
    reading = _nft(namespace).read()
    assert reading == FirewallReading(active=True, product="ufw")
    assert _both(namespace) == (DeviceStatus.PASS, DeviceStatus.FAIL)
    namespace.run("ufw", "default", "deny", "incoming")
    namespace.run("ufw", "disable")
    assert namespace.run("ufw", "status").stdout.splitlines()[0] == "Status: inactive"
    # ufw leaves its chains behind, accepting everything: nothing is filtered. Off is
    # off for both: nothing blocks a stranger either.
    assert _nft(namespace).read() == FirewallReading(active=False, product="ufw")
    assert _both(namespace) == (DeviceStatus.FAIL, DeviceStatus.FAIL)
    # The machine's own settings are untouched.
    assert Path("/etc/ufw/ufw.conf").read_text() == host_conf
    assert Path("/etc/default/ufw").read_text() == host_defaults


def test_ufw_enabled_in_its_settings_with_nothing_in_the_kernel_is_off(
    namespace: NetNs, system_bus: SystemBus, tmp_path: Path
) -> None:
    conf = namespace.etc / "ufw/ufw.conf"
    conf.write_text(conf.read_text().replace("ENABLED=no", "ENABLED=yes"))
    assert "ENABLED=yes" in conf.read_text()
    reading = _firewall(namespace, tmp_path, system_bus).read()
    assert reading == FirewallReading(active=False, product="ufw", configured_on=True)
    status, said = _verdict(reading)
    assert status is DeviceStatus.FAIL and "not running" in said


def test_a_ban_list_alone_is_not_a_firewall(namespace: NetNs) -> None:
    namespace.run("nft", "add table inet f2b")
    namespace.run("nft", "add set inet f2b banned { type ipv4_addr ; elements = { 192.0.2.7 } ; }")
    namespace.run(
        "nft", "add chain inet f2b input { type filter hook input priority -1 ; policy accept ; }"
    )
    namespace.run("nft", "add rule inet f2b input ip saddr @banned drop")
    namespace.run("nft", "add rule inet f2b input tcp dport 23 reject")
    reading = _nft(namespace).read()
    assert reading == FirewallReading(active=False, product="nftables")
    assert _both(namespace) == (DeviceStatus.FAIL, DeviceStatus.FAIL)


def test_dropping_only_what_is_forwarded_is_not_a_firewall(namespace: NetNs) -> None:
    namespace.run("nft", "add table inet router")
    namespace.run(
        "nft",
        "add chain inet router passing { type filter hook forward priority 0 ; policy drop ; }",
    )
    assert _nft(namespace).read() == FirewallReading(active=False, product="nftables")


def test_a_default_drop_with_rules_that_let_some_traffic_in_protects(namespace: NetNs) -> None:
    namespace.run("nft", "add table inet filter")
    namespace.run(
        "nft", "add chain inet filter input { type filter hook input priority 0 ; policy drop ; }"
    )
    namespace.run("nft", "add rule inet filter input iif lo accept")
    namespace.run("nft", "add rule inet filter input ct state established,related accept")
    namespace.run("nft", "add rule inet filter input tcp dport 22 accept")
    assert _nft(namespace).read() == FirewallReading(active=True, product="nftables")
    assert _both(namespace) == (DeviceStatus.PASS, DeviceStatus.PASS)
    # A rule accepting every new connection undoes the default: still a firewall, but
    # one that lets strangers in, which only the incoming-connections check fails.
    namespace.run("nft", "insert rule inet filter input ct state new accept")
    assert _nft(namespace).read() == FirewallReading(active=True, product="nftables")
    assert _both(namespace) == (DeviceStatus.PASS, DeviceStatus.FAIL)


def test_a_final_reject_reached_through_a_jump_protects(namespace: NetNs) -> None:
    """firewalld's shape: the base chain accepts by policy, a zone chain it jumps to ends
    in a reject."""
    namespace.run("nft", "add table inet firewalld")
    namespace.run("nft", "add chain inet firewalld zone_public")
    namespace.run("nft", "add rule inet firewalld zone_public tcp dport 22 accept")
    namespace.run("nft", "add rule inet firewalld zone_public reject with icmpx admin-prohibited")
    namespace.run(
        "nft",
        "add chain inet firewalld filter_INPUT "
        "{ type filter hook input priority 10 ; policy accept ; }",
    )
    namespace.run("nft", "add rule inet firewalld filter_INPUT ct state established accept")
    namespace.run("nft", "add rule inet firewalld filter_INPUT jump zone_public")
    assert _nft(namespace).read() == FirewallReading(active=True, product="firewalld")
    # A rule letting everything in ahead of the reject: firewalld is on; what it lets in
    # is the inbound fact's.
    namespace.run("nft", "insert rule inet firewalld zone_public accept")
    assert _nft(namespace).read() == FirewallReading(True, "firewalld")
    namespace.run("nft", "flush chain inet firewalld zone_public")
    namespace.run("nft", "add rule inet firewalld zone_public accept")
    assert _nft(namespace).read() == FirewallReading(False, "firewalld")


def test_blocking_ipv4_only_is_a_firewall_that_leaves_ipv6_open(namespace: NetNs) -> None:
    namespace.run("nft", "add table ip v4")
    namespace.run(
        "nft", "add chain ip v4 input { type filter hook input priority 0 ; policy drop ; }"
    )
    assert _nft(namespace).read() == FirewallReading(True, "nftables")
    assert _both(namespace) == (DeviceStatus.PASS, DeviceStatus.FAIL)


def test_nftables_without_root_is_unknown(namespace: NetNs) -> None:
    need("setpriv")
    namespace.run("nft", "add table inet hh")
    source = NftablesState(prefix=(*namespace.prefix, *NOBODY))
    reading = source.read()
    assert isinstance(reading, Unread) and "administrator rights" in reading.clause


def test_without_root_ufw_counts_only_with_its_service_loaded(namespace: NetNs) -> None:
    conf = namespace.etc / "ufw/ufw.conf"
    conf.write_text(conf.read_text().replace("ENABLED=no", "ENABLED=yes"))
    assert _ufw(namespace, unit=True).read() == FirewallReading(True, "ufw")
    assert _ufw(namespace, unit=False).read() == FirewallReading(False, "ufw", configured_on=True)
    unknown = _ufw(namespace, unit=Unread("no systemd")).read()
    assert isinstance(unknown, Unread) and "administrator rights" in unknown.clause
    # Its inbound default is the inbound reader's: on is on.
    (namespace.etc / "default-ufw").write_text('DEFAULT_INPUT_POLICY="ACCEPT"\n')
    assert _ufw(namespace, unit=True).read() == FirewallReading(True, "ufw")
    conf.write_text(conf.read_text().replace("ENABLED=yes", "ENABLED=no"))
    assert _ufw(namespace, unit=True).read() == FirewallReading(False, "ufw")


def test_without_root_the_nftables_file_counts_only_when_it_drops_by_default(
    tmp_path: Path,
) -> None:
    conf = tmp_path / "nftables.conf"
    conf.write_text(
        "table inet filter {\n set banned { type ipv4_addr; }\n chain input {\n"
        "  type filter hook input priority 0; policy accept;\n  ip saddr @banned drop\n }\n}\n"
    )
    # A ban list loaded at start-up is not a firewall.
    assert NftablesConfig(conf, lambda _u: True).read() == FirewallReading(False, "nftables")
    conf.write_text(
        "table inet filter {\n chain input {\n"
        "  type filter hook input priority 0; policy drop;\n }\n}\n"
    )
    assert NftablesConfig(conf, lambda _u: True).read() == FirewallReading(True, "nftables")
    assert NftablesConfig(conf, lambda _u: False).read() == FirewallReading(False, "nftables")
    assert isinstance(NftablesConfig(conf, lambda _u: Unread("x")).read(), Unread)


def test_the_whole_reading_with_nothing_readable_is_unknown(
    system_bus: SystemBus, tmp_path: Path
) -> None:
    firewall = LinuxFirewall(
        FirewalldState(system_bus.address, binary=tmp_path / "firewalld"),
        UfwState(conf=tmp_path / "ufw.conf"),
        NftablesState(prefix=NOBODY),
        NftablesConfig(conf=tmp_path / "nftables.conf"),
    )
    reading = firewall.read()
    assert isinstance(reading, Unread) and "administrator rights" in reading.clause


def test_the_whole_reading_follows_the_kernel(
    system_bus: SystemBus, namespace: NetNs, tmp_path: Path
) -> None:
    firewall = _firewall(namespace, tmp_path, system_bus)
    assert firewall.read() == FirewallReading(False, "nftables")
    namespace.run("nft", "add table inet hh")
    namespace.run(
        "nft", "add chain inet hh input { type filter hook input priority 0 ; policy drop ; }"
    )
    assert firewall.read() == FirewallReading(True, "nftables")


FIREWALLD_STUB = """
import sys
from jeepney import new_error, new_method_return, MessageType
from jeepney.bus_messages import message_bus
from jeepney.io.blocking import open_dbus_connection
conn = open_dbus_connection(bus=sys.argv[1])
conn.send_and_get_reply(message_bus.RequestName("org.fedoraproject.FirewallD1"))
state, target = sys.argv[2], sys.argv[3]
while True:
    msg = conn.receive()
    if msg.header.message_type is not MessageType.method_call:
        continue
    member = msg.header.fields.get(3)
    if member == "Get":
        conn.send(new_method_return(msg, "v", (("s", state),)))
    elif member == "getDefaultZone":
        conn.send(new_method_return(msg, "s", ("public",)))
    elif member == "getZoneSettings2" and target != "-":
        conn.send(new_method_return(msg, "a{sv}", ({"target": ("s", target)},)))
    else:
        conn.send(new_error(msg, "org.freedesktop.DBus.Error.UnknownMethod"))
"""


@contextlib.contextmanager
def firewalld_stand_in(
    bus: SystemBus, tmp_path: Path, state: str, target: str
) -> Iterator[subprocess.Popen[bytes]]:
    """firewalld itself cannot run here; its D-Bus answers (the ``state`` property, the
    default zone and that zone's target) are replayed under its real name."""
    log = tmp_path / f"stub-{target}.log"
    with open(log, "wb") as out:
        stub = subprocess.Popen(
            [sys.executable, "-c", FIREWALLD_STUB, bus.address, state, target],
            stdout=out,
            stderr=out,
        )
    try:
        wait_until(
            "the firewalld stand-in",
            lambda: bus.has_owner("org.fedoraproject.FirewallD1"),
            stub,
            log,
        )
        yield stub
    finally:
        stop_pid(stub)


def test_firewalld_state_and_a_hung_firewalld(system_bus: SystemBus, tmp_path: Path) -> None:
    with firewalld_stand_in(system_bus, tmp_path, "RUNNING", "default") as stub:
        source = FirewalldState(system_bus.address)
        assert source.read() == FirewallReading(active=True, product="firewalld")
        os.kill(stub.pid, signal.SIGSTOP)
        started = time.monotonic()
        reading = source.read()
        assert isinstance(reading, Unread) and "in time" in reading.clause
        assert time.monotonic() - started < 2.0 + LOADED  # the readers' 2 s limit, a busy machine


@pytest.mark.parametrize(
    ("target", "firewall", "inbound"),
    [
        ("ACCEPT", DeviceStatus.PASS, DeviceStatus.FAIL),
        ("DROP", DeviceStatus.PASS, DeviceStatus.PASS),
        ("%%REJECT%%", DeviceStatus.PASS, DeviceStatus.PASS),
        ("default", DeviceStatus.PASS, DeviceStatus.PASS),
        ("-", DeviceStatus.PASS, DeviceStatus.UNKNOWN),
    ],
)
def test_firewalld_whose_default_zone_accepts_everything_fails_inbound_only(
    system_bus: SystemBus,
    tmp_path: Path,
    target: str,
    firewall: DeviceStatus,
    inbound: DeviceStatus,
) -> None:
    """firewalld running is a firewall on. A "trusted" default zone (target ACCEPT) lets
    every connection in: that fails the incoming-connections check alone. An older
    firewalld that does not give the target ("-") is not guessed at."""
    with firewalld_stand_in(system_bus, tmp_path, "RUNNING", target):
        on = FirewalldState(system_bus.address).read()
        told = firewalld_inbound(system_bus.address)
    assert on == FirewallReading(True, "firewalld")
    assert FirewallCheck().evaluate_one(on, CTX).status is firewall
    assert told is not None
    assert InboundBlockedCheck().evaluate_one(told, CTX).status is inbound


def test_without_firewalld_on_the_bus_the_inbound_reader_asks_ufw(system_bus: SystemBus) -> None:
    assert firewalld_inbound(system_bus.address) is None
