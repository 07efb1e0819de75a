"""Only the composition root reads the outside world's settings, in the app and its tests.

In the app (``desktop/``): the environment, the home folder and the wall clock are read
in ``desktop/wiring/`` (the root), the one paths module and the one clock, and nowhere
else; every other part is handed what it needs, so a test builds the root with a folder,
an environment mapping and a manual clock. The few exceptions are listed with why.

In the tests: no test changes this process's environment (``monkeypatch.setenv``,
``os.environ[...] = ...``); a test passes an environment to the root, or to the child
process it starts. The session-wide guards that keep the developer's own folders,
journal and keyring out of reach are the listed exceptions.

Both rules read the source with ``ast``, so an import inside a function, an alias or a
default argument is caught as well as a call.
"""

from __future__ import annotations

import ast
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]

# What the app may not read outside the root: (module, attribute) pairs as written.
READS = {
    ("os", "environ"): "reads the environment",
    ("os", "environb"): "reads the environment",
    ("os", "getenv"): "reads the environment",
    ("os", "getenvb"): "reads the environment",
    ("os", "putenv"): "reads the environment",
    ("os", "unsetenv"): "reads the environment",
    ("Path", "home"): "reads the home folder",
    ("pathlib", "Path"): "",  # only as pathlib.Path.home, checked below
    ("path", "expanduser"): "reads the home folder",
    ("datetime", "now"): "reads the wall clock",
    ("datetime", "utcnow"): "reads the wall clock",
    ("datetime", "today"): "reads the wall clock",
    ("date", "today"): "reads the wall clock",
    ("time", "time"): "reads the wall clock",
    ("time", "time_ns"): "reads the wall clock",
    ("time", "localtime"): "reads the wall clock",
    ("time", "ctime"): "reads the wall clock",
}
FROM_IMPORTS = {
    ("os", "environ"),
    ("os", "getenv"),
    ("os", "putenv"),
    ("time", "time"),
    ("time", "time_ns"),
    ("time", "localtime"),
}

# Where the app may read them, and why.
ROOT_MODULES = ("desktop/wiring/",)
ALLOWED: dict[str, str] = {
    "desktop/core/kit/paths.py": "the one paths module: the home folder when HOME is unset",
    "desktop/core/kit/clock.py": "the one clock: SystemClock reads the wall clock",
    "desktop/platform/device/commands.py": (
        "child processes get this process's environment with the C locale forced, so "
        "their output can be parsed"
    ),
    "desktop/platform/device/linux/_common.py": (
        "a Linux reader built without an environment (tests, tools) reads this process's; "
        "the app passes the root's"
    ),
    "desktop/platform/device/linux/screen_lock.py": (
        "KConfig's own rule for a missing HOME (expand '~'), as the desktop reads it"
    ),
    "desktop/ui/kit/resources.py": (
        "a packager's override of where the icons are (HYGIENE_HELPER_RESOURCES); no app state"
    ),
    "desktop/core/checks/dates.py": (
        "the two-digit-year pivot of the dates rule (this year); to be passed in by the pipeline"
    ),
}


@dataclass(frozen=True)
class Read:
    path: str
    line: int
    what: str

    def __str__(self) -> str:
        return f"{self.path}:{self.line}: {self.what}"


def _rel(path: Path) -> str:
    return path.relative_to(ROOT).as_posix() if path.is_relative_to(ROOT) else path.name


def _reads(path: Path) -> list[Read]:
    tree = ast.parse(path.read_text(encoding="utf-8"), filename=str(path))
    rel = _rel(path)
    found: list[Read] = []
    for node in ast.walk(tree):
        if isinstance(node, ast.Attribute):
            owner = node.value
            name = owner.id if isinstance(owner, ast.Name) else None
            if isinstance(owner, ast.Attribute):
                name = owner.attr  # os.path.expanduser, datetime.datetime.now
            what = READS.get((name or "", node.attr))
            if what:
                found.append(Read(rel, node.lineno, what))
            elif node.attr == "expanduser":
                found.append(Read(rel, node.lineno, "reads the home folder"))
        elif isinstance(node, ast.ImportFrom) and node.module in ("os", "time"):
            for alias in node.names:
                if (node.module, alias.name) in FROM_IMPORTS:
                    found.append(Read(rel, node.lineno, f"reads {node.module}.{alias.name}"))
    return found


def app_reads() -> list[Read]:
    reads: list[Read] = []
    for path in sorted((ROOT / "desktop").rglob("*.py")):
        rel = path.relative_to(ROOT).as_posix()
        if rel.startswith(ROOT_MODULES) or rel in ALLOWED:
            continue
        reads.extend(_reads(path))
    return reads


def test_only_the_root_reads_the_environment_the_home_folder_and_the_clock() -> None:
    reads = app_reads()
    assert not reads, "pass these in from desktop/wiring instead:\n" + "\n".join(map(str, reads))


def test_every_exception_still_needs_to_be_one() -> None:
    """An allowed module that no longer reads anything comes off the list."""
    stale = [rel for rel in ALLOWED if not _reads(ROOT / rel)]
    assert not stale, f"no longer read anything, remove from ALLOWED: {stale}"


def test_the_rule_sees_every_way_of_reading(tmp_path: Path) -> None:
    """The rule can fail: each way of reading, as code would write it, is found."""
    sample = tmp_path / "sample.py"
    sample.write_text(
        "import os, time\n"
        "from datetime import date, datetime\n"
        "from pathlib import Path\n"
        "from os import environ\n"
        "a = os.environ.get('HOME')\n"
        "b = os.getenv('HOME')\n"
        "c = Path.home()\n"
        "d = os.path.expanduser('~')\n"
        "def f(now=datetime.now):\n"
        "    return date.today(), time.time()\n",
        encoding="utf-8",
    )
    assert sorted(r.line for r in _reads(sample)) == [4, 5, 6, 7, 8, 9, 10, 10]


# -- the tests themselves ----------------------------------------------------------------

# Module-level guards of the whole session and the private Secret Service's D-Bus
# address (the keyring library finds its bus only through the environment).
TEST_ALLOWED: dict[str, str] = {
    "tests/conftest.py": (
        "session-wide guard: Qt's offscreen platform, and IT's document and journal "
        "records kept in a private folder for every child process the tests start"
    ),
    "tests/report_driver.py": "a child process's own start: Qt's offscreen platform",
    "tests/fixtures_keyring.py": (
        "the private Secret Service: the keyring library finds its D-Bus only through "
        "DBUS_SESSION_BUS_ADDRESS, and the developer's own keyring is kept out of reach"
    ),
    "tests/test_device_linux_sources.py": (
        "the Linux readers find the system bus as jeepney does, through "
        "DBUS_SYSTEM_BUS_ADDRESS; to go when the readers take a bus address"
    ),
    "tests/test_policy_macos.py": (
        "proves a changed USER/LOGNAME does not choose the per-user policy file: the "
        "change is the point of the test"
    ),
}
ENV_WRITES = {"setenv", "delenv", "putenv", "unsetenv"}
ENVIRON_CHANGES = {"update", "pop", "setdefault", "clear", "popitem", "__setitem__"}


def _is_environ(node: ast.AST) -> bool:
    return (
        isinstance(node, ast.Attribute)
        and node.attr == "environ"
        and isinstance(node.value, ast.Name)
        and node.value.id == "os"
    )


def _env_writes(path: Path) -> list[Read]:
    tree = ast.parse(path.read_text(encoding="utf-8"), filename=str(path))
    rel = _rel(path)
    found: list[Read] = []
    for node in ast.walk(tree):
        if isinstance(node, (ast.Assign, ast.AugAssign, ast.Delete)):
            targets = node.targets if isinstance(node, (ast.Assign, ast.Delete)) else [node.target]
            for target in targets:
                if isinstance(target, ast.Subscript) and _is_environ(target.value):
                    found.append(Read(rel, node.lineno, "a change to os.environ"))
        elif isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute):
            func = node.func
            if func.attr in ENV_WRITES:
                found.append(Read(rel, node.lineno, f"a change to the environment ({func.attr})"))
            elif func.attr in ENVIRON_CHANGES and _is_environ(func.value):
                found.append(Read(rel, node.lineno, f"a change to os.environ ({func.attr})"))
        elif (
            isinstance(node, ast.Call)
            and isinstance(node.func, ast.Attribute)
            and node.func.attr == "dict"
            and any(_is_environ(a) for a in node.args)
        ):
            found.append(Read(rel, node.lineno, "patch.dict(os.environ)"))
    return found


def test_no_test_changes_the_environment_of_the_whole_process() -> None:
    writes: list[Read] = []
    for path in sorted((ROOT / "tests").rglob("*.py")):
        rel = path.relative_to(ROOT).as_posix()
        if rel not in TEST_ALLOWED:
            writes.extend(_env_writes(path))
    assert not writes, (
        "pass an environment to Services(env=...) or to the child process instead:\n"
        + "\n".join(map(str, writes))
    )


def test_the_test_rule_sees_every_way_of_changing_the_environment(tmp_path: Path) -> None:
    sample = tmp_path / "sample.py"
    sample.write_text(
        "import os\n"
        "def test(monkeypatch):\n"
        "    monkeypatch.setenv('HOME', '/x')\n"
        "    monkeypatch.delenv('DISPLAY')\n"
        "    os.environ['HOME'] = '/x'\n"
        "    os.environ.update(HOME='/x')\n"
        "    del os.environ['HOME']\n"
        "    env = {**os.environ, 'LC_ALL': 'C'}  # a child's own copy: fine\n",
        encoding="utf-8",
    )
    assert sorted(r.line for r in _env_writes(sample)) == [3, 4, 5, 6, 7]
