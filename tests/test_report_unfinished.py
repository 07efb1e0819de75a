"""Reports left half done: which are offered again, and the words that offer them."""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path

from desktop.core.report import DraftStore, ReportAnswers
from desktop.core.report.drafts import Draft
from desktop.core.report.kinds import KINDS
from desktop.core.report.unfinished import chooser_line, unfinished_kinds, unfinished_notice

NOW = datetime(2026, 12, 7, 9, 0, tzinfo=UTC)


def _leave(store: DraftStore, kind: str) -> None:
    answers = ReportAnswers(reference="PW-261207-K7QX", started=NOW, when=NOW, kind=kind)
    store.for_kind(kind).save(Draft(answers, "now"))


def test_nothing_left_says_nothing(tmp_path: Path) -> None:
    store = DraftStore(tmp_path / "drafts")  # not even made yet
    assert unfinished_kinds(store, KINDS.values()) == ()
    assert unfinished_notice(()) is None
    assert chooser_line(()) == ""


def test_one_left_is_named_and_carried_on(tmp_path: Path) -> None:
    store = DraftStore(tmp_path / "drafts")
    _leave(store, "wrong-person")
    left = unfinished_kinds(store, KINDS.values())
    assert left == (KINDS["wrong-person"],)
    notice = unfinished_notice(left)
    assert notice is not None and notice.kind_id == "wrong-person"
    assert f"\u201c{KINDS['wrong-person'].label}\u201d" in notice.text
    assert notice.action == "Carry on with the report"
    assert "It is chosen below" in chooser_line(left)


def test_a_report_open_in_a_window_is_not_left(tmp_path: Path) -> None:
    store = DraftStore(tmp_path / "drafts")
    _leave(store, "leak")
    _leave(store, "scam")
    lock = store.for_kind("scam").lock()  # a window holds it, as a wizard does
    assert lock.acquire()
    try:
        assert unfinished_kinds(store, KINDS.values()) == (KINDS["leak"],)
    finally:
        lock.release()
    assert unfinished_kinds(store, KINDS.values()) == (KINDS["leak"], KINDS["scam"])


def test_several_left_open_what_happened(tmp_path: Path) -> None:
    store = DraftStore(tmp_path / "drafts")
    for kind in ("leak", "misuse", "lost-device"):
        _leave(store, kind)
    left = unfinished_kinds(store, KINDS.values())
    assert [k.kind_id for k in left] == ["leak", "lost-device", "misuse"]  # the registry's order
    notice = unfinished_notice(left)
    assert notice is not None and notice.kind_id == ""
    assert notice.text.startswith("You started 3 reports and did not send them.")
    assert "Choose one" in chooser_line(left)


def test_only_the_kinds_offered_are_looked_at(tmp_path: Path) -> None:
    store = DraftStore(tmp_path / "drafts")
    _leave(store, "misuse")
    offered = [k for k in KINDS.values() if k.kind_id != "misuse"]  # hidden by the policy
    assert unfinished_kinds(store, offered) == ()


def test_something_that_is_not_a_draft_file_is_not_offered(tmp_path: Path) -> None:
    store = DraftStore(tmp_path / "drafts")
    store.for_kind("scam").path.mkdir(parents=True)  # a folder where the draft would be
    assert unfinished_kinds(store, KINDS.values()) == ()
