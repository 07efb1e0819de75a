"""The heavy parts load when first needed, not with the app (memory: see
bench/bench_memory.py). Each case imports in a fresh interpreter and lists what came
with it; a module-level import added back to one of these paths fails here."""

from __future__ import annotations

import json
import os
import subprocess
import sys

import pytest

from tests.cli_helpers import ROOT

HEAVY = (
    "keyring",  # about 13 MiB alone: the history store asks for it on first use
    "cryptography",  # Argon2id, on the first derivation
    "smtplib",  # sending a report
    "email",  # building a report
    "requests",  # the online breach check
    "zxcvbn",  # the Python scorer and its dictionaries (the Rust port is used)
    "desktop.ui.report.wizard",  # opened from the tray
)


def loaded_with(module: str) -> set[str]:
    code = (
        "import importlib, json, sys\n"
        f"importlib.import_module({module!r})\n"
        "print(json.dumps(sorted(sys.modules)))\n"
    )
    done = subprocess.run(
        [sys.executable, "-c", code],
        cwd=ROOT,
        env={**os.environ, "QT_QPA_PLATFORM": "offscreen"},
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert done.returncode == 0, done.stderr
    return set(json.loads(done.stdout.splitlines()[-1]))


@pytest.mark.parametrize(
    "module",
    [
        "desktop.wiring.gui",  # the tray app and its windows
        "desktop.core.history",
        "desktop.core.device",
        "desktop.core.report.files",
    ],
)
def test_importing_loads_none_of_the_heavy_parts(module: str) -> None:
    loaded = loaded_with(module)
    assert not {h for h in HEAVY if h in loaded}, module
