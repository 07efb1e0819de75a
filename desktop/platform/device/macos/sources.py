"""macOS device facts, read in the person's own session without administrator rights.

- Screen lock: the screen saver's ``idleTime`` (``defaults -currentHost read
  com.apple.screensaver``) and the display sleep (``pmset -g custom``, the longer of
  mains and battery), whichever comes first, plus the delay before a password is asked
  (``sysadminctl -screenLock status``, which prints to stderr). ``osascript`` through
  System Events would also answer, but it asks the person for an Automation permission
  first, so it is not used.
- FileVault: ``fdesetup status``.
- XProtect and Gatekeeper: the XProtect bundle's version, ``spctl --status``, and how
  old XProtect's list of threats is, from the install history macOS keeps
  (``/Library/Receipts/InstallHistory.plist``, what System Information shows under
  Installations; every user may read it): the newest ``XProtectPlistConfigData`` (Software
  Update) or ``XProtectCloudKitUpdate`` (macOS 15 and later, over iCloud) item. XProtect
  Remediator's monthly updates (``XProtectPayloads``) are its scanner, not its list of
  threats, so they do not count.
- Firewall: ``socketfilterfw --getglobalstate`` (macOS 15 no longer keeps the state in
  ``com.apple.alf.plist``).
- Updates: ``/Library/Preferences/com.apple.SoftwareUpdate.plist`` (the settings and the
  updates the last check found) and ``softwareupdate --schedule``.
- Automatic login: ``autoLoginUser`` and ``GuestEnabled`` in
  ``/Library/Preferences/com.apple.loginwindow.plist``; ``/etc/kcpassword`` holds the
  automatic login's password, only lightly scrambled.
"""

from __future__ import annotations

import plistlib
import re
from collections.abc import Callable
from datetime import UTC, datetime
from pathlib import Path
from typing import Any
from xml.parsers.expat import ExpatError

from desktop.core.device.readings import (
    AutoLoginReading,
    DiskEncryptionReading,
    FirewallReading,
    MalwareReading,
    ProductState,
    ScreenLockReading,
    Unread,
    UpdatesReading,
)
from desktop.core.kit.clock import SystemClock
from desktop.core.kit.i18n import N_
from desktop.platform.device.commands import Output, Run, run_command

SOCKETFILTERFW = "/usr/libexec/ApplicationFirewall/socketfilterfw"
XPROTECT_PLISTS = (
    Path("/Library/Apple/System/Library/CoreServices/XProtect.bundle/Contents/Info.plist"),
    Path("/System/Library/CoreServices/XProtect.bundle/Contents/Info.plist"),
)
SOFTWARE_UPDATE_PLIST = Path("/Library/Preferences/com.apple.SoftwareUpdate.plist")
LOGINWINDOW_PLIST = Path("/Library/Preferences/com.apple.loginwindow.plist")
INSTALL_HISTORY = Path("/Library/Receipts/InstallHistory.plist")
# Install history names of XProtect's list of threats being updated.
XPROTECT_DATA_UPDATES = ("XProtectPlistConfigData", "XProtectCloudKitUpdate")
KCPASSWORD = Path("/etc/kcpassword")

ReadPlist = Callable[[Path], dict[str, Any] | None]


def read_plist(path: Path) -> dict[str, Any] | None:
    """A property list as a dict, None when absent; PermissionError passes through."""
    try:
        data = plistlib.loads(path.read_bytes())
    except FileNotFoundError:
        return None
    except (plistlib.InvalidFileException, ValueError, ExpatError):  # a damaged XML plist
        return {}
    return data if isinstance(data, dict) else {}


def _text(out: Output | Unread) -> str | Unread:
    if isinstance(out, Unread):
        return out
    return out.stdout + "\n" + out.stderr


# ----- screen lock ---------------------------------------------------------------------

_DISPLAYSLEEP = re.compile(r"^\s*displaysleep\s+(\d+)", re.MULTILINE)
_LOCK_DELAY = re.compile(r"screenLock delay is (immediate|(\d+) seconds?)")


def display_sleep_seconds(pmset: str) -> int | None:
    """The longest display sleep in ``pmset -g custom`` (seconds); 0 = never; None = none."""
    minutes = [int(m) for m in _DISPLAYSLEEP.findall(pmset)]
    if not minutes:
        return None
    return 0 if 0 in minutes else max(minutes) * 60


def lock_delay_seconds(sysadminctl: str) -> int | None:
    """Seconds from screen saver or display sleep to the lock; None when locking is off."""
    if "screenLock is off" in sysadminctl:
        return None
    match = _LOCK_DELAY.search(sysadminctl)
    if match is None:
        raise ValueError("unrecognised sysadminctl output")
    return 0 if match.group(1) == "immediate" else int(match.group(2))


class MacScreenLockSource:
    def __init__(self, run: Run = run_command) -> None:
        self._run = run

    def read(self) -> ScreenLockReading | Unread:
        lock = _text(self._run(["sysadminctl", "-screenLock", "status"]))
        if isinstance(lock, Unread):
            return lock
        try:
            delay = lock_delay_seconds(lock)
        except ValueError:
            return Unread(N_("macOS gave an answer the app does not understand"), lock[-200:])
        if delay is None:
            return ScreenLockReading("macOS", False, None)
        pmset = _text(self._run(["pmset", "-g", "custom"]))
        saver = self._run(["defaults", "-currentHost", "read", "com.apple.screensaver", "idleTime"])
        starts: list[int] = []
        if not isinstance(pmset, Unread) and (sleep := display_sleep_seconds(pmset)):
            starts.append(sleep)
        # An unset idleTime (the command fails) means the default of 20 minutes.
        idle = 1200
        if not isinstance(saver, Unread) and saver.code == 0 and saver.stdout.strip().isdigit():
            idle = int(saver.stdout.strip())
        if idle:
            starts.append(idle)
        if isinstance(pmset, Unread):
            return pmset  # the display may sleep sooner than the screen saver starts
        if not starts:
            return ScreenLockReading("macOS", True, None)
        return ScreenLockReading("macOS", True, min(starts) + delay)


# ----- FileVault, firewall -------------------------------------------------------------


class FileVaultSource:
    def __init__(self, run: Run = run_command) -> None:
        self._run = run

    def read(self) -> DiskEncryptionReading | Unread:
        out = self._run(["fdesetup", "status"])
        if isinstance(out, Unread):
            return out
        first = out.stdout.strip().splitlines()[0] if out.stdout.strip() else ""
        if first.startswith("FileVault is On"):
            return DiskEncryptionReading(True, "FileVault", "/")
        if first.startswith("FileVault is Off"):
            return DiskEncryptionReading(False, "", "/")
        return Unread(N_("macOS did not say whether FileVault is on"), first[:120])


class MacFirewallSource:
    def __init__(self, run: Run = run_command) -> None:
        self._run = run

    def read(self) -> FirewallReading | Unread:
        out = _text(self._run([SOCKETFILTERFW, "--getglobalstate"]))
        if isinstance(out, Unread):
            return out
        match = re.search(r"\(State = (\d)\)", out)
        if match is None:
            return Unread(N_("macOS gave an answer the app does not understand"), out.strip()[:120])
        return FirewallReading(match.group(1) != "0", "macOS firewall")


# ----- XProtect and Gatekeeper, updates ------------------------------------------------


def read_install_history(path: Path = INSTALL_HISTORY) -> list[dict[str, Any]] | Unread:
    """The items macOS recorded installing (each a dict with ``date``, ``displayName``,
    ``displayVersion``, ``processName`` and more), or why they could not be read."""
    try:
        items = plistlib.loads(path.read_bytes())
    except FileNotFoundError:
        return Unread(N_("this Mac keeps no record of installed updates the app can read"))
    except PermissionError:
        return Unread(N_("the record of installed updates may not be read here"), "EACCES")
    except (plistlib.InvalidFileException, ValueError, ExpatError, OSError) as exc:
        return Unread(N_("the record of installed updates could not be read"), type(exc).__name__)
    return [i for i in items if isinstance(i, dict)] if isinstance(items, list) else []


def xprotect_updated(items: list[dict[str, Any]]) -> datetime | None:
    """When XProtect's list of threats was last installed, by the install history."""
    dates = [
        when
        for item in items
        if item.get("displayName") in XPROTECT_DATA_UPDATES
        and (when := _when(item.get("date"))) is not None
    ]
    return max(dates, default=None)


class MacMalwareSource:
    def __init__(
        self,
        run: Run = run_command,
        plist: ReadPlist = read_plist,
        now: Callable[[], datetime] = lambda: SystemClock().now(),
        history: Path = INSTALL_HISTORY,
    ) -> None:
        self._run, self._plist, self._now, self._history = run, plist, now, history

    def read(self) -> MalwareReading | Unread:
        out = _text(self._run(["spctl", "--status"]))
        gatekeeper: bool | None = None
        if not isinstance(out, Unread):
            if "assessments enabled" in out:
                gatekeeper = True
            elif "assessments disabled" in out:
                gatekeeper = False
        try:
            bundle = next((p for p in map(self._plist, XPROTECT_PLISTS) if p is not None), None)
        except PermissionError:
            return Unread(N_("the XProtect files may not be read"), "EACCES")
        on = bundle is not None and bool(bundle.get("CFBundleShortVersionString"))
        xprotect = ProductState("XProtect", on, **self._age())
        return MalwareReading((xprotect, ProductState("Gatekeeper", gatekeeper)))

    def _age(self) -> dict[str, Any]:
        """``signatures_age_days``, or ``age_unread`` saying why it is not known."""
        items = read_install_history(self._history)
        if isinstance(items, Unread):  # its reason kept in English, told with the sentence
            return {"age_unread": items.reason}
        updated = xprotect_updated(items)
        if updated is None:
            return {
                "age_unread": N_(
                    "this Mac's record of installed updates holds no update of XProtect's "
                    "list of threats"
                )
            }
        return {"signatures_age_days": max(0, (self._now() - updated).days)}


def _when(value: object) -> datetime | None:
    """A plist date (plistlib gives a datetime; a converted copy an ISO 8601 text)."""
    if isinstance(value, datetime):
        when = value
    elif isinstance(value, str):
        try:
            when = datetime.fromisoformat(value.replace("Z", "+00:00"))
        except ValueError:
            return None
    else:
        return None
    return when if when.tzinfo is not None else when.replace(tzinfo=UTC)


class MacUpdatesSource:
    def __init__(
        self,
        run: Run = run_command,
        plist: ReadPlist = read_plist,
        now: Callable[[], datetime] = lambda: SystemClock().now(),
    ) -> None:
        self._run, self._plist, self._now = run, plist, now

    def read(self) -> UpdatesReading | Unread:
        try:
            prefs = self._plist(SOFTWARE_UPDATE_PLIST)
        except PermissionError:
            return Unread(N_("the software update settings may not be read"), "EACCES")
        if prefs is None:
            return Unread(N_("macOS has not checked for updates yet"))
        # RecommendedUpdates is what the last check found; macOS does not mark which are
        # security updates, so all of them count, and how long they waited is not known.
        pending = prefs.get("RecommendedUpdates")
        count = len(pending) if isinstance(pending, list) else 0
        automatic: bool | None = None
        critical = prefs.get("CriticalUpdateInstall")
        if critical is not None:
            automatic = bool(critical)
        schedule = _text(self._run(["softwareupdate", "--schedule"]))
        if not isinstance(schedule, Unread) and re.search(r"\bis (turned )?off\b", schedule):
            automatic = False
        # The last successful check fetched the list the count comes from.
        checked = _when(prefs.get("LastSuccessfulDate"))
        lists_age = None
        if checked is not None:
            lists_age = max(0, (self._now() - checked).days)
        return UpdatesReading(count, None, automatic, lists_age_days=lists_age)


# ----- automatic login -----------------------------------------------------------------


class MacAutoLoginSource:
    def __init__(
        self, plist: ReadPlist = read_plist, exists: Callable[[Path], bool] = Path.exists
    ) -> None:
        self._plist, self._exists = plist, exists

    def read(self) -> AutoLoginReading | Unread:
        try:
            prefs = self._plist(LOGINWINDOW_PLIST) or {}
            stored = self._exists(KCPASSWORD)
        except PermissionError:
            return Unread(N_("the login window settings may not be read"), "EACCES")
        user = prefs.get("autoLoginUser")
        guest = prefs.get("GuestEnabled")
        return AutoLoginReading(
            auto_login=bool(user),
            plaintext_password=stored,
            guest_account=bool(guest) if guest is not None else False,
            source="login window",
        )
