"""The personal rule's word lists come from zxcvbn's data file alone: checking a
password with personal words never loads the zxcvbn package (about 27 MiB of
dictionaries and keyboard graphs that the Rust scorer makes unnecessary)."""

from __future__ import annotations

import subprocess
import sys

from desktop.core.checks.wordlists import WANTED, frequency_lists
from tests.cli_helpers import ROOT


def printed_by(code: str) -> list[str]:
    """What ``code`` prints, run in a fresh interpreter of the checkout, word by word."""
    done = subprocess.run(
        [sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True, timeout=120
    )
    assert done.returncode == 0, done.stderr
    return done.stdout.split()


def test_every_wanted_list_is_read_most_frequent_first() -> None:
    lists = frequency_lists()
    assert set(lists) == set(WANTED)
    assert "passwords" not in lists  # leaked passwords are not a dictionary of words
    assert lists["english_wikipedia"][:3] == ["the", "of", "and"]
    assert "maisie" in lists["female_names"] and "smith" in lists["surnames"]


def test_the_rule_keeps_its_words_small_and_still_finds_them() -> None:
    # Python memory the personal rule still holds after its first check, in a fresh
    # interpreter: the lists as Python sets held about 9 MiB.
    code = (
        "import gc, tracemalloc\n"
        "from desktop.core.checks import build_pipeline\n"
        "from desktop.core.policy.schema import Policy\n"
        "pipeline = build_pipeline(Policy(breach_check='off'))\n"
        "pipeline.run('warm up the other rules first', ())\n"
        "gc.collect()\n"
        "tracemalloc.start()\n"
        "before = tracemalloc.get_traced_memory()[0]\n"
        "personal = pipeline.run('Maizie-2015 lantern orbit', ('Maisie',)).get('personal')\n"
        "gc.collect()\n"
        "held = tracemalloc.get_traced_memory()[0] - before\n"
        "from desktop.core.checks.personal import _dictionary\n"
        "d = _dictionary()\n"
        "print(personal.status.value, held // 1024, 'officer' in d.words, 'smith' in d.names,"
        " 'qzxvbkt' in d.words, len(d.words) > 50000)\n"
    )
    status, held_kib, *found = printed_by(code)
    assert status == "fail"
    assert int(held_kib) < 2048, f"{held_kib} KiB held after the first personal check"
    assert found == ["True", "True", "False", "True"]


def test_a_check_with_personal_words_does_not_load_zxcvbn() -> None:
    code = (
        "import sys\n"
        "from desktop.core.checks import build_pipeline\n"
        "from desktop.core.policy.schema import Policy\n"
        "pipeline = build_pipeline(Policy(breach_check='off'))\n"
        "personal = pipeline.run('Maizie-2015 lantern orbit', ('Maisie',)).get('personal')\n"
        "print(personal.status.value, 'zxcvbn' in sys.modules)\n"
    )
    assert printed_by(code) == ["fail", "False"]
