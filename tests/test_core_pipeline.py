"""The pipeline as a whole: every rule answers, nothing raises, nothing leaks."""

import subprocess
import sys

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from desktop.core.checks import build_pipeline
from desktop.core.checks.findings import Status
from desktop.core.checks.ports import BreachOutcome, BreachVerdict, ReuseOutcome, ReuseVerdict
from desktop.core.policy.schema import Policy

PIPELINE = build_pipeline(Policy())
RULES = PIPELINE.rule_ids

passwords = st.one_of(
    st.text(max_size=200),
    st.text(alphabet=st.characters(codec=None, categories=None), max_size=150),
    st.text(alphabet="aA1!@0$ \u200f\x00😀", max_size=140),
)
words = st.lists(st.text(max_size=20), max_size=4)


@settings(
    max_examples=300, deadline=None, derandomize=True, suppress_health_check=[HealthCheck.too_slow]
)
@given(passwords, words)
def test_pipeline_never_raises_and_answers_every_rule(password: str, personal: list[str]) -> None:
    result = PIPELINE.run(password, personal)
    assert tuple(f.rule_id for f in result.findings) == RULES
    assert 0 <= result.score <= 4
    for f in result.findings:
        assert f.message


@settings(
    max_examples=200, deadline=None, derandomize=True, suppress_health_check=[HealthCheck.too_slow]
)
@given(st.text(min_size=1, max_size=60), words)
def test_no_finding_repeats_the_password(inner: str, personal: list[str]) -> None:
    # The brackets appear in no message, so finding the whole password means a leak,
    # not a coincidence with our own wording.
    password = "\u27e6" + inner + "\u27e7"
    for f in PIPELINE.run(password, personal).findings:
        assert password not in f.message and password not in f.hint


def test_not_checked_is_never_a_pass_and_does_not_reject() -> None:
    result = PIPELINE.run("kettle orbit lantern mosaic")
    assert result.get("breached").status is Status.NOT_CHECKED  # type: ignore[union-attr]
    assert result.get("reuse").status is Status.NOT_CHECKED  # type: ignore[union-attr]
    verdict = PIPELINE.verdict(result.findings)
    assert verdict.accepted and not verdict.complete


class Broken:
    def lookup(self, password: str) -> BreachVerdict:
        raise OSError("network down")

    def check_reuse(self, password: str) -> ReuseVerdict:
        raise RuntimeError("keyring locked")


def test_failing_collaborators_give_not_checked_never_pass() -> None:
    result = build_pipeline(Policy(), breach=Broken(), history=Broken()).run("kettle orbit lamp")
    assert result.get("breached").status is Status.NOT_CHECKED  # type: ignore[union-attr]
    assert result.get("reuse").status is Status.NOT_CHECKED  # type: ignore[union-attr]


class Found:
    def lookup(self, password: str) -> BreachVerdict:
        return BreachVerdict(BreachOutcome.FOUND, 3541)

    def check_reuse(self, password: str) -> ReuseVerdict:
        return ReuseVerdict(ReuseOutcome.ACCOUNT_NEAR, label="personal email")


def test_breach_count_and_account_label_are_shown() -> None:
    pipeline = build_pipeline(Policy(), breach=Found(), history=Found())
    result = pipeline.run("kettle orbit lamp")
    assert "3,541 times" in result.get("breached").message  # type: ignore[union-attr]
    assert "personal email" in result.get("reuse").message  # type: ignore[union-attr]
    assert not pipeline.verdict(result.findings).accepted


def test_breach_check_off_in_policy_is_not_checked() -> None:
    result = build_pipeline(Policy(breach_check="off"), breach=Found()).run("kettle orbit lamp")
    assert result.get("breached").status is Status.NOT_CHECKED  # type: ignore[union-attr]


def test_only_local_rules_run_when_asked() -> None:
    result = build_pipeline(Policy(), breach=Found(), history=Found()).run(
        "kettle orbit lamp", kinds=("local",)
    )
    assert {f.rule_id for f in result.findings} == {
        "length",
        "guessable",
        "personal",
        "root_word",
        "characters",
    }


def test_core_imports_no_qt_and_no_outer_layer_in_a_fresh_interpreter() -> None:
    code = (
        "import sys, pkgutil, importlib, desktop.core\n"
        "for m in pkgutil.walk_packages(desktop.core.__path__, 'desktop.core.'):\n"
        "    importlib.import_module(m.name)\n"
        "outside = ('PySide6', 'shiboken6', 'desktop.ui', 'desktop.cli', 'desktop.platform',"
        " 'desktop.wiring')\n"
        "bad = sorted(n for n in sys.modules if n.startswith(outside))\n"
        "print(bad)\n"
        "sys.exit(1 if bad else 0)\n"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True)
    assert out.returncode == 0, out.stdout + out.stderr


class Recorder:
    def __init__(self) -> None:
        self.seen: list[str] = []

    def lookup(self, password: str) -> BreachVerdict:
        self.seen.append(password)
        return BreachVerdict(BreachOutcome.NOT_FOUND)


def test_breach_lookup_gets_the_password_as_typed_not_normalised() -> None:
    # Breach lists hold what people typed; NFKC would turn "ｐａｓｓ" into "pass".
    recorder = Recorder()
    typed = "ｐａｓｓｗｏｒｄ-kettle-orbit"
    build_pipeline(Policy(), breach=recorder).run(typed)
    assert recorder.seen == [typed]


@settings(
    max_examples=150, deadline=None, derandomize=True, suppress_health_check=[HealthCheck.too_slow]
)
@given(passwords)
def test_every_not_checked_finding_says_why_with_one_type(password: str) -> None:
    """Every rule that could not run carries the shared "could not check" reason: a code
    for tools and the learner's sentence; anything checked carries none."""
    for f in PIPELINE.run(password).findings:
        if f.status is Status.NOT_CHECKED:
            assert f.unchecked is not None, f.rule_id
            assert f.as_dict()["reason"] == f.unchecked.code.value != ""
            assert f.message.startswith("Not checked")
        else:
            assert f.unchecked is None and f.as_dict()["reason"] == ""


def test_not_checked_reasons_have_codes_a_tool_can_count() -> None:
    off = PIPELINE.run("kettle orbit lantern mosaic")
    assert off.get("breached").unchecked.code.value == "off"  # type: ignore[union-attr]
    assert off.get("reuse").unchecked.code.value == "off"  # type: ignore[union-attr]
    failed = build_pipeline(Policy(), breach=Broken()).run("kettle orbit lantern mosaic")
    broken = failed.get("breached").unchecked  # type: ignore[union-attr]
    assert broken is not None and broken.code.value == "failed" and broken.detail == "OSError"
    short = build_pipeline(Policy(), breach=Broken()).run("short")
    waiting = short.get("breached")
    assert waiting is not None and waiting.unchecked is not None
    assert waiting.unchecked.code.value == "waiting"  # runs once the length passes
