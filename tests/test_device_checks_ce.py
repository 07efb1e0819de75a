"""The device checks Cyber Essentials adds: pass, fail and not checked for each, in the
words a person reads, and the end-of-support table with IT's own rows."""

from __future__ import annotations

from datetime import UTC, date, datetime

import pytest

from desktop.core.device.base import DeviceContext
from desktop.core.device.checks import (
    AutorunCheck,
    AutoUpdatesCheck,
    EmptyPasswordCheck,
    InboundBlockedCheck,
    MalwareSignaturesCheck,
    RemoteAccessCheck,
    StandardAccountCheck,
    SupportedOsCheck,
    UnlockAttemptsCheck,
    UpdateAgeCheck,
)
from desktop.core.device.findings import DeviceStatus
from desktop.core.device.readings import MalwareReading, ProductState, Unread
from desktop.core.device.readings_ce import (
    AdminReading,
    AutorunReading,
    AutoUpdatesReading,
    EmptyPasswordReading,
    InboundReading,
    OsReading,
    RemoteAccessReading,
    UnlockReading,
    UpdateHistoryReading,
)
from desktop.core.device.support import find_row
from desktop.core.kit import i18n
from desktop.core.kit.unchecked import Reason
from desktop.core.kit.untrusted import shown
from desktop.core.policy.schema import Policy, PolicyError, validate

NOW = datetime(2026, 12, 7, 9, 0, tzinfo=UTC)
PASS, FAIL = DeviceStatus.PASS, DeviceStatus.FAIL
UNKNOWN, NA = DeviceStatus.UNKNOWN, DeviceStatus.NOT_APPLICABLE
DENIED = Unread("only an administrator can read this", "EACCES")


def ctx(system: str = "linux", **policy: object) -> DeviceContext:
    return DeviceContext(Policy(**policy), system, NOW)  # type: ignore[arg-type]


# ----- inbound -------------------------------------------------------------------------


def test_inbound_blocked_by_default_passes_and_names_the_firewall() -> None:
    f = InboundBlockedCheck().evaluate_one(InboundReading(True, "nftables"), ctx())
    assert (
        f.status is PASS
        and f"cannot connect unless a rule lets them ({shown('nftables')})" in f.summary
    )


def test_a_firewall_that_lets_everything_in_fails() -> None:
    f = InboundBlockedCheck().evaluate_one(InboundReading(False, "nftables"), ctx())
    assert f.status is FAIL and f.value == "allowed"
    assert "block incoming connections by default" in f.fix


def test_inbound_unread_is_not_checked_with_the_reason() -> None:
    f = InboundBlockedCheck().evaluate_one(DENIED, ctx())
    assert f.status is UNKNOWN
    assert f.summary == "Not checked: only an administrator can read this."


# ----- remote access -------------------------------------------------------------------


def test_remote_access_off_passes() -> None:
    assert RemoteAccessCheck().evaluate_one(RemoteAccessReading(()), ctx()).status is PASS


def test_remote_sign_in_on_fails_unless_the_policy_allows_it() -> None:
    reading = RemoteAccessReading(("remote_login",))
    refused = RemoteAccessCheck().evaluate_one(reading, ctx())
    assert refused.status is FAIL
    assert refused.summary.startswith("Remote sign-in (SSH) is on.")
    allowed = RemoteAccessCheck().evaluate_one(
        reading, ctx(remote_access_allowed=("remote_login",))
    )
    assert allowed.status is PASS and "remote sign-in (SSH)" in allowed.summary


def test_an_allowed_service_does_not_excuse_another() -> None:
    reading = RemoteAccessReading(("remote_login", "file_sharing"))
    f = RemoteAccessCheck().evaluate_one(reading, ctx(remote_access_allowed=("remote_login",)))
    assert f.status is FAIL and f.value == "file_sharing"
    assert "File sharing is on" in f.summary


def test_remote_access_unread_is_not_checked() -> None:
    assert RemoteAccessCheck().evaluate_one(DENIED, ctx()).status is UNKNOWN


def test_the_policy_refuses_an_unknown_kind_of_remote_access() -> None:
    with pytest.raises(PolicyError, match="remote_access_allowed"):
        validate({"remote_access_allowed": ["telnet"]}, "policy.toml")


# ----- auto-run ------------------------------------------------------------------------


def test_autorun_off_passes_and_on_fails() -> None:
    assert AutorunCheck().evaluate_one(AutorunReading(True), ctx()).status is PASS
    on = AutorunCheck().evaluate_one(AutorunReading(False), ctx("windows"))
    assert on.status is FAIL and "AutoPlay" in on.fix


def test_autorun_fixed_by_the_organisation_sends_the_person_to_it() -> None:
    f = AutorunCheck().evaluate_one(AutorunReading(False, admin_locked=True), ctx())
    assert f.status is FAIL and "ask IT" in f.fix


def test_autorun_does_not_apply_on_a_mac_and_is_unknown_when_unread() -> None:
    assert AutorunCheck().not_applicable(ctx("macos")) == "This does not apply to Mac computers."
    assert AutorunCheck().evaluate_one(DENIED, ctx()).status is UNKNOWN


# ----- unlock guesses ------------------------------------------------------------------


@pytest.mark.parametrize("tries", [1, 5, 10])
def test_ten_guesses_or_fewer_pass(tries: int) -> None:
    f = UnlockAttemptsCheck().evaluate_one(UnlockReading(tries, 8), ctx())
    assert f.status is PASS and f"after {tries} wrong guesses" in f.summary


@pytest.mark.parametrize("tries", [11, 100, None, 0])
def test_more_than_ten_guesses_or_no_limit_fails(tries: int | None) -> None:
    f = UnlockAttemptsCheck().evaluate_one(UnlockReading(tries), ctx())
    assert f.status is FAIL


def test_an_unlock_minimum_below_six_fails_and_an_unrecorded_one_is_not_judged() -> None:
    short = UnlockAttemptsCheck().evaluate_one(UnlockReading(5, 4), ctx("windows"))
    assert short.status is FAIL and "only 4 characters" in short.summary
    unrecorded = UnlockAttemptsCheck().evaluate_one(UnlockReading(5, None), ctx())
    assert unrecorded.status is PASS and "characters" not in unrecorded.summary


def test_unlock_limits_unread_are_not_checked() -> None:
    assert UnlockAttemptsCheck().evaluate_one(DENIED, ctx()).status is UNKNOWN


# ----- accounts ------------------------------------------------------------------------


def test_a_standard_everyday_account_passes_and_an_administrator_fails() -> None:
    assert StandardAccountCheck().evaluate_one(AdminReading(False), ctx()).status is PASS
    f = StandardAccountCheck().evaluate_one(AdminReading(True, "in the admin group"), ctx())
    assert f.status is FAIL and "(in the admin group)" in f.summary
    assert "standard account for everyday work" in f.fix
    assert StandardAccountCheck().evaluate_one(DENIED, ctx()).status is UNKNOWN


def test_an_account_without_a_password_fails_without_naming_it_for_it() -> None:
    assert EmptyPasswordCheck().evaluate_one(EmptyPasswordReading(0), ctx()).status is PASS
    f = EmptyPasswordCheck().evaluate_one(EmptyPasswordReading(2, ("kiosk", "ann")), ctx())
    assert f.status is FAIL and f.summary == "2 accounts have no password."
    assert "kiosk" not in str(f.as_dict())  # account names never reach the document
    assert EmptyPasswordCheck().evaluate_one(DENIED, ctx()).status is UNKNOWN


# ----- supported operating system ------------------------------------------------------


def test_a_supported_version_passes_with_its_end_date() -> None:
    f = SupportedOsCheck().evaluate_one(OsReading("debian", "12", "Debian 12"), ctx())
    assert f.status is PASS
    assert f.summary == f"{shown('Debian 12')} gets security updates until 30 June 2028."
    assert f.value == "2028-06-30"


def test_a_version_past_its_end_fails() -> None:
    f = SupportedOsCheck().evaluate_one(OsReading("ubuntu", "20.04", "Ubuntu 20.04 LTS"), ctx())
    assert f.status is FAIL and "stopped getting security updates on 31 May 2025" in f.summary


@pytest.mark.parametrize(("language", "month"), [("cy", "31 Mai 2025"), ("pl", "31 maja 2025")])
def test_the_end_date_is_said_in_the_language_on_screen(language: str, month: str) -> None:
    with i18n.speaking(i18n.load(language)):
        f = SupportedOsCheck().evaluate_one(OsReading("ubuntu", "20.04", "Ubuntu 20.04 LTS"), ctx())
    assert month in f.summary and "May" not in f.summary


def test_windows_editions_have_their_own_dates() -> None:
    pro = OsReading("windows", "10.0.22631", "Windows 11 Pro 23H2", "Professional")
    ent = OsReading("windows", "10.0.22631", "Windows 11 Enterprise 23H2", "Enterprise")
    assert SupportedOsCheck().evaluate_one(pro, ctx("windows")).status is FAIL  # Nov 2025
    # Enterprise 23H2 ended on 10 November 2026; a month earlier it passed.
    earlier = DeviceContext(Policy(), "windows", datetime(2026, 10, 1, tzinfo=UTC))
    assert SupportedOsCheck().evaluate_one(ent, earlier).status is PASS
    assert SupportedOsCheck().evaluate_one(ent, ctx("windows")).status is FAIL


def test_an_unknown_version_or_a_vendor_without_dates_is_not_checked() -> None:
    odd = SupportedOsCheck().evaluate_one(OsReading("arch", "rolling", "Arch Linux"), ctx())
    assert odd.status is UNKNOWN and odd.unchecked is not None
    assert odd.unchecked.code is Reason.UNCLEAR and "IT can add" in odd.summary
    mac = SupportedOsCheck().evaluate_one(OsReading("macos", "15.5", "macOS 15.5"), ctx("macos"))
    assert mac.status is UNKNOWN and "does not say until when" in mac.summary


def test_its_own_row_wins_over_the_table() -> None:
    reading = OsReading("ubuntu", "20.04", "Ubuntu 20.04 LTS")
    rows = ("ubuntu 20.04=2030-04-30",)  # an organisation paying for extended support
    f = SupportedOsCheck().evaluate_one(reading, ctx(os_end_of_support=rows))
    assert f.status is PASS and "30 April 2030" in f.summary
    mac = OsReading("macos", "15.5", "macOS 15.5")
    assert find_row(mac, ("macos 15=2027-09-30",)).end == date(2027, 9, 30)  # type: ignore[union-attr]


@pytest.mark.parametrize("row", ["ubuntu 26.04", "ubuntu=2031-04-30", "ubuntu 26.04=2031-13-01"])
def test_a_malformed_support_row_is_refused_with_the_form_it_needs(row: str) -> None:
    with pytest.raises(PolicyError, match="family version=YYYY-MM-DD"):
        validate({"os_end_of_support": [row]}, "policy.toml")


# ----- update history and automatic updates --------------------------------------------


def test_updates_installed_within_the_grace_days_pass() -> None:
    f = UpdateAgeCheck().evaluate_one(UpdateHistoryReading(date(2026, 12, 1)), ctx())
    assert f.status is PASS and f.summary == "Updates were last installed 6 days ago."


def test_updates_older_than_the_grace_days_fail() -> None:
    f = UpdateAgeCheck().evaluate_one(UpdateHistoryReading(date(2026, 11, 1)), ctx())
    assert f.status is FAIL and "36 days ago" in f.summary and f.value == 36
    tighter = UpdateAgeCheck().evaluate_one(
        UpdateHistoryReading(date(2026, 12, 1)), ctx(updates_grace_days=3)
    )
    assert tighter.status is FAIL


def test_no_recorded_installation_fails_and_an_unread_record_is_not_checked() -> None:
    assert UpdateAgeCheck().evaluate_one(UpdateHistoryReading(None), ctx()).status is FAIL
    assert UpdateAgeCheck().evaluate_one(DENIED, ctx()).status is UNKNOWN


def test_automatic_updates_on_pass_off_fail_unread_unknown() -> None:
    assert AutoUpdatesCheck().evaluate_one(AutoUpdatesReading(True), ctx()).status is PASS
    off = AutoUpdatesCheck().evaluate_one(AutoUpdatesReading(False), ctx("macos"))
    assert off.status is FAIL and "Software Update" in off.fix
    assert AutoUpdatesCheck().evaluate_one(DENIED, ctx()).status is UNKNOWN


# ----- anti-malware signatures ---------------------------------------------------------


def _av(age: int | None, up_to_date: bool | None = None) -> MalwareReading:
    return MalwareReading((ProductState("Microsoft Defender", True, up_to_date, age),))


def test_fresh_signatures_pass_and_old_ones_fail() -> None:
    assert MalwareSignaturesCheck().evaluate_one(_av(1), ctx("windows")).status is PASS
    old = MalwareSignaturesCheck().evaluate_one(_av(9), ctx("windows"))
    assert old.status is FAIL and "9 days ago" in old.summary and "at most 7 days" in old.summary
    relaxed = MalwareSignaturesCheck().evaluate_one(
        _av(9), ctx("windows", malware_signatures_max_age_days=10)
    )
    assert relaxed.status is PASS


def test_a_product_that_does_not_date_its_signatures_is_not_checked() -> None:
    f = MalwareSignaturesCheck().evaluate_one(_av(None), ctx("windows"))
    assert f.status is UNKNOWN and f"list of threats of {shown('Microsoft Defender')}" in f.summary


def test_without_an_age_the_systems_own_word_decides() -> None:
    """Windows Security Center says only "up to date" or not for other makers' products."""
    told = MalwareSignaturesCheck().evaluate_one(_av(None, True), ctx("windows"))
    assert told.status is PASS and told.value == "up to date"
    stale = MalwareSignaturesCheck().evaluate_one(_av(None, False), ctx("windows"))
    assert stale.status is FAIL and "out of date" in stale.summary
    # An age, when given, is compared with the policy whatever the word says.
    assert MalwareSignaturesCheck().evaluate_one(_av(9, True), ctx("windows")).status is FAIL


def test_signatures_on_linux_without_a_product_asked_for_do_not_apply() -> None:
    assert "does not ask for anti-malware" in MalwareSignaturesCheck().not_applicable(ctx())
    assert not MalwareSignaturesCheck().not_applicable(ctx(malware_products=("clamav-daemon",)))


def test_the_guidance_address_must_be_a_web_address() -> None:
    assert validate({"mfa_guidance_url": "https://intranet.example/mfa"}, "policy.toml")
    with pytest.raises(PolicyError, match="mfa_guidance_url"):
        validate({"mfa_guidance_url": "javascript:alert(1)"}, "policy.toml")
