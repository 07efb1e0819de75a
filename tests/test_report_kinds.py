"""The kinds under "Report a problem" as data: registry, policy routes, report, drafts, CLI.

No Qt: the kinds, their words and checks, who each goes to, what the report and its
sorting line say, and the drafts are all core. The command line is run for real.
"""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
from dataclasses import replace
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest

from desktop.core.policy.convert import from_registry
from desktop.core.policy.schema import KEYS, Contact, Policy, PolicyError, validate
from desktop.core.report.contacts import contacts_for, recipients
from desktop.core.report.drafts import Draft, DraftStore, from_json, to_json
from desktop.core.report.flow import ReportFlow
from desktop.core.report.guard import REMOVED, SecretGuard, scrub_answers
from desktop.core.report.kinds import KIND_IDS, KINDS, offered
from desktop.core.report.model import ReportAnswers
from desktop.core.report.render import build_report, render_text
from desktop.core.report.steps import LEAK, WINDOWS, Options

ROOT = Path(__file__).resolve().parents[1]
NOW = datetime(2026, 12, 2, 14, 31, tzinfo=UTC)
DESK = Contact("IT service desk", "Sam Patel", "desk@college.test")
HEADS = Contact("Head of Contracts", "", "contracts@college.test")
OTHERS = [k for k in KINDS.values() if k is not LEAK]


def answers(kind: str, **values: str) -> ReportAnswers:
    return ReportAnswers(
        reference="PW-261202-K7QX",
        started=NOW,
        when=NOW - timedelta(minutes=25),
        kind=kind,
        values=dict(values),
        reporter_name="Robin Lee",
        reporter_email="robin@college.test",
    )


def full(kind: str) -> ReportAnswers:
    """Every question of the kind answered (the first option of each choice)."""
    a = answers(kind)
    for spec in KINDS[kind].questions:
        if spec.kind == "choice":
            a = a.with_text(spec.name, spec.options[0][0])
        elif spec.kind in ("line", "text"):
            a = a.with_text(spec.name, f"answer to {spec.name}")
    return a


# -- the registry -----------------------------------------------------------------------


def test_every_kind_has_the_same_shape_and_its_own_words() -> None:
    assert KIND_IDS[0] == "leak" and len(set(KIND_IDS)) == len(KIND_IDS) == 7
    for kind in OTHERS:
        assert [s.key for s in kind.steps] == ["now", "who", "details", "about", "check", "done"]
        assert kind.label and kind.hint and kind.subject and kind.report_title
        assert kind.next_steps.endswith(".") and len(kind.do_now) >= 3
        assert len({d.key for d in kind.do_now}) == len(kind.do_now)
        assert all(d.action in ("", *WINDOWS) for d in kind.do_now)
        assert any(f.kind == "when" for f in kind.questions)
        assert any(f.required for f in kind.questions)
    labels = [k.label for k in KINDS.values()]
    assert len(set(labels)) == len(labels)


def test_kind_ids_are_safe_in_file_names_commands_and_policy_lists() -> None:
    for kind_id in KIND_IDS:
        assert re.fullmatch(r"[a-z]+(-[a-z]+)*", kind_id)
    assert KEYS["report_kinds_hidden"].allowed is not None
    assert KEYS["report_kinds_hidden"].allowed() == KIND_IDS


def test_required_answers_are_asked_for_by_name_and_choices_must_be_offered() -> None:
    for kind in OTHERS:
        step = kind.step("details")
        first = next(f for f in step.fields if f.required)
        problem = step.validate(answers(kind.kind_id), Options())
        assert problem is not None and problem.field == first.name
        assert first.title in problem.message
        assert step.validate(full(kind.kind_id), Options()) is None
        choice = next(f for f in step.fields if f.kind == "choice")
        odd = full(kind.kind_id).with_text(choice.name, "made-up")
        problem = step.validate(odd, Options())
        assert problem is not None and problem.field == choice.name


def test_the_policy_can_hide_kinds_but_never_the_leak_report() -> None:
    shown = offered(("scam", "leak"))
    assert [k.kind_id for k in shown] == [k for k in KIND_IDS if k != "scam"]


# -- who each kind goes to --------------------------------------------------------------


def test_a_kind_goes_to_its_own_contacts_or_else_to_the_report_contacts() -> None:
    policy = Policy(
        report_contacts=(DESK,),
        incident_contacts=(replace(HEADS, kinds=("misuse", "wrong-person")),),
    )
    assert contacts_for(policy, "misuse") == (replace(HEADS, kinds=("misuse", "wrong-person")),)
    assert contacts_for(policy, "lost-device") == (DESK,)
    assert contacts_for(policy, "leak") == (DESK,)


def test_scam_reports_also_go_to_the_phishing_mailbox_when_it_is_an_address() -> None:
    policy = Policy(report_contacts=(DESK,), phishing_mailbox="phish@college.test")
    who = recipients(contacts_for(policy, "scam"))
    assert set(who.addresses) == {"desk@college.test", "phish@college.test"}
    assert "phish@college.test" not in recipients(contacts_for(policy, "clicked")).addresses
    broken = replace(policy, phishing_mailbox="not an address")
    assert recipients(contacts_for(broken, "scam")).addresses == ("desk@college.test",)


def test_incident_contacts_are_checked_like_every_policy_value() -> None:
    good = validate(
        {"incident_contacts": [{"role": "Lead", "email": "l@x.org", "kinds": ["scam"]}]}, "t"
    )
    assert good["incident_contacts"] == (Contact("Lead", "", "l@x.org", ("scam",)),)
    for bad in (
        [{"role": "Lead", "kinds": ["parking"]}],  # not a kind
        [{"role": "Lead", "kinds": []}],  # a routed contact gets at least one kind
        [{"role": "Lead"}],
    ):
        with pytest.raises(PolicyError, match="incident_contacts"):
            validate({"incident_contacts": bad}, "t")
    with pytest.raises(PolicyError, match="report_contacts"):
        validate({"report_contacts": [{"role": "Desk", "kinds": ["scam"]}]}, "t")
    with pytest.raises(PolicyError, match="report_kinds_hidden"):
        validate({"report_kinds_hidden": ["parking"]}, "t")


def test_group_policy_lines_carry_the_kinds_after_the_address() -> None:
    raw = from_registry("incident_contacts", 7, ["Phishing team||phish@x.org|scam clicked"], "HKLM")
    assert validate({"incident_contacts": raw}, "HKLM")["incident_contacts"] == (
        Contact("Phishing team", "", "phish@x.org", ("scam", "clicked")),
    )
    with pytest.raises(PolicyError, match="role\\|name\\|email"):
        from_registry("report_contacts", 7, ["Desk||d@x.org|scam"], "HKLM")


# -- the report -------------------------------------------------------------------------


@pytest.mark.parametrize("kind", [k.kind_id for k in OTHERS])
def test_each_report_has_its_subject_answers_times_and_sorting_line(kind: str) -> None:
    policy = Policy(report_contacts=(DESK,), phishing_mailbox="phish@college.test")
    a = full(kind).with_tick(KINDS[kind].do_now[0].key, True, NOW - timedelta(minutes=20))
    built = build_report(a, policy, NOW, "<id@hygiene-helper.invalid>")
    msg, text = built.message, built.text
    spec = KINDS[kind]
    assert msg["Subject"] == f"[Password concern] {spec.subject} - PW-261202-K7QX"
    assert msg["X-Hygiene-Kind"] == kind
    assert msg["X-Hygiene-Incident-Time"] == "2026-12-02T14:06:00Z"
    assert msg["X-Hygiene-Report-Time"] == "2026-12-02T14:31:00Z"
    line = f"[hygiene-report kind={kind} ref=PW-261202-K7QX"
    assert f"{line} incident=2026-12-02T14:06:00Z reported=2026-12-02T14:31:00Z]" in text
    assert text.startswith(f"{spec.report_title} - reference PW-261202-K7QX\n")
    assert "25 minutes before this report" in text
    assert "Report started: Wednesday 2 December 2026 at 14:31" in text
    assert "Report made: Wednesday 2 December 2026 at 14:31" in text
    for spec_field in spec.questions:
        if spec_field.kind == "choice":
            assert f"{spec_field.title}: {spec_field.options[0][1]}" in text
        elif spec_field.kind in ("line", "text"):
            assert f"answer to {spec_field.name}" in text
    assert text.count("Done at 14:11") == 1 and text.count("Not ticked") == len(spec.do_now) - 1
    assert "{mailbox}" not in text and "Check this computer' summary" not in text
    assert msg.get_content() == text


def test_the_device_summary_is_in_the_report_only_when_chosen_and_as_shown() -> None:
    summary = "Checked on 2 Dec: 1 check needs fixing.\nNeeds fixing: Firewall. It is off."
    policy = Policy(report_contacts=(DESK,))
    a = full("clicked")
    assert "Firewall" not in render_text(a, policy, NOW)
    text = render_text(replace(a, attachment=summary), policy, NOW)
    assert "    Needs fixing: Firewall. It is off." in text


def test_the_leak_report_keeps_its_words_and_gains_the_sorting_line() -> None:
    a = ReportAnswers(reference="PW-261202-K7QX", started=NOW, when=NOW, account="Payroll")
    built = build_report(a, Policy(report_contacts=(DESK,)), NOW)
    assert (
        built.message["Subject"]
        == "[Password concern] Suspected password leak: Payroll - PW-261202-K7QX"
    )
    assert built.text.startswith("Suspected password leak - reference PW-261202-K7QX\n")
    assert "[hygiene-report kind=leak ref=PW-261202-K7QX" in built.text


# -- drafts and the old password --------------------------------------------------------


def test_each_kind_keeps_its_own_draft_and_lock(tmp_path: Path) -> None:
    store = DraftStore(tmp_path / "drafts")
    assert store.for_kind("leak").path == store.path
    scam, lost = store.for_kind("scam"), store.for_kind("lost-device")
    assert scam.path.name == "report-scam.json" and lost.path.name == "report-lost-device.json"
    with pytest.raises(ValueError, match="parking"):
        store.for_kind("parking")
    locks = [s.lock() for s in (store, scam, lost)]
    assert all(lock.acquire() for lock in locks)  # three kinds open at once
    second = scam.lock()
    assert not second.acquire()  # but one window per kind
    for lock in locks:
        lock.release()


@pytest.mark.parametrize("kind", [k.kind_id for k in OTHERS])
def test_a_draft_of_each_kind_reads_back_as_written(kind: str, tmp_path: Path) -> None:
    a = replace(
        full(kind).with_tick(KINDS[kind].do_now[-1].key, True, NOW),
        attachment="OK: Firewall.",
    )
    store = DraftStore(tmp_path).for_kind(kind)
    store.save(Draft(a, "details", saved=NOW))
    back = store.load()
    assert back is not None and back.answers == a and back.page == "details"


def test_a_draft_naming_an_unknown_kind_is_damaged_not_used() -> None:
    a = full("scam")
    data = to_json(Draft(a, "now"))
    data["answers"]["kind"] = "parking"
    with pytest.raises(ValueError, match="unknown kind"):
        from_json(data)
    data["answers"]["kind"] = "scam"
    data["answers"]["values"] = {"channel": 3}
    with pytest.raises(ValueError, match="bad answers"):
        from_json(data)


def test_an_old_draft_without_kinds_is_still_a_leak_report() -> None:
    a = ReportAnswers(reference="PW-261202-K7QX", started=NOW, when=NOW, account="Payroll")
    data = to_json(Draft(a, "account"))
    for key in ("kind", "values", "ticks", "attachment"):
        del data["answers"][key]
    assert from_json(data).answers == a


def test_the_guard_takes_a_password_out_of_every_answer_of_a_kind() -> None:
    secret = "Sunflower-Autumn-2024"
    a = full("clicked").with_text("source", f"an email, I typed {secret} there")
    a = replace(a, attachment=f"note {secret}")
    cleaned, changed = scrub_answers(a, SecretGuard(secret))
    assert changed and secret not in json.dumps(to_json(Draft(cleaned)))
    assert cleaned.text("source") == f"an email, I typed {REMOVED} there"


def test_free_text_goes_into_the_draft_only_once_its_page_is_left(tmp_path: Path) -> None:
    flow = ReportFlow(
        Policy(report_contacts=(DESK,)),
        DraftStore(tmp_path).for_kind("wrong-person"),
        lambda: NOW,
        kind=KINDS["wrong-person"],
    )
    flow.state.set_text("how", "email")
    flow.state.set_text("what", "a spreadsheet of names")
    assert flow.draft("details").answers.text("what") == ""  # still being typed
    assert flow.draft("details").answers.text("how") == "email"  # a choice is kept at once
    flow.left_page()
    assert flow.draft("about").answers.text("what") == "a spreadsheet of names"
    assert "Choose an answer for: Details about people." in flow.send_problems()
    flow.release()


# -- the command line -------------------------------------------------------------------


def hygiene(*args: str, tmp_path: Path, policy: str = "") -> subprocess.CompletedProcess[str]:
    env = {k: v for k, v in os.environ.items() if k not in ("DISPLAY", "WAYLAND_DISPLAY")}
    env.pop("QT_QPA_PLATFORM", None)
    env["XDG_CONFIG_HOME"] = str(tmp_path / "config")
    extra: list[str] = []
    if policy:
        path = tmp_path / "policy.toml"
        path.write_text(policy, encoding="utf-8")
        extra = ["--policy", str(path)]
    return subprocess.run(
        [sys.executable, "-m", "desktop", *args, *extra],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=60,
    )


def test_kinds_lists_every_offered_kind_with_its_id(tmp_path: Path) -> None:
    done = hygiene("report", "--kinds", tmp_path=tmp_path)
    assert done.returncode == 0, done.stderr
    lines = done.stdout.splitlines()
    assert [line.split()[0] for line in lines] == list(KIND_IDS)
    assert lines[1].split(None, 1)[1] == KINDS["scam"].label
    hidden = hygiene(
        "report", "--kinds", tmp_path=tmp_path, policy='report_kinds_hidden = ["misuse"]\n'
    )
    assert "misuse" not in hidden.stdout and "scam" in hidden.stdout


def test_an_unknown_or_hidden_kind_is_a_clear_message(tmp_path: Path) -> None:
    done = hygiene("report", "--kind", "parking", tmp_path=tmp_path)
    assert done.returncode == 2 and "Traceback" not in done.stderr
    assert "no kind of report called 'parking'" in done.stderr
    assert "hygiene report --kinds" in done.stderr
    hidden = hygiene(
        "report", "--kind", "misuse", tmp_path=tmp_path, policy='report_kinds_hidden = ["misuse"]\n'
    )
    assert hidden.returncode == 2 and "no kind of report called 'misuse'" in hidden.stderr


def test_a_kind_with_no_desktop_says_so(tmp_path: Path) -> None:
    done = hygiene("report", "--kind", "scam", tmp_path=tmp_path)
    assert done.returncode == 2 and "no desktop here" in done.stderr
