"""The report wizard's presenter without Qt: steps as data, the draft's life, one writer
per draft, the old password and the delivery state.

Saving is tried on real small filesystems: a tmpfs of a few KiB filled to the last
block, and one remounted read-only (the kernel's ENOSPC and EROFS, not fakes).
"""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
from datetime import UTC, datetime, timedelta
from pathlib import Path

from desktop.core.kit.clock import ManualClock
from desktop.core.policy.schema import Contact, Policy
from desktop.core.report import DraftStore, Step, WhatHappened
from desktop.core.report.flow import (
    LEAVE_KEPT,
    LEAVE_NOT_KEPT,
    NOT_SAVED_AS_YOU_GO,
    OPEN_ELSEWHERE,
    SAVED_AGAIN,
    SAVED_AS_YOU_GO,
    ReportFlow,
    Saved,
)
from desktop.core.report.kinds import KINDS
from desktop.core.report.model import MAX_DETAILS
from desktop.core.report.steps import LEAK, Options
from tests.fixtures_fs import fill_up, read_only, small_tmpfs, writable

START = datetime(2025, 6, 3, 11, 40, tzinfo=UTC)
POLICY = Policy(report_contacts=(Contact("IT service desk", "Sam", "desk@college.test"),))
ROOT = Path(__file__).resolve().parents[1]


def clock() -> ManualClock:
    return ManualClock(START)


def flow(folder: Path | None, relay: bool = False) -> ReportFlow:
    drafts = DraftStore(folder) if folder is not None else None
    return ReportFlow(POLICY, drafts, clock().now, relay=relay)


# -- steps as data ------------------------------------------------------------------------


def test_the_leak_report_is_a_list_of_steps():
    keys = [s.key for s in LEAK.steps]
    assert keys == ["what", "account", "act", "about", "check", "done"]
    assert len(set(keys)) == len(keys)
    assert [s.key for s in LEAK.numbered] == keys[:-1]  # the confirmation is not a step
    assert KINDS["leak"] is LEAK
    assert LEAK.index("no-such-step") == 0  # an old draft's unknown page: the start


def test_each_step_checks_its_own_answers(tmp_path: Path):
    f = flow(tmp_path / "drafts", relay=True)
    assert f.problem("what") is not None and f.problem("what").field == "what"  # type: ignore[union-attr]
    f.state.update(what=WhatHappened.SEEN, details="x" * (MAX_DETAILS + 1))
    problem = f.problem("what")
    assert problem is not None and problem.field == "details"
    assert problem.message == "Please make this shorter: up to 5,000 characters. It is 5,001 now."
    f.state.update(details="")
    assert f.problem("what") is None
    assert f.problem("account").message.startswith("Say which account")  # type: ignore[union-attr]
    f.state.update(reporter_name="Robin")
    about = f.problem("about")
    assert about is not None and about.field == "reporter_email"  # the relay needs it
    assert LEAK.step("about").validate(f.state.answers, Options(email_required=False)) is None
    f.state.update(reporter_email="robin@")
    assert f.problem("about").message.startswith("Enter your email address in full")  # type: ignore[union-attr]


def test_free_text_goes_into_the_draft_only_once_its_page_is_left(tmp_path: Path):
    f = flow(tmp_path / "drafts")
    f.state.update(what=WhatHappened.SEEN, details="half-typ")
    assert f.draft("what").answers.details == ""  # still on the page
    assert f.draft("what").answers.what is WhatHappened.SEEN  # a choice is kept at once
    f.left_page()
    assert f.draft("account").answers.details == "half-typ"


# -- the draft's life ---------------------------------------------------------------------


def test_opening_and_closing_leaves_nothing(tmp_path: Path):
    f = flow(tmp_path / "drafts")
    assert f.save("what").saved is Saved.SKIPPED
    f.close(False, "what")
    assert not (tmp_path / "drafts").exists()


def test_a_draft_is_saved_read_back_and_reopened(tmp_path: Path):
    f = flow(tmp_path / "drafts")
    f.state.update(what=WhatHappened.BREACH, account="Portal")
    f.left_page()
    assert f.save("act").saved is Saved.SAVED
    f.close(False, "act")
    again = flow(tmp_path / "drafts")
    assert again.state.answers.account == "Portal"
    assert again.opening.resume_key == "act" and again.resume_index() == 2
    assert again.opening.notice.startswith("Welcome back.")
    again.close(False, "act")


def test_sent_through_the_relay_removes_the_draft(tmp_path: Path):
    f = flow(tmp_path / "drafts", relay=True)
    f.state.update(what=WhatHappened.SEEN)
    f.send_starting("check")
    saved = json.loads((tmp_path / "drafts" / "report.json").read_text())
    assert saved["send_started"] is not None
    f.sent()
    assert not (tmp_path / "drafts" / "report.json").exists()
    assert f.save("done").saved is Saved.SKIPPED
    f.close(True, "done")


def test_a_send_cut_short_is_remembered_and_one_refused_is_not(tmp_path: Path):
    f = flow(tmp_path / "drafts", relay=True)
    f.state.update(what=WhatHappened.SEEN)
    f.send_starting("check")
    f.send_ended(maybe_sent=False, key="check")
    assert f.send_started is None and not f.uncertain
    f.send_starting("check")
    f.send_ended(maybe_sent=True, key="check")
    assert f.uncertain and f.send_started is not None
    f.close(False, "check")
    again = flow(tmp_path / "drafts", relay=True)
    assert "may already have sent this report" in again.opening.notice
    again.close(False, "check")


def test_handed_over_and_finished_removes_the_draft_closed_otherwise_keeps_it(tmp_path: Path):
    f = flow(tmp_path / "drafts")
    f.state.update(what=WhatHappened.SEEN)
    f.handed_over("copied")
    f.close(False, "done")  # closed, not finished: a copy on the clipboard is easily lost
    assert (tmp_path / "drafts" / "report.json").exists()
    f = flow(tmp_path / "drafts")
    f.handed_over("file")
    f.close(True, "done")
    assert not (tmp_path / "drafts" / "report.json").exists()


def _full_folder(tmp_path: Path) -> Path:
    return tmp_path / "small"


def test_on_a_full_disk_the_person_is_told_at_once_and_nothing_claims_saved(tmp_path: Path):
    with small_tmpfs(_full_folder(tmp_path), "16k") as mount:
        f = flow(mount / "drafts")
        f.state.update(what=WhatHappened.SEEN, account="Portal")
        f.left_page()
        assert f.save("act").saved is Saved.SAVED
        assert f.intro() == SAVED_AS_YOU_GO and f.leave_question() == LEAVE_KEPT
        before = (mount / "drafts" / "report.json").read_bytes()
        filler = fill_up(mount)
        f.state.update(account="Learning portal")
        f.left_page()
        failed = f.save("act")
        assert failed.saved is Saved.FAILED and failed.problem
        assert "the disk is full" in failed.notice
        assert "save the report to a file or copy it" in failed.notice
        assert f.intro() == NOT_SAVED_AS_YOU_GO and f.leave_question() == LEAVE_NOT_KEPT
        # The old draft is whole (atomic write) and no temporary file is left behind.
        assert (mount / "drafts" / "report.json").read_bytes() == before
        assert [p.name for p in (mount / "drafts").iterdir()] == ["report.json"]
        filler.unlink()
        back = f.save("act")
        assert back.saved is Saved.SAVED and back.notice == SAVED_AGAIN
        assert f.leave_question() == LEAVE_KEPT
        f.close(False, "act")
        assert flow(mount / "drafts").state.answers.account == "Learning portal"


def test_on_a_read_only_folder_saving_fails_plainly(tmp_path: Path):
    with small_tmpfs(_full_folder(tmp_path), "16k") as mount:
        (mount / "drafts").mkdir(mode=0o700)
        read_only(mount)
        try:
            f = flow(mount / "drafts")
            f.state.update(what=WhatHappened.SEEN)
            failed = f.save("what")
            assert failed.saved is Saved.FAILED
            assert "the folder cannot be written to" in failed.notice
            f.close(False, "what")
        finally:
            writable(mount)


# -- one writer per draft -----------------------------------------------------------------


def test_a_second_wizard_on_the_same_draft_writes_nothing(tmp_path: Path):
    first = flow(tmp_path / "drafts")
    first.state.update(what=WhatHappened.SEEN, account="Portal")
    first.left_page()
    first.save("act")
    second = flow(tmp_path / "drafts")
    assert second.open_elsewhere
    assert second.opening.notice == OPEN_ELSEWHERE
    assert second.state.answers.account == ""  # it did not even read the draft
    second.state.update(what=WhatHappened.ALERT, account="Something else")
    assert second.save("act").saved is Saved.SKIPPED
    assert not second.asks_before_leaving(False)
    second.close(False, "act")
    assert (
        json.loads((tmp_path / "drafts" / "report.json").read_text())["answers"]["account"]
        == "Portal"
    )
    first.close(False, "act")
    third = flow(tmp_path / "drafts")  # the first let go: the next one may write
    assert not third.open_elsewhere and third.state.answers.account == "Portal"
    third.close(False, "act")


HOLDER = """
import sys, time
from datetime import datetime, UTC
from pathlib import Path
from desktop.core.policy.schema import Policy
from desktop.core.report import DraftStore
from desktop.core.report.flow import ReportFlow
f = ReportFlow(Policy(), DraftStore(Path(sys.argv[1])), lambda: datetime.now(UTC))
print("open_elsewhere" if f.open_elsewhere else "holding", flush=True)
time.sleep(120)
"""


def test_the_lock_holds_across_processes_and_goes_with_a_killed_owner(tmp_path: Path):
    folder = tmp_path / "drafts"
    holder = subprocess.Popen(
        [sys.executable, "-c", HOLDER, str(folder)],
        cwd=ROOT,
        env={**os.environ, "PYTHONPATH": str(ROOT)},
        stdout=subprocess.PIPE,
        text=True,
    )
    try:
        assert holder.stdout is not None
        assert holder.stdout.readline().strip() == "holding"
        second = flow(folder)
        assert second.open_elsewhere
        assert second.lock is not None and second.lock.owner() == holder.pid
        second.close(False, "what")
        holder.send_signal(signal.SIGKILL)  # no tidy-up at all: the OS drops the lock
        holder.wait(timeout=30)
        after = flow(folder)
        assert not after.open_elsewhere
        after.close(False, "what")
    finally:
        if holder.poll() is None:
            holder.kill()
            holder.wait()
        if holder.stdout is not None:
            holder.stdout.close()


# -- the old password and the confirmation -----------------------------------------------


def test_the_old_password_is_taken_out_of_the_answers_and_checked_once(tmp_path: Path):
    f = flow(tmp_path / "drafts")
    f.state.update(what=WhatHappened.SEEN, details="I typed Sunflower-Autumn-2024 there")
    f.left_page()
    assert f.take_old_password("Sunflower-Autumn-2024")
    assert "Sunflower" not in f.state.answers.details
    assert "Sunflower" not in json.dumps(f.draft("act").answers.details)
    burned: list[int] = []
    work = f.old_password_work(
        "Sunflower-Autumn-2024", lambda s: burned.append(len(s)), lambda s: ["Bank"]
    )
    result = work()
    assert result == (True, ["Bank"], False) and burned == [21]
    text = f.old_password_done(*result, redacted=True)
    assert text == (
        "Blocked: it will never be accepted again. Also used for: Bank. Change it there too "
        "(step 2). We also took it out of what you typed in your answers."
    )
    assert f.state.answers.burned and f.state.answers.other_accounts == ("Bank",)


def test_a_failing_store_is_said_plainly():
    def broken(_s: str) -> object:
        raise RuntimeError("keyring locked")

    work = ReportFlow.old_password_work("pw", broken, None)
    assert work() == (False, None, True)


def test_the_reminder_is_asked_for_once_and_names_what_is_left(tmp_path: Path):
    f = flow(tmp_path / "drafts")
    f.state.set_step(Step.CHANGE_NOW, True)
    reminder = f.reminder()
    assert reminder is not None
    seconds, text = reminder
    assert seconds == 3600 and "change it anywhere else you used it" in text
    assert f.reminder() is None
    f.close(False, "done")


def test_no_drafts_store_never_claims_saved():
    f = flow(None)
    assert f.intro() == NOT_SAVED_AS_YOU_GO and f.leave_question() == LEAVE_NOT_KEPT
    assert f.save("what").saved is Saved.SKIPPED


def test_the_flow_loads_no_qt():
    code = (
        "import sys, desktop.core.report.flow, desktop.core.report.steps; "
        "print(any(m.startswith('PySide6') for m in sys.modules))"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "False"


def test_manual_clock_moves_the_saved_time(tmp_path: Path):
    c = clock()
    f = ReportFlow(POLICY, DraftStore(tmp_path / "drafts"), c.now)
    f.state.update(what=WhatHappened.SEEN)
    c.advance(timedelta(minutes=5).total_seconds())
    assert f.draft("what").saved == START + timedelta(minutes=5)
    f.close(False, "what")
