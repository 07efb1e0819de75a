"""Windows screen lock: the shortest of the ways Windows locks an idle session.

- ``InactivityTimeoutSecs`` (HKLM ...\\Policies\\System, "Interactive logon: Machine
  inactivity limit"): Windows locks after that many idle seconds.
- A secure screen saver: ``ScreenSaveActive`` = "1", ``ScreenSaverIsSecure`` = "1", a
  ``SCRNSAVE.EXE`` and ``ScreenSaveTimeOut`` seconds, the Group Policy values (HKCU
  ``Software\\Policies\\Microsoft\\Windows\\Control Panel\\Desktop``) winning over the
  person's own (HKCU ``Control Panel\\Desktop``).
- The display turning off (``powercfg`` VIDEOIDLE) when a password is asked on wake
  (``powercfg`` CONSOLELOCK = 1). The longer of the mains and battery values counts.
- ``DisableLockWorkstation`` = 1 (HKCU or HKLM ...\\Policies\\System) switches locking off.
"""

from __future__ import annotations

import re

from desktop.core.device.readings import ScreenLockReading, Unread
from desktop.core.kit.i18n import N_
from desktop.platform.device.commands import Output, Run, run_command
from desktop.platform.device.windows.registry import HKCU, HKLM, RegistryValues, as_int

SYSTEM_POLICY = r"SOFTWARE\Microsoft\Windows\CurrentVersion\Policies\System"
USER_SYSTEM_POLICY = r"Software\Microsoft\Windows\CurrentVersion\Policies\System"
DESKTOP_POLICY = r"Software\Policies\Microsoft\Windows\Control Panel\Desktop"
DESKTOP = r"Control Panel\Desktop"
# powercfg prints the two current values last, as "...: 0x00000258" (AC, then DC).
_INDEX = re.compile(r":\s*0x([0-9a-fA-F]+)\s*$")


def powercfg_ac_dc(out: Output) -> tuple[int, int] | None:
    """The current mains and battery values from ``powercfg /query``, or None."""
    if out.code != 0:
        return None
    values = [int(m.group(1), 16) for line in out.stdout.splitlines() if (m := _INDEX.search(line))]
    if len(values) < 2:
        return None
    return values[-2], values[-1]


class WindowsScreenLockSource:
    def __init__(self, registry: RegistryValues, run: Run = run_command) -> None:
        self._reg, self._run = registry, run

    def _desktop(self, name: str) -> object:
        managed = self._reg.value(HKCU, DESKTOP_POLICY, name)
        return managed if managed is not None else self._reg.value(HKCU, DESKTOP, name)

    def _powercfg(self, alias: str) -> tuple[int, int] | Unread:
        sub = "SUB_VIDEO" if alias == "VIDEOIDLE" else "SUB_NONE"
        out = self._run(["powercfg", "/query", "SCHEME_CURRENT", sub, alias])
        if isinstance(out, Unread):
            return out
        got = powercfg_ac_dc(out)
        return got if got is not None else Unread(N_("the power settings could not be read"))

    def read(self) -> ScreenLockReading | Unread:
        try:
            # Set for the person or, machine-wide, for everyone (the same policy value).
            if any(
                as_int(self._reg.value(hive, key, "DisableLockWorkstation")) == 1
                for hive, key in ((HKCU, USER_SYSTEM_POLICY), (HKLM, SYSTEM_POLICY))
            ):
                return ScreenLockReading("Windows", False, None, admin_locked=True)
            waits: list[tuple[int, bool]] = []  # (seconds, set by the organisation)
            inactivity = as_int(self._reg.value(HKLM, SYSTEM_POLICY, "InactivityTimeoutSecs"))
            if inactivity:
                waits.append((inactivity, True))
            active = as_int(self._desktop("ScreenSaveActive")) == 1
            secure = as_int(self._desktop("ScreenSaverIsSecure")) == 1
            chosen = bool(self._desktop("SCRNSAVE.EXE"))
            timeout = as_int(self._desktop("ScreenSaveTimeOut")) or 0
            if active and secure and chosen and timeout > 0:
                managed = self._reg.value(HKCU, DESKTOP_POLICY, "ScreenSaveTimeOut") is not None
                waits.append((timeout, managed))
        except PermissionError:
            return Unread(N_("the screen lock settings may not be read"), "EACCES")
        except OSError as exc:
            return Unread(N_("the screen lock settings could not be read"), str(exc))
        display = self._powercfg("VIDEOIDLE")
        lock_on_wake = self._powercfg("CONSOLELOCK")
        if not isinstance(display, Unread) and not isinstance(lock_on_wake, Unread):
            off_after = 0 if 0 in display else max(display)  # 0: the display never turns off
            if off_after and min(lock_on_wake) == 1:
                waits.append((off_after, False))
        else:
            missing = display if isinstance(display, Unread) else lock_on_wake
            if not waits and isinstance(missing, Unread):
                return missing
        if not waits:
            return ScreenLockReading("Windows", False, None)
        seconds, managed = min(waits)
        return ScreenLockReading("Windows", True, seconds, admin_locked=managed)
