"""Shared test set-up. Each area keeps its fixtures in its own tests/fixtures_*.py module,
listed here, so that parallel work does not collide in one file.

Tests that need Qt live in ``tests/gui/`` and are marked ``gui``. When the mark
expression leaves them out (``pytest -m "not gui"``), they are not even collected and
pytest-qt is switched off before it loads a Qt binding, so the core runs, and is proven
to run, without PySide6: the session fails if anything imported it anyway.
"""

from __future__ import annotations

import os
import sys
import tempfile
from pathlib import Path
from typing import Any

import pytest
from _pytest.mark.expression import Expression
from hypothesis import settings as hypothesis_settings

# Generated cases are the same on every run (a suite that passes once passes again),
# and nothing is read from or written to an example database in the checkout.
hypothesis_settings.register_profile("repeatable", derandomize=True, database=None)
hypothesis_settings.load_profile("repeatable")

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
# The app writes IT's posture document under the state folder and sends journal records:
# keep both away from the machine running the tests.
os.environ["XDG_STATE_HOME"] = tempfile.mkdtemp(prefix="hygiene-test-state-")
os.environ["HYGIENE_JOURNAL_SOCKET"] = os.path.join(os.environ["XDG_STATE_HOME"], "no-journal")
# The tests read the English words; the machine's own language must not change them (a
# test of another language passes it to the root or to the child process it starts).
os.environ["LANGUAGE"] = "en"

pytest_plugins: list[str] = [
    "tests.fixtures_smtp",
    "tests.fixtures_keyring",
    "tests.fixtures_breach",
    "tests.fixtures_packaging",
    "tests.fixtures_device",
    "tests.fixtures_i18n",
]

GUI_DIR = Path(__file__).parent / "gui"
_QT_WANTED = True


def _gui_selected(markexpr: str) -> bool:
    """Would a test marked only ``gui`` be selected by ``-m markexpr``?"""
    if not markexpr:
        return True
    return Expression.compile(markexpr).evaluate(lambda name: name == "gui")


def pytest_addoption(parser: pytest.Parser, pluginmanager: pytest.PytestPluginManager) -> None:
    # Runs while this conftest is registered, after the command line was first read and
    # before any plugin's pytest_configure: the last moment pytest-qt can be kept from
    # importing Qt.
    global _QT_WANTED
    config = pluginmanager.get_plugin("pytestconfig")
    markexpr = getattr(getattr(config, "known_args_namespace", None), "markexpr", "") or ""
    _QT_WANTED = _gui_selected(markexpr)
    if not _QT_WANTED:
        plugin = pluginmanager.get_plugin("pytest-qt")
        if plugin is not None:
            pluginmanager.unregister(plugin)


def pytest_ignore_collect(collection_path: Path, config: pytest.Config) -> bool | None:
    if not _QT_WANTED and GUI_DIR in (collection_path, *collection_path.parents):
        return True
    return None


def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    for item in items:
        if GUI_DIR in item.path.parents:
            item.add_marker(pytest.mark.gui)


def pytest_sessionfinish(session: pytest.Session, exitstatus: Any) -> None:
    if not _QT_WANTED:
        loaded = sorted(m for m in sys.modules if m == "PySide6" or m.startswith("PySide6."))
        if loaded:
            print(f"\nA core-only run imported Qt: {', '.join(loaded[:5])}", file=sys.stderr)
            session.exitstatus = pytest.ExitCode.TESTS_FAILED
