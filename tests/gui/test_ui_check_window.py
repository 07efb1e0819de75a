"""The check window as a person uses it: typing weak, personal, strong and mismatched
passwords, showing and hiding, pasting, and recording a password they have set."""

from __future__ import annotations

from PySide6.QtGui import QGuiApplication, QKeySequence
from PySide6.QtWidgets import QCheckBox, QLabel, QLineEdit, QPushButton, QWidget

from desktop.core.checks import build_pipeline
from desktop.core.checks.findings import Status
from desktop.core.checks.ports import BreachOutcome, BreachVerdict
from desktop.core.policy.schema import Policy
from desktop.ui.kit.a11y import announcements
from tests.fixtures_ui import memory_history

STRONG = "velvet tundra gazebo 47 plinth"


class NotFound:
    """A breach lookup that has checked and found nothing (for the all-clear path)."""

    def lookup(self, password: str) -> BreachVerdict:
        return BreachVerdict(BreachOutcome.NOT_FOUND, source="online")


def button(window: QWidget, name: str) -> QPushButton:
    found = [b for b in window.findChildren(QPushButton) if b.accessibleName() == name]
    assert found, f"no button called {name!r}"
    return found[0]


def test_empty_window_says_what_each_check_needs(check_window_factory):
    ui = check_window_factory()
    assert ui.verdict() == "Type a new password to start."
    assert "At least 10 characters." in ui.line("length")
    assert "… Not yet" in ui.line("breached")
    assert not button(ui.window, "I've set this password").isEnabled()


def test_weak_password_shows_each_problem_and_is_not_accepted(check_window_factory):
    ui = check_window_factory()
    ui.type_password("password1")
    ui.settle()
    assert ui.line("length").startswith("✗ Problem Long enough Too short: 9 characters")
    assert ui.line("guessable").startswith("✗ Problem Hard to guess")
    assert "words everyone guesses first" in ui.line("personal")
    assert ui.line("characters").startswith("✓ Passed")
    assert ui.verdict().startswith("✗ Not yet")
    assert not ui.window.accepted
    assert not button(ui.window, "I've set this password").isEnabled()


def test_strength_meter_words_and_zxcvbn_feedback_are_shown(check_window_factory):
    ui = check_window_factory()
    ui.type_password("qwertyuiop")
    ui.settle()
    labels = {w.objectName(): w for w in ui.window.findChildren(QLabel)}
    assert labels["strength"].text().startswith("Strength: very easy to guess (0 out of 4)")
    assert "one of the hundred most common passwords" in labels["feedback"].text()
    assert "Add another word or two." in labels["feedback"].text()
    # A screen reader reads the words themselves, not a fixed caption.
    assert all(
        labels[n].accessibleName() in ("", labels[n].text()) for n in ("strength", "feedback")
    )


def test_personal_words_typed_in_the_panel_are_caught(check_window_factory):
    ui = check_window_factory()
    words = next(
        e for e in ui.window.findChildren(QLineEdit) if e.accessibleName() == "Personal words"
    )
    ui.qtbot.keyClicks(words, "Biscuit, 12/03/2001")
    ui.type_password("b1scu1t-orchard-lantern")
    ui.settle()
    line = ui.line("personal")
    assert line.startswith("✗ Problem No personal information")
    assert "name or word from your personal list" in line
    # The message never repeats the word it found.
    assert "Biscuit" not in line and "b1scu1t" not in line
    ui.type_password("lantern orchard 0312 2001 x")
    ui.settle()
    assert "date from your personal list" in ui.line("personal")


def test_strong_password_is_accepted_when_every_check_passes(check_window_factory):
    policy = Policy()
    ui = check_window_factory(
        build_pipeline(policy, NotFound(), memory_history()), record=lambda pw: None
    )
    ui.type_password(STRONG)
    ui.settle()
    for rule_id in ("length", "guessable", "personal", "characters", "breached", "reuse", "match"):
        assert ui.line(rule_id).startswith("✓ Passed"), ui.line(rule_id)
    assert ui.verdict() == "✓ Good choice: you can use this password."
    assert button(ui.window, "I've set this password").isEnabled()


def test_show_and_hide_applies_to_both_boxes(check_window_factory):
    ui = check_window_factory()
    ui.type_password("hidden words here")
    show = button(ui.window, "Show password")
    assert ui.password.echoMode() is QLineEdit.EchoMode.Password
    show.click()
    assert ui.password.echoMode() is QLineEdit.EchoMode.Normal
    assert ui.confirm.echoMode() is QLineEdit.EchoMode.Normal
    assert show.text() == "Hide (Alt+S)" and show.accessibleName() == "Hide password"
    assert announcements().history[-1] == ("Password shown", False)
    show.click()
    assert ui.confirm.echoMode() is QLineEdit.EchoMode.Password
    assert announcements().history[-1] == ("Password hidden", False)


def test_mismatch_is_shown_and_blocks_the_verdict(check_window_factory):
    ui = check_window_factory(
        build_pipeline(Policy(), NotFound(), memory_history()), record=lambda pw: None
    )
    ui.type_password(STRONG, confirm=STRONG[:5])
    ui.settle()
    assert ui.line("match").startswith("? Not checked Both entries match Keep typing")
    assert not ui.window.accepted
    ui.confirm.setText(STRONG + "!")
    assert ui.line("match").startswith(
        "✗ Problem Both entries match The two entries are different."
    )
    assert ui.verdict() == "✗ Not yet: the two entries are different."
    assert not button(ui.window, "I've set this password").isEnabled()
    ui.confirm.setText(STRONG)
    ui.settle()  # the slow checks run for the password both boxes now agree on
    assert ui.window.accepted


def test_pasting_into_the_password_box_is_allowed(check_window_factory):
    ui = check_window_factory()
    QGuiApplication.clipboard().setText(STRONG)
    ui.password.setFocus()
    ui.qtbot.keySequence(ui.password, QKeySequence.StandardKey.Paste)
    assert ui.password.text() == STRONG
    ui.qtbot.waitUntil(lambda: ui.window.local_done, timeout=10_000)
    assert ui.line("length").startswith("✓ Passed")


def test_ive_set_this_password_records_it_and_clears_the_boxes(check_window_factory):
    history = memory_history()
    ui = check_window_factory(
        build_pipeline(Policy(), NotFound(), history), record=history.add_password
    )
    ui.type_password(STRONG)
    ui.settle()
    assert history.store.read() is None  # nothing is recorded on its own
    with ui.qtbot.waitSignal(ui.window.recorded, timeout=15_000):
        button(ui.window, "I've set this password").click()
    assert ui.password.text() == "" and ui.confirm.text() == ""
    status = [w for w in ui.window.findChildren(QLabel) if w.objectName() == "record_status"]
    assert status[0].text().startswith("✓ Done.")
    assert history.check_reuse(STRONG).outcome.value == "exact"
    # Typing it again now shows it as used before.
    ui.type_password(STRONG)
    ui.settle()
    assert ui.line("reuse").startswith(
        "✗ Problem Not used before You have used this password before."
    )


def test_a_failed_recording_says_so_and_keeps_what_was_typed(check_window_factory):
    def broken(password: str) -> None:
        raise OSError("disk full")

    ui = check_window_factory(build_pipeline(Policy(), NotFound(), memory_history()), record=broken)
    ui.type_password(STRONG)
    ui.settle()
    button(ui.window, "I've set this password").click()
    status = [w for w in ui.window.findChildren(QLabel) if w.objectName() == "record_status"]
    ui.qtbot.waitUntil(lambda: status[0].text().startswith("✗"), timeout=10_000)
    assert "Nothing was changed" in status[0].text()
    assert ui.password.text() == STRONG


def test_without_a_history_the_button_explains_why_it_is_off(check_window_factory):
    ui = check_window_factory(build_pipeline(Policy(), NotFound(), memory_history()))
    ui.type_password(STRONG)
    ui.settle()
    record = button(ui.window, "I've set this password")
    assert not record.isEnabled()
    assert "no password history" in record.accessibleDescription()


def test_closing_the_window_clears_the_password(check_window_factory):
    ui = check_window_factory()
    ui.type_password(STRONG)
    ui.window.close()
    assert ui.password.text() == "" and ui.confirm.text() == ""


def test_hidden_characters_get_their_own_line(check_window_factory):
    ui = check_window_factory()
    ui.password.setText("long enough words\u202ehere")
    ui.qtbot.waitUntil(lambda: ui.window.local_done, timeout=10_000)
    assert ui.line("characters").startswith(
        "✗ Problem Only characters you can type It has an invisible direction mark."
    )


def test_every_control_has_a_name_and_status_is_never_colour_alone(check_window_factory):
    ui = check_window_factory()
    ui.type_password("password1")
    ui.settle()
    controls = [
        c for kind in (QLineEdit, QPushButton, QCheckBox) for c in ui.window.findChildren(kind)
    ]
    assert len(controls) >= 7
    for control in controls:
        assert control.accessibleName(), control
        assert control.accessibleDescription(), control.accessibleName()
    for rule_id in ui.window.checklist.rule_ids():
        line = ui.line(rule_id)
        assert line[0] in "✓✗?…" and any(
            word in line for word in ("Passed", "Problem", "Not checked", "Not yet")
        )


def test_longer_passphrase_advice_shows_for_short_passwords(check_window_factory):
    ui = check_window_factory()
    tip = next(w for w in ui.window.findChildren(QLabel) if w.objectName() == "tip")
    ui.type_password("Kq8#vLp2!z")
    ui.settle()
    assert tip.isVisible() and "15 characters or more" in tip.text()
    ui.type_password(STRONG)
    ui.settle()
    assert not tip.isVisible()


def test_a_not_checked_line_is_never_shown_as_passed(check_window_factory):
    # No breach lookup and no history: both lines must say "not checked".
    ui = check_window_factory(build_pipeline(Policy(breach_check="off")), record=lambda pw: None)
    ui.type_password(STRONG)
    ui.settle()
    assert ui.line("breached").startswith("? Not checked")
    assert ui.line("reuse").startswith("? Not checked")
    assert ui.verdict().startswith("✓ You can use this password, but some checks could not run")
    assert all(f.status is not Status.PASS for f in ui.window.slow_result.findings)


def _luminance(colour) -> float:
    def channel(c: float) -> float:
        return c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4

    return (
        0.2126 * channel(colour.redF())
        + 0.7152 * channel(colour.greenF())
        + 0.0722 * channel(colour.blueF())
    )


def test_status_colours_stay_readable_on_light_dark_and_high_contrast(qapp):
    from PySide6.QtGui import QColor, QPalette

    from desktop.ui.kit.widgets import LineState, state_colour

    for background in ("#ffffff", "#efefef", "#000000", "#2b2b2b"):
        palette = QPalette()
        palette.setColor(QPalette.ColorRole.Window, QColor(background))
        bg = _luminance(QColor(background))
        for state in (LineState.PASS, LineState.FAIL, LineState.NOT_CHECKED):
            fg = _luminance(state_colour(state, palette))
            ratio = (max(fg, bg) + 0.05) / (min(fg, bg) + 0.05)
            assert ratio >= 4.5, (background, state, round(ratio, 2))


def test_a_rule_registered_in_the_pipeline_gets_its_line_without_any_window_edit(
    check_window_factory,
):
    from desktop.core.checks import Pipeline
    from tests.test_core_verdict import NoTrailingSpaceRule

    policy = Policy()
    rules = [*build_pipeline(policy, NotFound(), memory_history()).rules, NoTrailingSpaceRule()]
    ui = check_window_factory(Pipeline(policy, rules), record=lambda pw: None)
    assert "trailing" in ui.window.checklist.rule_ids()
    assert ui.line("trailing") == "… Not yet No space at the end No space after the last character."
    ui.type_password(STRONG + " ")
    ui.settle()
    assert ui.line("trailing").startswith("✗ Problem No space at the end It ends with a space.")
    assert ui.verdict().startswith("✗ Not yet") and not ui.window.accepted
    ui.type_password(STRONG)
    ui.settle()
    assert ui.line("trailing").startswith("✓ Passed No space at the end")
    assert ui.window.accepted


def test_a_required_check_that_could_not_run_refuses_in_the_window(check_window_factory):
    class Down:
        def lookup(self, password: str) -> BreachVerdict:
            return BreachVerdict(BreachOutcome.UNKNOWN, reason="no network", source="online")

    policy = Policy(required_checks=("breached",))
    ui = check_window_factory(
        build_pipeline(policy, Down(), memory_history()), record=lambda pw: None, policy=policy
    )
    ui.type_password(STRONG)
    ui.settle()
    assert ui.line("breached").startswith("? Not checked Not in a known data breach")
    assert ui.verdict().startswith("✗ Not yet: “Not in a known data breach” could not be checked.")
    assert not button(ui.window, "I've set this password").isEnabled()


def test_the_checks_go_below_the_boxes_when_the_window_is_narrow(check_window_factory):
    ui = check_window_factory()
    window = ui.window
    em = window.fontMetrics().horizontalAdvance("m")
    window.resize(em * 80, window.height())
    ui.qtbot.waitUntil(lambda: not window.stacked, timeout=15_000)
    window.resize(em * 40, window.height())
    ui.qtbot.waitUntil(lambda: window.stacked, timeout=15_000)
    # One column: each rule's line gets the whole width, not a sliver beside the boxes.
    ui.qtbot.waitUntil(
        lambda: window.checklist.width() > window.findChild(QLineEdit, "password").width(),
        timeout=15_000,
    )


class SeenInBreaches:
    def lookup(self, password: str) -> BreachVerdict:
        return BreachVerdict(BreachOutcome.FOUND, count=48_213, source="online")


def strength_words(ui) -> str:
    return {w.objectName(): w.text() for w in ui.window.findChildren(QLabel)}["strength"]


def test_the_meter_says_weak_for_a_breached_password_whatever_its_score(check_window_factory):
    ui = check_window_factory(build_pipeline(Policy(), SeenInBreaches(), memory_history()))
    ui.type_password(STRONG)
    ui.qtbot.waitUntil(lambda: ui.window.local_done, timeout=15_000)
    assert "4 out of 4" in strength_words(ui)  # before the breach check has answered
    ui.settle()
    assert ui.line("breached").startswith("✗ Problem")
    assert strength_words(ui) == "Strength: weak, because it is in a known data breach"
    assert "out of 4" not in strength_words(ui)


def test_the_meter_shows_no_score_when_strength_was_not_checked(check_window_factory):
    ui = check_window_factory()
    ui.password.setText("correct horse battery staple " * 400)  # a long paste
    ui.qtbot.waitUntil(lambda: ui.window.local_done, timeout=15_000)
    assert ui.line("guessable").startswith("? Not checked")
    assert strength_words(ui) == "Strength: not checked"


def test_the_verdict_is_read_out_once_typing_pauses(check_window_factory):
    ui = check_window_factory(
        build_pipeline(Policy(), NotFound(), memory_history()), record=lambda pw: None
    )
    said = announcements()
    before = len(said.history)
    ui.type_password(STRONG)
    ui.settle()
    # Key by key, nothing was said: the verdict changed many times while typing.
    assert len(said.history) == before
    (timer,) = ui.announce.timers
    assert timer.is_active()
    timer.fire()
    assert said.history[before:] == [("✓ Good choice: you can use this password.", False)]
    ui.window.verdict_changed.emit(ui.verdict())  # the same verdict again
    timer.fire()  # is not said twice
    assert len(said.history) == before + 1
    ui.confirm.setText(STRONG + "!")
    timer.fire()
    assert said.history[-1] == ("✗ Not yet: the two entries are different.", False)


def test_why_says_why_a_rule_matters_and_who_set_it(qtbot):
    from desktop.core.policy.schema import Origin
    from desktop.ui.check.live import LiveChecker, make_runners
    from desktop.ui.check.window import CheckWindow
    from desktop.ui.check.words_model import PersonalWordsModel
    from desktop.ui.kit.timers import FakeTimerFactory

    policy = Policy(min_length=12)
    local, slow = make_runners()
    pipe = build_pipeline(policy)
    checker = LiveChecker(pipe, local, slow, FakeTimerFactory())
    words = PersonalWordsModel(None, slow, FakeTimerFactory())
    managed = {"min_length"}
    window = CheckWindow(
        checker,
        words,
        policy,
        None,
        slow,
        timers=FakeTimerFactory(),
        origin_of=lambda key: Origin.MANAGED if key in managed else Origin.DEFAULT,
    )
    qtbot.addWidget(window)
    window.show()
    why = window.checklist.why_buttons
    labels = window.checklist.why_labels
    assert not labels["length"].isVisible()
    why["length"].click()
    assert labels["length"].isVisible()
    assert labels["length"].text().endswith("Your organisation: at least 12 characters")
    assert labels["reuse"].text().endswith("Built-in: not one of your last 24")
    assert labels["characters"].text().splitlines()[-1] == "Built-in"
    why["length"].click()
    assert not labels["length"].isVisible()
    window.close()


def test_a_passphrase_is_suggested_only_when_asked_and_never_typed_in(check_window_factory):
    from desktop.core.passphrase import eff_long_words

    ui = check_window_factory()
    suggestion = ui.window.findChild(QLabel, "suggestion")
    assert not suggestion.isVisible()
    QGuiApplication.clipboard().setText("untouched")
    button(ui.window, "Suggest a passphrase").click()
    assert suggestion.isVisible()
    words = suggestion.text().splitlines()[0].split(" ")
    assert len(words) == 5 and set(words) <= set(eff_long_words())
    # Shown, not used for the person: both boxes and the clipboard are as they were.
    assert ui.password.text() == "" and ui.confirm.text() == ""
    assert QGuiApplication.clipboard().text() == "untouched"
    assert announcements().history[-1][0] == suggestion.text()
    ui.window.close()
    assert suggestion.text() == ""
