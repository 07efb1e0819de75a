"""The personal rule's word lists come from zxcvbn's data file alone: checking a
password with personal words never loads the zxcvbn package (about 27 MiB of
dictionaries and keyboard graphs that the Rust scorer makes unnecessary)."""

from __future__ import annotations

import subprocess
import sys

from desktop.core.checks.wordlists import WANTED, frequency_lists
from tests.cli_helpers import ROOT


def test_every_wanted_list_is_read_most_frequent_first() -> None:
    lists = frequency_lists()
    assert set(lists) == set(WANTED)
    assert "passwords" not in lists  # leaked passwords are not a dictionary of words
    assert lists["english_wikipedia"][:3] == ["the", "of", "and"]
    assert "maisie" in lists["female_names"] and "smith" in lists["surnames"]
    assert frequency_lists() is lists  # read once


def test_a_check_with_personal_words_does_not_load_zxcvbn() -> None:
    code = (
        "import sys\n"
        "from desktop.core.checks import build_pipeline\n"
        "from desktop.core.policy.schema import Policy\n"
        "pipeline = build_pipeline(Policy(breach_check='off'))\n"
        "personal = pipeline.run('Maizie-2015 lantern orbit', ('Maisie',)).get('personal')\n"
        "print(personal.status.value, 'zxcvbn' in sys.modules)\n"
    )
    done = subprocess.run(
        [sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True, timeout=120
    )
    assert done.returncode == 0, done.stderr
    assert done.stdout.split() == ["fail", "False"]
