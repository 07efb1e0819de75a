"""IT's ready-made pieces, run where they can run here and pinned where they cannot.

- Intune, Linux: the real discovery script runs against a document the real
  ``hygiene device`` wrote, and its one line covers every rule's setting and type.
- Intune rules: Intune's limits (100 rules, 100 KB) and the en_US strings it needs.
- Fleet: each policy query runs in SQLite against real documents. SQLite has neither
  osquery's ``file`` table nor fleetd's ``parse_json`` table, so the test fills plain
  tables of the same names and columns with what those tables return for the files
  (path; path, fullkey, parent, key, value as text). That is a stand-in for the two
  tables; the query text itself is what Fleet runs.
- Jamf (macOS) and PowerShell (Windows) cannot run here: their output is pinned against
  recorded documents. The Jamf scripts do run, under sh, with a stand-in for macOS's
  plutil that reads the real plist the app writes.
"""

from __future__ import annotations

import importlib.util
import json
import os
import re
import sqlite3
import subprocess
import sys
from pathlib import Path
from types import ModuleType

import pytest

from desktop.core.device import DeviceStatus
from desktop.core.posture.document import flat_fields
from desktop.core.posture.fields import CHECK_WORDS
from desktop.platform.posture.plist import PlistMirror
from tests.cli_helpers import run_hygiene
from tests.posture_helpers import IT, ROOT, document, every_status_report, real_reports

DATA = ROOT / "tests" / "data" / "posture"


def _generator() -> ModuleType:
    """packaging/ is not a package (the name is PyPI's), so load the script by path."""
    spec = importlib.util.spec_from_file_location(
        "generate_posture", ROOT / "packaging" / "generate_posture.py"
    )
    assert spec and spec.loader
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


GENERATOR = _generator()
FLEET_PATHS: dict[str, str] = GENERATOR.FLEET_PATHS
jamf_script = GENERATOR.jamf_script
INTUNE_TYPES = {"Boolean": bool, "Int64": int, "Double": float, "String": str}
INTUNE_OPERATORS = {
    "IsEquals",
    "NotEquals",
    "GreaterThan",
    "GreaterEquals",
    "LessThan",
    "LessEquals",
}


def rules() -> list[dict[str, object]]:
    return json.loads((IT / "intune" / "rules.json").read_text(encoding="utf-8"))["Rules"]


def discover_linux(env: dict[str, str]) -> str:
    result = subprocess.run(
        ["sh", str(IT / "intune" / "linux-discovery.sh")],
        capture_output=True,
        text=True,
        env={"PATH": os.environ["PATH"], **env},
        timeout=30,
    )
    assert result.returncode == 0, result.stderr
    return result.stdout


def test_linux_discovery_prints_the_real_document_as_one_line(tmp_path: Path) -> None:
    state = tmp_path / "state"
    made = run_hygiene("device", "--json", env={"XDG_STATE_HOME": str(state)}, timeout=60)
    assert made.returncode in (0, 1), made.stderr
    assert (state / "hygiene-helper" / "posture.json").exists()
    out = discover_linux({"HOME": str(tmp_path), "XDG_STATE_HOME": str(state)})
    assert out.count("\n") == 1 and out.endswith("\n")
    found = json.loads(out)
    printed = json.loads(made.stdout)
    assert found == {k: v for k, v in printed.items() if k != "checks"}
    for rule in rules():
        name, kind = str(rule["SettingName"]), str(rule["DataType"])
        assert name in found, name
        assert type(found[name]) is INTUNE_TYPES[kind], (name, found[name], kind)


def test_linux_discovery_without_a_document_makes_every_rule_fail(tmp_path: Path) -> None:
    out = discover_linux({"HOME": str(tmp_path), "XDG_STATE_HOME": "relative/ignored"})
    assert json.loads(out) == {"schema": 0}
    # With no XDG_STATE_HOME, the XDG default under HOME is read.
    doc = document(real_reports()["passing"])
    target = tmp_path / ".local" / "state" / "hygiene-helper" / "posture.json"
    target.parent.mkdir(parents=True)
    target.write_text(json.dumps(doc), encoding="utf-8")
    assert json.loads(discover_linux({"HOME": str(tmp_path)}))["firewall_compliant"] is True


def test_linux_discovery_prints_one_line_when_home_is_unset() -> None:
    # No HOME and no XDG_STATE_HOME (a bare service context): the home folder comes from
    # the account database; either way exactly one line of JSON is printed.
    out = discover_linux({})
    assert out.count("\n") == 1
    assert isinstance(json.loads(out), dict)


def test_intune_rules_within_intunes_limits_with_en_us_strings() -> None:
    path = IT / "intune" / "rules.json"
    assert path.stat().st_size <= 100 * 1024
    found = rules()
    assert 0 < len(found) <= 100
    assert {r["SettingName"] for r in found} == {f"{c}_compliant" for c in CHECK_WORDS}
    for rule in found:
        assert set(rule) == {
            "SettingName",
            "Operator",
            "DataType",
            "Operand",
            "MoreInfoUrl",
            "RemediationStrings",
        }
        assert rule["Operator"] in INTUNE_OPERATORS and rule["DataType"] in INTUNE_TYPES
        assert type(rule["Operand"]) is INTUNE_TYPES[str(rule["DataType"])]
        assert str(rule["MoreInfoUrl"]).startswith("https://")
        strings = rule["RemediationStrings"]
        assert isinstance(strings, list)
        en_us = [s for s in strings if s["Language"] == "en_US"]
        assert en_us and en_us[0]["Title"] and en_us[0]["Description"]


def test_windows_discovery_output_is_pinned_against_a_recorded_document() -> None:
    script = (IT / "intune" / "windows-discovery.ps1").read_text(encoding="utf-8")
    last = [line for line in script.splitlines() if line.strip()][-1]
    assert last.endswith("| ConvertTo-Json -Compress")
    assert "HygieneHelper\\posture.json" in script and "-ne 'checks'" in script
    recorded = json.loads((DATA / "windows-recorded.json").read_text(encoding="utf-8"))
    expected_text = (DATA / "windows-discovery.expected.json").read_text(encoding="utf-8")
    expected = json.loads(expected_text)
    assert expected_text.count("\n") == 1
    assert expected == {k: v for k, v in recorded.items() if k != "checks"}
    for rule in rules():
        name = str(rule["SettingName"])
        assert type(expected[name]) is INTUNE_TYPES[str(rule["DataType"])], name
    assert expected["screen_lock_compliant"] is False and expected["system"] == "windows"


# --- Fleet ------------------------------------------------------------------------------


def fleet_queries() -> dict[str, str]:
    text = (IT / "fleet" / "policies.yml").read_text(encoding="utf-8")
    names = re.findall(r"^  name: 'Hygiene Helper: (.+)'$", text, re.M)
    queries = [json.loads(q) for q in re.findall(r'^  query: (".*")$', text, re.M)]
    assert len(names) == len(queries) == len(CHECK_WORDS)
    return dict(zip(CHECK_WORDS, queries, strict=True))


def _text(value: object) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    return "" if value is None else str(value)


def host(docs: dict[str, dict[str, object]]) -> sqlite3.Connection:
    """A host's osquery ``file`` and fleetd ``parse_json`` rows for these documents."""
    db = sqlite3.connect(":memory:")
    db.execute("CREATE TABLE file (path TEXT)")
    db.execute(
        "CREATE TABLE parse_json (path TEXT, fullkey TEXT, parent TEXT, key TEXT, value TEXT)"
    )
    for path, doc in docs.items():
        db.execute("INSERT INTO file VALUES (?)", (path,))
        for key, value in doc.items():
            if key == "checks":
                continue
            db.execute(
                "INSERT INTO parse_json VALUES (?, ?, '', ?, ?)", (path, key, key, _text(value))
            )
    return db


LINUX = FLEET_PATHS["linux"].replace("%", "ann")
LINUX_2 = FLEET_PATHS["linux"].replace("%", "bob")
MAC = FLEET_PATHS["darwin"].replace("%", "ann")
WIN = FLEET_PATHS["windows"].replace("%", "ann")


@pytest.mark.parametrize("path", [LINUX, MAC, WIN])
def test_fleet_policy_returns_one_for_pass_and_nothing_for_fail(path: str) -> None:
    passing = document(every_status_report(DeviceStatus.PASS))
    failing = document(every_status_report(DeviceStatus.FAIL))
    unknown = document(every_status_report(DeviceStatus.UNKNOWN))
    for check, query in fleet_queries().items():
        assert host({path: passing}).execute(query).fetchall() == [(1,)], check
        assert host({path: failing}).execute(query).fetchall() == [], check
        assert host({path: unknown}).execute(query).fetchall() == [], check  # never a pass
        assert host({}).execute(query).fetchall() == [], check  # no document, no pass


def test_fleet_policy_fails_when_any_person_on_the_host_fails() -> None:
    real = document(real_reports()["failing"])
    fine = document(real_reports()["passing"])
    query = fleet_queries()["firewall"]
    assert host({LINUX: fine, LINUX_2: real}).execute(query).fetchall() == []
    assert host({LINUX: fine, LINUX_2: fine}).execute(query).fetchall() == [(1,)]
    assert "FROM parse_json" in query and "FROM file" in query


# --- Jamf --------------------------------------------------------------------------------

PLUTIL = """\
import plistlib, sys
# Stand-in for macOS plutil: only "-extract KEY raw -o - FILE", printing the value as
# plutil does (true/false for booleans), exit 1 when the key is missing.
args = sys.argv[1:]
assert args[0] == "-extract" and args[2] == "raw" and args[3:5] == ["-o", "-"], args
data = plistlib.load(open(args[5], "rb"))
if args[1] not in data:
    sys.exit(1)
v = data[args[1]]
print(("true" if v else "false") if isinstance(v, bool) else v)
"""


def test_jamf_attributes_print_the_pinned_results_from_a_recorded_plist(tmp_path: Path) -> None:
    recorded = json.loads((DATA / "macos-recorded.json").read_text(encoding="utf-8"))
    plist = tmp_path / "posture.plist"
    PlistMirror(plist).publish(flat_fields(recorded))
    plutil = tmp_path / "plutil"
    plutil.write_text(f"#!{sys.executable}\n{PLUTIL}", encoding="utf-8")
    plutil.chmod(0o755)
    pinned = (DATA / "jamf-expected.txt").read_text(encoding="utf-8").splitlines()
    got = []
    for check in CHECK_WORDS:
        script = IT / "jamf" / f"{check}.sh"
        assert script.read_text(encoding="utf-8") == jamf_script(check)
        env = {"PATH": "/usr/bin:/bin", "PLUTIL": str(plutil), "HYGIENE_POSTURE_PLIST": str(plist)}
        out = subprocess.run(
            ["sh", str(script)], capture_output=True, text=True, env=env, timeout=30
        )
        assert out.returncode == 0, out.stderr
        got.append(f"{check} {out.stdout.strip()}")
    assert got == pinned
    missing = {"PATH": "/usr/bin:/bin", "HYGIENE_POSTURE_PLIST": str(tmp_path / "none")}
    out = subprocess.run(
        ["sh", str(IT / "jamf" / "firewall.sh")], capture_output=True, text=True, env=missing
    )
    assert out.stdout.strip() == "<result>no document</result>"


def test_generated_it_files_are_current() -> None:
    result = subprocess.run(
        [sys.executable, str(ROOT / "packaging" / "generate_posture.py"), "--check"],
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert result.returncode == 0, result.stderr
