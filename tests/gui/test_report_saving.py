""" "Saved" only when saved, and one wizard per draft, in the real wizard.

The drafts folder sits on a small tmpfs the test mounts (filled to the last block, or
remounted read-only), so the failures are the kernel's own. The person must be told on
the page they are on, at the moment the save fails, and be offered "Save to a file" and
"Copy"; nothing may still say the answers are kept. A second wizard on the same draft, in
this process or another one (the tray's and ``hygiene report``'s), says the report is
open elsewhere and writes nothing.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication
from pytestqt.qtbot import QtBot

from desktop.core.report import DraftStore, WhatHappened
from desktop.core.report.flow import (
    LEAVE_NOT_KEPT,
    NOT_SAVED_AS_YOU_GO,
    OPEN_ELSEWHERE,
    SAVED_AGAIN,
    SAVED_AS_YOU_GO,
)
from desktop.ui.kit.timers import FakeTimerFactory
from desktop.ui.report.pages import PAGE_ACCOUNT
from desktop.ui.report.wizard import ReportParts, ReportWizard
from tests.fixtures_fs import fill_up, read_only, small_tmpfs, writable
from tests.report_helpers import Recorder, build, click, policy_with

ROOT = Path(__file__).resolve().parents[2]


def pause(timers: FakeTimerFactory) -> None:
    """The person stops typing: the draft's save timer fires."""
    for timer in timers.timers:
        if timer.single_shot:
            timer.fire()


def draft_answers(folder: Path) -> dict[str, object]:
    return json.loads((folder / "report.json").read_text(encoding="utf-8"))["answers"]


def test_a_full_disk_is_said_at_once_on_the_page_with_save_and_copy(
    qtbot: QtBot, tmp_path: Path
) -> None:
    out = tmp_path / "report.eml"
    rec = Recorder(saved_to=out)
    timers = FakeTimerFactory()
    with small_tmpfs(tmp_path / "small", "16k") as mount:
        folder = mount / "drafts"
        w = build(qtbot, folder, policy_with(None), rec=rec, timers=timers)
        assert w.what_page.intro.text() == SAVED_AS_YOU_GO
        click(qtbot, w.what_page.choices[WhatHappened.SEEN])
        w.next()
        assert w.currentId() == PAGE_ACCOUNT
        assert draft_answers(folder)["what"] == "seen"
        filler = fill_up(mount)
        qtbot.keyClicks(w.account_page.account, "Learning portal")
        pause(timers)
        page = w.account_page
        assert page.save_problem.isVisible()
        assert "could not be saved on this computer just now (the disk is full)" in (
            page.save_problem.text()
        )
        assert page.save_file_button.isVisible() and page.copy_answers_button.isVisible()
        assert not w.what_page.save_problem.isVisible()
        assert w.what_page.intro.text() == NOT_SAVED_AS_YOU_GO
        # Copy and Save to a file keep what was typed, though the draft could not.
        click(qtbot, page.copy_answers_button)
        assert "Learning portal" in QApplication.clipboard().text()
        click(qtbot, page.save_file_button)
        assert "Learning portal" in out.read_text(encoding="utf-8")
        assert page.banner.text().startswith("Saved as ")
        # Stopping now would lose the answers, and the question says so.
        qtbot.keyClick(w, Qt.Key.Key_Escape)
        assert w.leave_box is not None and w.leave_box.text() == LEAVE_NOT_KEPT
        w.leave_box.reject()
        # Once there is room again the next save works, and the person is told.
        filler.unlink()
        qtbot.keyClicks(w.account_page.account, " (Moodle)")
        pause(timers)
        assert not page.save_problem.isVisible()
        assert page.banner.text() == SAVED_AGAIN
        w.next()  # leaving the page writes its text
        assert draft_answers(folder)["account"] == "Learning portal (Moodle)"
        w.reject()
    QApplication.clipboard().clear()


def test_a_read_only_folder_is_said_at_once(qtbot: QtBot, tmp_path: Path) -> None:
    timers = FakeTimerFactory()
    with small_tmpfs(tmp_path / "small", "16k") as mount:
        (mount / "drafts").mkdir(mode=0o700)
        read_only(mount)
        try:
            w = build(qtbot, mount / "drafts", policy_with(None), timers=timers)
            click(qtbot, w.what_page.choices[WhatHappened.PHISHING])
            pause(timers)
            assert w.what_page.save_problem.isVisible()
            assert "(the folder cannot be written to)" in w.what_page.save_problem.text()
            assert w.what_page.intro.text() == NOT_SAVED_AS_YOU_GO
            w.reject()
        finally:
            writable(mount)


def test_two_wizards_at_once_the_second_writes_nothing(qtbot: QtBot, tmp_path: Path) -> None:
    folder = tmp_path / "drafts"
    first = build(qtbot, folder, policy_with(None))
    click(qtbot, first.what_page.choices[WhatHappened.SEEN])
    first.next()
    qtbot.keyClicks(first.account_page.account, "Portal")
    first.next()
    shown: list[int] = []
    second = ReportWizard(
        policy_with(None),
        ReportParts(
            drafts=DraftStore(folder),
            open_check_window=lambda: None,
            bring_forward=lambda: shown.append(1),
        ),
        timers=FakeTimerFactory(),
    )
    qtbot.addWidget(second)
    second.show()
    qtbot.waitUntil(lambda: second.elsewhere_box is not None and second.elsewhere_box.isVisible())
    box = second.elsewhere_box
    assert box is not None and box.text() == OPEN_ELSEWHERE
    assert [b.text() for b in box.buttons()] == ["&Show it", "&Close"]
    # Whatever the second one is given, it keeps its hands off the draft.
    second.state.update(what=WhatHappened.ALERT, account="Someone else's")
    second.next()
    assert draft_answers(folder)["account"] == "Portal"
    click(qtbot, box.buttons()[0])
    assert shown == [1]
    qtbot.waitUntil(lambda: not second.isVisible())
    assert draft_answers(folder)["account"] == "Portal"
    first.reject()


def test_a_wizard_in_another_process_holds_the_draft(qtbot: QtBot, tmp_path: Path) -> None:
    folder = tmp_path / "drafts"
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen", "PYTHONPATH": str(ROOT)}
    other = subprocess.Popen(
        [sys.executable, str(ROOT / "tests" / "report_driver.py"), "fill", str(folder)],
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.DEVNULL,
        text=True,
    )
    try:
        assert other.stdout is not None
        assert other.stdout.readline().strip() == "READY"
        here = ReportWizard(
            policy_with(None),
            ReportParts(drafts=DraftStore(folder), open_check_window=lambda: None),
            timers=FakeTimerFactory(),
        )
        qtbot.addWidget(here)
        here.show()
        qtbot.waitUntil(lambda: here.elsewhere_box is not None and here.elsewhere_box.isVisible())
        box = here.elsewhere_box
        assert box is not None
        assert [b.text() for b in box.buttons()] == ["&Close"]  # nothing to bring forward
        assert here.flow.lock is not None and here.flow.lock.owner() == other.pid
        click(qtbot, box.buttons()[0])
        qtbot.waitUntil(lambda: not here.isVisible())
    finally:
        other.kill()
        other.wait(timeout=30)
        if other.stdout is not None:
            other.stdout.close()
    # The killed owner's lock went with it: a new wizard takes the draft over.
    after = build(qtbot, folder, policy_with(None))
    assert after.elsewhere_box is None and not after.flow.open_elsewhere
    assert after.what_page.choices[WhatHappened.SEEN].isChecked()
    after.reject()


def test_show_it_asks_the_tray_to_bring_its_wizard_forward(qtbot: QtBot, tmp_path: Path) -> None:
    """``hygiene report`` finds the tray's wizard holding the draft: "Show it" sends the
    tray the "report" word over the single-instance channel, and the tray shows the
    wizard it already has (no second one)."""
    from desktop.core.checks import build_pipeline
    from desktop.core.policy.resolve import EffectivePolicy
    from desktop.core.policy.schema import Policy
    from desktop.core.policy.service import PolicyService
    from desktop.core.settings import UserSettings
    from desktop.ui.shell.controller import AppController, Collaborators
    from desktop.ui.shell.single_instance import SingleInstance

    folder = tmp_path / "drafts"
    made: list[ReportWizard] = []

    def make_wizard(_open_check: object) -> ReportWizard:
        wizard = build(qtbot, folder, policy_with(None))
        made.append(wizard)
        return wizard

    controller = AppController(
        Collaborators(
            make_pipeline=lambda eff: build_pipeline(eff.policy),
            policy=PolicyService.fixed(EffectivePolicy(Policy(breach_check="off"), {})),
            settings=UserSettings(tmp_path / "settings.json"),
            make_report_wizard=make_wizard,
            timers=FakeTimerFactory(),
        )
    )
    name = f"hygiene-helper-test-{os.getpid()}-{id(controller):x}"
    tray = SingleInstance(name)
    assert tray.listen()
    tray.message_received.connect(controller.handle_message)
    try:
        tray_wizard = controller.open_report_wizard()
        assert tray_wizard is made[0]
        click(qtbot, made[0].what_page.choices[WhatHappened.SEEN])
        made[0].showMinimized()  # the person moved it out of the way
        command = ReportWizard(
            policy_with(None),
            ReportParts(
                drafts=DraftStore(folder),
                open_check_window=lambda: None,
                bring_forward=lambda: SingleInstance(name).send_to_running("report"),
            ),
            timers=FakeTimerFactory(),
        )
        qtbot.addWidget(command)
        command.show()
        qtbot.waitUntil(lambda: command.elsewhere_box is not None)
        box = command.elsewhere_box
        assert box is not None
        with qtbot.waitSignal(tray.message_received, timeout=5_000) as got:
            click(qtbot, box.buttons()[0])
        assert got.args == ["report"]
        qtbot.waitUntil(lambda: not made[0].isMinimized())
        assert len(made) == 1 and controller.report_wizard is made[0]  # the same one, forward
        assert not command.isVisible()
    finally:
        tray.close()
        for wizard in made:
            wizard.reject()


def test_the_pages_follow_the_list_of_steps(qtbot: QtBot, tmp_path: Path) -> None:
    from desktop.core.report.steps import LEAK

    w = build(qtbot, tmp_path / "drafts", policy_with(None))
    assert [p.title() for p in w.pages()] == [s.title for s in LEAK.steps]
    numbered = [p.step.text() for p in w.pages() if not p.step.isHidden()]
    assert numbered == [f"Step {n} of {len(LEAK.numbered)}" for n in range(1, 6)]
    w.next()  # nothing chosen: the step's own check answers, beside its field
    assert w.what_page.error.text() == "Choose what happened."
    w.reject()


def test_show_it_with_no_tray_running_says_where_to_look(qtbot: QtBot, tmp_path: Path) -> None:
    from desktop.ui.shell.single_instance import SingleInstance

    folder = tmp_path / "drafts"
    first = build(qtbot, folder, policy_with(None))
    nobody = f"hygiene-helper-test-nobody-{os.getpid()}"
    second = ReportWizard(
        policy_with(None),
        ReportParts(
            drafts=DraftStore(folder),
            open_check_window=lambda: None,
            bring_forward=lambda: SingleInstance(nobody).send_to_running("report", 300),
        ),
        timers=FakeTimerFactory(),
    )
    qtbot.addWidget(second)
    second.show()
    qtbot.waitUntil(lambda: second.elsewhere_box is not None)
    box = second.elsewhere_box
    assert box is not None
    click(qtbot, box.buttons()[0])
    qtbot.waitUntil(lambda: second.elsewhere_box is not None and second.elsewhere_box is not box)
    assert "could not be brought to the front" in second.elsewhere_box.text()
    second.elsewhere_box.done(0)
    qtbot.waitUntil(lambda: not second.isVisible())
    first.reject()
