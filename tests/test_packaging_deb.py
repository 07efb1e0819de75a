"""The .deb as IT would use it: built, installed with apt-get, run, screenshotted on a
real X server, then removed and purged, leaving only what Debian policy keeps.

These tests change the machine (root, apt-get), so they run only in CI or with
HYGIENE_PACKAGE_TESTS=1; run them alone with ``pytest -m packaging``. They run in
file order: the last one purges the package.
"""

from __future__ import annotations

import os
import shutil
import signal
import subprocess
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import pytest

from desktop import __version__
from desktop.core.policy.schema import SCHEMA
from tests.fixtures_packaging import IN_CI, ROOT, require_packaging

pytestmark = [pytest.mark.packaging, pytest.mark.timeout(900)]

PACKAGE = "hygiene-helper"
POLICY = Path("/etc/hygiene-helper/policy.toml")
APT_ENV = {"DEBIAN_FRONTEND": "noninteractive"}
SCREENSHOTS = ROOT / "screenshots-out"


def sh(
    *args: str,
    stdin: str = "",
    env: dict[str, str] | None = None,
    timeout: float = 300,
    check: bool = True,
) -> subprocess.CompletedProcess[str]:
    done = subprocess.run(
        list(args),
        input=stdin,
        capture_output=True,
        text=True,
        env={**os.environ, **(env or {})},
        timeout=timeout,
        cwd="/",
    )
    if check and done.returncode != 0:
        pytest.fail(f"{' '.join(args)} exited {done.returncode}:\n{done.stdout}\n{done.stderr}")
    return done


def installed() -> bool:
    done = sh("dpkg-query", "-W", "-f=${Status}", PACKAGE, check=False)
    return "install ok installed" in done.stdout


def purge() -> None:
    sh("apt-get", "purge", "-y", "-q", PACKAGE, env=APT_ENV, check=False)


# What a person who installed the package has: no virtual environment or source tree
# first on the path (the test command puts .venv/bin there).
SYSTEM_PATH = "/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin"


def user_env(home: Path) -> dict[str, str]:
    """A clean environment for the installed programs: no source tree on the path."""
    keep = {k: v for k, v in os.environ.items() if k in ("LANG", "LC_ALL")}
    keep["PATH"] = SYSTEM_PATH
    runtime = home / "runtime"
    runtime.mkdir(mode=0o700, exist_ok=True)
    return {
        **keep,
        "HOME": str(home),
        "XDG_CONFIG_HOME": str(home / ".config"),
        "XDG_RUNTIME_DIR": str(runtime),
    }


def run_installed(*args: str, home: Path, stdin: str = "") -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        list(args),
        input=stdin,
        capture_output=True,
        text=True,
        cwd="/",
        env=user_env(home),
        timeout=120,
    )


@pytest.fixture(scope="module")
def package(deb_file: Path) -> Iterator[Path]:
    """The .deb, installed with apt-get the way IT installs a local package."""
    require_packaging("apt-get", "dpkg-query", "lintian", "xdotool", "import", "identify")
    if os.geteuid() != 0:
        if IN_CI:
            pytest.fail("the .deb install test needs root in CI")
        pytest.skip("installing the .deb needs root")
    depends = sh("dpkg-deb", "-f", str(deb_file), "Depends").stdout
    wanted = {d.split("(")[0].split("|")[0].strip() for d in depends.split(",")}
    missing = sorted(
        p
        for p in wanted
        if "install ok installed"
        not in sh("dpkg-query", "-W", "-f=${Status}", p, check=False).stdout
    )
    if missing:  # apt-get would have to download them: setup.sh should have installed them
        pytest.fail(f"add to DEBIAN_PACKAGES in scripts/setup.sh: {' '.join(missing)}")
    if installed():
        purge()
    sh("apt-get", "install", "-y", "-q", str(deb_file), env=APT_ENV, timeout=600)
    try:
        yield deb_file
    finally:
        if installed():
            purge()


@pytest.fixture
def home(tmp_path: Path) -> Path:
    folder = tmp_path / "home"
    folder.mkdir()
    return folder


def test_installs_app_command_menu_entry_autostart_and_policy(package: Path) -> None:
    assert Path("/opt/hygiene-helper/hygiene-helper").is_file()
    assert os.path.realpath("/usr/bin/hygiene") == "/opt/hygiene-helper/hygiene"
    assert shutil.which("hygiene", path=SYSTEM_PATH) == "/usr/bin/hygiene"
    desktop = Path("/usr/share/applications/hygiene-helper.desktop").read_text()
    assert "Exec=hygiene-helper" in desktop and "Icon=hygiene-helper" in desktop
    autostart = Path("/etc/xdg/autostart/hygiene-helper.desktop").read_text()
    assert "Exec=hygiene-helper" in autostart
    assert Path("/usr/share/icons/hicolor/48x48/apps/hygiene-helper.png").is_file()
    conffiles = sh("dpkg-query", "-W", "-f=${Conffiles}", PACKAGE).stdout
    assert str(POLICY) in conffiles


def test_version_from_installed_package(package: Path, home: Path) -> None:
    done = run_installed("hygiene", "--version", home=home)
    assert done.returncode == 0, done.stderr
    assert done.stdout.strip() == f"Hygiene Helper {__version__}"


def test_check_reads_password_from_stdin(package: Path, home: Path) -> None:
    strong = run_installed(
        "hygiene", "check", "--no-network", home=home, stdin="plum-kettle-orbit-savoy-1987\n"
    )
    assert strong.returncode == 0, strong.stdout + strong.stderr
    assert "ACCEPTED" in strong.stdout
    weak = run_installed("hygiene", "check", "--no-network", home=home, stdin="password1\n")
    assert weak.returncode == 1
    assert "REJECTED" in weak.stdout and "Traceback" not in weak.stderr
    # The password itself is never echoed back.
    assert "plum-kettle" not in strong.stdout + strong.stderr


def test_installed_app_uses_the_real_keyring(package: Path, empty_history: Any) -> None:
    """The frozen app finds its keyring backend (entry points, D-Bus client) at all."""
    env = {k: v for k, v in empty_history.env.items() if k != "PYTHONPATH"}
    env["PATH"] = SYSTEM_PATH
    password = "granite-velvet-harbour-2931\n"

    def run(*args: str) -> subprocess.CompletedProcess[str]:
        return subprocess.run(
            ["hygiene", *args],
            input=password,
            capture_output=True,
            text=True,
            env=env,
            cwd="/",
            timeout=120,
        )

    added = run("history", "add")
    assert added.returncode == 0, added.stdout + added.stderr
    again = run("check", "--no-network")
    assert again.returncode == 1, again.stdout
    reuse = next(line for line in again.stdout.splitlines() if " reuse " in line)
    assert reuse.startswith("FAIL"), again.stdout


def test_policy_show_uses_the_installed_policy_file(package: Path, home: Path) -> None:
    done = run_installed("hygiene", "policy", "show", home=home)
    assert done.returncode == 0, done.stderr
    assert f"Managed policy sources: {POLICY}" in done.stdout
    for spec in SCHEMA:
        assert any(line.startswith(spec.name + " ") for line in done.stdout.splitlines())
    # The shipped file has every key commented out, so every value is a default.
    assert "managed (" not in done.stdout


def test_policy_edits_survive_an_upgrade(package: Path, home: Path) -> None:
    POLICY.write_text(POLICY.read_text() + "\nmin_length = 12\n")
    sh(
        "apt-get",
        "install",
        "-y",
        "-q",
        "--reinstall",
        "-o",
        "Dpkg::Options::=--force-confold",
        str(package),
        env=APT_ENV,
        timeout=600,
    )
    assert "min_length = 12" in POLICY.read_text()
    done = run_installed("hygiene", "policy", "show", home=home)
    line = next(x for x in done.stdout.splitlines() if x.startswith("min_length "))
    assert line.split()[1] == "12" and line.endswith(f"managed ({POLICY})")
    checked = run_installed("hygiene", "policy", "check", str(POLICY), home=home)
    assert checked.returncode == 0, checked.stdout


def _visible_window(pid: int, display: str) -> str:
    done = subprocess.run(
        ["xdotool", "search", "--onlyvisible", "--pid", str(pid)],
        capture_output=True,
        text=True,
        env={**os.environ, "DISPLAY": display},
    )
    return done.stdout.split()[0] if done.stdout.split() else ""


@contextmanager
def window_of(command: list[str], home: Path, display: str) -> Iterator[subprocess.Popen[bytes]]:
    """Start an installed program on the X server and wait for its first visible window."""
    env = {**user_env(home), "DISPLAY": display, "QT_QPA_PLATFORM": "xcb"}
    app = subprocess.Popen(
        command, env=env, cwd="/", stdout=subprocess.PIPE, stderr=subprocess.PIPE
    )
    try:
        window = ""
        deadline = time.monotonic() + 30
        while not window and time.monotonic() < deadline and app.poll() is None:
            window = _visible_window(app.pid, display)
            time.sleep(0.1)
        if not window:
            _out, err = app.communicate(timeout=10) if app.poll() is not None else (b"", b"")
            pytest.fail(
                f"{command[0]}: no window within 30 s; exit {app.poll()}: {err.decode()[-2000:]}"
            )
        time.sleep(1.0)  # let the first paint finish
        yield app
    finally:
        if app.poll() is None:
            app.send_signal(signal.SIGTERM)
            try:
                app.wait(timeout=10)
            except subprocess.TimeoutExpired:
                app.kill()
                app.wait()
        for pipe in (app.stdout, app.stderr):
            if pipe is not None:
                pipe.close()


def _screenshot(display: str, name: str) -> Path:
    SCREENSHOTS.mkdir(exist_ok=True)
    shot = SCREENSHOTS / name
    sh("import", "-display", display, "-window", "root", str(shot))
    colours = int(sh("identify", "-format", "%k", str(shot)).stdout.strip())
    assert colours > 16, f"screenshot {shot} looks blank ({colours} colours)"
    return shot


def test_installed_gui_shows_its_window_on_xvfb(
    package: Path, home: Path, xvfb_display: str
) -> None:
    with window_of(["hygiene-helper", "--check", "--no-network"], home, xvfb_display) as app:
        _screenshot(xvfb_display, "installed-package-check-window.png")
        assert app.poll() is None, "the app quit on its own"


def test_installed_command_line_opens_the_report_window(
    package: Path, home: Path, xvfb_display: str
) -> None:
    # 'hygiene report' is the one command with a window: the frozen CLI must carry Qt.
    with window_of(["hygiene", "report"], home, xvfb_display) as app:
        _screenshot(xvfb_display, "installed-package-report-window.png")
        assert app.poll() is None


def test_lintian_finds_no_errors(package: Path) -> None:
    done = sh("lintian", "--tag-display-limit", "0", str(package), check=False, timeout=600)
    errors = [line for line in done.stdout.splitlines() if line.startswith("E:")]
    assert errors == [], "\n".join(errors)


def test_remove_then_purge_leaves_only_what_debian_keeps(package: Path) -> None:
    files = [Path(p) for p in sh("dpkg-query", "-L", PACKAGE).stdout.splitlines() if p]
    ours = [p for p in files if "hygiene" in str(p)]
    assert ours
    sh("apt-get", "remove", "-y", "-q", PACKAGE, env=APT_ENV)
    # After 'remove' Debian keeps the configuration files IT may have edited...
    assert POLICY.is_file()
    assert not Path("/opt/hygiene-helper").exists()
    assert not Path("/usr/bin/hygiene").exists() and not Path("/usr/bin/hygiene-helper").exists()
    assert not Path("/usr/share/applications/hygiene-helper.desktop").exists()
    sh("apt-get", "purge", "-y", "-q", PACKAGE, env=APT_ENV)
    # ...and 'purge' removes those too: nothing of the package is left.
    left = [str(p) for p in ours if p.exists() or p.is_symlink()]
    assert left == []
    assert not Path("/etc/hygiene-helper").exists()
    assert not installed()
    assert list(Path("/var/lib/dpkg/info").glob(f"{PACKAGE}.*")) == []
