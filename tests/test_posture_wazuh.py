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
    document = [r for r in rules if r.find("field") is not None]
    for rule in document[1:]:
        field = rule.find("field")
        assert field is not None and field.attrib["name"] in fields
        assert rule.findtext("if_sid") == document[0].attrib["id"]
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


def test_each_status_change_in_the_journal_has_a_rule_matching_its_message() -> None:
    from desktop.core.posture.fields import CHECK_WORDS
    from desktop.core.posture.store import StatusChange
    from desktop.platform.posture.journald import record_fields

    journal = [r for r in _rules() if r.find("match") is not None]
    base, children = journal[0], journal[1:]
    assert len(children) == 2 * len(REGISTRY)
    for check in REGISTRY:
        change = StatusChange(check.check_id, "pass", "fail", None, None)
        message = record_fields(change, {})["MESSAGE"]
        hits = [r for r in children if (r.findtext("match") or "") in message]
        assert len(hits) == 1, (check.check_id, message)
        assert hits[0].findtext("if_sid") == base.attrib["id"]
        assert CHECK_WORDS[check.check_id] in message
