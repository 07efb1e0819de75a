"""Process hygiene, checked on real processes: no core dumps, no password echoed in a
command-line error, a quiet Ctrl-C at any moment, personal words under any locale."""

from __future__ import annotations

import json
import os
import re
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
MARKER = "Tulip-Quarry-Marker-58"


def hygiene(
    *args: str, stdin: str = "", env: dict[str, str] | None = None
) -> subprocess.CompletedProcess[bytes]:
    return subprocess.run(
        [sys.executable, "-m", "desktop", *args],
        input=stdin.encode(),
        capture_output=True,
        cwd=ROOT,
        env=env or dict(os.environ),
        timeout=60,
    )


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="reads /proc")
def test_the_cli_runs_with_core_dumps_off() -> None:
    proc = subprocess.Popen(
        [sys.executable, "-m", "desktop", "check", "--no-network"],
        stdin=subprocess.PIPE,  # held open: the command waits for the password
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        cwd=ROOT,
    )
    try:
        limits = ""
        deadline = time.monotonic() + 30
        while "Max core file size        0                    0" not in limits:
            assert time.monotonic() < deadline, limits
            assert proc.poll() is None
            limits = Path(f"/proc/{proc.pid}/limits").read_text()
            time.sleep(0.05)
    finally:
        proc.kill()
        proc.communicate(timeout=10)


_REPORT = (
    "import resource\n"
    "from desktop.platform.process import dumpable\n"
    "def report(*_args):\n"
    "    print(dumpable(), resource.getrlimit(resource.RLIMIT_CORE))\n"
    "    raise SystemExit(0)\n"
)
# main() runs with its next step replaced by a report of the process state, so the test
# sees what main had done before any password could be typed.
ENTRIES = {
    "cli": _REPORT + "import desktop.cli.main as m\nm.build_parser = report\nm.main([])\n",
    "app": _REPORT + "import desktop.app as m\nm._run = report\nm.main([])\n",
}


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="prctl is Linux only")
@pytest.mark.parametrize("entry", sorted(ENTRIES))
def test_app_and_cli_make_themselves_not_dumpable(entry: str) -> None:
    done = subprocess.run(
        [sys.executable, "-c", ENTRIES[entry]],
        capture_output=True,
        text=True,
        cwd=ROOT,
        timeout=60,
    )
    assert done.stdout.strip() == "False (0, 0)", done.stderr


@pytest.mark.parametrize(
    "args",
    [
        ("check", MARKER),
        (MARKER,),
        ("history", "add", MARKER),
        ("check", "--personal"),
        ("policy", "check", "--json", MARKER, MARKER),
    ],
)
def test_a_password_on_the_command_line_is_refused_and_never_printed(
    args: tuple[str, ...],
) -> None:
    done = hygiene(*args)
    assert done.returncode == 2
    assert MARKER.encode() not in done.stdout + done.stderr
    assert b"Traceback" not in done.stderr


MAIN = ROOT / "desktop" / "__main__.py"
# The line of ``python -m desktop`` that holds Ctrl-C: from there on the app handles it.
HOLD_LINE = next(
    n
    for n, line in enumerate(MAIN.read_text(encoding="utf-8").splitlines(), start=1)
    if line.startswith("_signal.signal(")
)
_FRAME = re.compile(r'File "([^"]+)", line (\d+)')


def _frames_in_the_app(traceback: str) -> list[tuple[str, int]]:
    """The traceback's frames in the app's own code once its Ctrl-C hold was made.
    Before that (Python's start-up, ``runpy`` importing the tiny ``desktop`` package,
    the lines of ``__main__`` up to the hold) Python itself reports a Ctrl-C."""
    frames = [(f, int(n)) for f, n in _FRAME.findall(traceback) if "/desktop/" in f]
    return [
        (f, n)
        for f, n in frames
        if not f.endswith("/desktop/__init__.py") and not (f == str(MAIN) and n <= HOLD_LINE)
    ]


def _reading_stdin(pid: int) -> bool:
    """Whether the process is blocked reading its standard input (the password prompt):
    by then every module has loaded and the command's own Ctrl-C handling is in place."""
    read = {"x86_64": "0", "aarch64": "63"}.get(os.uname().machine)
    try:
        call = Path(f"/proc/{pid}/syscall").read_text().split()
    except OSError:
        return False
    return len(call) > 1 and call[0] == read and int(call[1], 16) == 0


def _start_check() -> subprocess.Popen[bytes]:
    return subprocess.Popen(
        [sys.executable, "-m", "desktop", "check", "--no-network"],
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        cwd=ROOT,
    )


def test_ctrl_c_at_any_moment_is_quiet() -> None:
    """SIGINT at 20 ms steps from the start: wherever it lands once ``python -m desktop``
    has reached its hold, the app says "Stopped." and never prints a traceback."""
    for step in range(0, 16):
        proc = _start_check()
        time.sleep(step * 0.02)
        proc.send_signal(signal.SIGINT)
        _, err = proc.communicate(timeout=60)
        text = err.decode(errors="replace")
        if "Traceback" in text:
            assert not _frames_in_the_app(text), text
        elif proc.returncode == 130:
            assert err == b"hygiene: Stopped.\n", text


@pytest.mark.skipif(
    not sys.platform.startswith("linux") or os.uname().machine not in ("x86_64", "aarch64"),
    reason="reads /proc/<pid>/syscall",
)
def test_ctrl_c_at_the_password_prompt_stops_quietly() -> None:
    """Sent once the command is surely waiting for the password, however slow the
    machine: the signal reaches the app and is handled there."""
    proc = _start_check()
    try:
        deadline = time.monotonic() + 120  # only against a hang; no race is timed here
        while not _reading_stdin(proc.pid):
            assert proc.poll() is None, proc.communicate()
            assert time.monotonic() < deadline, "the command never asked for the password"
            time.sleep(0.02)
        proc.send_signal(signal.SIGINT)
        _, err = proc.communicate(timeout=60)
    finally:
        proc.kill()
    assert proc.returncode == 130
    assert err == b"hygiene: Stopped.\n"


def test_personal_words_match_under_a_locale_that_is_not_utf8() -> None:
    env = {k: v for k, v in os.environ.items() if not k.startswith("LC_") and k != "PYTHONUTF8"}
    env.update(LANG="C", LC_ALL="C", PYTHONCOERCECLOCALE="0", PYTHONUTF8="0")
    done = hygiene(
        "check",
        "--no-network",
        "--json",
        "--personal",
        "Zoë",
        stdin="Zoë-Kettle-Harbour-1987\n",
        env=env,
    )
    assert b"Traceback" not in done.stderr, done.stderr
    checks = {c["id"]: c for c in json.loads(done.stdout.decode("utf-8", "replace"))["checks"]}
    assert checks["personal"]["status"] == "fail"  # the accented word was found
