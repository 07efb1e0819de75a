"""Where managed policy comes from: the policy file, and the shape every other source has.

A source is a ``ManagedReader``: a callable that reads its source once and returns
``(source name, raw values)``, or None when the source is not there. The TOML file's
reader is here; the Windows registry and macOS managed-preferences readers are OS
adapters (``desktop.platform.policy_sources``) handed in by the composition root.
Raw values are checked against the schema by ``resolve``, never here.
"""

from __future__ import annotations

import sys
from collections.abc import Callable, Mapping
from pathlib import Path
from typing import Any

from desktop.core.kit.jsonfile import MAX_DEPTH, FileFault, present, read_capped, value_depth
from desktop.core.policy.schema import PolicyError, validate

ManagedReader = Callable[[], tuple[str, dict[str, Any]] | None]
"""Reads one managed source: ``(its name, raw values)``, None when absent, PolicyError on a
fault."""


MAX_POLICY_BYTES = 256 * 1024  # a full policy file with comments is about 6 KB


def read_toml_raw(path: Path) -> dict[str, Any]:
    """Read one policy TOML file without checking its keys; PolicyError on any fault.

    Pipes, devices and folders are refused before opening, and so is a file over the
    cap; a link to nothing and a folder that cannot be entered are said plainly.
    """
    source = str(path)
    try:
        raw = read_capped(path, MAX_POLICY_BYTES)
    except FileFault as fault:  # not a file, too large, a link to nothing, no permission
        raise PolicyError(f"{fault}.") from None
    if raw is None:
        raise PolicyError(f"{source}: cannot be read (there is no such file).")
    import tomllib  # only when there is a policy file to read (0.8 MiB)

    try:
        data = tomllib.loads(raw.decode("utf-8-sig"))
    except UnicodeDecodeError:
        raise PolicyError(f"{source}: is not UTF-8 text.") from None
    except tomllib.TOMLDecodeError as exc:
        raise PolicyError(f"{source}: is not valid TOML ({exc}).") from None
    except RecursionError:
        raise PolicyError(f"{source}: is nested far too deeply to be a policy file.") from None
    if value_depth(data) > MAX_DEPTH:
        raise PolicyError(f"{source}: is nested far too deeply to be a policy file.")
    return data


def parse_toml_file(path: Path) -> dict[str, Any]:
    """Read and validate one policy TOML file; raise PolicyError naming the file on any fault."""
    return validate(read_toml_raw(path), str(path))


def toml_reader(path: Path) -> ManagedReader:
    """A managed-source reader for a TOML file that may not exist."""

    def read() -> tuple[str, dict[str, Any]] | None:
        return (str(path), read_toml_raw(path)) if present(path) else None

    return read


def managed_policy_path(platform: str = sys.platform, env: Mapping[str, str] | None = None) -> Path:
    """The per-OS location where IT puts the managed policy file (the composition root
    passes the environment; without one, Windows's usual ProgramData folder is used)."""
    env = {} if env is None else env
    if platform.startswith("win"):
        base = env.get("ProgramData") or env.get("PROGRAMDATA") or r"C:\ProgramData"
        return Path(base) / "HygieneHelper" / "policy.toml"
    if platform == "darwin":
        return Path("/Library/Application Support/HygieneHelper/policy.toml")
    return Path("/etc/hygiene-helper/policy.toml")
