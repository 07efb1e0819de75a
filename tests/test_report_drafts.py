"""The report draft on disk: complete round-trip, private, atomic, damage kept aside."""

from __future__ import annotations

import json
import stat
from datetime import UTC, datetime, timedelta, timezone
from pathlib import Path

from hypothesis import given, settings
from hypothesis import strategies as st

from desktop.core.report import Draft, DraftStore, ReportAnswers, Step, WhatHappened
from desktop.core.report.reference import ALPHABET

zones = st.sampled_from([UTC, timezone(timedelta(hours=1)), timezone(timedelta(hours=-5))])
moments = st.builds(
    lambda d, z: d.replace(tzinfo=z),
    st.datetimes(min_value=datetime(2020, 1, 1), max_value=datetime(2040, 1, 1)),
    zones,
)
answers_strategy = st.builds(
    ReportAnswers,
    reference=st.text(ALPHABET, min_size=4, max_size=4).map(lambda t: f"PW-250603-{t}"),
    started=moments,
    when=moments,
    what=st.none() | st.sampled_from(WhatHappened),
    details=st.text(max_size=300),
    account=st.text(max_size=80),
    reporter_name=st.text(max_size=40),
    reporter_email=st.text(max_size=40),
    note=st.text(max_size=100),
    other_accounts=st.lists(st.text(max_size=20), max_size=4).map(tuple),
    burned=st.booleans(),
    steps_done=st.dictionaries(st.sampled_from(Step), moments),
)


@settings(max_examples=80, deadline=None)
@given(
    answers=answers_strategy,
    page=st.sampled_from(["what", "act", "check", ""]),
    error=st.text(max_size=80),
)
def test_every_answer_comes_back_exactly(
    tmp_path_factory, answers: ReportAnswers, page: str, error: str
) -> None:
    store = DraftStore(tmp_path_factory.mktemp("drafts"))
    saved = Draft(answers, page, error, datetime(2025, 6, 3, tzinfo=UTC))
    store.save(saved)
    assert store.load() == saved


def sample() -> Draft:
    now = datetime(2025, 6, 3, 10, 0, tzinfo=UTC)
    return Draft(
        ReportAnswers(
            reference="PW-250603-K7QX",
            started=now,
            when=now,
            what=WhatHappened.SEEN,
            account="Payroll",
        ),
        page="act",
    )


def test_draft_is_private_and_leaves_no_temporary_files(tmp_path: Path) -> None:
    folder = tmp_path / "drafts"
    store = DraftStore(folder)
    store.save(sample())
    store.save(sample())
    assert stat.S_IMODE(folder.stat().st_mode) == 0o700
    assert stat.S_IMODE(store.path.stat().st_mode) == 0o600
    assert [p.name for p in folder.iterdir()] == ["report.json"]


def test_nothing_saved_means_nothing_offered(tmp_path: Path) -> None:
    store = DraftStore(tmp_path / "drafts")
    assert store.load() is None and store.problem == ""
    store.remove()  # removing what is not there is fine


def test_removed_after_sending(tmp_path: Path) -> None:
    store = DraftStore(tmp_path)
    store.save(sample())
    store.remove()
    assert store.load() is None and not store.path.exists()


def test_damaged_draft_is_kept_aside_and_explained(tmp_path: Path) -> None:
    store = DraftStore(tmp_path)
    store.path.write_text('{"version": 1, "answers": {"reference": "PW-2')
    assert store.load() is None
    [kept] = tmp_path.glob("report.json.damaged-*")
    assert kept.read_text().startswith('{"version": 1')
    assert kept.name in store.problem and "damaged" in store.problem
    store.save(sample())
    store.path.write_text(json.dumps({"version": 1, "answers": {"reference": "nonsense"}}))
    assert store.load() is None
    assert len(list(tmp_path.glob("report.json.damaged-*"))) == 2
    assert kept.exists()


def test_foreign_or_wrong_values_are_damage_not_a_crash(tmp_path: Path) -> None:
    store = DraftStore(tmp_path)
    good = json.loads(json.dumps(_saved_json(store)))
    for key, value in [
        ("what", "hacked"),
        ("when", "yesterday"),
        ("when", "2025-06-03T10:00"),
        ("steps_done", {"fly": "2025-06-03T10:00+00:00"}),
        ("details", 5),
        ("other_accounts", "Bank"),
        ("burned", "yes"),
    ]:
        bad = json.loads(json.dumps(good))
        bad["answers"][key] = value
        store.path.write_text(json.dumps(bad))
        assert store.load() is None, key
        assert "damaged" in store.problem


def _saved_json(store: DraftStore) -> dict[str, object]:
    store.save(sample())
    data: dict[str, object] = json.loads(store.path.read_text())
    return data
