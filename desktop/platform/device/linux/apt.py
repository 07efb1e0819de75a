"""Updates on Debian and Ubuntu, from what apt itself records and reads.

* When updates were last installed: apt's history log (``/var/log/apt/history.log`` and
  its rotated, compressed copies). Every apt run, unattended-upgrades' included, writes
  one entry; an entry with an ``Upgrade:`` line installed new versions of packages that
  were already there, and its ``End-Date`` says when it finished.
* Whether updates install by themselves: ``apt-config dump``, apt's own reading of every
  file under ``apt.conf.d`` in its order; both ``APT::Periodic::Update-Package-Lists``
  and ``APT::Periodic::Unattended-Upgrade`` must be set to something other than 0
  (and ``APT::Periodic::Enable`` not 0), unattended-upgrades must be installed, since
  nothing else acts on the second setting, and the timer that starts it
  (``apt-daily-upgrade.timer``) must not be switched off (``systemctl is-enabled``,
  which any user may ask; without systemd the daily cron job runs it instead).
"""

from __future__ import annotations

import gzip
import re
from collections.abc import Mapping
from datetime import date
from pathlib import Path

from desktop.core.device.readings import Unread
from desktop.core.device.readings_ce import AutoUpdatesReading, UpdateHistoryReading
from desktop.core.kit.i18n import N_
from desktop.platform.device.linux._common import run

END = re.compile(r"^End-Date:\s*(\d{4}-\d{2}-\d{2})", re.MULTILINE)


def last_upgrade(text: str) -> date | None:
    """The end date of the last entry that upgraded packages, in one history log."""
    found: date | None = None
    for entry in re.split(r"\n\s*\n", text):
        if not re.search(r"^Upgrade:", entry, re.MULTILINE):
            continue
        match = END.search(entry)
        if match:
            try:
                when = date.fromisoformat(match.group(1))
            except ValueError:
                continue
            found = max(found, when) if found else when
    return found


class AptHistory:
    def __init__(self, folder: Path = Path("/var/log/apt")) -> None:
        self.folder = folder

    def read(self) -> UpdateHistoryReading | Unread:
        try:
            logs = sorted(self.folder.glob("history.log*"))
        except OSError:
            logs = []
        if not logs:
            return Unread(N_("this computer keeps no record of installed updates the app can read"))
        found: date | None = None
        denied = 0
        for log in logs:
            try:
                if log.suffix == ".gz":
                    with gzip.open(log, "rt", encoding="utf-8", errors="replace") as handle:
                        text = handle.read()
                else:
                    text = log.read_text(encoding="utf-8", errors="replace")
            except PermissionError:
                denied += 1
                continue
            except (OSError, EOFError):
                continue
            when = last_upgrade(text)
            if when is not None:
                found = max(found, when) if found else when
        if found is None and denied:
            return Unread(N_("the record of installed updates may not be read here"), "EACCES")
        return UpdateHistoryReading(found, "apt history")


TIMER = "apt-daily-upgrade.timer"
PERIODIC = re.compile(r'^APT::Periodic::([\w-]+)\s+"([^"]*)";', re.MULTILINE)


class AptAutoUpdates:
    def __init__(
        self,
        env: Mapping[str, str] | None = None,
        unattended: Path = Path("/usr/bin/unattended-upgrade"),
        systemd_root: Path | None = None,
    ) -> None:
        self.env, self.unattended, self.systemd_root = env, unattended, systemd_root

    def read(self) -> AutoUpdatesReading | Unread:
        done = run(["apt-config", "dump"], env=self.env)
        if isinstance(done, Unread):
            return Unread(N_("this computer's update settings could not be read"), done.detail)
        if done.returncode != 0:
            return Unread(N_("the update settings could not be read"), done.stderr.strip()[:200])
        values = dict(PERIODIC.findall(done.stdout))
        lists = values.get("Update-Package-Lists", "0").strip()
        upgrade = values.get("Unattended-Upgrade", "0").strip()
        enabled = values.get("Enable", "1").strip() != "0"
        on = lists not in ("", "0") and upgrade not in ("", "0") and enabled
        on = on and self.unattended.exists() and not self._timer_off()
        return AutoUpdatesReading(on, source="apt")

    def _timer_off(self) -> bool:
        root = ["--root", str(self.systemd_root)] if self.systemd_root is not None else []
        done = run(["systemctl", *root, "is-enabled", TIMER], env=self.env)
        if isinstance(done, Unread):
            return False  # no systemd: the daily cron job starts it
        state = done.stdout.strip().splitlines()[0] if done.stdout.strip() else ""
        return state in ("disabled", "masked", "masked-runtime")
