"""Unlock guesses on Linux, read from PAM stacks laid out as Debian's pam-auth-update and
Fedora's authselect write them, with decoys: a faillock file with no faillock step in
the stack, a commented-out line, ``deny=0``, and a module argument that overrides the
file. Also the stacks of this very machine (read-only)."""

from __future__ import annotations

from pathlib import Path

from desktop.core.device.readings import Unread
from desktop.core.device.readings_ce import UnlockReading
from desktop.platform.device.linux.unlock import PamUnlockLimits

# /etc/pam.d/common-auth as pam-auth-update writes it on Debian 12 with libpam-modules'
# faillock profile enabled.
FAILLOCK_AUTH = """\
# here are the per-package modules (the "Primary" block)
auth\trequired\t\t\tpam_faillock.so preauth
auth\t[success=1 default=ignore]\tpam_unix.so nullok
auth\t[default=die]\t\t\tpam_faillock.so authfail
auth\tsufficient\t\t\tpam_faillock.so authsucc
# here's the fallback if no module succeeds
auth\trequisite\t\t\tpam_deny.so
auth\trequired\t\t\tpam_permit.so
"""
PLAIN_AUTH = """\
auth\t[success=1 default=ignore]\tpam_unix.so nullok
auth\trequisite\t\t\tpam_deny.so
auth\trequired\t\t\tpam_permit.so
"""
DEBIAN_PASSWORD = """\
password\t[success=1 default=ignore]\tpam_unix.so obscure yescrypt
password\trequisite\t\t\tpam_deny.so
password\trequired\t\t\tpam_permit.so
"""
PWQUALITY_PASSWORD = """\
password\trequisite\t\t\tpam_pwquality.so retry=3
password\t[success=1 default=ignore]\tpam_unix.so obscure use_authtok try_first_pass yescrypt
"""


def _root(tmp_path: Path, files: dict[str, str]) -> PamUnlockLimits:
    for name, text in files.items():
        path = tmp_path / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text)
    return PamUnlockLimits(tmp_path)


def test_faillock_in_the_stack_with_its_file_limit(tmp_path: Path) -> None:
    reader = _root(
        tmp_path,
        {
            "etc/pam.d/common-auth": FAILLOCK_AUTH,
            "etc/pam.d/common-password": DEBIAN_PASSWORD,
            "etc/security/faillock.conf": "# deny = 3\ndeny = 5\nunlock_time = 600\n",
        },
    )
    assert reader.read() == UnlockReading(5, 6, "PAM (common-auth)")


def test_faillock_without_a_deny_setting_uses_its_default_of_three(tmp_path: Path) -> None:
    reader = _root(tmp_path, {"etc/pam.d/common-auth": FAILLOCK_AUTH})
    reading = reader.read()
    assert isinstance(reading, UnlockReading) and reading.max_attempts == 3


def test_a_module_argument_overrides_the_file(tmp_path: Path) -> None:
    auth = FAILLOCK_AUTH.replace("pam_faillock.so authfail", "pam_faillock.so authfail deny=20")
    reader = _root(
        tmp_path,
        {"etc/pam.d/common-auth": auth, "etc/security/faillock.conf": "deny = 5\n"},
    )
    reading = reader.read()
    assert isinstance(reading, UnlockReading) and reading.max_attempts == 20


def test_a_faillock_file_without_the_module_in_the_stack_is_no_limit(tmp_path: Path) -> None:
    reader = _root(
        tmp_path,
        {"etc/pam.d/common-auth": PLAIN_AUTH, "etc/security/faillock.conf": "deny = 3\n"},
    )
    reading = reader.read()
    assert isinstance(reading, UnlockReading) and reading.max_attempts is None


def test_a_commented_out_faillock_step_or_deny_zero_is_no_limit(tmp_path: Path) -> None:
    commented = FAILLOCK_AUTH.replace("auth\t[default=die]", "#auth\t[default=die]")
    reading = _root(tmp_path, {"etc/pam.d/common-auth": commented}).read()
    assert isinstance(reading, UnlockReading) and reading.max_attempts is None
    zero = _root(
        tmp_path,
        {"etc/pam.d/common-auth": FAILLOCK_AUTH, "etc/security/faillock.conf": "deny = 0\n"},
    ).read()
    assert isinstance(zero, UnlockReading) and zero.max_attempts is None


def test_pwquality_sets_the_shortest_password(tmp_path: Path) -> None:
    reader = _root(
        tmp_path,
        {
            "etc/pam.d/common-auth": FAILLOCK_AUTH,
            "etc/pam.d/common-password": PWQUALITY_PASSWORD,
            "etc/security/pwquality.conf": "# minlen = 8\n",
            "etc/security/pwquality.conf.d/50-org.conf": "minlen = 12\n",
        },
    )
    reading = reader.read()
    assert isinstance(reading, UnlockReading) and reading.min_length == 12


def test_fedoras_system_auth_is_read(tmp_path: Path) -> None:
    auth = FAILLOCK_AUTH + PWQUALITY_PASSWORD.replace("retry=3", "retry=3 minlen=4")
    reading = _root(tmp_path, {"etc/pam.d/system-auth": auth}).read()
    assert reading == UnlockReading(3, 4, "PAM (system-auth)")


def test_no_stack_at_all_is_not_checked(tmp_path: Path) -> None:
    assert isinstance(PamUnlockLimits(tmp_path).read(), Unread)


def test_this_machines_own_stack_is_read_without_root() -> None:
    # Debian 12 as installed here: pam_unix only, no lock-out.
    reading = PamUnlockLimits().read()
    assert isinstance(reading, UnlockReading) and reading.source == "PAM (common-auth)"
    text = Path("/etc/pam.d/common-auth").read_text()
    if "pam_faillock.so authfail" not in text:
        assert reading.max_attempts is None
