"""The widgets hold no password rule ids and no workflow decisions.

Which rule makes the meter say "weak", which lines wait for the boxes to match, and the
"why" behind each rule are decided in the core (``checks.presenter``, ``checks.explain``);
the window and the wizard only display and forward. A rule id quoted anywhere under
``desktop/ui/`` would be a decision (or a copy of words) creeping back into a widget.
The ids are read from the core's own catalogue, so a new rule is covered at once.
"""

from __future__ import annotations

import re
from pathlib import Path

from desktop.core.checks import standard_rules
from desktop.core.checks.confirm import MatchRule

UI = Path(__file__).resolve().parents[1] / "desktop" / "ui"


def rule_ids() -> set[str]:
    return {r.rule_id for r in standard_rules()} | {MatchRule.rule_id}


def quoted_ids(text: str, ids: set[str]) -> list[str]:
    alternatives = "|".join(map(re.escape, sorted(ids)))
    pattern = re.compile(r"""(?<![\w.])["'](""" + alternatives + r""")["']""")
    return [m.group(1) for m in pattern.finditer(text)]


def test_the_catalogue_names_the_rules_the_window_shows():
    assert {"length", "guessable", "personal", "breached", "reuse", "match"} <= rule_ids()


def test_no_widget_module_quotes_a_rule_id():
    ids = rule_ids()
    found = {
        str(path.relative_to(UI)): hits
        for path in sorted(UI.rglob("*.py"))
        if (hits := quoted_ids(path.read_text(encoding="utf-8"), ids))
    }
    assert found == {}


def test_the_grep_finds_a_quoted_id():
    ids = rule_ids()
    assert quoted_ids('state("length")', ids) == ["length"]
    assert quoted_ids("by_rule.get('breached')", ids) == ["breached"]
    assert quoted_ids('"lengthy" and length', ids) == []
