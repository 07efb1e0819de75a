"""The registry of device checks is the one list: each check's id is written in one
product file, every list of checks is derived from it, and each check carries all its
words. Also the one device verdict and the one "could not check" type."""

from __future__ import annotations

import ast
import re
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

import pytest

from desktop.core.device import DeviceReport, DeviceRunner, DeviceStatus, device_verdict
from desktop.core.device.base import (
    DeviceCheck,
    DeviceContext,
    DevicePolicy,
    Fact,
    Got,
    SettingsPages,
)
from desktop.core.device.checks import (
    DEVICE_CHECK_IDS,
    REGISTRY,
    FirewallCheck,
    adapter_facts,
    facts,
    live_check_ids,
    standard_checks,
)
from desktop.core.device.checks.firewall import FIREWALL
from desktop.core.device.findings import DeviceFinding, Value
from desktop.core.device.honesty import READS
from desktop.core.device.readings import FirewallReading, UpdatesReading
from desktop.core.kit.unchecked import NotChecked, Reason
from desktop.core.policy.schema import KEYS, Policy
from desktop.core.posture.explain import UNITS
from desktop.core.posture.fields import BY_NAME, CHECK_WORDS
from desktop.platform.device import CHECKED_FACTS, device_sources
from desktop.platform.device.settings_pages import GNOME, KDE, MACOS, WINDOWS
from tests.device_fakes import Fixed, failing_sources, passing_sources, unread_sources

DESKTOP = Path(__file__).resolve().parent.parent / "desktop"
NOW = datetime(2026, 3, 10, 14, 5, tzinfo=UTC)
# The flat posture fields a check id is the stem of ("screen_lock_status", ...).
FIELD_PARTS = ("status", "value", "threshold", "required", "compliant", "checked_at")
SYSTEMS = ("linux", "windows", "macos")


def _strings(tree: ast.AST) -> list[str]:
    """Every string constant in a module, docstrings and f-string parts included."""
    return [
        n.value for n in ast.walk(tree) if isinstance(n, ast.Constant) and isinstance(n.value, str)
    ]


def _names_id(text: str, check_id: str) -> bool:
    """``text`` is the id, a posture field made from it, or quotes it as ``id``."""
    if text == check_id or f"``{check_id}``" in text:
        return True
    return any(text == f"{check_id}_{part}" for part in FIELD_PARTS)


def test_each_check_id_is_written_in_exactly_one_product_file() -> None:
    where: dict[str, set[str]] = {c: set() for c in DEVICE_CHECK_IDS}
    for path in DESKTOP.rglob("*.py"):
        tree = ast.parse(path.read_text(encoding="utf-8"))
        for text in _strings(tree):
            for check_id in DEVICE_CHECK_IDS:
                if _names_id(text, check_id):
                    where[check_id].add(str(path.relative_to(DESKTOP.parent)))
    assert all(len(files) == 1 for files in where.values()), where
    # ... and that one file is the check's own module.
    for cls in REGISTRY:
        (only,) = where[cls.check_id]
        assert only.replace("/", ".").removesuffix(".py") == cls.__module__


def test_the_id_grep_finds_a_second_copy() -> None:
    """The test above can fail: a hand-kept list of ids is caught."""
    tree = ast.parse('UNITS = {"screen_lock_value": "minutes"}\nIDS = ("firewall",)')
    found = [t for t in _strings(tree) for c in DEVICE_CHECK_IDS if _names_id(t, c)]
    assert found == ["screen_lock_value", "firewall"]


def test_every_list_of_device_checks_is_the_registry() -> None:
    ids = set(DEVICE_CHECK_IDS)
    assert len(DEVICE_CHECK_IDS) == len(ids) == len(REGISTRY)
    # Every check is required by default but those a person's account cannot read.
    assert Policy().device_checks_required == tuple(
        c.check_id for c in REGISTRY if c.required_by_default
    )
    assert KEYS["device_checks_required"].choices == DEVICE_CHECK_IDS
    assert set(CHECK_WORDS) == ids
    assert {f.check for f in BY_NAME.values() if f.check} == ids
    assert {c for c, _ in READS} == ids
    assert {c.check_id for c in standard_checks()} == ids
    for table in (WINDOWS, MACOS, GNOME, KDE):
        assert set(table) <= ids
    # The OS adapters answer for every fact but the live ones, on every system.
    assert set(CHECKED_FACTS) == {f.id for f in adapter_facts()}
    for platform in ("linux", "win32", "darwin"):
        assert set(CHECKED_FACTS) <= set(device_sources(platform).sources)
    assert {f.id for f in facts()} == set(CHECKED_FACTS) | {f.id for f in facts() if f.live}
    assert live_check_ids() and all(c in ids for c in live_check_ids())


def test_the_drive_check_is_read_last_like_before() -> None:
    shown = [c.check_id for c in standard_checks()]
    assert shown[-len(live_check_ids()) :] == list(live_check_ids())


@pytest.mark.parametrize("cls", REGISTRY, ids=lambda c: c.check_id)
def test_each_check_carries_its_own_words(cls: type[DeviceCheck]) -> None:
    check = cls()
    assert re.fullmatch(r"[a-z][a-z_]*", cls.check_id)
    for text in (cls.title, cls.why, cls.noun, cls.reads, check.expects(Policy())):
        assert text.strip() and text == text.strip()
    assert cls.needs, "a check reads at least one fact"
    # What it expects from the policy are real policy keys.
    assert all(key in KEYS for key in cls.policy_keys)
    assert isinstance(cls.settings, SettingsPages)
    # Units for the numbers it compares show up on "What IT can see".
    if cls.value_unit:
        assert UNITS[f"{cls.check_id}_value"] == cls.value_unit


FORBIDDEN_IN_FIXES = re.compile(
    r"\bsudo\b|systemctl|\.service\b|\bnetplwiz\b|\bregedit\b|HKLM|\ballow-guest\b"
    r"|--|\bdefaults write\b"
)


@pytest.mark.parametrize("system", SYSTEMS)
def test_every_fix_is_in_plain_words(system: str) -> None:
    """Each failing check says how to fix it on each system, naming a product or a
    settings page, never a command or a service."""
    runner = DeviceRunner(failing_sources(NOW), system, now=lambda: NOW)  # type: ignore[arg-type]
    report = runner.run(Policy(malware_products=("clamav-daemon",)))
    fails = [f for f in report.findings if f.status is DeviceStatus.FAIL]
    assert len(fails) == len([c for c in REGISTRY if system in c.applies_on])
    for f in fails:
        assert f.fix, f.check_id
        assert not FORBIDDEN_IN_FIXES.search(f.fix), (f.check_id, f.fix)
        assert "clamav-daemon" not in f.fix  # a policy's service name is not a product


# ----- the one verdict -------------------------------------------------------------


def _report(sources: object, policy: Policy | None = None) -> DeviceReport:
    runner = DeviceRunner(sources, "linux", now=lambda: NOW)  # type: ignore[arg-type]
    return runner.run(policy or Policy(malware_products=("clamav-daemon",)))


def test_the_verdict_passes_fails_or_says_not_checked() -> None:
    good = device_verdict(_report(passing_sources()))
    assert good.status is DeviceStatus.PASS and not good.failing and not good.unknown
    assert good.sentence == "This computer meets your organisation's device policy."

    bad = device_verdict(_report(failing_sources(NOW)))
    assert bad.status is DeviceStatus.FAIL
    required = [c for c in REGISTRY if c.required_by_default]
    assert bad.sentence == f"{len(required)} things to fix on this computer."

    unread = device_verdict(_report(unread_sources("the desktop could not be read")))
    assert unread.status is DeviceStatus.UNKNOWN, "not checked is never a pass"
    assert unread.sentence.startswith("No problems found, but ")
    assert unread.sentence.endswith("could not be run, so this is not a pass.")
    assert {f.check_id for f in unread.unknown_required} == set(Policy().device_checks_required)


def test_advice_only_failures_do_not_fail_the_verdict() -> None:
    report = _report(failing_sources(NOW), Policy(device_checks_required=()))
    verdict = device_verdict(report)
    assert verdict.status is DeviceStatus.PASS and not verdict.failing


def test_one_failure_and_one_unknown_are_both_said() -> None:
    sources = {**passing_sources(), "firewall": Fixed(NotChecked("no answer"))}
    sources["updates"] = Fixed(UpdatesReading(2, 40, True))
    verdict = device_verdict(_report(sources))
    assert verdict.sentence == "1 thing to fix on this computer. 1 could not be checked."


# ----- the one "could not check" type --------------------------------------------------


def test_a_reading_not_read_becomes_a_finding_with_its_reason_and_code() -> None:
    sources = {**passing_sources(), "firewall": Fixed(NotChecked("It is asleep", "EPERM"))}
    f = _report(sources).get("firewall")
    assert isinstance(f, DeviceFinding) and f.status is DeviceStatus.UNKNOWN
    assert f.summary == "Not checked: it is asleep."
    assert f.unchecked is not None and f.unchecked.code is Reason.UNREAD
    assert f.detail == "EPERM"  # for IT's log, never in the summary
    assert "EPERM" not in f.summary and "EPERM" not in str(f.as_dict())


def test_a_missing_reader_a_timeout_and_a_broken_check_have_their_own_codes() -> None:
    sources = dict(passing_sources())
    del sources["firewall"]
    report = _report(sources)
    firewall = report.get("firewall")
    assert firewall is not None and firewall.unchecked is not None
    assert firewall.unchecked.code is Reason.UNSUPPORTED

    class Broken(FirewallCheck):
        def judge(self, got: Got, ctx: DeviceContext) -> DeviceFinding:
            raise RuntimeError("bug")

    runner = DeviceRunner(passing_sources(), "linux", checks=[Broken()], now=lambda: NOW)
    (broken,) = runner.run(Policy()).findings
    assert broken.status is DeviceStatus.UNKNOWN and broken.unchecked is not None
    assert broken.unchecked.code is Reason.FAILED and broken.detail == "RuntimeError"
    assert broken.summary == "Not checked: this check went wrong. Please tell IT."


def test_the_sentence_of_not_checked() -> None:
    assert NotChecked("The keyring is locked.").sentence == "Not checked: the keyring is locked."
    assert NotChecked("").sentence == "Not checked."
    assert NotChecked("x", "secret detail", Reason.TIMEOUT).as_dict() == {
        "code": "timeout",
        "reason": "Not checked: x.",
    }


# ----- the shape fits the checks still to come ------------------------------------------


@dataclass(frozen=True)
class SharingReading:
    """A stand-in for a fact a later check reads (remote access switched on)."""

    on: bool


SHARING = Fact("test_remote_access", SharingReading)


class RemoteAccessCheck(DeviceCheck):
    """A check of two facts (the firewall and remote access) that does not apply on macOS:
    the kind of check the next round adds, written the way this module asks."""

    check_id = "test_remote_access"
    title = "Remote access off or fenced"
    noun = "remote access"
    why = "Remote access lets someone elsewhere use this computer."
    reads = "Whether remote access is on."
    needs = (FIREWALL, SHARING)
    applies_on = ("linux", "windows")

    def threshold(self, policy: DevicePolicy) -> Value:
        return "off"

    def judge(self, got: Got, ctx: DeviceContext) -> DeviceFinding:
        firewall, sharing = got.of(FIREWALL), got.of(SHARING)
        if sharing.on and not firewall.active:
            return self.failed(ctx, "Remote access is on with no firewall.", "Ask IT.", "on")
        return self.passed(ctx, "Remote access is off or behind the firewall.", "off")


def _run_remote(system: str, sources: dict[str, object]) -> DeviceFinding:
    runner = DeviceRunner(
        sources,  # type: ignore[arg-type]
        system,  # type: ignore[arg-type]
        checks=[RemoteAccessCheck(), FirewallCheck()],
        now=lambda: NOW,
    )
    finding = runner.run(Policy()).findings[0]
    return finding


def test_a_check_of_two_facts_gets_both_and_shares_one_with_another_check() -> None:
    on = Fixed(SharingReading(True))
    fenced = _run_remote("linux", {"firewall": Fixed(FirewallReading(True, "ufw")), SHARING.id: on})
    assert fenced.status is DeviceStatus.PASS
    bare = _run_remote("linux", {"firewall": Fixed(FirewallReading(False, "ufw")), SHARING.id: on})
    assert bare.status is DeviceStatus.FAIL and bare.value == "on"
    # Either fact unread: not checked, with that fact's reason, never a pass.
    half = _run_remote("linux", {"firewall": Fixed(FirewallReading(True, "ufw"))})
    assert half.status is DeviceStatus.UNKNOWN and half.unchecked is not None
    assert half.unchecked.code is Reason.UNSUPPORTED
    wrong = _run_remote(
        "linux", {"firewall": Fixed(FirewallReading(True, "ufw")), SHARING.id: Fixed(3)}
    )
    assert wrong.status is DeviceStatus.UNKNOWN and wrong.detail == "int"


def test_a_check_that_does_not_apply_on_a_system_reads_nothing_there() -> None:
    class Counting:
        calls = 0

        def read(self) -> object:
            Counting.calls += 1
            return SharingReading(True)

    finding = _run_remote(
        "macos", {"firewall": Fixed(FirewallReading(True, "pf")), SHARING.id: Counting()}
    )
    assert (
        finding.status is DeviceStatus.NOT_APPLICABLE
        and finding.summary == "This does not apply to Mac computers."
    )
    assert Counting.calls == 0


def test_only_the_check_base_looks_at_a_readings_type() -> None:
    """No ``isinstance`` on a reading type picks a check's behaviour outside the base
    class. The OS adapters (desktop/platform/device/) may, to combine their own readers."""
    import desktop.core.device.readings as readings_module

    kinds = {f.kind.__name__ for f in facts()} | {"NotChecked", "Unread"}
    kinds |= {
        name
        for name, value in vars(readings_module).items()
        if isinstance(value, type) and value.__module__ == readings_module.__name__
    }
    found: list[str] = []
    for path in DESKTOP.rglob("*.py"):
        rel = path.relative_to(DESKTOP.parent).as_posix()
        if rel.startswith("desktop/platform/device/") or rel == "desktop/core/device/base.py":
            continue
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if not (isinstance(node, ast.Call) and getattr(node.func, "id", "") == "isinstance"):
                continue
            named = {n.id for n in ast.walk(node.args[1]) if isinstance(n, ast.Name)}
            if named & kinds:
                found.append(f"{rel}:{node.lineno}")
    assert found == []
