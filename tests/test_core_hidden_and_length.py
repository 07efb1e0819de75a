"""Hidden characters and length as seen, over generated cases of each kind.

Hidden characters are drawn from Unicode's own properties (every Cf code point, the
Default_Ignorable_Code_Point ranges, tag characters, variation selectors), so the
tests cover the kinds, not a few examples; visible clusters are built the ways people
make them (combining marks, flags, skin tones, joined emoji, keycaps, Hangul jamo).
"""

from __future__ import annotations

import unicodedata

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from desktop.core.checks import build_pipeline
from desktop.core.checks.findings import Status
from desktop.core.kit.visible import DEFAULT_IGNORABLE, ZWJ, scan, seen_length, visible
from desktop.core.policy.schema import Policy

PIPELINE = build_pipeline(Policy(breach_check="off"))

FORMAT = [
    chr(c)
    for c in range(0x110000)
    if unicodedata.category(chr(c)) == "Cf" and chr(c) != ZWJ and not 0xD800 <= c <= 0xDFFF
]
IGNORABLE = [chr(c) for lo, hi in DEFAULT_IGNORABLE for c in range(lo, hi + 1)]
CONTROLS = ["\x00", "\t", "\x7f", "\x85", "\u2028", "\u2029"]
# Every selector too: after letters and digits (as inserted here) none is an emoji's.
HIDDEN = sorted(set(FORMAT + IGNORABLE + CONTROLS) - {ZWJ})
hidden = st.sampled_from(HIDDEN)
WEAK = ["Liverpool1!", "password123", "Maisie2015!", "qwerty123456", "Summer2024!"]


def insert(text: str, extra: list[tuple[int, str]]) -> str:
    out = text
    for at, ch in sorted(extra, reverse=True):
        at = at % (len(out) + 1)
        out = out[:at] + ch + out[at:]
    return out


def statuses(password: str, words: tuple[str, ...] = ()) -> dict[str, Status]:
    return {f.rule_id: f.status for f in PIPELINE.run(password, words).findings}


@settings(max_examples=300, deadline=None)
@given(st.sampled_from(WEAK), st.lists(st.tuples(st.integers(0, 40), hidden), min_size=1))
def test_any_hidden_character_is_refused_and_the_other_rules_ignore_it(
    weak: str, extra: list[tuple[int, str]]
) -> None:
    disguised = insert(weak, extra)
    got, clean = PIPELINE.run(disguised, ("Maisie",)), PIPELINE.run(weak, ("Maisie",))
    assert got.get("characters").status is Status.FAIL  # type: ignore[union-attr]
    # The other rules judge it exactly as the password without the hidden parts.
    assert got.score == clean.score
    for rule in ("length", "guessable", "personal"):
        assert got.get(rule) == clean.get(rule), rule


@settings(max_examples=200, deadline=None)
@given(hidden, st.integers(0, 20))
def test_a_hidden_character_is_found_anywhere(ch: str, at: int) -> None:
    text = insert("kettle orbit lantern", [(at, ch)])
    assert not scan(text).clean
    assert visible(text) == "kettle orbit lantern"


EMOJI_SEQUENCES = [
    "👨\u200d👩\u200d👧",  # a family: joiners between emoji
    "👩🏽\u200d💻",  # skin tone, then a joiner
    "🏳\ufe0f\u200d🌈",  # a selector, then a joiner
    "❤\ufe0f",  # emoji presentation
    "☺\ufe0e",  # text presentation
    "1\ufe0f\u20e3",  # a keycap
    "🏴\U000e0067\U000e0062\U000e0073\U000e0063\U000e0074\U000e007f",  # Scotland
    "🇬🇧",
    "👍🏿",
]


@pytest.mark.parametrize("sequence", EMOJI_SEQUENCES)
def test_emoji_sequences_keep_their_joiners_and_selectors(sequence: str) -> None:
    assert statuses(f"kettle {sequence} orbit lantern")["characters"] is Status.PASS


@pytest.mark.parametrize(
    "text",
    [
        "kett\u200dle orbit lantern",  # a joiner between letters
        "kettle\u200d🍀 orbit lantern",  # a joiner after a letter
        "kettle\ufe0f orbit lantern",  # an emoji selector after a letter
        "kettle\ufe00 orbit lantern",  # a variation selector outside emoji
        "kettle\U000e0041 orbit lantern",  # a tag character on its own
        "🏴\U000e0067\U000e0062 kettle orbit",  # tags with no cancel tag
        "\ufeffkettle orbit lantern",  # a BOM typed into the window
        "kettle orbit\ufeff lantern",  # a BOM in the middle
    ],
)
def test_joiners_selectors_tags_and_boms_outside_emoji_are_refused(text: str) -> None:
    assert statuses(text)["characters"] is Status.FAIL


# length as seen -----------------------------------------------------------------------

MARKS = [chr(c) for c in range(0x0300, 0x0370)] + ["\u0332", "\u20dd"]
letter = st.sampled_from("abcdefghijklmnopqrstuvwxyzéÅßжλ")
cluster = st.one_of(
    letter,
    st.tuples(letter, st.lists(st.sampled_from(MARKS), min_size=1, max_size=4)).map(
        lambda t: t[0] + "".join(t[1])
    ),
    st.sampled_from(["🇬🇧", "🇫🇷", "🇯🇵", "🇺🇦"]),  # flags: two regional indicators
    st.tuples(st.sampled_from("👍👋🧑👶"), st.sampled_from("🏻🏼🏽🏾🏿")).map("".join),
    st.sampled_from(EMOJI_SEQUENCES),
    st.just("\ufdfa"),  # one character that NFKC turns into 18
    st.just("\u1100\u1161\u11a8"),  # Hangul jamo making one syllable
    st.sampled_from("!?#€£ "),
)


@settings(max_examples=300, deadline=None)
@given(st.lists(cluster, min_size=1, max_size=30), st.lists(hidden, max_size=30))
def test_length_counts_what_a_person_sees(parts: list[str], extra: list[str]) -> None:
    text = "".join(parts)
    assert seen_length(text) == len(parts)
    finding = PIPELINE.run(text).get("length")
    assert finding is not None and f"{len(parts)} character" in finding.message
    # Hidden characters between them are never counted (their own rule refuses them).
    with_hidden = "".join((extra[i] if i < len(extra) else "") + p for i, p in enumerate(parts))
    assert seen_length(with_hidden) == len(parts)


def test_the_issues_length_examples() -> None:
    assert seen_length("\ufdfa") == 1
    for five in ("🇬🇧" * 5, "👍🏽" * 5, "a\u0332" * 5):
        assert seen_length(five) == 5
    assert "1 character" in (PIPELINE.run("\ufdfa").get("length").message)  # type: ignore[union-attr]


def test_a_megabyte_is_refused_and_no_slow_rule_scans_it() -> None:
    for huge in ("a" * (1 << 20), "\u200b" * (1 << 20), "maisie" * (1 << 17)):
        result = PIPELINE.run(huge, ("Maisie",))
        got = {f.rule_id: f.status for f in result.findings}
        assert got["length"] is Status.FAIL and not PIPELINE.verdict(result.findings).accepted
        assert got["guessable"] is Status.NOT_CHECKED
        assert got["personal"] is Status.NOT_CHECKED
        assert "The most allowed is 128" in result.get("length").message  # type: ignore[union-attr]


@settings(max_examples=500, deadline=None)
@given(st.text(alphabet=st.characters(max_codepoint=0x7F), max_size=40))
def test_ascii_is_judged_as_the_full_unicode_scan_judges_it(text: str) -> None:
    # ASCII takes a shorter road (no Unicode tables loaded): it must end where the
    # full scan ends, for every ASCII text, control characters and CR LF included.
    from desktop.core.kit import visible as module

    assert module._scan_ascii(text) == module._scan_unicode(text)
    assert scan(text) == module._scan_unicode(text)
    shown = visible(text)
    assert seen_length(text) == len(module._pattern(r"\X").findall(shown))
