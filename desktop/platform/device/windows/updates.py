"""Windows security updates: asked of the Windows Update Agent in a child process, cached.

A search of the Windows Update Agent (``Microsoft.Update.Session``) can take minutes,
so it never runs inside a check: ``read`` returns the last answer (kept in a small
cache file, so a restart does not lose it) and, when that is older than ``MAX_AGE``,
starts one search in a child process that the next check picks up. Until the first
search has finished the check says "not checked yet".

Whether updates install by themselves comes from the registry: Group Policy's
``NoAutoUpdate`` = 1 or ``AUOptions`` 2 (notify only) means they do not.
"""

from __future__ import annotations

import json
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any

from desktop.core.device.readings import Unread, UpdatesReading
from desktop.core.kit.clock import SystemClock
from desktop.core.kit.i18n import N_
from desktop.core.kit.jsonfile import write_atomic
from desktop.platform.device.commands import Output
from desktop.platform.device.windows.powershell import POWERSHELL, parse_json_output
from desktop.platform.device.windows.registry import HKLM, RegistryValues, as_int

MAX_AGE = 6 * 3600.0
AU_POLICY = r"SOFTWARE\Policies\Microsoft\Windows\WindowsUpdate\AU"
SEARCH_SCRIPT = (
    "$s = (New-Object -ComObject Microsoft.Update.Session).CreateUpdateSearcher(); "
    "$r = $s.Search(\"IsInstalled=0 and IsHidden=0 and Type='Software'\"); "
    "$now = Get-Date; $sec = @($r.Updates | Where-Object { "
    "@($_.Categories | ForEach-Object { $_.Name }) -contains 'Security Updates' }); "
    "$ages = @($sec | ForEach-Object { [int]($now - $_.LastDeploymentChangeTime).TotalDays }); "
    "ConvertTo-Json -Compress @{pending = $sec.Count; "
    "oldest_days = if ($ages.Count) { ($ages | Measure-Object -Maximum).Maximum } else { $null }}"
)

Spawn = Callable[[], "subprocess.Popen[str]"]


def _spawn_search() -> subprocess.Popen[str]:
    flags = getattr(subprocess, "CREATE_NO_WINDOW", 0) if sys.platform.startswith("win") else 0
    return subprocess.Popen(
        [*POWERSHELL, SEARCH_SCRIPT],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        creationflags=flags,
    )


def reading_from(
    data: dict[str, Any], automatic: bool | None, searched_days_ago: int | None = None
) -> UpdatesReading | Unread:
    """The reading from one search's answer; ``searched_days_ago`` is how old the search
    is (the list of available updates is as old as the search that fetched it)."""
    pending, oldest = data.get("pending"), data.get("oldest_days")
    if not isinstance(pending, int) or not (oldest is None or isinstance(oldest, int)):
        return Unread(N_("Windows Update gave an answer the app does not understand"), repr(data))
    return UpdatesReading(pending, oldest, automatic, lists_age_days=searched_days_ago)


class WindowsUpdatesSource:
    def __init__(
        self,
        registry: RegistryValues,
        cache: Path | None = None,
        spawn: Spawn = _spawn_search,
        clock: Callable[[], float] | None = None,
    ) -> None:
        self._reg, self._cache, self._spawn = registry, cache, spawn
        self._clock = clock or (lambda: SystemClock().now().timestamp())
        self._child: subprocess.Popen[str] | None = None
        self._last: tuple[float, dict[str, Any]] | None = self._load()

    def _load(self) -> tuple[float, dict[str, Any]] | None:
        if self._cache is None:
            return None
        try:
            saved = json.loads(self._cache.read_text(encoding="utf-8"))
            return float(saved["at"]), dict(saved["result"])
        except (OSError, ValueError, KeyError, TypeError):
            return None

    def _automatic(self) -> bool | None:
        try:
            if as_int(self._reg.value(HKLM, AU_POLICY, "NoAutoUpdate")) == 1:
                return False
            if as_int(self._reg.value(HKLM, AU_POLICY, "AUOptions")) == 2:
                return False
        except OSError:
            return None
        return True

    def _collect(self) -> Unread | None:
        child = self._child
        if child is None or child.poll() is None:
            return None
        self._child = None
        out, err = child.communicate()
        data = parse_json_output(Output(child.returncode, out, err))
        if isinstance(data, Unread):
            return data
        self._last = (self._clock(), data)
        if self._cache is not None:
            try:
                body = json.dumps({"at": self._last[0], "result": data}).encode("utf-8")
                write_atomic(self._cache, body)  # the kit's one atomic writer
            except OSError:
                pass  # only means the next start searches again
        return None

    def read(self) -> UpdatesReading | Unread:
        failed = self._collect()
        fresh = self._last is not None and self._clock() - self._last[0] < MAX_AGE
        if not fresh and self._child is None:
            try:
                self._child = self._spawn()
            except OSError as exc:
                return Unread(N_("Windows Update could not be asked"), exc.strerror or str(exc))
        if self._last is not None:
            days = max(0, int((self._clock() - self._last[0]) // 86400))
            return reading_from(self._last[1], self._automatic(), days)
        if failed is not None:
            return failed
        return Unread(N_("Windows Update is still being asked; check again in a few minutes"))
