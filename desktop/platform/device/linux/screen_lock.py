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

import contextlib
import re
import shutil
import time
import xml.etree.ElementTree as ET
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path

from desktop.core.device.readings import ScreenLockReading, Unread
from desktop.core.kit.i18n import N_
from desktop.core.kit.untrusted import shown
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
        # A second key: with it off the screen saver never starts on idle, so the
        # lock never comes (security baselines require it on alongside lock-enabled).
        ("org.gnome.desktop.screensaver", "idle-activation-enabled"),
    )

    def __init__(self, env: Mapping[str, str] | None = None, gsettings: str = "gsettings") -> None:
        self.env, self.gsettings = env, gsettings

    def _gsettings(self, deadline: float, *args: str) -> str | Unread:
        left = deadline - time.monotonic()
        if left <= 0:
            return Unread(N_("GNOME's settings did not answer in time."), "timeout")
        done = run([self.gsettings, *args], env=self.env, timeout=left)
        if isinstance(done, Unread):
            return done
        if done.returncode != 0:
            return Unread(
                N_("GNOME's screen lock settings could not be read on this computer."),
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
            on_idle = parse_bool(values["idle-activation-enabled"])
        except ValueError as exc:
            return Unread(
                N_("GNOME's screen lock settings were not in a form the app knows."), str(exc)
            )
        enabled = lock_on and not lockdown and on_idle and idle > 0
        # The keys that decide the outcome; locked ones mean the administrator fixed it.
        if lockdown:
            deciding = [("org.gnome.desktop.lockdown", "disable-lock-screen")]
        elif not lock_on:
            deciding = [("org.gnome.desktop.screensaver", "lock-enabled")]
        elif not on_idle:
            deciding = [("org.gnome.desktop.screensaver", "idle-activation-enabled")]
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


def kconfig_bool(value: str) -> bool:
    """A boolean as KConfig reads it: false only for "false", "no", "off" or "0" in any
    case; any other value is true."""
    return value.strip().lower() not in ("false", "no", "off", "0")


def kconfig_int(value: str, default: int) -> int:
    """A whole number as KConfig reads it (through QVariant); the default when it is not
    one."""
    try:
        return int(value.strip())
    except ValueError:
        return default


class KdeScreenLock:
    """KDE Plasma's screen locker settings (``kscreenlockerrc``, group ``Daemon``)."""

    def __init__(self, env: Mapping[str, str] | None = None) -> None:
        self.env = env

    def read(self) -> ScreenLockReading | Unread:
        cascade = config_cascade("kscreenlockerrc", self.env)
        bad = unreadable(cascade)
        if bad:
            return Unread(
                N_(
                    "KDE's screen locking settings could not be read, so the app cannot tell "
                    "whether the screen locks."
                ),
                f"cannot read {bad[0]}",
            )
        values = read_kconfig(cascade, "Daemon")
        # KConfig's own reading: a value it cannot convert gives the default.
        autolock = kconfig_bool(values["Autolock"].value) if "Autolock" in values else True
        minutes = kconfig_int(values["Timeout"].value, 5) if "Timeout" in values else 5
        grace = kconfig_int(values["LockGrace"].value, 5) if "LockGrace" in values else 5
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


_INT_TYPES = ("int", "uint", "int64", "uint64", "int16", "uint16", "uchar", "char")


class _Stop(Exception):
    """xfconfd stops reading a channel file at the first value it cannot parse."""


def _xfconf_value(kind: str, value: str) -> str | None:
    """The value as xfconfd parses it for its type, or None when it cannot (then xfconfd
    keeps the property at zero, false, and reads no more of the file)."""
    if kind == "bool":
        return value if value in ("true", "false") else None
    if kind in _INT_TYPES:
        number = c_integer(value)
        return None if number is None else str(number)
    return value


def _xfconf_properties(path: Path) -> dict[str, tuple[str, bool]]:
    """``/a/b`` -> (value, locked for everyone) from one xfconf channel file, read as
    ``xfconfd`` reads it: a value it cannot parse for its type is kept as zero (or false)
    and the rest of the file is passed over."""
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
            raw = child.get("value")
            if raw is not None:
                locked = channel_locked or (child.get("locked") or "") == "*"
                kind = child.get("type", "")
                value = _xfconf_value(kind, raw)
                if value is None:
                    found[name] = ("false" if kind == "bool" else "0", locked)
                    raise _Stop
                found[name] = (value, locked)
            walk(child, name)

    with contextlib.suppress(_Stop):
        walk(root, "")
    return found


def c_integer(value: str) -> int | None:
    """A whole number as C's ``strtoll`` with base 0 reads a whole string (leading spaces
    allowed; decimal, ``0x`` hex or a leading-zero octal); None when it is not one."""
    text = value.lstrip()
    sign = -1 if text.startswith("-") else 1
    body = text[1:] if text[:1] in "+-" and text else text
    try:
        if body[:2].lower() == "0x":
            return sign * int(body[2:], 16)
        if len(body) > 1 and body.startswith("0"):
            return sign * int(body[1:], 8)
        return sign * int(body, 10)
    except ValueError:
        return None


def xfconf_bool(value: str, default: bool) -> bool:
    """A boolean property's value as served: "true" or "false"."""
    if value in ("true", "false"):
        return value == "true"
    return default


def xfconf_int(value: str, default: int) -> int:
    """A number property's value as served; the default for a value of another type."""
    number = c_integer(value)
    return default if number is None else number


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
                N_(
                    "This Xfce desktop does not use Xfce's own screen saver, and the app cannot "
                    "read the locker it uses instead."
                ),
                "xfce4-screensaver not installed",
            )
        props: dict[str, tuple[str, bool]] = {}
        cascade = config_cascade(str(XFCONF_DIR / f"{XFCE_CHANNEL}.xml"), self.env)
        bad = unreadable(cascade)
        if bad:
            return Unread(
                N_(
                    "Xfce's screen saver settings could not be read, so the app cannot tell "
                    "whether the screen locks."
                ),
                f"cannot read {bad[0]}",
            )
        for path in cascade:
            for name, (value, locked) in _xfconf_properties(path).items():
                if name in props and props[name][1]:
                    continue  # an administrator locked it in a system file
                props[name] = (value, locked)

        def flag(name: str, default: bool) -> bool:
            return xfconf_bool(props[name][0], default) if name in props else default

        def number(name: str, default: int) -> int:
            return xfconf_int(props[name][0], default) if name in props else default

        saver = flag("/saver/enabled", True)
        # A second key: with idle activation off the saver never starts by itself.
        on_idle = flag("/saver/idle-activation/enabled", True)
        idle = number("/saver/idle-activation/delay", 5)
        lock = flag("/lock/enabled", True)
        with_saver = flag("/lock/saver-activation/enabled", True)
        after = number("/lock/saver-activation/delay", 0)
        enabled = saver and on_idle and lock and with_saver and idle > 0
        deciding = [
            "/saver/idle-activation/delay",
            "/saver/idle-activation/enabled",
            "/lock/enabled",
            "/saver/enabled",
        ]
        return ScreenLockReading(
            desktop="Xfce",
            lock_enabled=enabled,
            seconds_to_lock=(idle + max(after, 0)) * 60 if enabled else None,
            admin_locked=all(props.get(k, ("", False))[1] for k in deciding),
            how_set=XFCE_HOW,
        )


# Names a distribution puts before the desktop's own (``ubuntu:GNOME``, ``pop:GNOME``):
# they tag the vendor, not a different desktop.
VENDOR_TAGS = frozenset({"UBUNTU", "POP", "ZORIN", "DEBIAN"})
DESKTOPS = {
    "GNOME": "GNOME",
    "GNOME-CLASSIC": "GNOME",
    "GNOME-FLASHBACK": "GNOME",
    "KDE": "KDE",
    "XFCE": "XFCE",
}


def session_desktop(current: str) -> str:
    """The desktop that runs this session, from ``XDG_CURRENT_DESKTOP``: a colon list,
    most specific first. The first name that is not a vendor tag decides; a desktop
    listed later is what the session is compatible with, not what it runs (Cinnamon or
    Budgie may add ``GNOME``). "" when the first desktop is not one the app reads."""
    for name in (n.strip().upper() for n in current.split(":")):
        if not name or name in VENDOR_TAGS:
            continue
        return DESKTOPS.get(name, "")
    return ""


class LinuxScreenLock:
    """Picks the reader for the desktop this session runs (``XDG_CURRENT_DESKTOP``)."""

    def __init__(self, env: Mapping[str, str] | None = None) -> None:
        self.env = env

    def read(self) -> ScreenLockReading | Unread:
        e = environ(self.env)
        desktop = session_desktop(e.get("XDG_CURRENT_DESKTOP", ""))
        if desktop == "GNOME":
            return GnomeScreenLock(self.env).read()
        if desktop == "KDE":
            return KdeScreenLock(self.env).read()
        if desktop == "XFCE":
            return XfceScreenLock(self.env).read()
        named = e.get("XDG_CURRENT_DESKTOP") or e.get("DESKTOP_SESSION") or ""
        if named:
            return Unread(
                N_(
                    "The app cannot read how this desktop ({shown}) locks the screen, so it "
                    "cannot tell whether it does."
                ),
                f"XDG_CURRENT_DESKTOP={named!r}",
                # the environment's name for the desktop: outside text
                values=(("shown", shown(named)),),
            )
        return Unread(
            N_("No desktop session was found, so the app cannot tell whether the screen locks."),
            f"XDG_CURRENT_DESKTOP={named!r}",
        )


__all__ = [
    "GnomeScreenLock",
    "KdeScreenLock",
    "LinuxScreenLock",
    "XfceScreenLock",
    "config_cascade",
    "read_kconfig",
]
