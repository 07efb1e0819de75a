"""Names the device checks read from the computer (a product's, the system's, the login
screen's, the desktop's) go into their sentences isolated and visible, and leave the
app's own words around them as they are; IT's document keeps the value for tools
cleaned but not wrapped (core parts, no Qt).

Each case builds the same finding twice, once with a plain name and once with a hostile
one (markup, a right-to-left override, a new line, a NUL): the hostile sentence must be
the plain sentence with only the isolated name swapped.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from datetime import UTC, datetime

import pytest

from desktop.core.device.base import DeviceCheck, DeviceContext
from desktop.core.device.checks.disk_encryption import DiskEncryptionCheck
from desktop.core.device.checks.firewall import FirewallCheck
from desktop.core.device.checks.inbound import InboundBlockedCheck
from desktop.core.device.checks.malware import MalwareCheck
from desktop.core.device.checks.screen_lock import ScreenLockCheck
from desktop.core.device.checks.sign_in import AutoLoginCheck
from desktop.core.device.checks.signatures import MalwareSignaturesCheck
from desktop.core.device.checks.supported_os import SupportedOsCheck
from desktop.core.device.findings import DeviceFinding, DeviceReport, DeviceStatus
from desktop.core.device.readings import (
    AutoLoginReading,
    DiskEncryptionReading,
    FirewallReading,
    MalwareReading,
    ProductState,
)
from desktop.core.device.readings_ce import InboundReading, OsReading
from desktop.core.kit.untrusted import FSI, PDI, plain_value, shown
from desktop.core.policy.schema import Policy
from desktop.core.posture.document import build_posture
from desktop.core.posture.state import gather_state
from desktop.platform.device.linux.screen_lock import LinuxScreenLock

NOW = datetime(2026, 3, 10, 14, 5, tzinfo=UTC)
PLAIN = "Plain Name"
HOSTILE = "<b>Evil</b> \u202eoff\nSecond line\x00end"
SEEN = shown(HOSTILE)  # what the person must see instead


def ctx(system: str = "linux") -> DeviceContext:
    policy = Policy(malware_products=("clamav-daemon",))
    return DeviceContext(policy, system, NOW)  # type: ignore[arg-type]


def _products(**kw: object) -> Callable[[str], object]:
    return lambda name: MalwareReading((ProductState(name, **kw),))  # type: ignore[arg-type]


# (case, check, system, reading made from a name, where the name shows: summary or fix)
CASES: list[tuple[str, DeviceCheck, str, Callable[[str], object], str]] = [
    ("malware on", MalwareCheck(), "windows", _products(enabled=True, up_to_date=True), "summary"),
    (
        "malware old",
        MalwareCheck(),
        "windows",
        _products(enabled=True, up_to_date=False),
        "summary",
    ),
    ("malware off", MalwareCheck(), "windows", _products(enabled=False), "summary"),
    ("malware age unknown", MalwareCheck(), "windows", _products(enabled=True), "summary"),
    ("malware state unknown", MalwareCheck(), "windows", _products(enabled=None), "summary"),
    (
        "signatures fresh",
        MalwareSignaturesCheck(),
        "windows",
        _products(enabled=True, signatures_age_days=1),
        "summary",
    ),
    (
        "signatures old",
        MalwareSignaturesCheck(),
        "windows",
        _products(enabled=True, signatures_age_days=30),
        "summary",
    ),
    ("signatures undated", MalwareSignaturesCheck(), "windows", _products(enabled=True), "summary"),
    ("firewall on", FirewallCheck(), "linux", lambda n: FirewallReading(True, n), "summary"),
    ("firewall off", FirewallCheck(), "linux", lambda n: FirewallReading(False, n), "summary"),
    ("firewall off, fix", FirewallCheck(), "linux", lambda n: FirewallReading(False, n), "fix"),
    (
        "firewall on",
        FirewallCheck(),
        "linux",
        lambda n: FirewallReading(True, n),
        "summary",
    ),
    (
        "firewall not running",
        FirewallCheck(),
        "linux",
        lambda n: FirewallReading(False, n, configured_on=True),
        "summary",
    ),
    (
        "inbound blocked",
        InboundBlockedCheck(),
        "linux",
        lambda n: InboundReading(True, n),
        "summary",
    ),
    ("inbound open", InboundBlockedCheck(), "linux", lambda n: InboundReading(False, n), "summary"),
    (
        "system supported",
        SupportedOsCheck(),
        "linux",
        lambda n: OsReading("debian", "12", n),
        "summary",
    ),
    (
        "system too old",
        SupportedOsCheck(),
        "linux",
        lambda n: OsReading("debian", "10", n),
        "summary",
    ),
    (
        "system unknown",
        SupportedOsCheck(),
        "linux",
        lambda n: OsReading("nosuchos", "1", n),
        "summary",
    ),
    (
        "disk encrypted",
        DiskEncryptionCheck(),
        "linux",
        lambda n: DiskEncryptionReading(True, n, "/dev/sda2"),
        "summary",
    ),
    (
        "sign-in by itself",
        AutoLoginCheck(),
        "linux",
        lambda n: AutoLoginReading(True, source=n),
        "summary",
    ),
    (
        "desktop the app cannot read",
        ScreenLockCheck(),
        "linux",
        lambda n: LinuxScreenLock({"XDG_CURRENT_DESKTOP": n}).read(),
        "summary",
    ),
]


def _finding(check: DeviceCheck, system: str, make: Callable[[str], object], name: str):  # type: ignore[no-untyped-def]
    return check.evaluate_one(make(name), ctx(system))


@pytest.mark.parametrize(
    ("check", "system", "make", "where"),
    [pytest.param(c, s, m, w, id=case) for case, c, s, m, w in CASES],
)
def test_a_name_read_from_the_computer_arrives_isolated_and_visible(
    check: DeviceCheck, system: str, make: Callable[[str], object], where: str
) -> None:
    plain = getattr(_finding(check, system, make, PLAIN), where)
    hostile = getattr(_finding(check, system, make, HOSTILE), where)
    assert shown(PLAIN) in plain  # the name is where the case says, isolated
    # Only the name changed: the app's words before and after it are the same.
    assert hostile == plain.replace(shown(PLAIN), SEEN)
    # What the person sees: the markup as typed, the new line and the NUL as symbols,
    # nothing that turns the sentence round or breaks it in two.
    assert "<b>Evil</b>" in hostile and "\u240a" in hostile and "\u2400" in hostile
    assert not {"\u202e", "\n", "\x00"} & set(hostile)
    assert hostile.count(FSI) == hostile.count(PDI) >= 1


def test_the_document_keeps_the_name_cleaned_for_tools_and_isolated_in_the_sentence() -> None:
    checks = [
        MalwareCheck().evaluate_one(
            MalwareReading((ProductState(HOSTILE, True, True),)), ctx("windows")
        ),
        DiskEncryptionCheck().evaluate_one(DiskEncryptionReading(True, HOSTILE, "C:"), ctx()),
    ]
    report = DeviceReport(tuple(checks), NOW)
    doc = build_posture(report, gather_state(Policy()), "linux", "test", generated_at=NOW)
    text = json.dumps(doc, ensure_ascii=False)
    assert "\u202e" not in text and "\\u0000" not in text and "\\n" not in text
    by_id = {c["id"]: c for c in doc["checks"]}  # type: ignore[attr-defined]
    # The anti-malware value is "on" (what tools compare with its threshold); the
    # encryption method is the value read itself.
    assert by_id["malware_protection"]["value"] == "on"
    for finding in checks:
        entry = by_id[finding.check_id]
        if finding.check_id == "disk_encryption":
            # value: what tools compare, as read but with nothing hidden and no isolate marks
            assert entry["value"] == plain_value(HOSTILE)
            assert FSI not in entry["value"] and "\u240a" in entry["value"]
        # summary: the sentence a person reads, with the name isolated
        assert SEEN in entry["summary"]
        assert finding.status is DeviceStatus.PASS


def test_the_command_line_shows_no_control_character_from_a_kept_sentence() -> None:
    from desktop.cli.device import render

    odd = DeviceFinding(
        "firewall",
        "Firewall on",
        DeviceStatus.FAIL,
        "Kept from the file \x1b[2J\u202e with tricks",
        "",
        fix="Also \x1b]0;title\x07 here",
    )
    out = render(DeviceReport((odd,), NOW))
    assert "\x1b" not in out and "\x07" not in out and "\u202e" not in out
    assert "\u241b[2J" in out and "with tricks" in out
