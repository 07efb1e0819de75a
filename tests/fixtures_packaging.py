"""Fixtures for the installer tests: the frozen app, the .deb and the MSI, built once.

Building takes a minute or two and installing the .deb changes the machine, so these
tests run when CI=true or HYGIENE_PACKAGE_TESTS=1 (run them alone with
``pytest -m packaging``). In CI a missing tool fails the run instead of skipping it.
Builds are cached under build/ by a hash of their inputs, so a second run is quick.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.xserver import XvfbError, start_xvfb, stop

ROOT = Path(__file__).resolve().parents[1]
IN_CI = os.environ.get("CI") == "true"


def packaging_enabled() -> bool:
    return IN_CI or os.environ.get("HYGIENE_PACKAGE_TESTS") == "1"


def require_packaging(*tools: str) -> None:
    """Skip (or, in CI, fail) unless packaging tests are on and the tools exist."""
    if not packaging_enabled():
        pytest.skip("installer tests build and install packages: set HYGIENE_PACKAGE_TESTS=1")
    missing = [t for t in tools if shutil.which(t) is None]
    if missing:
        message = f"missing tools for the installer tests: {', '.join(missing)}"
        if IN_CI:
            pytest.fail(message + " (scripts/setup.sh installs them)")
        pytest.skip(message)


def run_script(*args: str, timeout: float = 900) -> subprocess.CompletedProcess[str]:
    env = dict(os.environ, PYTHON=sys.executable)
    done = subprocess.run(
        ["bash", *args], cwd=ROOT, env=env, capture_output=True, text=True, timeout=timeout
    )
    if done.returncode != 0:
        pytest.fail(f"{' '.join(args)} failed:\n{done.stdout[-3000:]}\n{done.stderr[-3000:]}")
    return done


def _version() -> str:
    sys.path.insert(0, str(ROOT))
    from desktop import __version__

    return __version__


@pytest.fixture(scope="session")
def frozen_app() -> Path:
    """The PyInstaller one-folder app (build/frozen/hygiene-helper)."""
    require_packaging()
    try:
        import PyInstaller  # noqa: F401
    except ImportError:
        message = "PyInstaller is not installed (pip install -e '.[package]')"
        if IN_CI:
            pytest.fail(message)
        pytest.skip(message)
    run_script("packaging/build-frozen.sh")
    folder = ROOT / "build" / "frozen" / "hygiene-helper"
    assert (folder / "hygiene").is_file() and (folder / "hygiene-helper").is_file()
    return folder


@pytest.fixture(scope="session")
def deb_file(frozen_app: Path) -> Path:
    require_packaging("dpkg-deb", "dpkg-shlibdeps")
    run_script("packaging/linux/build-deb.sh")
    arch = subprocess.run(
        ["dpkg", "--print-architecture"], capture_output=True, text=True, check=True
    ).stdout.strip()
    deb = ROOT / "dist" / f"hygiene-helper_{_version()}_{arch}.deb"
    assert deb.is_file()
    return deb


@pytest.fixture(scope="session")
def msi_file(frozen_app: Path) -> Path:
    require_packaging("wixl", "wixl-heat", "msiinfo", "msibuild")
    run_script("packaging/windows/build-msi.sh")
    msi = ROOT / "dist" / f"hygiene-helper-{_version()}.msi"
    assert msi.is_file()
    return msi


@pytest.fixture
def xvfb_display() -> Iterator[str]:
    """A private Xvfb server on a display number it picks itself; yields its DISPLAY value."""
    if shutil.which("Xvfb") is None:
        if IN_CI:
            pytest.fail("Xvfb is missing (scripts/setup.sh installs it)")
        pytest.skip("Xvfb is missing")
    try:
        proc, display = start_xvfb("1280x900x24")
    except XvfbError as exc:
        pytest.fail(str(exc))
    try:
        yield display
    finally:
        stop(proc)
