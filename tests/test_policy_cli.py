"""``hygiene policy show`` / ``hygiene policy check`` run as real commands."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]


def hygiene(*args: str, home: Path) -> subprocess.CompletedProcess[str]:
    """Run the command with its own home, so nobody's real settings are read."""
    env = dict(os.environ)
    env.update(
        {"HOME": str(home), "XDG_CONFIG_HOME": str(home / ".config"), "PYTHONPATH": str(ROOT)}
    )
    return subprocess.run(
        [sys.executable, "-m", "desktop", *args],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=60,
        stdin=subprocess.DEVNULL,
    )


@pytest.fixture
def home(tmp_path: Path) -> Path:
    (tmp_path / "home").mkdir()
    return tmp_path / "home"


def _save_user_settings(home: Path, values: dict[str, object]) -> None:
    folder = home / ".config" / "hygiene-helper"
    folder.mkdir(parents=True)
    (folder / "settings.json").write_text(json.dumps(values), encoding="utf-8")


def _line(out: str, key: str) -> str:
    return next(line for line in out.splitlines() if line.startswith(key + " "))


def test_show_lists_every_key_with_value_and_source(tmp_path: Path, home: Path) -> None:
    policy = tmp_path / "policy.toml"
    policy.write_text(
        "min_length = 12\nnudge_after = 30\n"
        'report_contacts = [{role = "IT", email = "it@example.org"}]\n',
        encoding="utf-8",
    )
    _save_user_settings(home, {"nudge_after": 600, "reminders_enabled": False})
    done = hygiene("policy", "show", "--policy", str(policy), home=home)
    assert done.returncode == 0, done.stderr
    out = done.stdout
    assert f"Managed policy sources: {policy}" in out
    assert _line(out, "min_length").split()[1] == "12"
    assert _line(out, "min_length").endswith(f"managed ({policy})")
    # The person chose 600 seconds, but the managed file wins.
    assert _line(out, "nudge_after").split()[1] == "30"
    assert _line(out, "reminders_enabled").split()[1] == "false"
    assert _line(out, "reminders_enabled").endswith("your settings")
    assert _line(out, "max_length").endswith("default")
    assert "IT <it@example.org>" in _line(out, "report_contacts")


def test_show_json_has_every_schema_key(tmp_path: Path, home: Path) -> None:
    from desktop.core.policy.schema import SCHEMA

    policy = tmp_path / "policy.toml"
    policy.write_text("breach_check = 'off'\n", encoding="utf-8")
    done = hygiene("policy", "show", "--json", "--policy", str(policy), home=home)
    assert done.returncode == 0, done.stderr
    data = json.loads(done.stdout)
    assert [s["key"] for s in data["settings"]] == [k.name for k in SCHEMA]
    by_key = {s["key"]: s for s in data["settings"]}
    assert by_key["breach_check"] == {
        "key": "breach_check",
        "value": "off",
        "origin": "managed",
        "source": f"managed ({policy})",
    }
    assert by_key["min_length"]["origin"] == "default"


def test_show_with_faulty_policy_warns_and_uses_defaults(tmp_path: Path, home: Path) -> None:
    policy = tmp_path / "policy.toml"
    policy.write_text("min_length = 'twelve'\n", encoding="utf-8")
    done = hygiene("policy", "show", "--policy", str(policy), home=home)
    assert done.returncode == 0
    assert "min_length" in done.stderr and "built-in defaults" in done.stderr
    assert "Traceback" not in done.stderr
    assert _line(done.stdout, "min_length").split()[1] == "10"


def test_show_with_missing_explicit_file_is_a_usage_error(tmp_path: Path, home: Path) -> None:
    done = hygiene("policy", "show", "--policy", str(tmp_path / "nope.toml"), home=home)
    assert done.returncode == 2
    assert "no such policy file" in done.stderr


def test_check_accepts_a_valid_file(tmp_path: Path, home: Path) -> None:
    policy = tmp_path / "policy.toml"
    policy.write_text("min_length = 14\nallow_pause = false\n", encoding="utf-8")
    done = hygiene("policy", "check", str(policy), home=home)
    assert done.returncode == 0, done.stdout + done.stderr
    assert "VALID" in done.stdout and "allow_pause, min_length" in done.stdout


@pytest.mark.parametrize(
    ("text", "words"),
    [
        ("min_length = 7\n", ["'min_length' must be a whole number from 8 to 64", "7"]),
        ("min_lenght = 12\n", ["'min_lenght' is not a policy key"]),
        ("breach_check = 'sometimes'\n", ["'breach_check' must be one of", '"online"']),
        ("min_length = [\n", ["is not valid TOML"]),
    ],
)
def test_check_rejects_with_file_key_and_expectation(
    tmp_path: Path, home: Path, text: str, words: list[str]
) -> None:
    policy = tmp_path / "policy.toml"
    policy.write_text(text, encoding="utf-8")
    done = hygiene("policy", "check", str(policy), home=home)
    assert done.returncode == 1
    assert "NOT VALID" in done.stdout and str(policy) in done.stdout
    for word in words:
        assert word in done.stdout
    assert "Traceback" not in done.stdout + done.stderr


def test_check_missing_file_is_invalid_not_a_crash(tmp_path: Path, home: Path) -> None:
    done = hygiene("policy", "check", str(tmp_path / "nope.toml"), home=home)
    assert done.returncode == 1
    assert "cannot be read" in done.stdout


def test_check_reads_macos_profiles(tmp_path: Path, home: Path) -> None:
    done = hygiene(
        "policy", "check", str(ROOT / "packaging/macos/hygiene-helper.mobileconfig"), home=home
    )
    assert done.returncode == 0, done.stdout
    assert "min_length" in done.stdout


def test_check_shipped_linux_policy_file_is_valid(home: Path) -> None:
    # The conffile installed by the .deb must never break the app it configures.
    done = hygiene("policy", "check", str(ROOT / "packaging/linux/policy.toml"), home=home)
    assert done.returncode == 0, done.stdout
    assert "sets nothing" in done.stdout
