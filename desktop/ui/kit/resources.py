"""Finds the app's resource files (icons) wherever the app runs from.

The one place that knows where ``resources/`` is: next to the source tree when run
from a checkout, inside the bundle when frozen with PyInstaller (``sys._MEIPASS``),
or under ``share/hygiene-helper`` when installed by a package.
"""

from __future__ import annotations

import os
import sys
from functools import lru_cache
from pathlib import Path

from PySide6.QtGui import QIcon

ICON_SIZES = (16, 24, 32, 48, 64, 128, 256)
CHECKOUT_DIR = Path(__file__).resolve().parents[3] / "resources"
INSTALLED_DIR = "share/hygiene-helper/resources"


def resource_dirs() -> list[Path]:
    """Folders that may hold the resources, most specific first."""
    dirs: list[Path] = []
    override = os.environ.get("HYGIENE_HELPER_RESOURCES")
    if override:
        dirs.append(Path(override))
    bundle = getattr(sys, "_MEIPASS", None)
    if bundle:
        dirs.append(Path(bundle) / "resources")
    # A checkout: this file is desktop/ui/kit/resources.py, the folder is at the top.
    dirs.append(CHECKOUT_DIR)
    # An installed package: pyproject.toml's data-files puts the icons here.
    dirs.append(Path(sys.prefix) / INSTALLED_DIR)
    return dirs


def resource_path(name: str) -> Path | None:
    """The first existing file called ``name`` in the resource folders, or None."""
    for folder in resource_dirs():
        candidate = folder / name
        if os.path.isfile(candidate):  # False, not PermissionError, for a closed folder
            return candidate
    return None


@lru_cache(maxsize=1)
def app_icon() -> QIcon:
    """The shield-and-padlock icon in every size we ship (an empty icon if none is found)."""
    icon = QIcon()
    for size in ICON_SIZES:
        path = resource_path(f"icon-{size}.png")
        if path is not None:
            icon.addFile(str(path))
    return icon
