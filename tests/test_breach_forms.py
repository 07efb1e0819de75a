"""Breach lookups hash the composed form of a password, and the form as typed when it
differs, online (a real range server on 127.0.0.1) and in the offline list alike."""

from __future__ import annotations

import random
import unicodedata
from pathlib import Path

import requests
from hypothesis import given, settings
from hypothesis import strategies as st

from desktop.core.breach import OfflineLookup, RangeApiLookup
from desktop.core.checks.base import CheckContext
from desktop.core.checks.breached import BreachedRule, lookup_forms
from desktop.core.checks.findings import Status
from desktop.core.policy.schema import Policy
from tests.fixtures_breach import random_hashes, sorted_lines, write_lines
from tests.range_server import RangeServer, sha1_upper

# Letters that have a composed and a decomposed form, from several alphabets.
ACCENTED = "éèêëáàâäãåçñóòôöõúùûüíìîïýÿćčśšźžżłńőűăâîșțğıİ"
WORDS = ("kettle", "orbit", "lantern", "mosaic", "harbour", "thistle", "velvet", "quarry")


def accented_password(seed: int) -> str:
    rng = random.Random(seed)
    words = rng.sample(WORDS, 3)
    marked = [
        "".join(rng.choice(ACCENTED) if rng.random() < 0.3 else ch for ch in w) for w in words
    ]
    if marked == words:
        marked[0] = "é" + marked[0]
    return unicodedata.normalize("NFC", "-".join(marked) + str(rng.randint(10, 99)))


def rule_status(lookup: object, typed: str) -> Status:
    ctx = CheckContext(unicodedata.normalize("NFKC", typed), Policy(), as_typed=typed)
    return BreachedRule(lookup).check(ctx).status  # type: ignore[arg-type]


def test_forms_are_composed_first_and_as_typed_only_when_different() -> None:
    composed = "café-orbit-lamp"
    decomposed = unicodedata.normalize("NFD", composed)
    assert lookup_forms(composed) == (composed,)
    assert lookup_forms(decomposed) == (composed, decomposed)


@settings(max_examples=20, deadline=None)
@given(st.integers(0, 100_000))
def test_a_decomposed_password_is_found_by_its_composed_entry_online(seed: int) -> None:
    composed = accented_password(seed)
    with RangeServer() as server:
        server.add_password(composed, 12)
        online = RangeApiLookup(server.url, requests.Session(), timeout=5)
        assert rule_status(online, unicodedata.normalize("NFD", composed)) is Status.FAIL
        assert rule_status(online, composed) is Status.FAIL
        # The first request is for the composed form's prefix.
        assert server.prefixes_sent()[0] == sha1_upper(composed)[:5]


def test_a_list_holding_only_the_decomposed_form_is_still_found_online() -> None:
    composed = accented_password(7)
    decomposed = unicodedata.normalize("NFD", composed)
    with RangeServer() as server:
        server.add_password(decomposed, 3)
        online = RangeApiLookup(server.url, requests.Session(), timeout=5)
        assert rule_status(online, decomposed) is Status.FAIL
        # Typed composed, the decomposed entry is another password: one request only.
        before = len(server.prefixes_sent())
        fresh = RangeApiLookup(server.url, requests.Session(), timeout=5)
        assert rule_status(fresh, composed) is Status.PASS
        assert server.prefixes_sent()[before:] == [sha1_upper(composed)[:5]]


def test_a_plain_password_sends_one_request() -> None:
    with RangeServer() as server:
        online = RangeApiLookup(server.url, requests.Session(), timeout=5)
        assert rule_status(online, "kettle orbit lantern mosaic") is Status.PASS
        assert len(server.prefixes_sent()) == 1


def test_the_offline_list_likewise(tmp_path: Path) -> None:
    entries = random_hashes(300, 5)
    passwords = [accented_password(seed) for seed in range(20)]
    for pw in passwords:
        entries[sha1_upper(pw)] = 2
    path = write_lines(tmp_path / "pwned.txt", sorted_lines(entries))
    offline = OfflineLookup(path)
    for pw in passwords:
        assert rule_status(offline, unicodedata.normalize("NFD", pw)) is Status.FAIL, pw
        assert rule_status(offline, unicodedata.normalize("NFD", pw + "x")) is Status.PASS
