"""Where this person's files live, per OS: the one place that knows the folder names.

* ``config_dir``: settings, the lock count, report drafts (kept across restarts and
  roamed with the profile on Windows).
* ``drafts_dir``: the leak-report draft, inside the config folder.
* ``runtime_dir``: short-lived files such as the history lock (the session's runtime
  folder on Linux, else a cache folder).

Folders are only named here; ``private_dir`` creates one readable by its owner only
(0700), and tightens a folder an older version left open.
"""

from __future__ import annotations

import os
import sys
from collections.abc import Mapping
from pathlib import Path

WINDOWS_NAME = "HygieneHelper"
MACOS_NAME = "HygieneHelper"
LINUX_NAME = "hygiene-helper"


def _env(env: Mapping[str, str] | None) -> Mapping[str, str]:
    return os.environ if env is None else env


def _home(env: Mapping[str, str]) -> Path:
    home = env.get("HOME") or env.get("USERPROFILE")
    return Path(home) if home else Path.home()


def config_dir(platform: str = sys.platform, env: Mapping[str, str] | None = None) -> Path:
    """The person's own settings folder for this app."""
    env = _env(env)
    if platform.startswith("win"):
        base = env.get("APPDATA") or str(_home(env) / "AppData" / "Roaming")
        return Path(base) / WINDOWS_NAME
    if platform == "darwin":
        return _home(env) / "Library" / "Application Support" / MACOS_NAME
    base = env.get("XDG_CONFIG_HOME") or str(_home(env) / ".config")
    return Path(base) / LINUX_NAME


def drafts_dir(platform: str = sys.platform, env: Mapping[str, str] | None = None) -> Path:
    """Where the one leak-report draft is kept."""
    return config_dir(platform, env) / "drafts"


def runtime_dir(platform: str = sys.platform, env: Mapping[str, str] | None = None) -> Path:
    """Short-lived files (locks): the runtime folder, else the cache folder."""
    env = _env(env)
    if platform.startswith("win"):
        base = env.get("LOCALAPPDATA") or str(_home(env) / "AppData" / "Local")
        return Path(base) / WINDOWS_NAME
    if platform == "darwin":
        return _home(env) / "Library" / "Caches" / MACOS_NAME
    base = env.get("XDG_RUNTIME_DIR") or env.get("XDG_CACHE_HOME") or str(_home(env) / ".cache")
    return Path(base) / LINUX_NAME


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
