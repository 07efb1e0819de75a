"""macOS facts for the checks Cyber Essentials adds, read in the person's session
without administrator rights:

* Inbound: the application firewall, ``socketfilterfw --getglobalstate``,
  ``--getblockall`` and ``--getstealthmode``: on, and either blocking every incoming
  connection or in stealth mode.
* Unlock guesses: ``pwpolicy -getaccountpolicies`` (a property list after a heading
  line): ``policyAttributeMaximumFailedAuthentications``, and a minimum length from a
  ``policyAttributePassword matches '.{N,}'`` rule.
* Administrator: ``id -Gn``: the ``admin`` group.
* Which macOS: ``sw_vers -productVersion``.
* Last update: ``/Library/Receipts/InstallHistory.plist``, the newest item installed by
  Software Update (``softwareupdated``), leaving out the background security data
  (``contentType`` ``config-data``: XProtect and the like update by themselves daily).
* Automatic updates: ``com.apple.SoftwareUpdate``, the managed copy first (set by IT):
  ``AutomaticallyInstallMacOSUpdates`` must be true, and ``AutomaticCheckEnabled``,
  ``AutomaticDownload`` and ``CriticalUpdateInstall`` not false.
* Remote access: ``launchctl print-disabled system``: Remote Login
  (``com.openssh.sshd``), Screen Sharing and Remote Management
  (``com.apple.screensharing``, ``com.apple.RemoteDesktop.agent``) and File Sharing
  (``com.apple.smbd``), each "enabled" (macOS 13 and later print enabled/disabled).

The outputs are pinned in the tests as documented and recorded on macOS 14.
"""

from __future__ import annotations

import re
from datetime import date, datetime
from pathlib import Path

from desktop.core.device.readings import Unread
from desktop.core.device.readings_ce import (
    AdminReading,
    AutoUpdatesReading,
    EmptyPasswordReading,
    InboundReading,
    OsReading,
    RemoteAccessReading,
    UnlockReading,
    UpdateHistoryReading,
)
from desktop.core.kit.i18n import N_
from desktop.core.kit.unchecked import Reason
from desktop.platform.device.commands import Output, Run, run_command
from desktop.platform.device.macos.sources import (
    INSTALL_HISTORY,
    SOCKETFILTERFW,
    SOFTWARE_UPDATE_PLIST,
    ReadPlist,
    read_install_history,
    read_plist,
)

MANAGED_SOFTWARE_UPDATE = Path("/Library/Managed Preferences/com.apple.SoftwareUpdate.plist")
REMOTE_LABELS = {
    "com.openssh.sshd": "remote_login",
    "com.apple.screensharing": "remote_desktop",
    "com.apple.RemoteDesktop.agent": "remote_desktop",
    "com.apple.smbd": "file_sharing",
}


def _out(got: Output | Unread) -> str | Unread:
    if isinstance(got, Unread):
        return got
    return got.stdout + "\n" + got.stderr


class MacInboundSource:
    def __init__(self, run: Run = run_command) -> None:
        self._run = run

    def read(self) -> InboundReading | Unread:
        state = _out(self._run([SOCKETFILTERFW, "--getglobalstate"]))
        if isinstance(state, Unread):
            return state
        match = re.search(r"\(State = (\d)\)", state)
        if match is None:
            return Unread(N_("macOS gave an answer the app does not understand"), state[:120])
        if match.group(1) == "0":
            return InboundReading(False, "macOS firewall", "firewall off")
        block = _out(self._run([SOCKETFILTERFW, "--getblockall"]))
        stealth = _out(self._run([SOCKETFILTERFW, "--getstealthmode"]))
        if isinstance(block, Unread):
            return block
        if isinstance(stealth, Unread):
            return stealth
        # macOS 14: "Firewall is set to block all non-essential incoming connections" /
        # "Block all DISABLED!"; macOS 15: "Block all ENABLED!". Stealth: "Firewall
        # stealth mode is on" (14) or "Stealth mode enabled" (15).
        if re.search(r"block all (non-essential|enabled)", block, re.IGNORECASE):
            return InboundReading(True, "macOS firewall", "block all incoming")
        if re.search(r"stealth mode (is on|enabled)", stealth, re.IGNORECASE):
            return InboundReading(True, "macOS firewall", "stealth mode")
        return InboundReading(False, "macOS firewall", "signed apps allowed in")


_FAILED = re.compile(
    r"<key>policyAttributeMaximumFailedAuthentications</key>\s*<integer>(\d+)</integer>"
)
_LENGTH = re.compile(r"policyAttributePassword matches '\.\{(\d+),")


class MacUnlockSource:
    def __init__(self, run: Run = run_command) -> None:
        self._run = run

    def read(self) -> UnlockReading | Unread:
        out = self._run(["pwpolicy", "-getaccountpolicies"])
        if isinstance(out, Unread):
            return out
        text = out.stdout
        if "<plist" not in text:
            # "No account policies" (and exit 0) when none are set: no limit recorded.
            if out.code == 0 or "No account policies" in text + out.stderr:
                return UnlockReading(None, None, "password policy")
            return Unread(N_("the password policy could not be read"), out.stderr.strip()[:120])
        tries = [int(n) for n in _FAILED.findall(text)]
        lengths = [int(n) for n in _LENGTH.findall(text)]
        return UnlockReading(
            min(tries) if tries else None,
            max(lengths) if lengths else None,
            "password policy",
        )


class MacAdminSource:
    def __init__(self, run: Run = run_command) -> None:
        self._run = run

    def read(self) -> AdminReading | Unread:
        out = self._run(["id", "-Gn"])
        if isinstance(out, Unread):
            return out
        if out.code != 0:
            return Unread(N_("the account's groups could not be read"), out.stderr.strip()[:120])
        if "admin" in out.stdout.split():
            return AdminReading(True, N_("admin group"))
        return AdminReading(False, N_("standard user"))


class MacEmptyPasswordsSource:
    def read(self) -> EmptyPasswordReading | Unread:
        return Unread(
            N_("macOS lets only an administrator see whether every account has a password"),
            "",
            Reason.UNSUPPORTED,
        )


class MacOsSource:
    def __init__(self, run: Run = run_command) -> None:
        self._run = run

    def read(self) -> OsReading | Unread:
        out = self._run(["sw_vers", "-productVersion"])
        if isinstance(out, Unread):
            return out
        version = out.stdout.strip()
        if out.code != 0 or not re.fullmatch(r"\d+(\.\d+)*", version):
            return Unread(N_("the macOS version could not be read"), version[:40])
        return OsReading("macos", version, f"macOS {version}")


class MacUpdateHistorySource:
    def __init__(self, path: Path = INSTALL_HISTORY) -> None:
        self.path = path

    def read(self) -> UpdateHistoryReading | Unread:
        items = read_install_history(self.path)
        if isinstance(items, Unread):
            return items
        found: date | None = None
        for item in items:
            if item.get("processName") != "softwareupdated":
                continue
            if item.get("contentType") == "config-data":
                continue
            when = item.get("date")
            if isinstance(when, datetime):
                found = max(found, when.date()) if found else when.date()
        return UpdateHistoryReading(found, "install history")


class MacAutoUpdatesSource:
    def __init__(self, plist: ReadPlist = read_plist) -> None:
        self._plist = plist

    def read(self) -> AutoUpdatesReading | Unread:
        try:
            managed = self._plist(MANAGED_SOFTWARE_UPDATE) or {}
            local = self._plist(SOFTWARE_UPDATE_PLIST) or {}
        except PermissionError:
            return Unread(N_("the software update settings may not be read"), "EACCES")

        def value(key: str) -> object:
            return managed[key] if key in managed else local.get(key)

        install = value("AutomaticallyInstallMacOSUpdates") is True
        others = all(
            value(k) is not False
            for k in ("AutomaticCheckEnabled", "AutomaticDownload", "CriticalUpdateInstall")
        )
        locked = "AutomaticallyInstallMacOSUpdates" in managed
        return AutoUpdatesReading(install and others, admin_locked=locked, source="Software Update")


_DISABLED = re.compile(r'"([\w.]+)"\s*=>\s*(enabled|disabled|true|false)')


class MacRemoteAccessSource:
    def __init__(self, run: Run = run_command) -> None:
        self._run = run

    def read(self) -> RemoteAccessReading | Unread:
        out = self._run(["launchctl", "print-disabled", "system"])
        if isinstance(out, Unread):
            return out
        if out.code != 0:
            return Unread(N_("the sharing settings could not be read"), out.stderr.strip()[:120])
        services = set()
        for label, state in _DISABLED.findall(out.stdout):
            # "enabled" (macOS 13+), or "false" = not disabled (older releases).
            if label in REMOTE_LABELS and state in ("enabled", "false"):
                services.add(REMOTE_LABELS[label])
        return RemoteAccessReading(tuple(sorted(services)), "Sharing settings")
