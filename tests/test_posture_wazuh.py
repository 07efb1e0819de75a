"""The generated Wazuh rules: current, well formed, one rule per check and status with
unique ids in the organisation's range, each on a field the posture document has, and
grouped by the Cyber Essentials requirement behind the check."""

from __future__ import annotations

import re
import sys
import xml.etree.ElementTree as ET
from pathlib import Path

from desktop.core.device.checks import REGISTRY
from desktop.core.device.cyber_essentials import REQUIREMENTS
from desktop.core.posture.fields import FIELDS

ROOT = Path(__file__).resolve().parent.parent
RULES = ROOT / "packaging/it/wazuh/rules.xml"
sys.path.insert(0, str(ROOT / "packaging"))

from generate_posture import wazuh_rules  # noqa: E402


def _rules() -> list[ET.Element]:
    text = RULES.read_text(encoding="utf-8")
    group = ET.fromstring(re.sub(r"<!--.*?-->", "", text, flags=re.DOTALL))
    return group.findall("rule")


def test_the_committed_rules_are_the_generated_ones() -> None:
    assert RULES.read_text(encoding="utf-8") == wazuh_rules()


def test_one_fail_and_one_unknown_rule_per_check_with_unique_ids() -> None:
    rules = _rules()
    ids = [int(r.attrib["id"]) for r in rules]
    assert len(ids) == len(set(ids)) and all(100000 <= i <= 120000 for i in ids)
    fields = {f.name for f in FIELDS}
    matched = set()
    for rule in rules[1:]:
        field = rule.find("field")
        assert field is not None and field.attrib["name"] in fields
        assert rule.findtext("if_sid") == rules[0].attrib["id"]
        matched.add((field.attrib["name"], field.text))
    for check in REGISTRY:
        assert (f"{check.check_id}_status", "^fail$") in matched
        assert (f"{check.check_id}_status", "^unknown$") in matched


def test_rules_carry_the_cyber_essentials_requirement_groups() -> None:
    inbound = next(
        r
        for r in _rules()
        if (f := r.find("field")) is not None
        and f.text == "^fail$"
        and f.attrib["name"].startswith("inbound_blocked")
    )
    assert "cyber_essentials_firewalls" in (inbound.findtext("group") or "")
    named = {g for r in _rules() for g in (r.findtext("group") or "").split(",") if g}
    assert {f"cyber_essentials_{req.key}" for req in REQUIREMENTS} <= named
