"""The check window's presenter, without Qt: settling, strength words, tip, slow texts,
verdict and the record workflow.

A "person" here edits the boxes the way key presses do (one character at a time, or a
whole paste) and pauses after every edit, the worst case for a window that looks up on
every pause. The breach lookups they would cause are counted: one for every pause while
the presenter says ``ON_PAUSE`` and one for every Enter or move that says ``NOW``.
"""

from __future__ import annotations

import subprocess
import sys

import pytest

from desktop.core.checks import build_pipeline
from desktop.core.checks.findings import CheckResult, Finding, Status
from desktop.core.checks.presenter import (
    SLOW_CHECKING,
    SLOW_WAITS_FOR_ENTER,
    SLOW_WAITS_FOR_MATCH,
    CheckPresenter,
    EnterAction,
    Settle,
    is_deletion,
)
from desktop.core.checks.verdict import VerdictState
from desktop.core.policy.schema import Policy

STRONG = "kettle orbit lantern mosaic"


def presenter(can_record: bool = True) -> CheckPresenter:
    policy = Policy(breach_check="off")
    return CheckPresenter(policy, build_pipeline(policy).rules, can_record)


class Person:
    """Edits the two boxes and pauses after every edit; notes what would be looked up."""

    def __init__(self) -> None:
        self.view = presenter()
        self.first = ""
        self.second = ""
        self.looked_up: list[str] = []
        self._sent_for: tuple[str, str] | None = None

    def _after(self, settle: Settle) -> None:
        # A pause after this edit: ON_PAUSE runs now; NOW has run already.
        if settle is not Settle.NO and self._sent_for != (self.first, self.second):
            self._sent_for = (self.first, self.second)
            self.looked_up.append(self.first)
        elif settle is Settle.NO:
            self._sent_for = None

    def type(self, box: str, text: str) -> None:
        for ch in text:
            self.set(box, getattr(self, box) + ch)

    def backspace(self, box: str, times: int = 1) -> None:
        for _ in range(times):
            self.set(box, getattr(self, box)[:-1])

    def set(self, box: str, text: str) -> None:
        setattr(self, box, text)
        edit = self.view.password_edited if box == "first" else self.view.confirm_edited
        self._after(edit(text))

    def enter(self) -> None:
        self.view.enter_pressed()
        self._after(self.view.settle)

    def move_on(self) -> None:
        self._after(self.view.moved_on())


# -- when a password is settled (one lookup each, none for prefixes) ----------------------


def test_typing_both_boxes_key_by_key_looks_up_the_whole_password_once():
    p = Person()
    p.type("first", STRONG)
    p.type("second", STRONG)
    assert p.looked_up == [STRONG]


def test_pasting_into_both_boxes_looks_up_once():
    p = Person()
    p.set("first", STRONG)
    p.set("second", STRONG)
    p.move_on()
    assert p.looked_up == [STRONG]


def test_second_box_first_waits_for_enter_or_moving_on():
    p = Person()
    p.type("second", STRONG)
    p.type("first", STRONG)
    assert p.looked_up == []  # the match appeared while the first box was being filled
    assert p.view.slow_status(False).text == SLOW_WAITS_FOR_ENTER
    p.move_on()
    assert p.looked_up == [STRONG]


def test_filling_the_first_box_after_part_of_the_second_sends_no_prefix():
    p = Person()
    p.type("second", "kettle")
    p.type("first", STRONG)  # passes through "kettle", matching the second box
    p.type("second", STRONG[len("kettle") :])
    assert p.looked_up == [STRONG]


def test_an_edit_after_a_match_looks_up_the_new_password_only_when_settled_again():
    p = Person()
    p.type("first", STRONG)
    p.type("second", STRONG)
    p.type("first", "!")
    p.move_on()  # no match: nothing
    p.type("second", "!")
    assert p.looked_up == [STRONG, STRONG + "!"]


def test_deleting_in_both_boxes_and_pausing_sends_nothing_until_enter():
    p = Person()
    p.type("first", STRONG)
    p.type("second", STRONG)
    p.backspace("first", 3)
    p.backspace("second", 3)
    assert p.looked_up == [STRONG]
    assert p.view.slow_status(False).text == SLOW_WAITS_FOR_ENTER
    p.enter()
    assert p.looked_up == [STRONG, STRONG[:-3]]


def test_mending_a_slip_in_the_second_box_settles_after_the_pause():
    p = Person()
    p.type("first", STRONG)
    p.set("second", STRONG + "x")  # pasted with a stray character
    p.backspace("second")
    assert p.looked_up == [STRONG]


def test_clearing_and_retyping_looks_up_only_the_final_password():
    p = Person()
    p.type("first", "kettle orbit lantern")
    p.set("first", "")
    p.type("first", STRONG)
    p.type("second", STRONG)
    assert p.looked_up == [STRONG]


def test_enter_and_moving_on_do_nothing_new_for_a_password_already_settled():
    p = Person()
    p.type("first", STRONG)
    p.type("second", STRONG)
    p.move_on()
    p.enter()
    assert p.looked_up == [STRONG]


@pytest.mark.parametrize(
    ("before", "after", "cut"),
    [
        ("abcd", "abc", True),
        ("abcd", "acd", True),
        ("abcd", "ad", True),
        ("abcd", "", True),
        ("abc", "abcd", False),
        ("abcd", "abxd", False),
        ("abcd", "xy", False),
        ("", "", False),
    ],
)
def test_a_deletion_is_one_run_of_characters_removed(before, after, cut):
    assert is_deletion(before, after) is cut


# -- what the lines, meter and tip say ----------------------------------------------------


def _result(*findings: Finding) -> CheckResult:
    return CheckResult(tuple(findings))


def test_slow_lines_say_what_they_wait_for():
    view = presenter()
    view.password_edited(STRONG)
    assert view.slow_status(False).text == SLOW_WAITS_FOR_MATCH
    assert view.slow_status(True).text == SLOW_CHECKING
    assert view.slow_status(True).checking


def test_meter_words_follow_the_checks_not_only_the_score():
    policy = Policy(breach_check="off")
    pipeline = build_pipeline(policy)
    view = CheckPresenter(policy, pipeline.rules, True)
    assert view.strength() is not None
    assert view.strength().words == "Strength: nothing typed yet"  # type: ignore[union-attr]
    view.password_edited(STRONG)
    assert view.strength() is None  # not worked out yet: nothing new to draw
    view.local = pipeline.run(STRONG, (), kinds=("local",))
    shown = view.strength()
    assert shown is not None and shown.shown
    assert shown.words == f"Strength: very hard to guess ({shown.score} out of 4)"
    view.slow = _result(Finding("breached", Status.FAIL, "Seen 3 times."))
    weak = view.strength()
    assert weak is not None
    assert weak.words == "Strength: weak, because it is in a known data breach"
    assert weak.score <= 1


def test_a_strength_that_could_not_be_worked_out_shows_no_score():
    view = presenter()
    view.password_edited(STRONG)
    view.local = _result(Finding("guessable", Status.NOT_CHECKED, "Too long to check."))
    shown = view.strength()
    assert shown is not None and not shown.shown
    assert shown.words == "Strength: not checked"


def test_personal_words_make_the_meter_say_weak():
    view = presenter()
    view.password_edited(STRONG)
    view.local = _result(
        Finding("guessable", Status.PASS, "Hard to guess."),
        Finding("personal", Status.FAIL, "It has your pet's name."),
    )
    shown = view.strength()
    assert shown is not None
    assert shown.words == "Strength: weak, because it contains personal or common words"


def test_tip_shows_for_short_or_too_short_passwords_only():
    policy = Policy(breach_check="off")
    pipeline = build_pipeline(policy)
    view = CheckPresenter(policy, pipeline.rules, True)
    assert view.tip_shown()
    view.password_edited(STRONG)
    view.local = pipeline.run(STRONG, (), kinds=("local",))
    assert not view.tip_shown()
    view.password_edited("short one")
    view.local = pipeline.run("short one", (), kinds=("local",))
    assert view.tip_shown()


# -- the verdict and recording ------------------------------------------------------------


def _accepted(view: CheckPresenter) -> None:
    policy = view.policy
    pipeline = build_pipeline(policy)
    view.password_edited(STRONG)
    view.confirm_edited(STRONG)
    view.local = pipeline.run(STRONG, (), kinds=("local",))
    view.slow = pipeline.run(STRONG, (), kinds=("store", "network"))
    view.decide()


def test_enter_records_an_accepted_password_and_settles_otherwise():
    view = presenter()
    view.password_edited(STRONG)
    view.confirm_edited(STRONG)
    view.decide()
    assert view.verdict is not None and view.verdict.state is VerdictState.CHECKING
    assert view.enter_pressed() is EnterAction.SETTLE  # settled by Enter, not recorded
    assert view.settle is Settle.NOW
    view.confirm_edited(STRONG[:3])
    assert view.enter_pressed() is EnterAction.NOTHING  # no match: nothing to settle
    view.confirm_edited(STRONG)
    _accepted(view)
    assert view.accepted
    assert view.enter_pressed() is EnterAction.RECORD


def test_no_record_without_a_history_or_while_saving():
    view = presenter(can_record=False)
    _accepted(view)
    assert view.accepted and not view.record_allowed
    view = presenter()
    _accepted(view)
    assert view.record_started() == "Saving..."
    assert not view.record_allowed  # a second press while saving does nothing
    assert view.record_failed("the keyring is locked").startswith(
        "✗ It could not be saved (the keyring is locked). Nothing was changed. If your keyring"
    )
    assert view.record_allowed
    assert view.record_done().startswith("✓ Done.")


def test_clear_forgets_both_entries():
    view = presenter()
    _accepted(view)
    view.clear()
    assert not view.matches and view.verdict is None and view.local is None


def test_the_presenter_loads_no_qt():
    code = (
        "import sys, desktop.core.checks.presenter, desktop.core.checks.explain; "
        "print(any(m.startswith('PySide6') for m in sys.modules))"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "False"


def test_a_match_waiting_for_enter_says_so_in_the_verdict():
    policy = Policy(breach_check="off")
    pipeline = build_pipeline(policy)
    view = CheckPresenter(policy, pipeline.rules, True)
    view.confirm_edited(STRONG)
    view.password_edited(STRONG)  # the second box first: not settled by a pause
    view.local = pipeline.run(STRONG, (), kinds=("local",))
    verdict = view.decide()
    assert verdict.state is VerdictState.CHECKING and not verdict.accepted
    assert verdict.reason == "Looking good so far. Press Enter to finish the checks."
    view.moved_on()
    assert view.decide().reason.startswith("Looking good so far. Still checking:")
