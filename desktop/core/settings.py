"""The person's own settings (reminder preferences, breach-check mode): a small JSON file.

Kept in the per-user config folder, written atomically and readable only by the user.
Only keys marked ``user_settable`` in the policy schema are honoured, and managed
policy always wins over them (see ``policy.resolve``). Personal words are never kept
here: they go in the OS keyring, and only if the person opts in.
"""

from __future__ import annotations

from collections.abc import Collection, Mapping
from pathlib import Path
from typing import Any

from desktop.core.kit.i18n import _
from desktop.core.kit.jsonfile import load_json, write_json


def _settings_shape(data: Any) -> dict[str, Any]:
    if not isinstance(data, dict):
        raise TypeError("settings are not a table of values")
    return data


class UserSettings:
    """Loads and saves the person's settings file; a damaged file is kept, never lost."""

    def __init__(self, path: Path) -> None:
        self.path = path  # the composition root's UserPaths.settings_file
        self.problem = ""
        self._kept = ""  # a damaged file moved aside stays reported until the next save

    def load(self) -> dict[str, Any]:
        """The saved values, or {} when none. A file that cannot be used is reported in
        ``problem``; a damaged one is kept aside (see ``kit.jsonfile``), never lost."""
        empty: dict[str, Any] = {}
        loaded = load_json(
            self.path,
            _settings_shape,
            empty,
            what=_("Your settings file"),
            instead=_("the defaults are in use"),
        )
        if loaded.kept_as is not None:
            self._kept = loaded.problem
        self.problem = loaded.problem or self._kept
        return loaded.value

    def save(self, values: Mapping[str, Any]) -> None:
        """Write all values atomically (a crash leaves the old file or the new one)."""
        write_json(self.path, dict(values))
        self._kept = ""

    def save_changes(self, changes: Mapping[str, Any], managed: Collection[str] = ()) -> None:
        """Save the person's changes on top of what the file already holds.

        Keys in ``managed`` are left as they were: the organisation sets them, so a value
        chosen for one now would never take effect and would come back to life if the
        policy were lifted. Entries this version does not know are kept. A damaged file
        was already moved aside as ``<name>.damaged-<time>`` when it was read (see
        ``kit.jsonfile``), so nothing the person had is lost.
        """
        values = self.load()
        values.update({k: v for k, v in changes.items() if k not in managed})
        self.save(values)
