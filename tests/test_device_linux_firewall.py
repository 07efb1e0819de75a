"""Firewall readings against real ufw and nftables, inside a network namespace of the
test's own (``ip netns exec`` also gives ufw its own copy of /etc/ufw), so the
machine's own firewall is never touched; and the unknown paths: no root, nothing
installed, firewalld absent or hung on a private system bus."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from desktop.core.device.readings import FirewallReading, Unread
from desktop.platform.device.linux.firewall import (
    FirewalldState,
    LinuxFirewall,
    NftablesState,
    UfwState,
)
from tests.fixtures_device import NetNs, SystemBus, need, stop_pid, wait_until
from tests.loaded import LOADED

pytestmark = pytest.mark.device

NOBODY = ("setpriv", "--reuid=65534", "--regid=65534", "--clear-groups", "--")


def _ufw(ns: NetNs) -> UfwState:
    return UfwState(conf=ns.etc / "ufw/ufw.conf", prefix=ns.prefix)


def _nft(ns: NetNs) -> NftablesState:
    return NftablesState(prefix=ns.prefix, unit_links=())


def test_ufw_on_and_off_in_a_namespace(namespace: NetNs) -> None:
    need("ufw")
    host_conf = Path("/etc/ufw/ufw.conf").read_text()
    namespace.run("ufw", "--force", "enable")
    status = namespace.run("ufw", "status").stdout
    assert status.splitlines()[0] == "Status: active"  # the form the reader expects
    assert _ufw(namespace).read() == FirewallReading(active=True, product="ufw")
    assert _nft(namespace).read() == FirewallReading(active=True, product="nftables")
    namespace.run("ufw", "disable")
    assert namespace.run("ufw", "status").stdout.splitlines()[0] == "Status: inactive"
    assert _ufw(namespace).read() == FirewallReading(active=False, product="ufw")
    assert Path("/etc/ufw/ufw.conf").read_text() == host_conf  # the machine's own is untouched


def test_ufw_without_root_reads_its_configuration(namespace: NetNs) -> None:
    need("setpriv")
    namespace.run("ufw", "--force", "enable")
    as_nobody = UfwState(conf=namespace.etc / "ufw/ufw.conf", prefix=(*namespace.prefix, *NOBODY))
    refused = namespace.run(*NOBODY, "ufw", "status", check=False)
    assert refused.returncode != 0  # ufw really refuses a user
    assert as_nobody.read() == FirewallReading(active=True, product="ufw")
    namespace.run("ufw", "disable")
    assert as_nobody.read() == FirewallReading(active=False, product="ufw")


def test_nftables_rules_in_a_namespace(namespace: NetNs) -> None:
    need("nft")
    assert _nft(namespace).read() == FirewallReading(active=False, product="nftables")
    namespace.run("nft", "add table inet hh")
    namespace.run(
        "nft", "add chain inet hh input { type filter hook input priority 0 ; policy accept ; }"
    )
    assert _nft(namespace).read() == FirewallReading(active=False, product="nftables")
    namespace.run("nft", "add rule inet hh input tcp dport 22 drop")
    assert _nft(namespace).read() == FirewallReading(active=True, product="nftables")


def test_nftables_without_root_is_unknown(namespace: NetNs) -> None:
    need("setpriv")
    namespace.run("nft", "add table inet hh")
    source = NftablesState(prefix=(*namespace.prefix, *NOBODY), unit_links=())
    reading = source.read()
    assert isinstance(reading, Unread) and "administrator rights" in reading.reason


def test_nftables_config_counts_only_when_its_unit_is_enabled(
    namespace: NetNs, tmp_path: Path
) -> None:
    conf = tmp_path / "nftables.conf"
    conf.write_text(
        "table inet filter {\n chain input {\n"
        "  type filter hook input priority 0; policy drop;\n }\n}\n"
    )
    link = tmp_path / "nftables.service"
    nobody = (*namespace.prefix, *NOBODY)
    assert isinstance(NftablesState(nobody, conf, (link,)).read(), Unread)
    link.symlink_to(conf)
    assert NftablesState(nobody, conf, (link,)).read() == FirewallReading(True, "nftables")


def test_the_whole_reading_with_nothing_readable_is_unknown(
    system_bus: SystemBus, tmp_path: Path
) -> None:
    firewall = LinuxFirewall(
        FirewalldState(system_bus.address, binary=tmp_path / "firewalld"),
        UfwState(conf=tmp_path / "ufw.conf"),
        NftablesState(prefix=NOBODY, unit_links=()),
    )
    reading = firewall.read()
    assert isinstance(reading, Unread) and "administrator rights" in reading.reason


def test_the_whole_reading_picks_the_firewall_that_is_on(
    system_bus: SystemBus, namespace: NetNs, tmp_path: Path
) -> None:
    firewall = LinuxFirewall(
        FirewalldState(system_bus.address, binary=tmp_path / "firewalld"),
        _ufw(namespace),
        _nft(namespace),
    )
    assert firewall.read() == FirewallReading(False, "ufw")
    namespace.run("nft", "add table inet hh")
    namespace.run(
        "nft", "add chain inet hh input { type filter hook input priority 0 ; policy drop ; }"
    )
    assert firewall.read() == FirewallReading(True, "nftables")


FIREWALLD_STUB = """
import sys
from jeepney import new_method_return, MessageType
from jeepney.bus_messages import message_bus
from jeepney.io.blocking import open_dbus_connection
conn = open_dbus_connection(bus=sys.argv[1])
conn.send_and_get_reply(message_bus.RequestName("org.fedoraproject.FirewallD1"))
while True:
    msg = conn.receive()
    if msg.header.message_type is MessageType.method_call:
        conn.send(new_method_return(msg, "v", (("s", sys.argv[2]),)))
"""


def test_firewalld_state_and_a_hung_firewalld(system_bus: SystemBus, tmp_path: Path) -> None:
    # firewalld itself cannot run here; its Properties.Get("state") answer is replayed.
    log = tmp_path / "stub.log"
    with open(log, "wb") as out:
        stub = subprocess.Popen(
            [sys.executable, "-c", FIREWALLD_STUB, system_bus.address, "RUNNING"],
            stdout=out,
            stderr=out,
        )
    try:
        wait_until(
            "the firewalld stand-in",
            lambda: system_bus.has_owner("org.fedoraproject.FirewallD1"),
            stub,
            log,
        )
        source = FirewalldState(system_bus.address)
        assert source.read() == FirewallReading(active=True, product="firewalld")
        os.kill(stub.pid, signal.SIGSTOP)
        started = time.monotonic()
        reading = source.read()
        assert isinstance(reading, Unread) and "in time" in reading.reason
        assert time.monotonic() - started < 2.0 + LOADED  # the readers' 2 s limit, a busy machine
    finally:
        stop_pid(stub)
