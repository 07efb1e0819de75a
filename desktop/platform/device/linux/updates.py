"""Security updates waiting, from PackageKit on the system bus, with how long they have
waited and how fresh the package lists are; automatic security updates
(unattended-upgrades) from apt's own configuration.

A PackageKit search takes one to two seconds or more, so nobody waits for it twice:

* The last answer is kept, on disk when the app has a cache folder (so the command
  line, a new process each time, starts with it), together with what it was found
  against: the time apt's package lists were last refreshed and the time the installed
  packages last changed (``/var/lib/dpkg/status``). While both are unchanged the
  answer still holds and is given at once; when either moved, or PackageKit says the
  updates changed (its ``UpdatesChanged`` signal, watched once a first read was made),
  a new search starts. With a cache folder (the app and the command always have one)
  it runs in a process of its own, which outlives a command that has ended and keeps
  its answer; a reading does not wait for it (a search takes a second or more, and the
  process a few tenths of a second just to start, so waiting would only hold the
  person up): it says "still looking" at once (``Reason.WAITING``), and the tray checks
  again soon. Without a cache folder the search runs on a thread and a reading waits
  for it at most the time limit.
* How long an update has waited: PackageKit does not say, so the app notes the day it
  first saw each waiting security update (by package id, which holds no personal data)
  and counts from there. That is a lower bound: it is exact only while the lists are
  refreshed regularly, which is why the lists' age is read too (the newest
  ``Release``/``InRelease`` file in apt's lists; PackageKit's time since its last
  refresh where apt is not used).

Each ``Package`` signal carries an info number whose low 16 bits say the kind of update
(8 = security; the high bits hold the severity in recent PackageKit).

``apt-config shell VAR APT::Periodic::Unattended-Upgrade`` prints ``VAR='1'`` (pinned in
the tests); apt offers no other way to read its merged configuration.
"""

from __future__ import annotations

import contextlib
import functools
import json
import logging
import os
import re
import subprocess
import sys
import tempfile
import threading
import time
from collections import deque
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from pathlib import Path

from jeepney import DBusAddress, MatchRule, Message, new_method_call
from jeepney.bus_messages import message_bus
from jeepney.io import blocking
from jeepney.wrappers import DBusErrorResponse, unwrap_msg

from desktop.core.device.readings import Unread, UpdatesReading
from desktop.core.kit.i18n import N_
from desktop.core.kit.unchecked import Reason
from desktop.platform.dbus import DBusCaller, DBusCallError, SignalWatcher
from desktop.platform.device.linux._common import (
    SYSTEM_BUS,
    TIME_LIMIT,
    environ,
    run,
    wall_seconds,
)

log = logging.getLogger(__name__)

PACKAGEKIT = "org.freedesktop.PackageKit"
PACKAGEKIT_PATH = "/org/freedesktop/PackageKit"
TRANSACTION = "org.freedesktop.PackageKit.Transaction"
INFO_SECURITY = 8
FILTER_NONE = 0
EXIT_SUCCESS = 1
ROLE_REFRESH_CACHE = 13
NEVER = 0xFFFFFFFF  # GetTimeSinceAction's answer for "never done"
APT_LISTS = Path("/var/lib/apt/lists")
DPKG_STATUS = Path("/var/lib/dpkg/status")
CACHE_NAME = "security-updates.json"
DAY = 86400.0
# A reading waits at most this for a search, inside the runner's own 2 s, so it can say
# "still looking" itself instead of being cut off.
READING_WAIT = TIME_LIMIT - 0.5

Stamp = tuple[float, float]  # (package lists refreshed, installed packages changed)


def search_security_updates(bus: str, limit: float) -> tuple[str, ...]:
    """One PackageKit ``GetUpdates`` transaction; the package ids of security updates.

    Raises ``OSError``/``TimeoutError``/``DBusErrorResponse``/``RuntimeError`` on failure.
    """
    deadline = time.monotonic() + limit

    def left() -> float:
        remaining = deadline - time.monotonic()
        if remaining <= 0:
            raise TimeoutError("PackageKit did not finish in time")
        return remaining

    conn = blocking.open_dbus_connection(bus=bus, auth_timeout=min(limit, TIME_LIMIT))
    try:
        manager = DBusAddress(PACKAGEKIT_PATH, bus_name=PACKAGEKIT, interface=PACKAGEKIT)
        reply = conn.send_and_get_reply(
            new_method_call(manager, "CreateTransaction"), timeout=left()
        )
        (path,) = unwrap_msg(reply)
        rule = MatchRule(type="signal", interface=TRANSACTION, path=str(path))
        conn.send_and_get_reply(message_bus.AddMatch(rule), timeout=left())
        signals: deque[Message] = deque()
        with conn.filter(rule, queue=signals):
            transaction = DBusAddress(str(path), bus_name=PACKAGEKIT, interface=TRANSACTION)
            call = new_method_call(transaction, "GetUpdates", "t", (FILTER_NONE,))
            unwrap_msg(conn.send_and_get_reply(call, timeout=left()))
            security: list[str] = []
            while True:
                msg = conn.recv_until_filtered(signals, timeout=left())
                member = msg.header.fields.get(3)  # HeaderFields.member
                if member == "Package":
                    info = int(msg.body[0])
                    if info & 0xFFFF == INFO_SECURITY:
                        security.append(str(msg.body[1]))
                elif member == "ErrorCode":
                    raise RuntimeError(f"PackageKit error {msg.body[0]}: {msg.body[1]}")
                elif member == "Finished":
                    if int(msg.body[0]) != EXIT_SUCCESS:
                        raise RuntimeError(f"PackageKit finished with exit code {msg.body[0]}")
                    return tuple(dict.fromkeys(security))
    finally:
        conn.close()


def seconds_since_refresh(bus: str, limit: float = TIME_LIMIT) -> float | None:
    """PackageKit's time since it last refreshed its package lists; None when never or
    when it cannot be asked."""
    try:
        conn = blocking.open_dbus_connection(bus=bus, auth_timeout=limit)
    except (OSError, TimeoutError):
        return None
    try:
        manager = DBusAddress(PACKAGEKIT_PATH, bus_name=PACKAGEKIT, interface=PACKAGEKIT)
        call = new_method_call(manager, "GetTimeSinceAction", "u", (ROLE_REFRESH_CACHE,))
        (seconds,) = unwrap_msg(conn.send_and_get_reply(call, timeout=limit))
    except (OSError, TimeoutError, DBusErrorResponse, ValueError):
        return None
    finally:
        conn.close()
    return None if int(seconds) >= NEVER else float(seconds)


def _mtime(path: Path) -> float:
    try:
        return path.stat().st_mtime
    except OSError:
        return 0.0


def lists_refreshed(lists: Path = APT_LISTS) -> float | None:
    """When apt's package lists were last refreshed (the newest Release file), or None
    when they never were or cannot be read."""
    try:
        times = [_mtime(p) for p in lists.iterdir() if p.name.endswith(("_InRelease", "_Release"))]
    except OSError:
        return None
    return max(times) if times else None


@dataclass
class SystemStamp:
    """What a search's answer depends on: apt's lists and the installed packages."""

    lists: Path = APT_LISTS
    status: Path = DPKG_STATUS

    def __call__(self) -> Stamp:
        return (lists_refreshed(self.lists) or 0.0, _mtime(self.status))


@dataclass
class _Answer:
    ids: tuple[str, ...]
    stamp: Stamp
    at: float  # wall-clock time of the search
    seen: dict[str, float] = field(default_factory=dict)  # id -> first seen (wall clock)


SEARCH_ERRORS = (DBusErrorResponse, TimeoutError, OSError, RuntimeError, KeyError, ValueError)
EXIT_ABSENT, EXIT_TIMEOUT, EXIT_FAILED, EXIT_BUSY = 2, 3, 4, 5
NOT_RUNNING = Unread(
    N_(
        "The update service (PackageKit) is not running, so the app cannot tell whether "
        "updates are waiting."
    ),
    "absent",
)
TOO_SLOW = Unread(N_("The update service (PackageKit) did not answer in time."), "timeout")
FAILED = Unread(N_("The update service (PackageKit) could not be asked about updates."), "failed")
CHILD_FAILURES = {EXIT_ABSENT: NOT_RUNNING, EXIT_TIMEOUT: TOO_SLOW, EXIT_FAILED: FAILED}


def search_failure(exc: BaseException) -> Unread:
    if isinstance(exc, DBusErrorResponse):
        return Unread(NOT_RUNNING.reason, f"{exc.name}")
    if isinstance(exc, TimeoutError):
        return Unread(TOO_SLOW.reason, str(exc))
    return Unread(FAILED.reason, str(exc))


def next_answer(
    earlier: _Answer | None, found: tuple[str, ...], stamp: Stamp, now: float
) -> _Answer:
    """A new answer, keeping when each update still waiting was first seen."""
    seen_before = earlier.seen if earlier is not None else {}
    return _Answer(found, stamp, now, {i: seen_before.get(i, now) for i in found})


Spawn = Callable[[str, Path], "subprocess.Popen[bytes]"]


def search_command(cache: Path) -> list[str]:
    """The command that runs one search and keeps its answer in ``cache``."""
    if getattr(sys, "frozen", False):  # the packaged app: its own ``hygiene`` command
        start = [str(Path(sys.executable).with_name("hygiene"))]
    else:
        start = [sys.executable, "-m", "desktop"]
    return [*start, "device", "--search-updates", str(cache)]


def spawn_search(
    bus: str, cache: Path, session: Mapping[str, str] | None = None
) -> subprocess.Popen[bytes]:
    """Start the search in a process of its own session, so it finishes (and keeps its
    answer) even when the command that started it has ended. ``session`` is the
    environment the root gives the readers (this process's when none is given)."""
    env = dict(environ(session))
    if bus != SYSTEM_BUS:
        env["DBUS_SYSTEM_BUS_ADDRESS"] = bus
    return subprocess.Popen(
        search_command(cache),
        env=env,
        stdin=subprocess.DEVNULL,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
        start_new_session=True,
        close_fds=True,
    )


def search_and_keep(cache: Path, bus: str = SYSTEM_BUS, limit: float = 120.0) -> int:
    """One search, its answer kept in ``cache`` (the child's whole job). One at a time:
    a search already running for the same file makes this one stop at once."""
    import fcntl

    cache.parent.mkdir(parents=True, exist_ok=True)
    with open(cache.with_name(cache.name + ".lock"), "a+b") as lock:
        try:
            fcntl.flock(lock.fileno(), fcntl.LOCK_EX | fcntl.LOCK_NB)
        except OSError:
            fcntl.flock(lock.fileno(), fcntl.LOCK_EX)  # wait for that one's answer
            return 0
        keeper = PackageKitUpdates(bus, cache=cache, watch_signals=False, in_child=False)
        stamp = keeper.stamp()
        try:
            found = search_security_updates(bus, limit)
        except SEARCH_ERRORS as exc:
            failure = search_failure(exc)
            log.info("updates search failed: %s", failure.detail)
            if failure.reason == NOT_RUNNING.reason:
                return EXIT_ABSENT
            return EXIT_TIMEOUT if failure.reason == TOO_SLOW.reason else EXIT_FAILED
        keeper._save(next_answer(keeper._load(), found, stamp, wall_seconds()))
    return 0


class PackageKitUpdates:
    """Security updates pending: the last answer while it holds, a new search when it
    may not (see the module's notes)."""

    def __init__(
        self,
        bus: str = SYSTEM_BUS,
        time_limit: float = READING_WAIT,
        search_limit: float = 120.0,
        cache: Path | None = None,
        stamp: Callable[[], Stamp] | None = None,
        clock: Callable[[], float] = wall_seconds,
        watch_signals: bool = True,
        max_age: float = DAY,
        spawn: Spawn | None = None,
        first_wait: float | None = None,
        in_child: bool | None = None,
        env: Mapping[str, str] | None = None,
    ) -> None:
        self.bus, self.time_limit, self.search_limit = bus, time_limit, search_limit
        self.cache, self.stamp, self.clock = cache, stamp or SystemStamp(), clock
        self.watch_signals, self.max_age = watch_signals, max_age
        # With a cache file the search runs in a child process of its own, which outlives
        # a command that has finished and leaves its answer for the next run.
        if in_child is None:
            in_child = cache is not None
        self.spawn = (spawn or functools.partial(spawn_search, session=env)) if in_child else None
        # How long a reading waits for a search it started or joined: not at all for one
        # in a process of its own (it keeps its answer for the next reading), at most the
        # time limit for one on a thread of this process.
        if first_wait is None:
            first_wait = 0.0 if in_child else time_limit
        self.first_wait = first_wait
        self._lock = threading.Lock()
        self._answer: _Answer | None = self._load()
        self._changed = False  # PackageKit said the updates changed
        self._failed: Unread | None = None
        self._search: threading.Thread | None = None
        self._done = threading.Event()
        self._watcher: SignalWatcher | None = None
        self._watching = False
        self._watch_thread: threading.Thread | None = None
        self._closed = False
        self.watching = threading.Event()  # set once PackageKit's signals are heard

    # -- the kept answer -------------------------------------------------------------

    def _load(self) -> _Answer | None:
        if self.cache is None:
            return None
        try:
            data = json.loads(self.cache.read_text(encoding="utf-8"))
            stamp = tuple(float(x) for x in data["stamp"])
            return _Answer(
                tuple(str(i) for i in data["ids"]),
                (stamp[0], stamp[1]),
                float(data["at"]),
                {str(k): float(v) for k, v in dict(data.get("seen", {})).items()},
            )
        except (OSError, ValueError, KeyError, TypeError, IndexError):
            return None

    def _save(self, answer: _Answer) -> None:
        if self.cache is None:
            return
        data = {"ids": list(answer.ids), "stamp": list(answer.stamp), "at": answer.at}
        data["seen"] = answer.seen
        try:
            self.cache.parent.mkdir(parents=True, exist_ok=True)
            fd, tmp = tempfile.mkstemp(prefix=".updates-", dir=self.cache.parent)
            with os.fdopen(fd, "w", encoding="utf-8") as out:
                json.dump(data, out)
            os.replace(tmp, self.cache)
        except OSError as exc:
            log.info("the updates answer could not be kept: %s", type(exc).__name__)

    def _holds(self, answer: _Answer | None) -> bool:
        if answer is None or self._changed:
            return False
        if abs(self.clock() - answer.at) > self.max_age:
            return False
        return answer.stamp == self.stamp()

    # -- reading ---------------------------------------------------------------------

    def read(self) -> _Answer | Unread:
        self._watch()
        with self._lock:
            if self._holds(self._answer):
                assert self._answer is not None
                return self._answer
            starting = self._search is None
        if starting and self.spawn is not None:
            # A reading will not wait for the search's process: ask the bus first whether
            # PackageKit is there at all, so its absence is said at once, not "still
            # looking" run after run.
            absent = self._absent()
            if absent is not None:
                return absent
        with self._lock:
            # The last search's failure, if it failed: said again while a new one runs.
            earlier = self._failed
            if self._search is None:
                self._done = threading.Event()
                self._failed = None
                self._changed = False
                self._search = threading.Thread(
                    target=self._run, name="packagekit-search", daemon=True
                )
                self._search.start()
            done = self._done
        # Then "still looking"; the search goes on and its answer is kept for the next
        # reading.
        done.wait(min(self.first_wait, self.time_limit))
        with self._lock:
            if self._search is None and self._answer is not None and self._failed is None:
                return self._answer
            if self._failed is not None:
                failed, self._failed = self._failed, None
                return failed
        if earlier is not None:
            return earlier
        return Unread(
            N_(
                "The update service (PackageKit) is still looking for updates. Check again in a "
                "minute."
            ),
            "search still running",
            Reason.WAITING,
        )

    def _absent(self) -> Unread | None:
        """Why PackageKit cannot be asked (not running and not startable by the bus, or
        no bus), or None when it can (running, or started by the bus on first call)."""
        caller = DBusCaller(self.bus, timeout=TIME_LIMIT)
        try:
            if caller.has_owner(PACKAGEKIT):
                return None
            (names,) = caller.send(message_bus.ListActivatableNames())
        except DBusCallError as exc:
            return Unread(FAILED.reason, str(exc))
        finally:
            caller.close()
        return None if PACKAGEKIT in names else NOT_RUNNING

    def _run(self) -> None:
        if self.spawn is not None and self.cache is not None:
            self._run_child(self.spawn, self.cache)
            return
        found: tuple[str, ...] | None = None
        stamp = self.stamp()  # before the search: a change during it gives a new search
        failed = None
        try:
            found = search_security_updates(self.bus, self.search_limit)
        except SEARCH_ERRORS as exc:
            failed = search_failure(exc)
        with self._lock:
            if found is not None:
                self._answer = next_answer(self._answer, found, stamp, self.clock())
                self._save(self._answer)
            self._finish(failed)

    def _run_child(self, spawn: Spawn, cache: Path) -> None:
        failed: Unread | None = None
        try:
            child = spawn(self.bus, cache)
        except OSError as exc:
            failed = Unread(
                N_("The update service (PackageKit) could not be asked about updates."), str(exc)
            )
        else:
            try:
                code = child.wait(self.search_limit + 5)
            except subprocess.TimeoutExpired:
                code = EXIT_TIMEOUT
            failed = CHILD_FAILURES.get(code)
        with self._lock:
            loaded = self._load()
            if failed is None and loaded is not None:
                self._answer = loaded
            elif failed is None:
                failed = Unread(
                    N_("The update service (PackageKit) could not be asked about updates."),
                    f"search exited {code}",
                )
            self._finish(failed)

    def _finish(self, failed: Unread | None) -> None:
        self._failed = failed
        self._search = None
        self._done.set()

    def _watch(self) -> None:
        """Listen for PackageKit's ``UpdatesChanged`` (the tray keeps running), set up
        once on a thread of its own so no reading waits for it."""
        with self._lock:
            if not self.watch_signals or self._watching:
                return
            self._watching = True
            self._watch_thread = threading.Thread(
                target=self._start_watch, name="packagekit-watch", daemon=True
            )
        self._watch_thread.start()

    def _start_watch(self) -> None:
        watcher = SignalWatcher(
            self.bus, PACKAGEKIT, "UpdatesChanged", self._updates_changed, path=PACKAGEKIT_PATH
        )
        try:
            watcher.start()
        except DBusCallError as exc:
            log.info("not watching PackageKit for changes: %s", exc)
            return
        with self._lock:
            closed, self._watcher = self._closed, watcher
        if closed:
            watcher.close()
        self.watching.set()

    def _updates_changed(self, _body: tuple[object, ...], _path: str) -> None:
        with self._lock:
            self._changed = True
            start = self._search is None
            if start:
                self._done = threading.Event()
                self._failed = None
                self._changed = False
                self._search = threading.Thread(
                    target=self._run, name="packagekit-search", daemon=True
                )
                self._search.start()

    def close(self) -> None:
        """Stop listening to PackageKit; waits (a few seconds at most) for a subscription
        still being set up, so no connection outlives the reader."""
        with self._lock:
            self._closed = True
            starting = self._watch_thread
        if starting is not None:
            starting.join(timeout=2 * TIME_LIMIT)
        with self._lock:
            watcher, self._watcher = self._watcher, None
        if watcher is not None:
            with contextlib.suppress(Exception):
                watcher.close()


def unattended_upgrades(
    env: Mapping[str, str] | None = None,
    program: Path = Path("/usr/bin/unattended-upgrade"),
) -> bool | None:
    """Automatic security updates switched on (None when apt cannot be asked)."""
    if not os.path.exists(program):
        return False
    done = run(["apt-config", "shell", "UU", "APT::Periodic::Unattended-Upgrade"], env=env)
    if isinstance(done, Unread) or done.returncode != 0:
        return None
    match = re.search(r"^UU='([^']*)'", done.stdout, re.MULTILINE)
    value = match.group(1).strip() if match else ""
    return value not in ("", "0")


def lists_age_seconds(
    bus: str = SYSTEM_BUS, lists: Path = APT_LISTS, clock: Callable[[], float] = wall_seconds
) -> float | None:
    """How long ago the package lists were refreshed: apt's own lists where apt is the
    package manager, PackageKit's record of its refreshes otherwise."""
    if lists.is_dir():
        refreshed = lists_refreshed(lists)
        return None if refreshed is None else max(0.0, clock() - refreshed)
    return seconds_since_refresh(bus)


class LinuxUpdates:
    """Security updates pending (PackageKit), how long they have waited, how fresh the
    package lists are, and whether updates install themselves."""

    def __init__(
        self,
        packagekit: PackageKitUpdates | None = None,
        automatic: Callable[[], bool | None] = unattended_upgrades,
        lists_age: Callable[[], float | None] | None = None,
        clock: Callable[[], float] = wall_seconds,
        cache_dir: Path | None = None,
        env: Mapping[str, str] | None = None,
    ) -> None:
        cache = cache_dir / CACHE_NAME if cache_dir is not None else None
        self.packagekit = packagekit or PackageKitUpdates(cache=cache, clock=clock, env=env)
        self.automatic = automatic
        self.lists_age = lists_age or (
            lambda: lists_age_seconds(self.packagekit.bus, clock=self.clock)
        )
        self.clock = clock

    def close(self) -> None:
        self.packagekit.close()

    def read(self) -> UpdatesReading | Unread:
        answer = self.packagekit.read()
        if isinstance(answer, Unread):
            return answer
        oldest: int | None = None
        if answer.ids:
            first = min(answer.seen.get(i, answer.at) for i in answer.ids)
            oldest = max(0, int((self.clock() - first) // DAY))
        age = self.lists_age()
        return UpdatesReading(
            pending_security=len(answer.ids),
            oldest_pending_days=oldest,
            automatic=self.automatic(),
            lists_age_days=None if age is None else int(age // DAY),
        )
