"""How this session locks when left alone, on the Linux desktops the app can read.

* GNOME: the *effective* GSettings values, read with the ``gsettings`` command (GLib's
  own client: it honours ``GSETTINGS_BACKEND`` and lets administrator-locked dconf
  values win, which reading dconf files ourselves would get wrong). The output is one
  GVariant text value per call (``uint32 300``, ``true``); its format is pinned in the
  tests. ``idle-delay = 0`` means the screen never goes idle, so it never locks.
* KDE Plasma: ``kscreenlockerrc`` through the KConfig cascade (``XDG_CONFIG_DIRS``, then
  ``XDG_CONFIG_HOME``), where ``[$i]`` marks a value, group or file the user cannot change.
* Xfce: xfce4-screensaver's xfconf channel, read from the XML files ``xfconfd`` keeps
  (system defaults first; properties an administrator ``locked`` win).

Any other desktop, or one whose locker is not installed, gives ``Unread`` with a reason.
"""

from __future__ import annotations

import re
import shutil
import time
import xml.etree.ElementTree as ET
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path

from desktop.core.device.readings import ScreenLockReading, Unread
from desktop.platform.device.linux._common import TIME_LIMIT, environ, run, unreadable

GNOME_HOW = "Settings > Power > Screen Blank, and Settings > Privacy > Screen Lock"
KDE_HOW = "System Settings > Workspace Behaviour > Screen Locking"
XFCE_HOW = "Settings > Xfce Screensaver > Lock Screen"


class GnomeScreenLock:
    """GNOME's lock settings as GSettings resolves them for this user."""

    KEYS = (
        ("org.gnome.desktop.session", "idle-delay"),
        ("org.gnome.desktop.screensaver", "lock-delay"),
        ("org.gnome.desktop.screensaver", "lock-enabled"),
        ("org.gnome.desktop.lockdown", "disable-lock-screen"),
    )

    def __init__(self, env: Mapping[str, str] | None = None, gsettings: str = "gsettings") -> None:
        self.env, self.gsettings = env, gsettings

    def _gsettings(self, deadline: float, *args: str) -> str | Unread:
        left = deadline - time.monotonic()
        if left <= 0:
            return Unread("GNOME's settings did not answer in time.", "timeout")
        done = run([self.gsettings, *args], env=self.env, timeout=left)
        if isinstance(done, Unread):
            return done
        if done.returncode != 0:
            return Unread(
                "GNOME's screen lock settings could not be read on this computer.",
                done.stderr.strip()[:200],
            )
        return done.stdout.strip()

    def read(self) -> ScreenLockReading | Unread:
        deadline = time.monotonic() + TIME_LIMIT
        values: dict[str, str] = {}
        for schema, key in self.KEYS:
            got = self._gsettings(deadline, "get", schema, key)
            if isinstance(got, Unread):
                return got
            values[key] = got
        try:
            idle = parse_uint(values["idle-delay"])
            grace = parse_uint(values["lock-delay"])
            lock_on = parse_bool(values["lock-enabled"])
            lockdown = parse_bool(values["disable-lock-screen"])
        except ValueError as exc:
            return Unread(
                "GNOME's screen lock settings were not in a form the app knows.", str(exc)
            )
        enabled = lock_on and not lockdown and idle > 0
        # The keys that decide the outcome; locked ones mean the administrator fixed it.
        if lockdown:
            deciding = [("org.gnome.desktop.lockdown", "disable-lock-screen")]
        elif not lock_on:
            deciding = [("org.gnome.desktop.screensaver", "lock-enabled")]
        else:
            deciding = [self.KEYS[0], self.KEYS[1]]
        locked = True
        for schema, key in deciding:
            writable = self._gsettings(deadline, "writable", schema, key)
            if isinstance(writable, Unread) or writable != "false":
                locked = False
                break
        return ScreenLockReading(
            desktop="GNOME",
            lock_enabled=enabled,
            seconds_to_lock=idle + grace if enabled else None,
            admin_locked=locked,
            how_set=GNOME_HOW,
        )


def parse_uint(text: str) -> int:
    """``uint32 300`` (or a bare ``300``) as gsettings prints an unsigned value."""
    match = re.fullmatch(r"(?:uint32 )?(\d+)", text.strip())
    if match is None:
        raise ValueError(f"not an unsigned number: {text!r}")
    return int(match.group(1))


def parse_bool(text: str) -> bool:
    if text.strip() in ("true", "false"):
        return text.strip() == "true"
    raise ValueError(f"not true/false: {text!r}")


# --- KDE -------------------------------------------------------------------------------


@dataclass
class KConfigValue:
    value: str
    immutable: bool  # fixed by a file the user cannot override
    source: Path


def config_cascade(name: str, env: Mapping[str, str] | None = None) -> list[Path]:
    """The files KConfig reads for ``name``, least important first."""
    e = environ(env)
    home = e.get("XDG_CONFIG_HOME") or str(Path(e.get("HOME", "~")).expanduser() / ".config")
    dirs = [d for d in (e.get("XDG_CONFIG_DIRS") or "/etc/xdg").split(":") if d]
    return [Path(d) / name for d in reversed(dirs)] + [Path(home) / name]


_GROUP = re.compile(r"^\[(?P<name>[^\]]*)\](?P<flags>(?:\[\$[a-z]+\])*)\s*$")
_KEY = re.compile(r"^(?P<key>[^=\[]+?)\s*(?P<flags>(?:\[[^\]]*\])*)\s*=\s?(?P<value>.*)$")


def read_kconfig(paths: list[Path], group: str) -> dict[str, KConfigValue]:
    """One group's values through a KConfig cascade, honouring ``[$i]`` markers.

    A ``[$i]`` on a key, on the group header or alone at the top of a file makes what
    it covers immutable: more important files (the user's own) cannot change it.
    """
    values: dict[str, KConfigValue] = {}
    for path in paths:
        try:
            lines = path.read_text(encoding="utf-8", errors="replace").splitlines()
        except OSError:
            continue
        current: str | None = None
        file_locked = group_locked = False
        for raw in lines:
            line = raw.strip()
            if not line or line.startswith("#"):
                continue
            if line == "[$i]" and current is None:
                file_locked = True
                continue
            header = _GROUP.match(line)
            if header:
                current = header.group("name")
                if current == group and "[$i]" in header.group("flags"):
                    group_locked = True
                continue
            entry = _KEY.match(line) if current == group else None
            if entry is None:
                continue
            flags = entry.group("flags")
            if re.search(r"\[(?!\$)[^\]]*\]", flags):  # a translation (Key[de]=...)
                continue
            key = entry.group("key").strip()
            old = values.get(key)
            if old is not None and old.immutable:
                continue
            immutable = "[$i]" in flags or file_locked or group_locked
            values[key] = KConfigValue(entry.group("value"), immutable, path)
        if file_locked or group_locked:
            # Nothing more important may change this group now.
            return {k: KConfigValue(v.value, True, v.source) for k, v in values.items()}
    return values


class KdeScreenLock:
    """KDE Plasma's screen locker settings (``kscreenlockerrc``, group ``Daemon``)."""

    def __init__(self, env: Mapping[str, str] | None = None) -> None:
        self.env = env

    def read(self) -> ScreenLockReading | Unread:
        cascade = config_cascade("kscreenlockerrc", self.env)
        bad = unreadable(cascade)
        if bad:
            return Unread(
                "KDE's screen locking settings could not be read, so the app cannot tell "
                "whether the screen locks.",
                f"cannot read {bad[0]}",
            )
        values = read_kconfig(cascade, "Daemon")
        try:
            autolock = (
                values["Autolock"].value.strip().lower() != "false"
                if "Autolock" in values
                else True
            )
            minutes = int(values["Timeout"].value) if "Timeout" in values else 5
            grace = int(values["LockGrace"].value) if "LockGrace" in values else 5
        except ValueError as exc:
            return Unread(
                "KDE's screen locking settings were not in a form the app knows.", str(exc)
            )
        enabled = autolock and minutes > 0
        deciding = ["Autolock"] if not autolock else ["Timeout", "Autolock"]
        locked = all(values[k].immutable for k in deciding if k in values) and all(
            k in values for k in deciding
        )
        return ScreenLockReading(
            desktop="KDE Plasma",
            lock_enabled=enabled,
            seconds_to_lock=minutes * 60 + max(grace, 0) if enabled else None,
            admin_locked=locked,
            how_set=KDE_HOW,
        )


# --- Xfce ------------------------------------------------------------------------------

XFCE_CHANNEL = "xfce4-screensaver"
XFCONF_DIR = Path("xfce4/xfconf/xfce-perchannel-xml")


def _xfconf_properties(path: Path) -> dict[str, tuple[str, bool]]:
    """``/a/b`` -> (value, locked for everyone) from one xfconf channel file."""
    found: dict[str, tuple[str, bool]] = {}
    try:
        # The user's own settings files; expat expands no external entities.
        root = ET.parse(path).getroot()  # noqa: S314
    except (OSError, ET.ParseError):
        return found
    channel_locked = (root.get("locked") or "") == "*"

    def walk(node: ET.Element, prefix: str) -> None:
        for child in node.findall("property"):
            name = f"{prefix}/{child.get('name', '')}"
            if child.get("value") is not None:
                locked = channel_locked or (child.get("locked") or "") == "*"
                found[name] = (child.get("value", ""), locked)
            walk(child, name)

    walk(root, "")
    return found


class XfceScreenLock:
    """xfce4-screensaver's settings from xfconf's channel files."""

    def __init__(self, env: Mapping[str, str] | None = None, installed: bool | None = None) -> None:
        self.env = env
        self.installed = installed

    def read(self) -> ScreenLockReading | Unread:
        installed = self.installed
        if installed is None:
            installed = shutil.which("xfce4-screensaver") is not None
        if not installed:
            return Unread(
                "This Xfce desktop does not use Xfce's own screen saver, and the app cannot "
                "read the locker it uses instead.",
                "xfce4-screensaver not installed",
            )
        props: dict[str, tuple[str, bool]] = {}
        cascade = config_cascade(str(XFCONF_DIR / f"{XFCE_CHANNEL}.xml"), self.env)
        bad = unreadable(cascade)
        if bad:
            return Unread(
                "Xfce's screen saver settings could not be read, so the app cannot tell "
                "whether the screen locks.",
                f"cannot read {bad[0]}",
            )
        for path in cascade:
            for name, (value, locked) in _xfconf_properties(path).items():
                if name in props and props[name][1]:
                    continue  # an administrator locked it in a system file
                props[name] = (value, locked)

        def get(name: str, default: str) -> str:
            return props[name][0] if name in props else default

        try:
            saver = get("/saver/enabled", "true") == "true"
            idle = int(get("/saver/idle-activation/delay", "5"))
            lock = get("/lock/enabled", "true") == "true"
            with_saver = get("/lock/saver-activation/enabled", "true") == "true"
            after = int(get("/lock/saver-activation/delay", "0"))
        except ValueError as exc:
            return Unread(
                "Xfce's screen saver settings were not in a form the app knows.", str(exc)
            )
        enabled = saver and lock and with_saver and idle > 0
        deciding = ["/saver/idle-activation/delay", "/lock/enabled", "/saver/enabled"]
        return ScreenLockReading(
            desktop="Xfce",
            lock_enabled=enabled,
            seconds_to_lock=(idle + max(after, 0)) * 60 if enabled else None,
            admin_locked=all(props.get(k, ("", False))[1] for k in deciding),
            how_set=XFCE_HOW,
        )


class LinuxScreenLock:
    """Picks the reader for the desktop this session runs (``XDG_CURRENT_DESKTOP``)."""

    def __init__(self, env: Mapping[str, str] | None = None) -> None:
        self.env = env

    def read(self) -> ScreenLockReading | Unread:
        e = environ(self.env)
        names = [n.strip().upper() for n in e.get("XDG_CURRENT_DESKTOP", "").split(":") if n]
        if "GNOME" in names:
            return GnomeScreenLock(self.env).read()
        if "KDE" in names:
            return KdeScreenLock(self.env).read()
        if "XFCE" in names:
            return XfceScreenLock(self.env).read()
        shown = e.get("XDG_CURRENT_DESKTOP") or e.get("DESKTOP_SESSION") or ""
        return Unread(
            f"The app cannot read how this desktop ({shown}) locks the screen, so it cannot "
            "tell whether it does."
            if shown
            else "No desktop session was found, so the app cannot tell whether the screen locks.",
            f"XDG_CURRENT_DESKTOP={shown!r}",
        )


__all__ = [
    "GnomeScreenLock",
    "KdeScreenLock",
    "LinuxScreenLock",
    "XfceScreenLock",
    "config_cascade",
    "read_kconfig",
]
