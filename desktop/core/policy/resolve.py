"""Combining the sources into the policy in force: defaults < your settings < managed.

Each source is read exactly once. While the managed sources are applied (in order, the
later one winning) every key records the source that set it, so "where did this value
come from" is answered from the same reading that produced the value.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any

from desktop.core.kit.i18n import N_, _
from desktop.core.policy.schema import KEYS, Origin, Policy, PolicyError, validate
from desktop.core.policy.sources import ManagedReader, managed_policy_path, toml_reader
from desktop.core.settings import UserSettings


@dataclass(frozen=True)
class EffectivePolicy:
    """The policy in force, where each value came from, and any problems met on the way.

    ``managed_by`` names, for each managed key, the source that set it (a file path, a
    registry key or a property list).
    """

    policy: Policy
    origins: dict[str, Origin] = field(default_factory=dict)
    problems: tuple[str, ...] = ()
    sources: tuple[str, ...] = ()
    managed_by: Mapping[str, str] = field(default_factory=dict)

    def origin(self, key: str) -> Origin:
        return self.origins.get(key, Origin.DEFAULT)

    def is_managed(self, key: str) -> bool:
        return self.origin(key) is Origin.MANAGED

    def managed_keys(self) -> frozenset[str]:
        return frozenset(k for k, o in self.origins.items() if o is Origin.MANAGED)

    def describe_source(self, key: str) -> str:
        """Plain words for where a key's value came from."""
        origin = self.origin(key)
        if origin is Origin.MANAGED:
            return f"managed ({self.managed_by.get(key, 'organisation policy')})"
        if origin is Origin.USER:
            return _("your settings")
        return "default"


_FALLBACK = N_(" The built-in defaults are in use instead.")


def resolve(
    managed_file: Path | None = None,
    user_values: Mapping[str, Any] | None = None,
    extra_managed: Sequence[ManagedReader] = (),
) -> EffectivePolicy:
    """Combine built-in defaults < user settings < managed policy.

    ``managed_file`` is a TOML file (the per-OS location or ``--policy FILE``) read
    first; a file that does not exist is not an error. ``extra_managed`` are readers for
    other managed sources (the Windows registry, macOS managed preferences), each
    returning ``(source name, raw values)`` or None. A managed source with any fault
    throws away everything managed so far and the person's settings (nothing weaker
    than the defaults) and is reported. User values only apply to keys people may change.
    """
    problems: list[str] = []
    sources: list[str] = []
    values: dict[str, Any] = {}
    origins: dict[str, Origin] = {}

    if user_values:
        allowed = {k: v for k, v in user_values.items() if k in KEYS and KEYS[k].user_settable}
        try:
            for key, value in validate(allowed, _("your settings")).items():
                values[key] = value
                origins[key] = Origin.USER
        except PolicyError as exc:
            problems.append(_("{exc} Your own settings were not used.", exc=exc))

    readers = (toml_reader(managed_file),) if managed_file is not None else ()
    managed: dict[str, Any] = {}
    managed_by: dict[str, str] = {}
    for reader in (*readers, *extra_managed):
        try:
            got = reader()
            if got is None:
                continue
            name, raw = got
            checked = validate(raw, name)
        except PolicyError as exc:
            problems.append(f"{exc}{_(_FALLBACK)}")
            values, origins, managed, managed_by = {}, {}, {}, {}
            continue
        managed.update(checked)
        managed_by.update(dict.fromkeys(checked, name))
        sources.append(name)

    for key, value in managed.items():
        values[key] = value
        origins[key] = Origin.MANAGED
    try:
        policy = replace(Policy(), **values)
        if policy.min_length > policy.max_length:
            raise PolicyError(_("min_length is more than max_length"))
    except PolicyError as exc:
        problems.append(
            _("The combined settings are not usable ({exc}); using built-in defaults.", exc=exc)
        )
        policy, origins, managed_by = Policy(), {}, {}
    return EffectivePolicy(policy, origins, tuple(problems), tuple(sources), managed_by)


def load_effective_policy(
    policy_file: Path | None,
    settings: UserSettings,
    *,
    readers: Sequence[ManagedReader],
    system_file: Path | None = None,
) -> EffectivePolicy:
    """Load the policy in force: defaults < the person's settings < managed sources.

    ``readers`` are the OS's own managed sources (the composition root passes them;
    there is no default, so none is forgotten). ``policy_file`` (``--policy FILE``) is
    read in place of nothing IT set: the per-OS managed file is still read after it, and
    the registry or managed preferences after that, so any key the organisation manages
    always wins and nobody can run on a weaker policy by pointing at a file of their
    own. Problems with any source (including a damaged settings file) are collected in
    ``problems``; none of them stops the program.
    """
    system_file = system_file if system_file is not None else managed_policy_path()
    path = policy_file if policy_file is not None else system_file
    chosen = tuple(readers)
    if policy_file is not None and policy_file != system_file:
        chosen = (toml_reader(system_file), *chosen)
    effective = resolve(path, settings.load(), extra_managed=chosen)
    if settings.problem:
        effective = replace(effective, problems=(settings.problem, *effective.problems))
    return effective
