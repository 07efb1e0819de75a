"""Windows facts for the checks Cyber Essentials adds, each read where Windows itself
keeps the setting in force:

* Inbound: ``INetFwPolicy2`` (``HNetCfg.FwPolicy2``), the firewall's merged local and
  Group Policy state: for every profile in use, ``FirewallEnabled`` and
  ``DefaultInboundAction`` (``NET_FW_ACTION_BLOCK`` = 0, ``ALLOW`` = 1).
* Auto-run: the Explorer policies ``NoAutorun`` = 1 or ``NoDriveTypeAutoRun`` = 255
  (HKLM or HKCU), set by IT; otherwise the person's AutoPlay switch, ``DisableAutoplay``
  under ``Explorer\\AutoplayHandlers``.
* Unlock guesses: ``net accounts`` ("Lockout threshold", "Minimum password length"),
  which any user may run; a minimum of 0 means none is set locally.
* Administrator: ``whoami /groups /fo csv``: the token holds BUILTIN\\Administrators
  (S-1-5-32-544), enabled or, under User Account Control, "for deny only".
* Which Windows: ``CurrentBuild``, ``UBR``, ``EditionID`` and ``DisplayVersion`` under
  ``HKLM\\SOFTWARE\\Microsoft\\Windows NT\\CurrentVersion`` (``ProductName`` still says
  "Windows 10" on Windows 11, so the build decides: 22000 and later is Windows 11).
* Last update: the Windows Update Agent's history (``QueryHistory``), the newest
  successful installation.
* Automatic updates: the policy ``NoAutoUpdate`` and ``AUOptions`` (2 is "notify
  only") under ``Policies\\Microsoft\\Windows\\WindowsUpdate\\AU``, and a pause set in
  Settings (``PauseUpdatesExpiryTime``).
* Remote desktop: ``fDenyTSConnections`` (policy first, then the system's own key);
  0 means Remote Desktop accepts connections. Remote sign-in: the OpenSSH server
  service (``Services\\sshd``) set to start with Windows (``Start`` = 2).

Every value is pinned in the tests with outputs recorded on Windows 11 23H2.
"""

from __future__ import annotations

import csv
import io
import re
from collections.abc import Callable
from datetime import UTC, date, datetime

from desktop.core.device.readings import Unread
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
from desktop.core.kit.clock import SystemClock
from desktop.core.kit.i18n import N_
from desktop.core.kit.unchecked import Reason
from desktop.platform.device.commands import Run, run_command
from desktop.platform.device.windows.powershell import powershell_json
from desktop.platform.device.windows.registry import HKCU, HKLM, RegistryValues, as_int

INBOUND_SCRIPT = (
    "$p = New-Object -ComObject HNetCfg.FwPolicy2; "
    "$r = @{current = $p.CurrentProfileTypes}; "
    'foreach ($b in 1,2,4) { $r["on$b"] = $p.FirewallEnabled($b); '
    '$r["in$b"] = [int]$p.DefaultInboundAction($b); '
    '$r["all$b"] = $p.BlockAllInboundTraffic($b) }; '
    "ConvertTo-Json -Compress $r"
)
HISTORY_SCRIPT = (
    "$s = New-Object -ComObject Microsoft.Update.Session; "
    "$q = $s.CreateUpdateSearcher(); $n = $q.GetTotalHistoryCount(); "
    "$h = if ($n -gt 0) { @($q.QueryHistory(0, [Math]::Min($n, 200)) | "
    "Where-Object { $_.Operation -eq 1 -and $_.ResultCode -eq 2 } | "
    "ForEach-Object { $_.Date.ToUniversalTime().ToString('yyyy-MM-dd') }) } else { @() }; "
    "ConvertTo-Json -Compress @{count = $n; installed = $h}"
)
EXPLORER_POLICY = "SOFTWARE\\Microsoft\\Windows\\CurrentVersion\\Policies\\Explorer"
AUTOPLAY = "SOFTWARE\\Microsoft\\Windows\\CurrentVersion\\Explorer\\AutoplayHandlers"
CURRENT_VERSION = "SOFTWARE\\Microsoft\\Windows NT\\CurrentVersion"
AU_POLICY = "SOFTWARE\\Policies\\Microsoft\\Windows\\WindowsUpdate\\AU"
UX_SETTINGS = "SOFTWARE\\Microsoft\\WindowsUpdate\\UX\\Settings"
TS_POLICY = "SOFTWARE\\Policies\\Microsoft\\Windows NT\\Terminal Services"
TS_SYSTEM = "SYSTEM\\CurrentControlSet\\Control\\Terminal Server"
SSHD_SERVICE = "SYSTEM\\CurrentControlSet\\Services\\sshd"
SERVICE_AUTO_START = 2
ADMINISTRATORS_SID = "S-1-5-32-544"
NET_FW_ACTION_BLOCK = 0
FIRST_WINDOWS_11_BUILD = 22000


def _value(reg: RegistryValues, hive: str, path: str, name: str) -> object | Unread:
    try:
        got: object = reg.value(hive, path, name)
    except PermissionError:
        return Unread(N_("this setting may not be read here"), f"{hive}\\{path}")
    except OSError as exc:
        return Unread(N_("this setting could not be read"), type(exc).__name__)
    return got


class WindowsInboundSource:
    PROFILES = (1, 2, 4)

    def __init__(self, run: Run = run_command) -> None:
        self._run = run

    def read(self) -> InboundReading | Unread:
        data = powershell_json(INBOUND_SCRIPT, self._run)
        if isinstance(data, Unread):
            return data
        current = data.get("current")
        if not isinstance(current, int) or current == 0:
            current = 7  # not connected now: every profile must block
        for bit in self.PROFILES:
            if not current & bit:
                continue
            on, action = data.get(f"on{bit}"), data.get(f"in{bit}")
            if not isinstance(on, bool) or not isinstance(action, int):
                return Unread(N_("the firewall settings could not be read"), repr(data)[:200])
            if not on or action != NET_FW_ACTION_BLOCK:
                return InboundReading(False, "Windows Firewall", f"profile {bit} allows")
        return InboundReading(True, "Windows Firewall", "inbound blocked by default")


class WindowsAutorunSource:
    def __init__(self, registry: RegistryValues) -> None:
        self.reg = registry

    def read(self) -> AutorunReading | Unread:
        for hive in (HKLM, HKCU):
            no_autorun = _value(self.reg, hive, EXPLORER_POLICY, "NoAutorun")
            drives = _value(self.reg, hive, EXPLORER_POLICY, "NoDriveTypeAutoRun")
            if isinstance(no_autorun, Unread):
                return no_autorun
            if isinstance(drives, Unread):
                return drives
            if as_int(no_autorun) == 1 or (as_int(drives) or 0) & 0xFF == 0xFF:
                return AutorunReading(True, admin_locked=True, source="Group Policy")
        disabled = _value(self.reg, HKCU, AUTOPLAY, "DisableAutoplay")
        if isinstance(disabled, Unread):
            return disabled
        return AutorunReading(as_int(disabled) == 1, source="AutoPlay settings")


_THRESHOLD = re.compile(r"^Lockout threshold:\s*(\S+)", re.MULTILINE)
_MIN_LENGTH = re.compile(r"^Minimum password length:\s*(\d+)", re.MULTILINE)


class WindowsUnlockSource:
    def __init__(self, run: Run = run_command) -> None:
        self._run = run

    def read(self) -> UnlockReading | Unread:
        out = self._run(["net", "accounts"])
        if isinstance(out, Unread):
            return out
        threshold = _THRESHOLD.search(out.stdout)
        if out.code != 0 or threshold is None:
            return Unread(N_("the sign-in settings could not be read"), out.stderr.strip()[:200])
        value = threshold.group(1)
        attempts = int(value) if value.isdigit() and int(value) > 0 else None
        length = _MIN_LENGTH.search(out.stdout)
        minimum = int(length.group(1)) if length and int(length.group(1)) > 0 else None
        return UnlockReading(attempts, minimum, "account policy")


class WindowsAdminSource:
    def __init__(self, run: Run = run_command) -> None:
        self._run = run

    def read(self) -> AdminReading | Unread:
        out = self._run(["whoami", "/groups", "/fo", "csv"])
        if isinstance(out, Unread):
            return out
        if out.code != 0:
            return Unread(N_("the account's groups could not be read"), out.stderr.strip()[:200])
        for row in csv.reader(io.StringIO(out.stdout)):
            if len(row) >= 4 and row[2].strip().upper() == ADMINISTRATORS_SID:
                return AdminReading(True, N_("Administrators group"))
        return AdminReading(False, N_("standard user"))


class WindowsEmptyPasswordsSource:
    """Windows shows whether an account has a password only to administrators."""

    def read(self) -> EmptyPasswordReading | Unread:
        return Unread(
            N_("Windows lets only an administrator see whether every account has a password"),
            "",
            Reason.UNSUPPORTED,
        )


class WindowsOsSource:
    def __init__(self, registry: RegistryValues) -> None:
        self.reg = registry

    def read(self) -> OsReading | Unread:
        values = {}
        for name in ("CurrentBuild", "UBR", "EditionID", "DisplayVersion"):
            got = _value(self.reg, HKLM, CURRENT_VERSION, name)
            if isinstance(got, Unread):
                return got
            values[name] = got
        build = str(values["CurrentBuild"] or "").strip()
        if not build.isdigit():
            return Unread(N_("the Windows version could not be read"), repr(values)[:200])
        major = 11 if int(build) >= FIRST_WINDOWS_11_BUILD else 10
        edition = str(values["EditionID"] or "")
        display = str(values["DisplayVersion"] or "")
        name = " ".join(p for p in (f"Windows {major}", _edition_words(edition), display) if p)
        return OsReading("windows", f"10.0.{build}", name, edition, display)


def _edition_words(edition: str) -> str:
    words = {
        "Core": "Home",
        "CoreSingleLanguage": "Home",
        "Professional": "Pro",
        "ProfessionalEducation": "Pro Education",
        "ProfessionalWorkstation": "Pro for Workstations",
        "Enterprise": "Enterprise",
        "EnterpriseS": "Enterprise LTSC",
        "Education": "Education",
        "IoTEnterprise": "IoT Enterprise",
    }
    return words.get(edition, edition)


class WindowsUpdateHistorySource:
    def __init__(self, run: Run = run_command) -> None:
        self._run = run

    def read(self) -> UpdateHistoryReading | Unread:
        data = powershell_json(HISTORY_SCRIPT, self._run)
        if isinstance(data, Unread):
            return data
        installed = data.get("installed")
        if isinstance(installed, str):  # ConvertTo-Json makes a one-item list a string
            installed = [installed]
        if not isinstance(installed, list):
            installed = []
        dates = []
        for text in installed:
            try:
                dates.append(date.fromisoformat(str(text)))
            except ValueError:
                continue
        return UpdateHistoryReading(max(dates) if dates else None, "Windows Update history")


class WindowsAutoUpdatesSource:
    def __init__(self, registry: RegistryValues, now: Callable[[], datetime] | None = None) -> None:
        self.reg, self.now = registry, now or SystemClock().now

    def read(self) -> AutoUpdatesReading | Unread:
        no_auto = _value(self.reg, HKLM, AU_POLICY, "NoAutoUpdate")
        options = _value(self.reg, HKLM, AU_POLICY, "AUOptions")
        paused = _value(self.reg, HKLM, UX_SETTINGS, "PauseUpdatesExpiryTime")
        for got in (no_auto, options, paused):
            if isinstance(got, Unread):
                return got
        if as_int(no_auto) == 1:
            return AutoUpdatesReading(False, admin_locked=True, source="Group Policy")
        if as_int(options) == 2:
            return AutoUpdatesReading(False, admin_locked=True, source="Group Policy")
        if isinstance(paused, str) and paused.strip():
            try:
                until = datetime.fromisoformat(paused.strip().replace("Z", "+00:00"))
            except ValueError:
                until = None
            if until is not None and until.astimezone(UTC) > self.now():
                return AutoUpdatesReading(False, source="Windows Update (paused)")
        managed = as_int(options) in (3, 4, 5)
        return AutoUpdatesReading(True, admin_locked=managed, source="Windows Update")


class WindowsRemoteAccessSource:
    def __init__(self, registry: RegistryValues) -> None:
        self.reg = registry

    def read(self) -> RemoteAccessReading | Unread:
        services: list[str] = []
        ssh = _value(self.reg, HKLM, SSHD_SERVICE, "Start")
        if isinstance(ssh, Unread):
            return ssh
        if as_int(ssh) == SERVICE_AUTO_START:
            services.append("remote_login")
        for path in (TS_POLICY, TS_SYSTEM):
            deny = _value(self.reg, HKLM, path, "fDenyTSConnections")
            if isinstance(deny, Unread):
                return deny
            if deny is not None:
                if as_int(deny) == 0:
                    services.append("remote_desktop")
                break  # the policy, when set, decides; Windows' default refuses
        return RemoteAccessReading(tuple(sorted(services)), "Remote Desktop")
