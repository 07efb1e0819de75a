"""The person's own settings (reminder preferences, breach-check mode): a small JSON file.

Kept in the per-user config folder, written atomically and readable only by the user.
Only keys marked ``user_settable`` in the policy schema are honoured, and managed
policy always wins over them (see ``policy.resolve``). Personal words are never kept
here: they go in the OS keyring, and only if the person opts in.
"""

from __future__ import annotations

import json
import os
import shutil
import sys
import tempfile
import time
from collections.abc import Collection, Mapping
from pathlib import Path
from typing import Any


def user_config_dir(platform: str = sys.platform, env: Mapping[str, str] | None = None) -> Path:
    """Where this user's settings and drafts live, per OS."""
    env = os.environ if env is None else env
    if platform.startswith("win"):
        base = env.get("APPDATA") or str(Path.home() / "AppData" / "Roaming")
        return Path(base) / "HygieneHelper"
    if platform == "darwin":
        return Path.home() / "Library" / "Application Support" / "HygieneHelper"
    base = env.get("XDG_CONFIG_HOME") or str(Path.home() / ".config")
    return Path(base) / "hygiene-helper"


class UserSettings:
    """Loads and saves the person's settings file; a damaged file is kept, never lost."""

    def __init__(self, path: Path | None = None) -> None:
        self.path = path or (user_config_dir() / "settings.json")
        self.problem = ""

    def load(self) -> dict[str, Any]:
        """The saved values, or {} when none. A damaged file is reported in ``problem``
        and left in place, so nothing the person chose is thrown away."""
        self.problem = ""
        try:
            text = self.path.read_text(encoding="utf-8")
        except FileNotFoundError:
            return {}
        except OSError as exc:
            self.problem = f"Your settings could not be read ({exc.strerror}); defaults are in use."
            return {}
        try:
            data = json.loads(text)
        except json.JSONDecodeError:
            self.problem = f"Your settings file {self.path} is damaged; defaults are in use."
            return {}
        if not isinstance(data, dict):
            self.problem = f"Your settings file {self.path} is damaged; defaults are in use."
            return {}
        return data

    def save(self, values: Mapping[str, Any]) -> None:
        """Write all values atomically (a crash leaves the old file or the new one)."""
        self.path.parent.mkdir(parents=True, exist_ok=True)
        fd, tmp = tempfile.mkstemp(prefix=".settings-", dir=self.path.parent)
        try:
            with os.fdopen(fd, "w", encoding="utf-8") as fh:
                json.dump(dict(values), fh, indent=2, sort_keys=True)
                fh.flush()
                os.fsync(fh.fileno())
            if os.name == "posix":
                os.chmod(tmp, 0o600)
            os.replace(tmp, self.path)
        except BaseException:
            Path(tmp).unlink(missing_ok=True)
            raise

    def save_changes(self, changes: Mapping[str, Any], managed: Collection[str] = ()) -> None:
        """Save the person's changes on top of what the file already holds.

        Keys in ``managed`` are left as they were: the organisation sets them, so a value
        chosen for one now would never take effect and would come back to life if the
        policy were lifted. Entries this version does not know are kept. A file that
        could not be read is first kept beside the new one as ``<name>.damaged-<time>``,
        so nothing the person had is lost.
        """
        values = self.load()
        if self.problem and self.path.exists():
            keep = self.path.with_name(f"{self.path.name}.damaged-{time.strftime('%Y%m%d-%H%M%S')}")
            shutil.copy2(self.path, keep)
        values.update({k: v for k, v in changes.items() if k not in managed})
        self.save(values)
