"""Windows: system-disk encryption, firewall, anti-malware and automatic sign-in.

- BitLocker: the shell property ``System.Volume.BitLockerProtection`` of the system
  drive, which any user may read (``manage-bde`` needs an administrator).
- Firewall: ``INetFwPolicy2`` (``HNetCfg.FwPolicy2``): on when it is enabled for every
  network profile that is active now.
- Anti-malware: ``WscGetSecurityProviderHealth(WSC_SECURITY_PROVIDER_ANTIVIRUS)``,
  the documented Windows Security Center call (not the undocumented ``productState``
  number), with the product names from Security Center and Defender's own status.
- Automatic sign-in: ``AutoAdminLogon`` and ``DefaultPassword`` under Winlogon; a
  ``DefaultPassword`` value is a password written down in plain text.
"""

from __future__ import annotations

import ctypes
from collections.abc import Callable
from typing import Any

from desktop.core.device.readings import (
    AutoLoginReading,
    DiskEncryptionReading,
    FirewallReading,
    MalwareReading,
    ProductState,
    Unread,
)
from desktop.core.kit.i18n import N_
from desktop.platform.device.commands import Run, run_command
from desktop.platform.device.windows.powershell import powershell_json
from desktop.platform.device.windows.registry import HKLM, RegistryValues, as_int

# System.Volume.BitLockerProtection: 1 on, 2 off, 3 encrypting, 4 decrypting,
# 5 suspended, 6 on (locked), 8 waiting for activation (off in practice).
BITLOCKER_ON = {1, 6}
BITLOCKER_OFF = {0, 2, 3, 4, 5, 8}
BITLOCKER_SCRIPT = (
    "$d = $env:SystemDrive; "
    "$v = (New-Object -ComObject Shell.Application).NameSpace($d + '\\').Self"
    ".ExtendedProperty('System.Volume.BitLockerProtection'); "
    "ConvertTo-Json -Compress @{drive = $d; protection = $v}"
)
# INetFwPolicy2: FirewallEnabled per profile (1 domain, 2 private, 4 public), and the
# profiles of the networks in use. What each profile does with inbound connections no
# rule allows is the inbound fact's (``ce_facts.py``).
FIREWALL_SCRIPT = (
    "$p = New-Object -ComObject HNetCfg.FwPolicy2; $t = $p.CurrentProfileTypes; "
    "ConvertTo-Json -Compress @{current = $t; "
    "domain = $p.FirewallEnabled(1); private = $p.FirewallEnabled(2); "
    "public = $p.FirewallEnabled(4)}"
)
PRODUCTS_SCRIPT = (
    "$av = @(Get-CimInstance -Namespace root/SecurityCenter2 -ClassName AntiVirusProduct "
    "-ErrorAction SilentlyContinue | ForEach-Object { $_.displayName }); "
    "$m = Get-MpComputerStatus -ErrorAction SilentlyContinue; "
    "$d = if ($m) { @{rtp = $m.RealTimeProtectionEnabled; av = $m.AntivirusEnabled; "
    "age = $m.AntivirusSignatureAge} } else { $null }; "
    "ConvertTo-Json -Compress -Depth 3 @{products = $av; defender = $d}"
)
DEFENDER = "Microsoft Defender Antivirus"
STALE_SIGNATURE_DAYS = 7

# wscapi.h
WSC_SECURITY_PROVIDER_ANTIVIRUS = 0x0004
HEALTH_GOOD, HEALTH_NOTMONITORED, HEALTH_POOR, HEALTH_SNOOZE = 0, 1, 2, 3

WINLOGON = r"SOFTWARE\Microsoft\Windows NT\CurrentVersion\Winlogon"


class BitLockerSource:
    def __init__(self, run: Run = run_command) -> None:
        self._run = run

    def read(self) -> DiskEncryptionReading | Unread:
        data = powershell_json(BITLOCKER_SCRIPT, self._run)
        if isinstance(data, Unread):
            return data
        value, drive = data.get("protection"), str(data.get("drive") or "C:")
        if isinstance(value, int) and value in BITLOCKER_ON:
            return DiskEncryptionReading(True, "BitLocker", drive)
        if isinstance(value, int) and value in BITLOCKER_OFF:
            return DiskEncryptionReading(False, "", drive)
        return Unread(N_("Windows did not say whether the system drive is encrypted"), repr(value))


class WindowsFirewallSource:
    PROFILES = ((1, "domain"), (2, "private"), (4, "public"))

    def __init__(self, run: Run = run_command) -> None:
        self._run = run

    def read(self) -> FirewallReading | Unread:
        data = powershell_json(FIREWALL_SCRIPT, self._run)
        if isinstance(data, Unread):
            return data
        current = data.get("current")
        if not isinstance(current, int) or current == 0:
            current = 7  # no network connected now: every profile must be on
        active = [name for bit, name in self.PROFILES if current & bit]
        states = [data.get(name) for name in active]
        if not all(isinstance(s, bool) for s in states):
            return Unread(N_("the firewall settings could not be read"), repr(data))
        return FirewallReading(all(states), "Windows Firewall")


def wsc_antivirus_health() -> int | Unread:
    """``WscGetSecurityProviderHealth`` for anti-virus: a WSC_SECURITY_PROVIDER_HEALTH."""
    try:
        wscapi: Any = ctypes.WinDLL("wscapi")  # type: ignore[attr-defined]
    except (AttributeError, OSError):
        return Unread(N_("Windows Security Center cannot be asked on this computer"))
    health = ctypes.c_int(-1)
    result = wscapi.WscGetSecurityProviderHealth(
        WSC_SECURITY_PROVIDER_ANTIVIRUS, ctypes.byref(health)
    )
    if result != 0:
        return Unread(
            N_("Windows Security Center did not answer"), f"HRESULT {result & 0xFFFFFFFF:#x}"
        )
    return int(health.value)


class WindowsMalwareSource:
    def __init__(
        self,
        health: Callable[[], int | Unread] = wsc_antivirus_health,
        run: Run = run_command,
    ) -> None:
        self._health, self._run = health, run

    def read(self) -> MalwareReading | Unread:
        health = self._health()
        if isinstance(health, Unread):
            return health
        details = powershell_json(PRODUCTS_SCRIPT, self._run)
        names: list[str] = []
        defender: dict[str, Any] | None = None
        if not isinstance(details, Unread):
            names = [str(n) for n in details.get("products") or [] if n]
            raw = details.get("defender")
            defender = raw if isinstance(raw, dict) else None
        if health == HEALTH_NOTMONITORED:
            if not names:
                return MalwareReading(())
            return Unread(N_("Windows Security Center is not watching the anti-virus"))
        named = names or ["Anti-virus protection"]
        raw_age = defender.get("age") if defender is not None else None
        age = raw_age if isinstance(raw_age, int) and not isinstance(raw_age, bool) else None
        if health == HEALTH_GOOD:
            # Defender's own age goes with it while it protects (not when it stands by for
            # another product), so the policy's limit decides rather than Defender's:
            # Security Center calls it good until Defender itself says out of date.
            active = defender is not None and defender.get("rtp") is True
            return MalwareReading(
                tuple(
                    ProductState(n, True, True, age if n == DEFENDER and active else None)
                    for n in named
                )
            )
        if health in (HEALTH_POOR, HEALTH_SNOOZE):
            if defender is not None and DEFENDER in names and defender.get("rtp") is True:
                # An age Defender did not give is not "up to date".
                fresh = None if age is None else age <= STALE_SIGNATURE_DAYS
                return MalwareReading(
                    (ProductState(DEFENDER, True, fresh, signatures_age_days=age),)
                )
            return MalwareReading(tuple(ProductState(n, False) for n in named))
        return Unread(N_("Windows Security Center gave an answer the app does not understand"))


class WindowsAutoLoginSource:
    def __init__(self, registry: RegistryValues, run: Run = run_command) -> None:
        self._reg, self._run = registry, run

    def read(self) -> AutoLoginReading | Unread:
        try:
            auto = as_int(self._reg.value(HKLM, WINLOGON, "AutoAdminLogon")) == 1
            password = self._reg.value(HKLM, WINLOGON, "DefaultPassword")
        except PermissionError:
            return Unread(N_("the sign-in settings may not be read"), "EACCES")
        guest, reason = self._guest()
        return AutoLoginReading(
            auto_login=auto,
            plaintext_password=isinstance(password, str) and password != "",
            guest_account=guest,
            source="Winlogon registry",
            guest_reason=reason,
        )

    def _guest(self) -> tuple[bool | None, str]:
        # The built-in guest account has the well-known relative id 501 in any language.
        script = (
            "$g = Get-LocalUser | Where-Object { $_.SID.Value -like '*-501' }; "
            "ConvertTo-Json -Compress @{guest = if ($g) { $g.Enabled } else { $null }}"
        )
        data = powershell_json(script, self._run)
        if isinstance(data, Unread):
            return None, data.clause
        value = data.get("guest")
        return (value, "") if isinstance(value, bool) else (None, "")
