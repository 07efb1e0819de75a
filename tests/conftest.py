"""Shared test set-up. Each area keeps its fixtures in its own tests/fixtures_*.py module,
listed here, so that parallel work does not collide in one file."""

import os

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

pytest_plugins: list[str] = [
    "tests.fixtures_smtp",
    "tests.fixtures_keyring",
    "tests.fixtures_breach",
    "tests.fixtures_ui",
    "tests.fixtures_packaging",
    "tests.fixtures_device",
]
