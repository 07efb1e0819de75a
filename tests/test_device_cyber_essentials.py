"""The Cyber Essentials view: every requirement with its checks, its status from their
findings, and what the app cannot see (with the organisation's guidance address)."""

from __future__ import annotations

import json
from datetime import UTC, datetime

import pytest

from desktop.cli.device import run_with
from desktop.core.device import DeviceRunner, DeviceStatus
from desktop.core.device.checks import REGISTRY, DiskEncryptionCheck, RemovableMediaCheck
from desktop.core.device.cyber_essentials import (
    MFA_UNSEEN,
    REQUIREMENTS,
    render_text,
    requirement_status,
    standard_view,
)
from desktop.core.device.readings_ce import InboundReading
from desktop.core.policy.schema import Policy
from tests.device_fakes import Fixed, failing_sources, passing_sources

NOW = datetime(2026, 3, 10, 14, 5, tzinfo=UTC)
POLICY = Policy(malware_products=("clamav-daemon",))
GUIDE = "https://intranet.example/mfa"


def _view(sources: object, policy: Policy = POLICY, url: str = ""):  # type: ignore[no-untyped-def]
    report = DeviceRunner(sources, "linux", now=lambda: NOW).run(policy)  # type: ignore[arg-type]
    return standard_view(report, url)


def test_the_five_user_device_requirements_in_the_standards_order() -> None:
    assert [r.title for r in REQUIREMENTS] == [
        "Firewalls",
        "Secure configuration",
        "Security update management",
        "User access control",
        "Malware protection",
    ]
    secure = REQUIREMENTS[1].asks
    assert "at least 6 characters" in secure and "at most 10" in secure
    assert "no more than 10 in five minutes" in secure
    assert "within 14 days" in REQUIREMENTS[2].asks


def test_every_check_but_the_organisations_own_extras_is_behind_a_requirement() -> None:
    behind = {c for r in REQUIREMENTS for c in r.checks}
    assert set(REGISTRY) - behind == {DiskEncryptionCheck, RemovableMediaCheck}


def test_a_passing_computer_shows_no_problems_but_still_lists_what_is_not_seen() -> None:
    view = _view(passing_sources())
    assert {r.status for r in view.requirements} == {DeviceStatus.PASS}
    assert all(r.unseen for r in view.requirements)
    assert all(r.status_words == "No problems seen" for r in view.requirements)


def test_one_failing_check_fails_its_requirements_only() -> None:
    sources = {**passing_sources(), "inbound_default": Fixed(InboundReading(False, "nftables"))}
    view = _view(sources)
    status = {r.requirement.key: r.status for r in view.requirements}
    assert status["firewalls"] is DeviceStatus.FAIL
    assert status["secure_configuration"] is DeviceStatus.PASS


def test_a_check_that_could_not_be_read_makes_its_requirement_not_checked() -> None:
    sources = dict(passing_sources())
    del sources["account_admin"]
    status = {r.requirement.key: r.status for r in _view(sources).requirements}
    assert status["user_access_control"] is DeviceStatus.UNKNOWN


def test_a_failure_outweighs_an_unread_check() -> None:
    sources = {k: v for k, v in failing_sources(NOW).items() if k != "firewall"}
    view = _view(sources)
    assert view.requirements[0].status is DeviceStatus.FAIL


def test_requirement_status_ignores_checks_that_do_not_apply() -> None:
    assert requirement_status(()) is DeviceStatus.NOT_APPLICABLE


def test_multi_factor_sign_in_is_named_as_not_seen_with_the_organisations_guidance() -> None:
    with_url = _view(passing_sources(), url=GUIDE)
    access = with_url.requirements[3]
    mfa = [u for u in access.unseen if u.text == MFA_UNSEEN]
    assert mfa and mfa[0].guidance_url == GUIDE
    assert f"Your organisation's guidance: {GUIDE}" in render_text(with_url)
    without = render_text(_view(passing_sources()))
    assert "Ask IT how to switch on multi-factor sign-in" in without


def test_the_command_prints_the_view_and_keeps_its_exit_code(
    capsys: pytest.CaptureFixture[str],
) -> None:
    runner = DeviceRunner(failing_sources(NOW), "linux", now=lambda: NOW)
    assert run_with(runner, POLICY, as_json=False, standard="cyber-essentials") == 1
    out = capsys.readouterr().out
    assert out.startswith("Cyber Essentials, requirements v3.3")
    assert "Firewalls: NEEDS FIXING" in out and "NOT SEEN" in out


def test_the_command_prints_the_view_as_json(capsys: pytest.CaptureFixture[str]) -> None:
    runner = DeviceRunner(passing_sources(), "linux", now=lambda: NOW)
    policy = Policy(malware_products=("clamav-daemon",), mfa_guidance_url=GUIDE)
    assert run_with(runner, policy, as_json=True, standard="cyber-essentials") == 0
    doc = json.loads(capsys.readouterr().out)
    assert doc["standard"] == "cyber-essentials"
    assert [r["id"] for r in doc["requirements"]] == [r.key for r in REQUIREMENTS]
    access = doc["requirements"][3]
    assert access["status"] == "pass"
    assert {c["status"] for c in access["checks"]} == {"pass"}
    assert GUIDE in [u["guidance_url"] for u in access["not_seen"]]
