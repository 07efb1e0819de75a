"""Where this person's files live, per OS: the one place that knows the folder names.

* ``config_dir``: settings, the lock count, report drafts (kept across restarts and
  roamed with the profile on Windows).
* ``drafts_dir``: the leak-report draft, inside the config folder.
* ``runtime_dir``: short-lived files such as the history lock (the session's runtime
  folder on Linux, else a cache folder).
* ``state_dir``: what the app keeps about this computer for IT (the posture
  document) and its own log (``log_dir``).

Every function takes the OS (``sys.platform``) and the environment as arguments; none
reads them itself. The composition root (``desktop.wiring``) reads them once and builds
one ``UserPaths``, which every part that keeps a file is given, so tests pass a folder
and an environment mapping instead of changing the process's own.

Folders are only named here; ``private_dir`` creates one readable by its owner only
(0700), and tightens a folder an older version left open.
"""

from __future__ import annotations

import os
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path

WINDOWS_NAME = "HygieneHelper"
MACOS_NAME = "HygieneHelper"
LINUX_NAME = "hygiene-helper"


def home_folder(env: Mapping[str, str], home: Path | None = None) -> Path:
    """``home`` when given, else the person's home folder as the environment names it
    (``HOME``, or ``USERPROFILE`` on Windows), else as the system account says."""
    if home is not None:
        return home
    found = env.get("HOME") or env.get("USERPROFILE")
    return Path(found) if found else Path.home()


def _absolute(value: str | None) -> Path | None:
    # The XDG spec says a relative value is invalid and must be ignored.
    return Path(value) if value and os.path.isabs(value) else None


def config_dir(platform: str, env: Mapping[str, str], home: Path | None = None) -> Path:
    """The person's own settings folder for this app."""
    if platform.startswith("win"):
        base = env.get("APPDATA") or str(home_folder(env, home) / "AppData" / "Roaming")
        return Path(base) / WINDOWS_NAME
    if platform == "darwin":
        return home_folder(env, home) / "Library" / "Application Support" / MACOS_NAME
    base = env.get("XDG_CONFIG_HOME") or str(home_folder(env, home) / ".config")
    return Path(base) / LINUX_NAME


def drafts_dir(platform: str, env: Mapping[str, str], home: Path | None = None) -> Path:
    """Where the one leak-report draft is kept."""
    return config_dir(platform, env, home) / "drafts"


def runtime_dir(platform: str, env: Mapping[str, str], home: Path | None = None) -> Path:
    """Short-lived files (locks): the runtime folder, else the cache folder."""
    if platform.startswith("win"):
        base = env.get("LOCALAPPDATA") or str(home_folder(env, home) / "AppData" / "Local")
        return Path(base) / WINDOWS_NAME
    if platform == "darwin":
        return home_folder(env, home) / "Library" / "Caches" / MACOS_NAME
    base = (
        env.get("XDG_RUNTIME_DIR")
        or env.get("XDG_CACHE_HOME")
        or str(home_folder(env, home) / ".cache")
    )
    return Path(base) / LINUX_NAME


def state_dir(platform: str, env: Mapping[str, str], home: Path | None = None) -> Path:
    """What the app keeps about this computer: the posture document, the log."""
    if platform.startswith("win"):
        base = env.get("LOCALAPPDATA") or str(home_folder(env, home) / "AppData" / "Local")
        return Path(base) / WINDOWS_NAME
    if platform == "darwin":
        return home_folder(env, home) / "Library" / "Application Support" / MACOS_NAME
    state = _absolute(env.get("XDG_STATE_HOME")) or home_folder(env, home) / ".local" / "state"
    return state / LINUX_NAME


def log_dir(platform: str, env: Mapping[str, str], home: Path | None = None) -> Path:
    """The app's log folder, where each system keeps logs of a person's apps:
    ``~/Library/Logs`` on macOS, ``%LOCALAPPDATA%`` on Windows and the XDG state
    folder on Linux."""
    if platform.startswith("win"):
        return state_dir(platform, env, home) / "Logs"
    if platform == "darwin":
        return home_folder(env, home) / "Library" / "Logs" / MACOS_NAME
    return state_dir(platform, env, home) / "log"


@dataclass(frozen=True)
class UserPaths:
    """Every per-user folder of the app, worked out once by the composition root."""

    config: Path
    runtime: Path
    state: Path
    log: Path

    @classmethod
    def of(cls, platform: str, env: Mapping[str, str], home: Path | None = None) -> UserPaths:
        """The folders on ``platform`` (a ``sys.platform`` value) for this environment."""
        return cls(
            config=config_dir(platform, env, home),
            runtime=runtime_dir(platform, env, home),
            state=state_dir(platform, env, home),
            log=log_dir(platform, env, home),
        )

    @classmethod
    def under(cls, folder: Path) -> UserPaths:
        """Every folder inside ``folder``: for tests, benchmarks and screenshots."""
        return cls(folder / "config", folder / "runtime", folder / "state", folder / "log")

    @property
    def drafts(self) -> Path:
        return self.config / "drafts"

    @property
    def settings_file(self) -> Path:
        return self.config / "settings.json"

    @property
    def history_lock(self) -> Path:
        return self.runtime / "history.lock"


def private_dir(path: Path) -> Path:
    """Create ``path`` (and any missing parents) and make it readable by its owner only.

    Parents that exist keep their modes (``~/.config`` is shared with other apps); any
    the app has to create are 0700 too, as the XDG base directory rules ask, so the
    drafts folder never leaves a world-readable config folder behind it. The folder
    itself is 0700 on POSIX even when an earlier version created it world-readable.
    Raises OSError when the folder cannot be made.
    """
    missing = []
    for folder in (path, *path.parents):
        if os.path.lexists(folder):
            break
        missing.append(folder)
    for folder in reversed(missing):
        folder.mkdir(mode=0o700, exist_ok=True)  # exist_ok: another process was quicker
    path.mkdir(mode=0o700, exist_ok=True)
    if os.name == "posix" and (path.stat().st_mode & 0o777) != 0o700:
        os.chmod(path, 0o700)
    return path
