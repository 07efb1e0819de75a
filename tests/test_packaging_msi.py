"""The Windows MSI built by wixl: its tables carry the policy properties, the shortcut,
the autostart entry and the upgrade code, and a silent install's properties become
registry values the app accepts."""

from __future__ import annotations

import re
import subprocess
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest

from desktop.core.policy.convert import REG_DWORD, REG_MULTI_SZ, REG_SZ
from desktop.core.policy.resolve import resolve
from desktop.core.policy.schema import SCHEMA, Contact
from desktop.platform.policy_sources.windows_registry import (
    POLICY_KEY,
    DictRegistry,
    registry_reader,
)

pytestmark = [pytest.mark.packaging, pytest.mark.timeout(900)]

ROOT = Path(__file__).resolve().parents[1]
WXS = ROOT / "packaging" / "windows" / "hygiene-helper.wxs"
HKLM = "2"


def table(msi: Path, name: str) -> list[dict[str, str]]:
    text = subprocess.run(
        ["msiinfo", "export", str(msi), name], check=True, capture_output=True, text=True
    ).stdout
    lines = text.splitlines()
    columns = lines[0].split("\t")
    return [dict(zip(columns, line.split("\t"), strict=False)) for line in lines[3:] if line]


def properties(msi: Path) -> dict[str, str]:
    return {row["Property"]: row["Value"] for row in table(msi, "Property")}


def _msi_property_names() -> dict[str, str]:
    """Registry value name -> the property whose value it takes, read from the MSI source."""
    fragment = ROOT / "packaging" / "windows" / "policy-properties.wxs"
    names = {}
    for value in (
        ET.parse(fragment).getroot().iter("{http://schemas.microsoft.com/wix/2006/wi}RegistryValue")
    ):
        match = re.fullmatch(r"\[(\w+)\]", value.attrib["Value"])
        if match:
            names[value.attrib["Name"]] = match.group(1)
    return names


def test_every_policy_key_has_a_conditional_hklm_value(msi_file: Path) -> None:
    registry = [r for r in table(msi_file, "Registry") if r["Key"] == POLICY_KEY]
    components = {r["Component"]: r for r in table(msi_file, "Component")}
    secure = properties(msi_file)["SecureCustomProperties"].split(";")
    by_name = {r["Name"]: r for r in registry if not r["Component_"].endswith("REPORT_EMAIL")}
    assert set(by_name) == {k.name for k in SCHEMA}
    for spec in SCHEMA:
        row = by_name[spec.name]
        assert row["Root"] == HKLM
        prop = re.fullmatch(r"#?\[(\w+)\]", row["Value"])
        assert prop, row
        # Written only when IT gives the property, and passed to the elevated install.
        component = components[row["Component_"]]
        assert component["Condition"] == prop.group(1)
        assert int(component["Attributes"]) & 64, "policy components must be transitive"
        assert prop.group(1) in secure
        # Numbers and true/false become REG_DWORD ('#' in the Registry table).
        assert row["Value"].startswith("#") == (spec.kind in ("int", "bool"))


def test_issue_example_properties_exist(msi_file: Path) -> None:
    names = set(_msi_property_names().values())
    assert {"MIN_LENGTH", "HIBP_URL"} <= names
    email = [r for r in table(msi_file, "Registry") if "[REPORT_EMAIL]" in r["Value"]]
    assert len(email) == 1 and email[0]["Name"] == "report_contacts"


def test_start_menu_shortcut_and_autostart(msi_file: Path) -> None:
    shortcuts = table(msi_file, "Shortcut")
    assert len(shortcuts) == 1
    shortcut = shortcuts[0]
    assert shortcut["Directory_"] == "ProgramMenuFolder"
    assert shortcut["Name"] == "Hygiene Helper"
    assert shortcut["Target"] == "[INSTALLDIR]hygiene-helper.exe"
    run = [
        r
        for r in table(msi_file, "Registry")
        if r["Key"] == r"SOFTWARE\Microsoft\Windows\CurrentVersion\Run"
    ]
    assert len(run) == 1 and run[0]["Root"] == HKLM
    assert run[0]["Value"] == '"[INSTALLDIR]hygiene-helper.exe"'


def test_event_log_source_for_posture_changes(msi_file: Path) -> None:
    key = r"SYSTEM\CurrentControlSet\Services\EventLog\Application\Hygiene Helper"
    values = {r["Name"]: r for r in table(msi_file, "Registry") if r["Key"] == key}
    assert set(values) == {"EventMessageFile", "TypesSupported"}
    assert all(r["Root"] == HKLM for r in values.values())
    assert values["EventMessageFile"]["Value"].endswith(r"\EventLogMessages.dll")
    assert values["TypesSupported"]["Value"] == "#7"


def test_per_machine_major_upgrade_with_fixed_upgrade_code(msi_file: Path) -> None:
    source_code = (
        ET.parse(WXS)
        .getroot()
        .find("{http://schemas.microsoft.com/wix/2006/wi}Product")
        .attrib["UpgradeCode"]
    )
    props = properties(msi_file)
    assert props["UpgradeCode"] == "{" + source_code.upper() + "}"
    assert props["ALLUSERS"] == "1"
    upgrade = table(msi_file, "Upgrade")
    assert {r["UpgradeCode"] for r in upgrade} == {props["UpgradeCode"]}
    # One row finds older versions to remove, one stops a downgrade.
    assert {r["ActionProperty"] for r in upgrade} == {
        "WIX_UPGRADE_DETECTED",
        "WIX_DOWNGRADE_DETECTED",
    }
    actions = {r["Action"] for r in table(msi_file, "InstallExecuteSequence")}
    assert "RemoveExistingProducts" in actions


def test_payload_files_are_in_the_package(msi_file: Path, frozen_app: Path) -> None:
    names = {r["FileName"].split("|")[-1] for r in table(msi_file, "File")}
    # The stand-in payload is the Linux build: the programs have no .exe here.
    assert {"hygiene", "hygiene-helper"} <= names
    count = sum(1 for p in frozen_app.rglob("*") if p.is_file() and not p.is_symlink())
    assert len(table(msi_file, "File")) == count


def _silent_install(msi: Path, given: dict[str, str]) -> DictRegistry:
    """What Windows Installer writes for these properties, following the MSI's tables."""
    components = {r["Component"]: r for r in table(msi, "Component")}
    values = []
    for row in table(msi, "Registry"):
        if row["Key"] != POLICY_KEY:
            continue
        condition = components[row["Component_"]]["Condition"]
        words = condition.split()
        wanted = words[0] in given and not (len(words) == 4 and words[3] in given)
        if not wanted:
            continue
        text = re.sub(r"\[(\w+)\]", lambda m: given.get(m.group(1), ""), row["Value"])
        if text.startswith("#"):
            values.append((row["Name"], REG_DWORD, int(text[1:])))
        elif "[~]" in text:
            values.append((row["Name"], REG_MULTI_SZ, text.split("[~]")))
        else:
            values.append((row["Name"], REG_SZ, text))
    return DictRegistry({POLICY_KEY: values})


def test_silent_install_properties_become_policy(msi_file: Path) -> None:
    given = {
        "MIN_LENGTH": "12",
        "REPORT_EMAIL": "servicedesk@example.org",
        "HIBP_URL": "https://pwned.example.org/range/",
        "SMTP_STARTTLS": "0",
    }
    effective = resolve(
        None, None, extra_managed=(registry_reader(_silent_install(msi_file, given)),)
    )
    assert effective.problems == ()
    p = effective.policy
    assert p.min_length == 12
    assert p.hibp_api_url == "https://pwned.example.org/range/"
    assert p.smtp_starttls is False
    assert p.report_contacts[0] == Contact("IT service desk", "", "servicedesk@example.org")
    assert len(p.report_contacts) == 3
    assert effective.is_managed("min_length") and not effective.is_managed("max_length")


def test_report_contacts_property_wins_over_report_email(msi_file: Path) -> None:
    given = {
        "REPORT_EMAIL": "a@example.org",
        "REPORT_CONTACTS": "IT||it@example.org; DPO|Ann|dpo@example.org",
    }
    effective = resolve(
        None, None, extra_managed=(registry_reader(_silent_install(msi_file, given)),)
    )
    assert effective.policy.report_contacts == (
        Contact("IT", "", "it@example.org"),
        Contact("DPO", "Ann", "dpo@example.org"),
    )
