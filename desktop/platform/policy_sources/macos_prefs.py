"""Managed policy on macOS: managed preferences written by a configuration profile.

An MDM (Jamf, Intune, Kandji...) or a profile installed by hand puts the settings of
the preference domain ``BUNDLE_ID`` in
``/Library/Managed Preferences/<BUNDLE_ID>.plist`` (for the whole computer) and
``/Library/Managed Preferences/<user>/<BUNDLE_ID>.plist`` (for one person). Only root
can write there, so both are managed sources; the per-user file is applied after the
computer-wide one, so it wins where both set a key.

Keys are the policy key names; values use plist types (integer, boolean, string,
array). Profile bookkeeping keys (``Payload...``) are ignored. A ``.mobileconfig``
file can be checked before roll-out with ``profile_payloads``.
"""

from __future__ import annotations

import os
import plistlib
from pathlib import Path
from typing import Any

from desktop.core.policy.convert import from_plist
from desktop.core.policy.schema import PolicyError
from desktop.core.policy.sources import ManagedReader

BUNDLE_ID = "uk.co.hygienehelper"
MANAGED_PREFS_ROOT = Path("/Library/Managed Preferences")


def _is_bookkeeping(key: str) -> bool:
    # Profiles carry PayloadUUID, PayloadType and friends next to the real settings.
    return key.startswith("Payload")


def values_from_mapping(data: dict[str, Any], source: str) -> dict[str, Any]:
    """The policy values in one preferences dictionary, converted for ``validate``."""
    return {
        key: from_plist(key, value, source)
        for key, value in data.items()
        if not _is_bookkeeping(key)
    }


def read_plist(path: Path) -> dict[str, Any]:
    """A property list file as a dictionary; PolicyError naming the file on any fault."""
    try:
        raw = path.read_bytes()
    except OSError as exc:
        raise PolicyError(f"{path}: cannot be read ({exc.strerror or exc}).") from None
    try:
        data = plistlib.loads(raw)
    except Exception as exc:  # plistlib raises many kinds on damaged input; all mean unusable
        raise PolicyError(f"{path}: is not a valid property list ({exc}).") from None
    if not isinstance(data, dict):
        raise PolicyError(f"{path}: must hold a dictionary of settings.")
    return data


def read_managed_plist(path: Path) -> tuple[str, dict[str, Any]] | None:
    """The raw policy values in one managed preferences file, or None when it is absent."""
    if not os.path.lexists(path):  # never PermissionError; reading it reports why
        return None
    source = str(path)
    values = values_from_mapping(read_plist(path), source)
    return (source, values) if values else None


def managed_prefs_paths(
    user: str | None, root: Path = MANAGED_PREFS_ROOT, bundle_id: str = BUNDLE_ID
) -> list[Path]:
    """Computer-wide file first, then the person's own (which wins)."""
    paths = [root / f"{bundle_id}.plist"]
    if user and "/" not in user and user not in (".", ".."):
        paths.append(root / user / f"{bundle_id}.plist")
    return paths


def macos_readers(
    user: str | None, root: Path = MANAGED_PREFS_ROOT, bundle_id: str = BUNDLE_ID
) -> tuple[ManagedReader, ...]:
    """Readers for ``policy.resolve(extra_managed=...)``, in the order they apply."""

    def reader_for(path: Path) -> ManagedReader:
        return lambda: read_managed_plist(path)

    return tuple(reader_for(p) for p in managed_prefs_paths(user, root, bundle_id))


def profile_payloads(path: Path, bundle_id: str = BUNDLE_ID) -> list[dict[str, Any]]:
    """The settings a configuration profile (.mobileconfig) gives this app.

    Both spellings MDMs use are understood: a payload whose PayloadType is the bundle
    id, and a ``com.apple.ManagedClient.preferences`` payload with ``mcx_preference_settings``
    under ``Forced``.
    """
    profile = read_plist(path)
    found: list[dict[str, Any]] = []
    source = f"{path} ({bundle_id})"
    payloads = profile.get("PayloadContent")
    for payload in payloads if isinstance(payloads, list) else []:
        if not isinstance(payload, dict):
            continue
        kind = payload.get("PayloadType")
        if kind == bundle_id:
            found.append(values_from_mapping(payload, source))
        elif kind == "com.apple.ManagedClient.preferences":
            content = payload.get("PayloadContent")
            domain = content.get(bundle_id) if isinstance(content, dict) else None
            forced = domain.get("Forced") if isinstance(domain, dict) else None
            for entry in forced if isinstance(forced, list) else []:
                settings = entry.get("mcx_preference_settings") if isinstance(entry, dict) else None
                if isinstance(settings, dict):
                    found.append(values_from_mapping(settings, source))
    if not found:
        raise PolicyError(
            f"{path}: has no settings for {bundle_id}. Give the payload the PayloadType "
            f"'{bundle_id}'."
        )
    return found
