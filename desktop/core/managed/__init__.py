"""Managed (IT-controlled) policy sources beyond the TOML file, and the one way to load
the effective policy.

Precedence is built-in defaults < the person's own settings < managed policy, with
managed sources applied in this order (later wins): the policy file, then the
Windows registry or the macOS managed preferences (computer-wide, then per user).
Qt's QSettings is deliberately not used: its fallback order lets the user's value
win over the system's, which is the wrong way round for policy.
"""

from __future__ import annotations

import os
import sys
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from desktop.core.kit.jsonfile import present
from desktop.core.policy.schema import (
    EffectivePolicy,
    ManagedReader,
    Origin,
    PolicyError,
    managed_policy_path,
    parse_toml_file,
    resolve,
    toml_reader,
)
from desktop.core.settings import UserSettings
from desktop.platform.policy_sources.macos_prefs import BUNDLE_ID, macos_readers
from desktop.platform.policy_sources.windows_registry import SOURCE_NAME, registry_reader

__all__ = [
    "BUNDLE_ID",
    "SOURCE_NAME",
    "LoadedPolicy",
    "key_sources",
    "load_effective_policy",
    "platform_readers",
]


def _current_user() -> str | None:
    """The login name of the running account, from the account database.

    Not from $USER or $LOGNAME (which getpass trusts first): anyone can set those, and
    the per-user managed preferences are chosen by this name, so a changed variable
    must not pick someone else's (weaker) policy.
    """
    try:
        import pwd  # POSIX only; this runs on macOS

        return pwd.getpwuid(os.getuid()).pw_name
    except (ImportError, KeyError, AttributeError):
        return None


def platform_readers(platform: str = sys.platform) -> tuple[ManagedReader, ...]:
    """The managed sources this OS has besides the policy file."""
    if platform.startswith("win"):
        return (registry_reader(),)
    if platform == "darwin":
        return macos_readers(_current_user())
    return ()


def key_sources(managed_file: Path | None, readers: tuple[ManagedReader, ...]) -> dict[str, str]:
    """Which managed source gave each key, for keys a usable source sets.

    Sources are read in the same order ``resolve`` applies them, so the last one to set
    a key is named. A faulty source names nothing: ``resolve`` ignores it too.
    """
    named: dict[str, str] = {}
    if managed_file is not None and present(managed_file):
        try:
            for key in parse_toml_file(managed_file):
                named[key] = str(managed_file)
        except PolicyError:
            pass
    for reader in readers:
        try:
            got = reader()
        except PolicyError:
            continue
        if got is not None:
            for key in got[1]:
                named[key] = got[0]
    return named


@dataclass(frozen=True)
class LoadedPolicy:
    """The effective policy plus, for each managed key, the source that set it."""

    effective: EffectivePolicy
    managed_by: Mapping[str, str]
    problems: tuple[str, ...]

    def describe_source(self, key: str) -> str:
        """Plain words for where a key's value came from."""
        origin = self.effective.origin(key)
        if origin is Origin.MANAGED:
            return f"managed ({self.managed_by.get(key, 'organisation policy')})"
        if origin is Origin.USER:
            return "your settings"
        return "default"


def load_effective_policy(
    policy_file: Path | None = None,
    settings: UserSettings | None = None,
    readers: tuple[ManagedReader, ...] | None = None,
    system_file: Path | None = None,
) -> LoadedPolicy:
    """Load the policy in force: defaults < the person's settings < managed sources.

    ``policy_file`` (``--policy FILE``) is read in place of nothing IT set: the per-OS
    managed file is still read after it, and the registry or managed preferences after
    that, so any key the organisation manages always wins and nobody can run on a
    weaker policy by pointing at a file of their own. Problems with any source
    (including a damaged settings file) are collected in ``problems``; none of them
    stops the program.
    """
    system_file = system_file if system_file is not None else managed_policy_path()
    path = policy_file if policy_file is not None else system_file
    chosen = platform_readers() if readers is None else readers
    if policy_file is not None and policy_file != system_file:
        chosen = (toml_reader(system_file), *chosen)
    store = settings if settings is not None else UserSettings()
    user_values: dict[str, Any] = store.load()
    effective = resolve(path, user_values, extra_managed=chosen)
    problems = ((store.problem,) if store.problem else ()) + effective.problems
    return LoadedPolicy(effective, key_sources(path, chosen), problems)
