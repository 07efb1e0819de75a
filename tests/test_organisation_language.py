"""What goes to the organisation is in the organisation's language (the policy's
``report_language``), whatever the person reads on screen: IT's posture document and the
"Check this computer" summary attached to a report, as the report itself."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import UTC, datetime

import pytest

from desktop.cli.device import with_kept
from desktop.core.device import DeviceReport, DeviceRunner
from desktop.core.kit import i18n
from desktop.core.policy.schema import Policy
from desktop.core.posture.document import build_posture
from desktop.core.posture.state import gather_state
from desktop.core.report.attach import device_summary
from tests.device_fakes import Blocking, failing_sources

NOW = datetime(2026, 12, 2, 14, 0, tzinfo=UTC)


def run(language: str, policy: Policy) -> DeviceReport:
    """One run of the device checks on a failing computer, with ``language`` on screen."""
    with i18n.speaking(i18n.load(language)):
        return DeviceRunner(failing_sources(NOW), "linux", now=lambda: NOW).run(policy)


def sentences(findings: object) -> list[tuple[str, str]]:
    assert isinstance(findings, list | tuple)
    out = []
    for f in findings:
        words = f if isinstance(f, dict) else f.as_dict()
        out.append((str(words["summary"]), str(words["fix"])))
    return out


@pytest.fixture
def screen_in_welsh() -> Iterator[None]:
    """The person reads Welsh: the process's language, as the app's root sets it."""
    i18n.activate(i18n.load("cy"))
    try:
        yield
    finally:
        i18n.activate(i18n.ENGLISH)


@pytest.mark.parametrize("organisation", ["en", "cy"])
def test_it_s_document_and_the_attached_summary_speak_the_organisation_s_language(
    screen_in_welsh: None, organisation: str
) -> None:
    policy = Policy(report_language=organisation)
    english, welsh = run("en", policy), run("cy", policy)
    # The Welsh catalogue words these checks differently, so the comparison means something.
    assert sentences(english.findings) != sentences(welsh.findings)
    expected = english if organisation == "en" else welsh

    on_screen = DeviceRunner(failing_sources(NOW), "linux", now=lambda: NOW).run(policy)
    doc = build_posture(on_screen, gather_state(policy), "linux", "1.0")
    assert sentences(doc["checks"]) == sentences(expected.findings)
    attached = device_summary(on_screen, i18n.for_organisation(policy.report_language))
    assert attached == device_summary(expected, i18n.load(organisation))
    with i18n.speaking(i18n.load(organisation)):
        assert attached == device_summary(expected)
    # The window still shows the person's language: their report is left as it was.
    assert sentences(on_screen.findings) == sentences(welsh.findings)
    assert device_summary(on_screen) == device_summary(welsh)
    # The statuses and values IT's tools read are the same in every language.
    assert doc == build_posture(expected, gather_state(policy), "linux", "1.0")


def test_a_language_the_app_does_not_ship_gives_english(screen_in_welsh: None) -> None:
    policy = Policy(report_language="en")
    on_screen = run("cy", policy)
    assert i18n.for_organisation("xx").code == "en"
    assert device_summary(on_screen, i18n.for_organisation("xx")) == device_summary(
        run("en", policy), i18n.ENGLISH
    )


def test_the_command_line_shows_this_run_in_the_screen_s_words(screen_in_welsh: None) -> None:
    # The document (English, for IT) holds this very run: nothing kept from earlier, so
    # the person's screen shows the run in Welsh, not the document's English.
    policy = Policy(report_language="en")
    on_screen = run("cy", policy)
    doc = build_posture(on_screen, gather_state(policy), "linux", "1.0")
    assert sentences(doc["checks"]) != sentences(on_screen.findings)
    assert with_kept(on_screen, doc).findings == on_screen.findings


def test_a_source_that_did_not_answer_is_said_in_the_organisation_s_language(
    screen_in_welsh: None,
) -> None:
    # The runner's own reason ("it did not answer within ... seconds") is made on the
    # reading's thread: it too must follow the language the sentence is told in.
    hung = Blocking()
    try:
        sources = {**failing_sources(NOW), "firewall": hung}
        runner = DeviceRunner(sources, "linux", timeout=0.05, now=lambda: NOW)
        on_screen = runner.run(Policy(report_language="en"))
    finally:
        hung.release.set()
    firewall = on_screen.get("firewall")
    assert firewall is not None and firewall.unchecked is not None
    welsh = firewall.summary
    with i18n.speaking(i18n.ENGLISH):
        english = firewall.unchecked.sentence
    assert english == "Not checked: it did not answer within 0.05 seconds."
    assert welsh != english and "0.05" in welsh
    told = on_screen.told_in(i18n.ENGLISH).get("firewall")
    assert told is not None and told.summary == english


def test_a_reader_s_own_reason_is_said_in_the_organisation_s_language(
    screen_in_welsh: None,
) -> None:
    # A Linux reader that cannot read its fact says why with a value of its own (here the
    # desktop's name from the environment): the reason is kept unmade until a sentence is
    # told, so IT's copy is English while the screen says it in Welsh.
    from desktop.platform.device.linux.screen_lock import LinuxScreenLock

    sources = {
        **failing_sources(NOW),
        "screen_lock": LinuxScreenLock({"XDG_CURRENT_DESKTOP": "Sway"}),
    }
    on_screen = DeviceRunner(sources, "linux", now=lambda: NOW).run(Policy(report_language="en"))
    welsh = on_screen.get("screen_lock")
    told = on_screen.told_in(i18n.ENGLISH).get("screen_lock")
    assert welsh is not None and told is not None
    assert told.summary.startswith("Not checked: the app cannot read how this desktop (")
    assert "Sway" in told.summary and "Sway" in welsh.summary
    assert welsh.summary != told.summary and "{" not in welsh.summary
    doc = build_posture(on_screen, gather_state(Policy(report_language="en")), "linux", "1.0")
    entry = next(c for c in doc["checks"] if c["id"] == "screen_lock")  # type: ignore[union-attr]
    assert entry["summary"] == told.summary
