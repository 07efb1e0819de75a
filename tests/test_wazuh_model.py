"""The Wazuh model (tests/wazuh_model.py) on hand-written rules and events whose outcome
Wazuh's documentation and source state, so the tests of IT's rules stand on a model
that can be wrong in a way these tests would catch."""

from __future__ import annotations

import pytest

from tests.wazuh_model import (
    RuleSet,
    Unsupported,
    collect_json_file,
    json_decode,
    osmatch,
    osregex,
)

BASE = """
<group name="t,">
  <rule id="100100" level="0">
    <decoded_as>json</decoded_as>
    <field name="kind">^probe$</field>
    <description>base</description>
  </rule>
"""


def _rules(children: str) -> RuleSet:
    return RuleSet(BASE + children + "</group>")


def test_one_event_gives_one_alert_from_the_highest_level_child_that_matches() -> None:
    rules = _rules(
        """
  <rule id="100101" level="5"><if_sid>100100</if_sid>
    <field name="a">^bad$</field><description>a is bad</description></rule>
  <rule id="100102" level="9"><if_sid>100100</if_sid>
    <field name="b">^bad$</field><description>b is bad</description></rule>
  <rule id="100103" level="9"><if_sid>100100</if_sid>
    <field name="c">^bad$</field><description>c is bad</description></rule>
"""
    )
    both = json_decode('{"kind":"probe","a":"bad","b":"bad","c":"bad"}')
    # Higher level first (100102 before 100101 although loaded later); among equal
    # levels the one loaded first (100102 before 100103). One alert, never three.
    assert [a.rule for a in rules.alerts([both])] == [100102]
    only_a = json_decode('{"kind":"probe","a":"bad"}')
    assert [a.description for a in rules.alerts([only_a])] == ["a is bad"]


def test_a_level_0_result_stops_the_event_without_an_alert() -> None:
    rules = _rules(
        """
  <rule id="100101" level="0"><if_sid>100100</if_sid>
    <field name="a">^ok$</field><description>quiet</description></rule>
  <rule id="100102" level="4"><if_sid>100100</if_sid>
    <field name="b">^bad$</field><description>b is bad</description></rule>
"""
    )
    # Level 4 is tried first and does not match; the level-0 child then decides.
    assert rules.alerts([json_decode('{"kind":"probe","a":"ok"}')]) == []
    assert rules.decide(json_decode('{"kind":"probe","a":"ok"}')).sid == 100101  # type: ignore[union-attr]
    # No child matches: the parent (level 0) decides, still no alert.
    assert rules.alerts([json_decode('{"kind":"probe"}')]) == []


def test_a_parent_with_a_level_alerts_itself_when_no_child_matches() -> None:
    rules = RuleSet(
        """<group name="t,">
  <rule id="100100" level="3"><decoded_as>json</decoded_as>
    <field name="kind">^probe$</field><description>parent</description></rule>
  <rule id="100101" level="8"><if_sid>100100</if_sid>
    <field name="a">^bad$</field><description>child</description></rule>
</group>"""
    )
    assert [a.rule for a in rules.alerts([json_decode('{"kind":"probe","a":"fine"}')])] == [100100]
    assert [a.rule for a in rules.alerts([json_decode('{"kind":"probe","a":"bad"}')])] == [100101]


def test_a_higher_level_top_rule_takes_the_event_before_the_organisations_rules() -> None:
    """Top-level rules are siblings too: a generic stock-like rule of level 2 on a word
    is tried before an organisation's level-0 base rule, and then decides alone."""
    generic = """<group name="stock,">
  <rule id="1902" level="2"><match>failed|error</match><description>generic</description></rule>
</group>"""
    rules = RuleSet(
        generic,
        BASE
        + """
  <rule id="100101" level="7"><if_sid>100100</if_sid>
    <field name="a">^bad$</field><description>ours</description></rule></group>""",
    )
    assert [a.rule for a in rules.alerts([json_decode('{"kind":"probe","a":"bad"}')])] == [100101]
    hidden = json_decode('{"kind":"probe","a":"bad","note":"the reading failed"}')
    assert [a.rule for a in rules.alerts([hidden])] == [1902]


def test_json_fields_as_the_decoder_names_them() -> None:
    event = json_decode(
        '{"alert":{"severity":2,"ok":true},"tags":["a","b"],"gone":null,'
        '"status":"fail","id":"x","ratio":0.5}'
    )
    assert event.decoder == "json"
    assert event.dynamic("alert.severity") == "2"
    assert event.dynamic("ALERT.OK") == "true"  # names compared without case
    assert event.dynamic("gone") == "null"
    assert event.dynamic("ratio") == "0.500000"
    assert event.dynamic("tags") is not None and '"a"' in (event.dynamic("tags") or "")
    # "status" and "id" are static fields: <field> cannot see them.
    assert event.dynamic("status") is None and event.static["status"] == "fail"
    assert event.dynamic("id") is None
    assert json_decode("not json").decoder == ""


def test_a_field_rule_on_a_static_key_never_matches() -> None:
    rules = _rules(
        """
  <rule id="100101" level="7"><if_sid>100100</if_sid>
    <field name="status">^fail$</field><description>never</description></rule>
"""
    )
    assert rules.alerts([json_decode('{"kind":"probe","status":"fail"}')]) == []


def test_osregex_pcre2_and_osmatch() -> None:
    assert osregex("^fail$").search("FAIL")  # OS_Regex ignores case
    assert osregex(r"\.").search("x") and not osregex(r"\.").search("")  # \. is any one
    assert osregex(r"^\d+$").search("12") and not osregex(r"^\d+$").search("1a")
    assert osregex(r"^\w+$").search("screen_lock")
    assert osregex("^a$|^b$").search("b")
    assert osregex("^fail$").search("failed") is None
    rules = _rules(
        """
  <rule id="100101" level="7"><if_sid>100100</if_sid>
    <field name="a" type="pcre2">^FAIL$</field><description>pcre2</description></rule>
"""
    )
    # PCRE2 is compiled without the caseless option: case counts.
    assert rules.alerts([json_decode('{"kind":"probe","a":"fail"}')]) == []
    assert len(rules.alerts([json_decode('{"kind":"probe","a":"FAIL"}')])) == 1
    assert osmatch("is fail").search("Hygiene Helper: firewall check is fail (was pass)")
    assert not osmatch("^is fail").search("firewall check is fail")


def test_descriptions_take_the_fields_they_name() -> None:
    rules = _rules(
        """
  <rule id="100101" level="3"><if_sid>100100</if_sid>
    <field name="a">\\w</field><description>seen: $(a)</description></rule>
"""
    )
    (alert,) = rules.alerts([json_decode('{"kind":"probe","a":"Firewall on"}')])
    assert alert.description == "seen: Firewall on"


def test_the_collector_makes_one_event_per_json_line_and_adds_its_labels() -> None:
    text = '{"kind":"probe","a":"bad"}\nnot json\n["a list"]\n{"kind":"probe","a":"ok"}\n'
    events = collect_json_file(text, {"@source": "app"})
    assert len(events) == 2
    assert all(e.dynamic("@source") == "app" for e in events)


def test_syntax_outside_the_subset_is_refused() -> None:
    with pytest.raises(Unsupported):
        _rules('<rule id="100101" level="3" frequency="2"><if_sid>100100</if_sid></rule>')
    with pytest.raises(Unsupported):
        _rules('<rule id="100101" level="3"><if_sid>100100</if_sid><srcip>1.2.3.4</srcip></rule>')
    with pytest.raises(Unsupported):
        osregex("a+")
    with pytest.raises(Unsupported):
        osregex(r"\q")
