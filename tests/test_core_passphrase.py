"""Passphrase suggestions: real random words from the EFF long list, never fewer than four."""

from __future__ import annotations

import random

import pytest

from desktop.core.checks import build_pipeline
from desktop.core.checks.findings import Status
from desktop.core.passphrase import (
    LIST_SIZE,
    bits_of_randomness,
    eff_long_words,
    suggest_passphrase,
)
from desktop.core.policy.schema import Policy


def test_the_eff_long_list_is_installed_whole():
    words = eff_long_words()
    assert len(words) == LIST_SIZE == len(set(words))
    assert words[0] == "abacus" and "zoom" in words


def test_a_suggestion_is_random_words_from_the_list():
    words = set(eff_long_words())
    seen = {suggest_passphrase() for _ in range(20)}
    assert len(seen) == 20  # never the same twice in practice
    for phrase in seen:
        parts = phrase.split(" ")
        assert len(parts) == 5 and all(p in words for p in parts)


def test_fewer_than_four_words_is_refused():
    with pytest.raises(ValueError):
        suggest_passphrase(3)
    assert len(suggest_passphrase(4).split()) == 4


def test_the_choice_is_injected_so_it_can_be_repeated():
    pick = random.Random(7).choice
    again = random.Random(7).choice
    assert suggest_passphrase(6, choose=pick) == suggest_passphrase(6, choose=again)


def test_five_words_carry_over_sixty_bits():
    assert round(bits_of_randomness(5), 1) == 64.6


def test_a_suggestion_passes_the_local_rules_of_the_default_policy():
    pipeline = build_pipeline(Policy())  # no breach lookup or history: those say "not checked"
    result = pipeline.run(suggest_passphrase())
    failed = [f.rule_id for f in result.findings if f.status is Status.FAIL]
    assert failed == []
