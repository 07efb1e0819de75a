"""The IT-facing policy files agree with the schema: Group Policy templates, the Linux
policy.toml and the IT page's table. A key added to the schema and forgotten in one of
them fails here."""

from __future__ import annotations

import re
import subprocess
import sys
import tomllib
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest

from desktop.core.policy.convert import REG_DWORD, REG_MULTI_SZ, REG_SZ
from desktop.core.policy.schema import SCHEMA, Key, Policy, validate
from desktop.platform.policy_sources.windows_registry import (
    POLICY_KEY,
    DictRegistry,
    read_registry_policy,
)

ROOT = Path(__file__).resolve().parents[1]
WINDOWS = ROOT / "packaging" / "windows"
NS = "{http://schemas.microsoft.com/GroupPolicy/2006/07/PolicyDefinitions}"
ADML_FILES = [WINDOWS / "en-GB" / "HygieneHelper.adml", WINDOWS / "en-US" / "HygieneHelper.adml"]


def _parse(path: Path) -> ET.Element:
    return ET.parse(path).getroot()


@pytest.fixture(scope="module")
def admx_policies() -> dict[str, ET.Element]:
    root = _parse(WINDOWS / "HygieneHelper.admx")
    return {p.attrib["name"]: p for p in root.iter(f"{NS}policy")}


def _value_name(policy: ET.Element) -> str:
    if "valueName" in policy.attrib:
        return policy.attrib["valueName"]
    elements = policy.find(f"{NS}elements")
    assert elements is not None and len(elements) == 1
    return elements[0].attrib["valueName"]


def test_admx_covers_every_key_once(admx_policies: dict[str, ET.Element]) -> None:
    written = sorted(_value_name(p) for p in admx_policies.values())
    assert written == sorted(k.name for k in SCHEMA)
    for policy in admx_policies.values():
        assert policy.attrib["key"] == POLICY_KEY
        assert policy.attrib["class"] == "Machine"


def test_admx_element_types_match_the_schema(admx_policies: dict[str, ET.Element]) -> None:
    for spec in SCHEMA:
        policy = admx_policies[spec.name]
        elements = policy.find(f"{NS}elements")
        if spec.kind == "bool":
            assert elements is None
            on = policy.find(f"{NS}enabledValue/{NS}decimal")
            off = policy.find(f"{NS}disabledValue/{NS}decimal")
            assert (on.attrib["value"], off.attrib["value"]) == ("1", "0")  # type: ignore[union-attr]
            continue
        assert elements is not None
        element = elements[0]
        tag = element.tag.removeprefix(NS)
        if spec.kind == "int":
            assert tag == "decimal"
            assert int(element.attrib["minValue"]) == (spec.minimum or 0)
            assert int(element.attrib["maxValue"]) == spec.maximum
        elif spec.kind == "choice":
            assert tag == "enum"
            values = [v.text for v in element.iter(f"{NS}string")]
            assert tuple(values) == spec.choices
        elif spec.kind in ("words", "contacts"):
            assert tag == "multiText"
        else:
            assert tag == "text"


@pytest.mark.parametrize("adml_path", ADML_FILES, ids=lambda p: p.parent.name)
def test_adml_defines_every_string_and_presentation(adml_path: Path) -> None:
    admx_text = (WINDOWS / "HygieneHelper.admx").read_text(encoding="utf-8")
    adml = _parse(adml_path)
    strings = {s.attrib["id"]: s.text or "" for s in adml.iter(f"{NS}string")}
    presentations = {p.attrib["id"]: p for p in adml.iter(f"{NS}presentation")}
    for ref in re.findall(r"\$\(string\.(\w+)\)", admx_text):
        assert strings.get(ref, "").strip(), f"string {ref} is missing or empty"
    admx = _parse(WINDOWS / "HygieneHelper.admx")
    for policy in admx.iter(f"{NS}policy"):
        ref = re.fullmatch(r"\$\(presentation\.(\w+)\)", policy.attrib.get("presentation", ""))
        elements = policy.find(f"{NS}elements")
        if elements is None:
            continue
        assert ref, f"{policy.attrib['name']} has elements but no presentation"
        refs = {c.attrib["refId"] for c in presentations[ref.group(1)]}
        assert refs == {e.attrib["id"] for e in elements}
    for spec in SCHEMA:  # the explanation tells IT the default and the registry value
        explain = strings[f"{spec.name}_Explain"]
        assert "Built-in default" in explain and spec.name in explain


def test_adml_languages_match() -> None:
    texts = {p.read_bytes() for p in ADML_FILES}
    assert len(texts) == 1


def _sample_gpo_value(element_tag: str | None, spec: Key, policy: ET.Element) -> tuple[int, object]:
    """What Group Policy writes for an enabled policy with this ADMX element."""
    if element_tag is None:
        return REG_DWORD, 1
    if element_tag == "decimal":
        return REG_DWORD, int(policy.find(f"{NS}elements/{NS}decimal").attrib["minValue"])  # type: ignore[union-attr]
    if element_tag == "enum":
        return REG_SZ, policy.find(f".//{NS}string").text  # type: ignore[union-attr]
    if element_tag == "multiText":
        if spec.kind == "contacts" and spec.allowed:  # a contact line with its report kinds
            return REG_MULTI_SZ, [f"IT service desk||it@example.org|{spec.allowed()[1]}"]
        if spec.kind == "contacts":
            return REG_MULTI_SZ, ["IT service desk||it@example.org"]
        if spec.name == "os_end_of_support":  # rows in their documented form
            return REG_MULTI_SZ, ["ubuntu 26.04=2031-04-30"]
        if spec.choices:
            return REG_MULTI_SZ, [spec.choices[0]]
        return REG_MULTI_SZ, [spec.allowed()[0]] if spec.allowed else ["acme"]
    if policy.attrib["name"].endswith("url"):
        return REG_SZ, "https://intranet.example/page"
    return REG_SZ, "C:\\Data\\x" if "file" in policy.attrib["name"] else "relay.example.org"


def test_values_written_by_group_policy_are_accepted(admx_policies: dict[str, ET.Element]) -> None:
    values = []
    for spec in SCHEMA:
        policy = admx_policies[spec.name]
        elements = policy.find(f"{NS}elements")
        tag = None if elements is None else elements[0].tag.removeprefix(NS)
        reg_type, data = _sample_gpo_value(tag, spec, policy)
        if spec.kind == "words" and spec.choices:
            data = [spec.choices[0]]  # a list of named choices: an admin picks from them
        values.append((spec.name, reg_type, data))
    got = read_registry_policy(DictRegistry({POLICY_KEY: values}))
    assert got is not None
    accepted = validate(got[1], got[0])
    assert set(accepted) == {k.name for k in SCHEMA}


def _uncommented_settings(text: str) -> dict[str, object]:
    """Uncomment every setting in the shipped policy.toml, as an admin would."""
    lines = text.splitlines()
    found: dict[str, object] = {}
    for i, line in enumerate(lines):
        match = re.match(r"^# (\w+) = ", line)
        if not match or match.group(1) not in {k.name for k in SCHEMA}:
            continue
        chunk = line[2:]
        j = i + 1
        while True:
            try:
                found.update(tomllib.loads(chunk))
                break
            except tomllib.TOMLDecodeError:
                chunk += "\n" + lines[j][2:]
                j += 1
    return found


def test_linux_policy_file_lists_every_key_with_its_default() -> None:
    text = (ROOT / "packaging" / "linux" / "policy.toml").read_text(encoding="utf-8")
    assert tomllib.loads(text) == {}  # everything commented out: installing it changes nothing
    settings = _uncommented_settings(text)
    assert set(settings) == {k.name for k in SCHEMA}
    assert validate(settings, "policy.toml") == {k.name: getattr(Policy(), k.name) for k in SCHEMA}


def test_it_page_lists_every_key() -> None:
    page = (ROOT / "docs" / "it.md").read_text(encoding="utf-8")
    section = page.split("<!-- policy-table: generated by packaging/generate_templates.py -->")[1]
    section = section.split("<!-- /policy-table -->")[0]
    for spec in SCHEMA:
        assert f"| `{spec.name}` |" in section, spec.name


def test_generated_files_are_current() -> None:
    done = subprocess.run(
        [sys.executable, "packaging/generate_templates.py", "--check"],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert done.returncode == 0, done.stderr
