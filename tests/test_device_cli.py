"""``hygiene device``: exit codes, the JSON document and nothing else on stdout."""

from __future__ import annotations

import json
from datetime import UTC, datetime
from pathlib import Path

import pytest

from desktop.cli.device import run_with
from desktop.core.device import DeviceRunner
from desktop.core.policy.schema import DEVICE_CHECK_IDS, Policy
from desktop.platform.device import Unsupported, build_runner, device_sources
from tests.cli_helpers import run_hygiene
from tests.device_fakes import failing_sources, passing_sources

NOW = datetime(2026, 3, 10, 14, 5, tzinfo=UTC)
FIELDS = {"id", "status", "summary", "fix", "value", "threshold", "reason"}


def test_a_passing_computer_exits_0(capsys: pytest.CaptureFixture[str]) -> None:
    runner = DeviceRunner(passing_sources(), "windows", now=lambda: NOW)
    assert run_with(runner, Policy(), as_json=False) == 0
    out = capsys.readouterr().out
    assert "PASS         Screen locks by itself" in out
    assert out.rstrip().endswith("This computer meets your organisation's device policy.")


def test_a_failing_computer_exits_1_and_says_how_to_fix(capsys: pytest.CaptureFixture[str]) -> None:
    runner = DeviceRunner(failing_sources(NOW), "linux", now=lambda: NOW)
    assert run_with(runner, Policy(malware_products=("clamav-daemon",)), as_json=False) == 1
    out = capsys.readouterr().out
    assert "FAIL         Firewall on" in out
    assert "How to fix: Ask IT to switch the firewall (ufw) on" in out
    assert "17 things to fix on this computer." in out


def test_advice_only_failures_exit_0(capsys: pytest.CaptureFixture[str]) -> None:
    runner = DeviceRunner(failing_sources(NOW), "windows", now=lambda: NOW)
    assert run_with(runner, Policy(device_checks_required=()), as_json=False) == 0
    assert "(advice only)" in capsys.readouterr().out


def test_json_document_shape(capsys: pytest.CaptureFixture[str]) -> None:
    runner = DeviceRunner(failing_sources(NOW), "windows", now=lambda: NOW)
    assert run_with(runner, Policy(), as_json=True) == 1
    doc = json.loads(capsys.readouterr().out)
    # The posture document IT collects: a superset of the shape issue 15 asked for.
    assert {"schema", "generated_at", "checks"} <= set(doc)
    assert doc["schema"] == 1 and doc["generated_at"] == "2026-03-10T14:05:00+00:00"
    assert [c["id"] for c in doc["checks"]] == [
        "screen_lock",
        "disk_encryption",
        "malware_protection",
        "firewall",
        "updates",
        "auto_login",
        "guest_account",
        "inbound_blocked",
        "remote_access",
        "autorun_off",
        "unlock_attempts",
        "everyday_account",
        "no_empty_passwords",
        "supported_os",
        "updates_recent",
        "automatic_updates",
        "malware_signatures",
        "removable_media",
    ]
    lock = doc["checks"][0]
    assert set(lock) == FIELDS
    assert lock["status"] == "fail" and lock["value"] == 30 and lock["threshold"] == 15
    assert lock["fix"]


def test_the_real_command_prints_only_json_and_never_passes_what_it_cannot_read() -> None:
    result = run_hygiene("device", "--json", timeout=30)
    assert result.returncode in (0, 1, 3), result.stderr
    doc = json.loads(result.stdout)  # the whole of stdout is one JSON document
    assert {c["id"] for c in doc["checks"]} == set(DEVICE_CHECK_IDS)
    for check in doc["checks"]:
        assert set(check) == FIELDS
        assert check["status"] in ("pass", "fail", "unknown", "not_applicable")
    removable = next(c for c in doc["checks"] if c["id"] == "removable_media")
    assert removable["status"] == "unknown"  # only the tray app watches for drives
    assert removable["reason"] == "unsupported"  # why, as a code IT's tools can count
    for check in doc["checks"]:  # a reason only where the check could not be read
        assert (check["reason"] != "") == (check["status"] == "unknown")


def test_usage_errors_exit_2(tmp_path: Path) -> None:
    assert run_hygiene("device", "--frobnicate").returncode == 2
    missing = run_hygiene("device", "--policy", str(tmp_path / "none.toml"))
    assert missing.returncode == 2
    assert b"no such policy file" in missing.stderr


def test_policy_file_sets_the_lock_limit(tmp_path: Path) -> None:
    policy = tmp_path / "p.toml"
    policy.write_text("max_lock_minutes = 5\n")
    result = run_hygiene("device", "--json", "--policy", str(policy))
    lock = next(c for c in json.loads(result.stdout)["checks"] if c["id"] == "screen_lock")
    assert lock["threshold"] == 5


def test_a_bad_required_check_name_in_policy_is_reported(tmp_path: Path) -> None:
    policy = tmp_path / "p.toml"
    policy.write_text('device_checks_required = ["screen_lok"]\n')
    result = run_hygiene("device", "--json", "--policy", str(policy))
    assert b"device_checks_required" in result.stderr
    json.loads(result.stdout)


def test_sources_per_system() -> None:
    for platform in ("win32", "darwin", "linux"):
        found = device_sources(platform)
        assert {"screen_lock", "firewall", "updates", "auto_login"} <= set(found.sources)
    assert device_sources("win32").system == "windows"
    assert device_sources("darwin").system == "macos"
    runner, _ = build_runner("linux")
    assert isinstance(runner.sources["removable_media"], Unsupported)


class _LinuxModule:
    def __init__(self, result: object) -> None:
        self.result = result

    def linux_sources(self, malware_products: tuple[str, ...] = ()) -> object:
        self.malware_products = malware_products
        if isinstance(self.result, Exception):
            raise self.result
        return self.result


def test_the_linux_adapters_are_taken_in_whichever_shape_they_come() -> None:
    from desktop.platform.device import DeviceSources, _add_linux
    from tests.device_fakes import Fixed

    lock = Fixed("lock")
    watch = object()
    for result in ({"screen_lock": lock}, ({"screen_lock": lock}, watch)):
        found = DeviceSources("linux")
        _add_linux(found, load=lambda _name, r=result: _LinuxModule(r))
        assert found.sources["screen_lock"] is lock
    assert found.drive_watch is watch
    broken = DeviceSources("linux")
    _add_linux(broken, load=lambda _name: _LinuxModule(RuntimeError("no bus")))
    assert broken.sources == {} and broken.drive_watch is None

    def missing(_name: str) -> object:
        raise ImportError("not there yet")

    absent = DeviceSources("linux")
    _add_linux(absent, load=missing)
    assert absent.sources == {}


def test_the_policy_s_anti_malware_units_reach_the_linux_reader() -> None:
    from desktop.platform.device import DeviceSources, _add_linux

    module = _LinuxModule(({}, None))
    _add_linux(DeviceSources("linux"), ("clamav-daemon",), load=lambda _name: module)
    assert module.malware_products == ("clamav-daemon",)
