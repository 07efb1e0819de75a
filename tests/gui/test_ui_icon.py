"""The app icon is found wherever the app runs from: a checkout, an installed package, the
frozen bundle. A missing icon leaves the tray icon blank, which a person cannot click."""

from __future__ import annotations

import sys
import tomllib
from pathlib import Path

import pytest
from PySide6.QtGui import QIcon

from desktop.ui.kit import resources

pytestmark = [pytest.mark.gui, pytest.mark.usefixtures("qapp")]

ROOT = Path(__file__).resolve().parents[2]


def test_icon_is_found_from_the_checkout() -> None:
    path = resources.resource_path("icon-32.png")
    assert path is not None and path.parent == ROOT / "resources"
    resources.app_icon.cache_clear()
    icon = resources.app_icon()
    assert not icon.isNull()
    assert len(icon.availableSizes()) == len(resources.ICON_SIZES)


def test_installed_package_puts_the_icons_where_they_are_looked_for() -> None:
    config = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))
    data_files = config["tool"]["setuptools"]["data-files"]
    assert data_files[resources.INSTALLED_DIR] == ["resources/icon-*.png"]
    assert Path(sys.prefix) / resources.INSTALLED_DIR in resources.resource_dirs()
    shipped = sorted(p.name for p in (ROOT / "resources").glob("icon-*.png"))
    assert shipped == sorted(f"icon-{n}.png" for n in resources.ICON_SIZES)


def test_frozen_bundle_icons_come_first(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    # PyInstaller sets sys._MEIPASS to the unpacked bundle; the spec puts icons in
    # "resources" there. The bundle's copy wins over any other.
    bundled = tmp_path / "resources"
    bundled.mkdir()
    (bundled / "icon-16.png").write_bytes((ROOT / "resources" / "icon-16.png").read_bytes())
    monkeypatch.setattr(sys, "_MEIPASS", str(tmp_path), raising=False)
    assert resources.resource_path("icon-16.png") == bundled / "icon-16.png"
    assert not QIcon(str(bundled / "icon-16.png")).isNull()
