"""IT's Wazuh pieces, tested by mechanism: the app's own posture writer writes the files
for several computers, the Wazuh model (tests/wazuh_model.py: collection, json decoding,
the rule tree, one alert per event) reads them with the generated rules, and each test
asserts exactly the alerts IT gets. Wazuh itself does not run here."""

from __future__ import annotations

import json
import os
import re
import sys
from dataclasses import replace
from pathlib import Path

import jsonschema
import pytest

from desktop.core.device import DeviceReport
from desktop.core.device.checks import REGISTRY
from desktop.core.device.findings import DeviceStatus
from desktop.core.device.readings import Unread
from desktop.core.policy.schema import Policy
from desktop.core.posture.document import build_posture
from desktop.core.posture.lines import FILE_NAME, check_lines
from desktop.core.posture.store import PostureRecorder, StatusChange
from desktop.platform.posture.journald import record_fields
from tests.device_fakes import Fixed, failing_sources, passing_sources, unread_sources
from tests.posture_helpers import NOW, STATE, every_status_report, run
from tests.wazuh_model import STATIC, Alert, Event, RuleSet, collect_json_file

ROOT = Path(__file__).resolve().parent.parent
WAZUH = ROOT / "packaging/it/wazuh"
sys.path.insert(0, str(ROOT / "packaging"))

from generate_posture import WAZUH_BASE_ID, wazuh_localfile, wazuh_rules  # noqa: E402

CLAM = Policy(malware_products=("clamav-daemon",))
TITLES = {c.check_id: c.title for c in REGISTRY}
RULES = RuleSet(WAZUH.joinpath("rules.xml").read_text(encoding="utf-8"))
LABELS = {"@source": "hygiene-helper"}
# Wazuh's stock rule 1002 (ruleset/rules/0020-syslog_rules.xml, level 2, no parent)
# alerts on any event holding one of these words, before an organisation's level-0
# rules are tried; a line holding one would never reach IT's rules.
STOCK_WORDS = (
    "core_dumped",
    "failure",
    "error",
    "attack",
    " bad ",
    "illegal ",
    "denied",
    "refused",
    "unauthorized",
    "fatal",
    "failed",
    "segmentation fault",
    "corrupted",
)


def _computer(*failing: str, unread: tuple[str, ...] = ()) -> DeviceReport:
    """A computer where the named facts fail (or cannot be read) and the rest pass."""
    sources = passing_sources()
    bad = failing_sources(NOW)
    sources.update({fact: bad[fact] for fact in failing})
    sources.update({fact: Fixed(Unread("no answer", "test")) for fact in unread})
    return run(sources, CLAM)


def _alerts_from_the_app(tmp_path: Path, report: DeviceReport) -> list[Alert]:
    """What the app writes for ``report``, collected and judged as Wazuh would."""
    doc = build_posture(report, STATE, "linux", "0.1.0")
    recorder = PostureRecorder(tmp_path / "posture.json")
    recorder.record(doc)
    assert recorder.problems == []
    text = (tmp_path / FILE_NAME).read_text(encoding="utf-8")
    return RULES.alerts(collect_json_file(text, LABELS))


def _said(alerts: list[Alert]) -> set[tuple[int, str]]:
    return {(a.level, a.description) for a in alerts}


def _fail(check: str) -> tuple[int, str]:
    return (7, f"Hygiene Helper: {TITLES[check]}: needs fixing")


def _unknown(check: str) -> tuple[int, str]:
    return (5, f"Hygiene Helper: {TITLES[check]}: could not be checked")


def _advice(check: str, words: str) -> tuple[int, str]:
    said = f"{words} (advice only, or a check these rules do not list)"
    return (3, f"Hygiene Helper: {TITLES[check]}: {said}")


def test_a_computer_that_passes_everything_raises_no_alert(tmp_path: Path) -> None:
    assert _alerts_from_the_app(tmp_path, _computer()) == []


def test_one_failing_check_raises_one_alert_naming_it(tmp_path: Path) -> None:
    (alert,) = _alerts_from_the_app(tmp_path, _computer("firewall"))
    assert (alert.level, alert.description) == _fail("firewall")
    assert "cyber_essentials_firewalls" in alert.groups


def test_five_failing_checks_raise_five_alerts_one_per_check(tmp_path: Path) -> None:
    report = _computer("firewall", "disk_encryption", "screen_lock", "autorun", "operating_system")
    alerts = _alerts_from_the_app(tmp_path, report)
    assert len(alerts) == 5
    assert _said(alerts) == {
        _fail(c)
        for c in ("firewall", "disk_encryption", "screen_lock", "autorun_off", "supported_os")
    }


def test_checks_that_could_not_be_read_each_raise_their_own_alert(tmp_path: Path) -> None:
    report = _computer("firewall", unread=("updates", "unlock_limits"))
    assert _said(_alerts_from_the_app(tmp_path, report)) == {
        _fail("firewall"),
        _unknown("updates"),
        _unknown("unlock_attempts"),
    }


def test_a_computer_where_nothing_could_be_read(tmp_path: Path) -> None:
    alerts = _alerts_from_the_app(tmp_path, run(unread_sources("no desktop"), CLAM))
    assert len(alerts) == len(REGISTRY)
    required = [c.check_id for c in REGISTRY if c.required_by_default]
    advice = [c.check_id for c in REGISTRY if not c.required_by_default]
    assert advice, "the test expects an advice-only check by default"
    assert _said(alerts) == {_unknown(c) for c in required} | {
        _advice(c, "could not be checked") for c in advice
    }


def test_advice_only_failures_alert_at_a_low_level(tmp_path: Path) -> None:
    report = run(failing_sources(NOW), Policy(device_checks_required=()))
    alerts = _alerts_from_the_app(tmp_path, report)
    assert {a.level for a in alerts} == {3}
    failed = {c for c, s in _statuses(report).items() if s == "fail"}
    assert _said(alerts) == {_advice(c, "needs fixing") for c in failed}


def _statuses(report: DeviceReport) -> dict[str, str]:
    return {f.check_id: f.status.value for f in report.findings}


def test_a_document_from_an_older_app_without_the_new_checks(tmp_path: Path) -> None:
    """An older runner knew the first eight checks only: the document says the others
    could not be checked (and are not required), and IT hears so, at a low level."""
    full = _computer("firewall")
    old_ids = {c.check_id for c in REGISTRY[:8]}
    old = replace(full, findings=tuple(f for f in full.findings if f.check_id in old_ids))
    alerts = _alerts_from_the_app(tmp_path, old)
    assert _said(alerts) == {_fail("firewall")} | {
        _advice(c.check_id, "could not be checked") for c in REGISTRY[8:]
    }


def test_a_check_these_rules_do_not_list_still_raises_an_alert() -> None:
    """A newer app with a check these rules predate: the catch-all rule says its title."""
    line = check_lines(build_posture(_computer("firewall"), STATE, "linux", "0.1.0"))[4]
    assert line["check"] == "firewall"
    newer = json.dumps({**line, "check": "future_check", "title": "Future check"})
    (alert,) = RULES.alerts(collect_json_file(newer, LABELS))
    assert alert.level == 3 and alert.description.startswith("Hygiene Helper: Future check:")


def test_the_one_line_document_would_raise_one_alert_for_five_failures() -> None:
    """Why the file of lines exists: rules on the one-line document (one rule per check
    under one base rule, as these rules were before) give one alert for five failures."""
    checks = ("screen_lock", "disk_encryption", "firewall", "autorun_off", "supported_os")
    children = "".join(
        f'<rule id="{100901 + i}" level="7"><if_sid>100900</if_sid>'
        f'<field name="{c}_status">^fail$</field><description>{c}</description></rule>'
        for i, c in enumerate(checks)
    )
    document_rules = RuleSet(
        '<group name="t,"><rule id="100900" level="0"><decoded_as>json</decoded_as>'
        '<field name="failing_checks">\\d</field><description>doc</description></rule>'
        f"{children}</group>"
    )
    report = _computer("firewall", "disk_encryption", "screen_lock", "autorun", "operating_system")
    doc = build_posture(report, STATE, "linux", "0.1.0")
    events = collect_json_file(json.dumps(doc), LABELS)
    assert [a.description for a in document_rules.alerts(events)] == ["screen_lock"]
    # The shipped rules leave the document alone: it is not their input.
    assert RULES.alerts(events) == []


def test_the_recorder_replaces_the_file_beside_each_document(tmp_path: Path) -> None:
    recorder = PostureRecorder(tmp_path / "posture.json")
    recorder.record(build_posture(_computer(), STATE, "linux", "0.1.0"))
    lines_path = tmp_path / FILE_NAME
    first = os.stat(lines_path)
    assert first.st_mode & 0o777 == 0o644  # collectors run as another account
    recorder.record(build_posture(_computer("firewall"), STATE, "linux", "0.1.0"))
    # A new file (a new inode), which is what makes logcollector read it from the start.
    assert os.stat(lines_path).st_ino != first.st_ino
    assert _said(RULES.alerts(collect_json_file(lines_path.read_text("utf-8")))) == {
        _fail("firewall")
    }
    # The lines say what the document says, check by check.
    doc = json.loads((tmp_path / "posture.json").read_text("utf-8"))
    lines = [json.loads(t) for t in lines_path.read_text("utf-8").splitlines()]
    assert {x["check"]: x["check_status"] for x in lines} == {
        c.check_id: doc[f"{c.check_id}_status"] for c in REGISTRY
    }


def test_a_kept_earlier_reading_is_what_the_lines_say(tmp_path: Path) -> None:
    """The recorder keeps a known status over a later unknown one; so do the lines."""
    recorder = PostureRecorder(tmp_path / "posture.json")
    recorder.record(build_posture(_computer("firewall"), STATE, "linux", "0.1.0"))
    recorder.record(build_posture(_computer(unread=("firewall",)), STATE, "linux", "0.1.0"))
    text = (tmp_path / FILE_NAME).read_text("utf-8")
    assert _said(RULES.alerts(collect_json_file(text))) == {_fail("firewall")}


@pytest.mark.parametrize("status", list(DeviceStatus))
def test_every_line_is_valid_plain_and_reaches_the_rules(status: DeviceStatus) -> None:
    schema = json.loads((ROOT / "packaging/it/posture-checks.schema.json").read_text("utf-8"))
    for required in (True, False):
        doc = build_posture(every_status_report(status, required), STATE, "macos", "0.1.0")
        for line in check_lines(doc):
            jsonschema.validate(line, schema)
            (event,) = collect_json_file(json.dumps(line), LABELS)
            decided = RULES.decide(event)
            assert decided is not None and WAZUH_BASE_ID <= decided.sid < 100850
            text = json.dumps({**line, **LABELS}, separators=(",", ":")).lower()
            assert not set(line) & STATIC, "a static field is out of <field>'s reach"
            assert not [w for w in STOCK_WORDS if w in text], line


def test_the_words_of_the_stock_rule_are_caught() -> None:
    """The word test above can fail: a line holding one of the words is caught."""
    text = json.dumps({"title": "Update failed"}).lower()
    assert [w for w in STOCK_WORDS if w in text] == ["failed"]


def test_each_status_change_in_the_journal_raises_one_alert() -> None:
    """The journald route: Wazuh passes each record on as a syslog line of program
    hygiene-helper; each change to fail or unknown is one alert naming its check."""
    for check in REGISTRY:
        title = TITLES[check.check_id]
        for status, expected in (
            ("fail", [(7, f"Hygiene Helper: {title}: now needs fixing")]),
            ("unknown", [(5, f"Hygiene Helper: {title}: now could not be checked")]),
            ("pass", []),
        ):
            change = StatusChange(check.check_id, "fail", status, None, None)
            message = record_fields(change, {})["MESSAGE"]
            alerts = RULES.alerts([Event(message, program_name="hygiene-helper")])
            assert [(a.level, a.description) for a in alerts] == expected, message


def test_the_committed_files_are_the_generated_ones() -> None:
    assert WAZUH.joinpath("rules.xml").read_text(encoding="utf-8") == wazuh_rules()
    assert WAZUH.joinpath("localfile.xml").read_text(encoding="utf-8") == wazuh_localfile()


def test_rule_ids_are_unique_and_in_the_organisations_range() -> None:
    ids = [int(i) for i in re.findall(r'<rule id="(\d+)"', wazuh_rules())]
    assert len(ids) == len(set(ids)) and all(100000 <= i <= 120000 for i in ids)
    assert ids[0] == WAZUH_BASE_ID


def test_the_agent_collects_the_file_of_lines_as_json_on_every_system() -> None:
    text = wazuh_localfile()
    locations = re.findall(r"<location>(.*?)</location>", text)
    assert [loc.rsplit("\\", 1)[-1].rsplit("/", 1)[-1] for loc in locations[:3]] == [FILE_NAME] * 3
    assert text.count("<log_format>json</log_format>") == 3
    assert "posture.json</location>" not in text
