"""The shape of the code, checked: no import circle, and the policy stands below the rules.

The layers themselves are an import-linter contract (``pyproject.toml``, run by
``lint-imports`` in the test command). What a contract cannot say is checked here: the
whole import graph of ``desktop/`` has no circle, counting imports made inside
functions (a circle hidden in a function still loads every module on it), and
validating a policy loads none of the password rules.
"""

from __future__ import annotations

import subprocess
import sys
import textwrap
from pathlib import Path

import grimp
import pytest

from desktop.core.checks.pipeline import standard_rule_ids
from desktop.core.kit.ids import PASSWORD_RULE_IDS, REPORT_KIND_IDS
from desktop.core.policy.schema import KEYS, validate

ROOT = Path(__file__).resolve().parents[1]


def import_circles(package: str) -> list[list[str]]:
    """Every set of modules that import each other round in a circle (Tarjan's strongly
    connected components over grimp's graph, which records imports inside functions)."""
    graph = grimp.build_graph(package, cache_dir=None)
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    on_stack: set[str] = set()
    circles: list[list[str]] = []

    def visit(start: str) -> None:
        # Iterative, so a deep import chain cannot hit the recursion limit.
        work = [(start, iter(sorted(graph.find_modules_directly_imported_by(start))))]
        index[start] = low[start] = len(index)
        stack.append(start)
        on_stack.add(start)
        while work:
            node, children = work[-1]
            child = next(children, None)
            if child is not None:
                if child not in index:
                    index[child] = low[child] = len(index)
                    stack.append(child)
                    on_stack.add(child)
                    imported = sorted(graph.find_modules_directly_imported_by(child))
                    work.append((child, iter(imported)))
                elif child in on_stack:
                    low[node] = min(low[node], index[child])
                continue
            work.pop()
            if work:
                parent = work[-1][0]
                low[parent] = min(low[parent], low[node])
            if low[node] == index[node]:
                members: list[str] = []
                while True:
                    member = stack.pop()
                    on_stack.discard(member)
                    members.append(member)
                    if member == node:
                        break
                if len(members) > 1:
                    circles.append(sorted(members))

    for module in sorted(graph.modules):
        if module not in index:
            visit(module)
    return circles


def test_the_import_graph_of_the_app_has_no_circle() -> None:
    assert import_circles("desktop") == []


def test_a_circle_hidden_inside_a_function_is_found(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The check above can fail: a circle made by an import inside a function counts."""
    package = tmp_path / "circled"
    package.mkdir()
    (package / "__init__.py").write_text("")
    (package / "schema.py").write_text(
        textwrap.dedent(
            """
            def rule_ids():
                from circled.rules import IDS
                return IDS
            """
        )
    )
    (package / "rules.py").write_text("from circled.schema import rule_ids\nIDS = ('a',)\n")
    (package / "leaf.py").write_text("from circled import rules\n")
    monkeypatch.syspath_prepend(str(tmp_path))
    assert import_circles("circled") == [["circled.rules", "circled.schema"]]


def test_the_ids_a_policy_may_require_are_the_pipelines_rules() -> None:
    """Adding a password rule means adding its id to ``kit/ids.py`` too; this says so."""
    assert standard_rule_ids() == PASSWORD_RULE_IDS


def test_the_report_kinds_a_policy_may_name_are_the_registrys() -> None:
    """Adding a report kind means adding its id to ``kit/ids.py`` too; this says so."""
    from desktop.core.report.kinds import KIND_IDS

    assert KIND_IDS == REPORT_KIND_IDS


def test_validating_a_policy_loads_no_password_rule() -> None:
    """A policy naming required checks is validated (and a wrong id refused) without the
    rules or their word lists being imported."""
    code = textwrap.dedent(
        """
        import sys
        from desktop.core.policy.schema import validate
        assert validate({"required_checks": ["breached", "reuse"]}, "test")
        try:
            validate({"required_checks": ["no-such-check"]}, "test")
        except ValueError as exc:
            assert "no-such-check" in str(exc) or "required_checks" in str(exc), exc
        else:
            raise SystemExit("an unknown check id was accepted")
        loaded = sorted(m for m in sys.modules if m.startswith("desktop.core.checks"))
        print(",".join(loaded))
        """
    )
    done = subprocess.run(
        [sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True, check=False
    )
    assert done.returncode == 0, done.stderr
    assert done.stdout.strip() == ""


def test_required_checks_still_names_every_rule_in_its_message() -> None:
    expected = KEYS["required_checks"].expected()
    assert all(f'"{rule_id}"' in expected for rule_id in PASSWORD_RULE_IDS)
    with pytest.raises(ValueError):
        validate({"required_checks": ["length", "nonsense"]}, "test")
