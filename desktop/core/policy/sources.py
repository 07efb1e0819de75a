"""Where managed policy comes from: the policy file, and the shape every other source has.

A source is a ``ManagedReader``: a callable that reads its source once and returns
``(source name, raw values)``, or None when the source is not there. The TOML file's
reader is here; the Windows registry and macOS managed-preferences readers are OS
adapters (``desktop.platform.policy_sources``) handed in by the composition root.
Raw values are checked against the schema by ``resolve``, never here.
"""

from __future__ import annotations

import os
import sys
import tomllib
from collections.abc import Callable, Mapping
from pathlib import Path
from typing import Any

from desktop.core.policy.schema import PolicyError, validate

ManagedReader = Callable[[], tuple[str, dict[str, Any]] | None]
"""Reads one managed source: ``(its name, raw values)``, None when absent, PolicyError on a
fault."""


def read_toml_raw(path: Path) -> dict[str, Any]:
    """Read one policy TOML file without checking its keys; PolicyError on any fault."""
    source = str(path)
    try:
        raw = path.read_bytes()
    except OSError as exc:
        raise PolicyError(f"{source}: cannot be read ({exc.strerror or exc}).") from None
    try:
        data = tomllib.loads(raw.decode("utf-8-sig"))
    except UnicodeDecodeError:
        raise PolicyError(f"{source}: is not UTF-8 text.") from None
    except tomllib.TOMLDecodeError as exc:
        raise PolicyError(f"{source}: is not valid TOML ({exc}).") from None
    return data


def parse_toml_file(path: Path) -> dict[str, Any]:
    """Read and validate one policy TOML file; raise PolicyError naming the file on any fault."""
    return validate(read_toml_raw(path), str(path))


def toml_reader(path: Path) -> ManagedReader:
    """A managed-source reader for a TOML file that may not exist."""

    def read() -> tuple[str, dict[str, Any]] | None:
        return (str(path), read_toml_raw(path)) if path.exists() else None

    return read


def managed_policy_path(platform: str = sys.platform, env: Mapping[str, str] | None = None) -> Path:
    """The per-OS location where IT puts the managed policy file."""
    env = os.environ if env is None else env
    if platform.startswith("win"):
        base = env.get("ProgramData") or env.get("PROGRAMDATA") or r"C:\ProgramData"
        return Path(base) / "HygieneHelper" / "policy.toml"
    if platform == "darwin":
        return Path("/Library/Application Support/HygieneHelper/policy.toml")
    return Path("/etc/hygiene-helper/policy.toml")
