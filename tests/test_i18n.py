"""Translations: the catalogues, the mechanism, the language choice and the pseudo-languages.

The catalogue test fails on any sentence untranslated, fuzzy, obsolete or with broken
placeholders in a shipped language, and when the template is out of date with the code.
The source scan fails on any learner-facing string literal in the windows, the command
line or the learner-facing core that does not go through ``_()``.
"""

from __future__ import annotations

import ast
import importlib.util
import json
import re
import sys
import threading
from datetime import UTC, date, datetime
from pathlib import Path
from types import ModuleType

import pytest

from desktop.core.kit import i18n
from desktop.core.kit.i18n import _, ngettext
from tests.cli_helpers import run_hygiene

ROOT = Path(__file__).resolve().parents[1]


def _load_catalogues() -> ModuleType:
    """packaging/catalogues.py (the folder is not a package: "packaging" is a PyPI name)."""
    spec = importlib.util.spec_from_file_location(
        "catalogues", ROOT / "packaging" / "catalogues.py"
    )
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules["catalogues"] = module
    spec.loader.exec_module(module)
    return module


catalogues = _load_catalogues()

# -- the catalogues ---------------------------------------------------------------------


def test_catalogues_are_current_and_every_shipped_language_is_complete() -> None:
    problems, coverages = catalogues.check()
    print("\n".join(catalogues.coverage_lines(coverages)))
    assert problems == []


def _catalogue(tmp_path: Path, code: str, header: str, body: str) -> Path:
    folder = tmp_path / code / "LC_MESSAGES"
    folder.mkdir(parents=True)
    (folder / "hygiene.po").write_text(
        f'msgid ""\nmsgstr ""\n"Language: {code}\\n"\n"Plural-Forms: {header}\\n"\n'
        '"Content-Type: text/plain; charset=utf-8\\n"\n\n' + body,
        encoding="utf-8",
    )
    (tmp_path / "LINGUAS").write_text(f"{code}\n", encoding="utf-8")
    return tmp_path


POLISH = "nplurals=3; plural=(n==1 ? 0 : n%10>=2 && n%10<=4 && (n%100<10 || n%100>=20) ? 1 : 2);"
POLISH_BODY = (
    'msgid "{n} character"\nmsgid_plural "{n} characters"\n'
    'msgstr[0] "{n} znak"\nmsgstr[1] "{n} znaki"\nmsgstr[2] "{n} znaków"\n\n'
    'msgid "Long enough"\nmsgstr "Wystarczająco długie"\n\n'
    '#, fuzzy\nmsgid "Too short"\nmsgstr "Za krótkie"\n\n'
    'msgid "Add {more} more"\nmsgstr "Dodaj {więcej}"\n'
)


def test_plural_forms_follow_the_language_own_rule(tmp_path: Path) -> None:
    polish = i18n.load("pl", _catalogue(tmp_path, "pl", POLISH, POLISH_BODY))
    with i18n.speaking(polish):
        said = {n: ngettext("{n} character", "{n} characters", n) for n in (1, 2, 5, 12, 22, 25)}
        assert _("Long enough") == "Wystarczająco długie"
        assert _("Too short") == "Too short"  # fuzzy: not reviewed, so shown in English
    assert said == {
        1: "1 znak",
        2: "2 znaki",
        5: "5 znaków",
        12: "12 znaków",
        22: "22 znaki",
        25: "25 znaków",
    }


def test_a_broken_translation_shows_the_english_never_a_traceback(tmp_path: Path) -> None:
    polish = i18n.load("pl", _catalogue(tmp_path, "pl", POLISH, POLISH_BODY))
    with i18n.speaking(polish):
        assert _("Add {more} more", more=3) == "Add 3 more"


def test_the_catalogue_check_names_each_kind_of_fault(tmp_path: Path) -> None:
    template = catalogues._catalog()
    for text in ("Long enough", "Too short", "Add {more} more", "Gone soon"):
        template.add(text)
    template.add(("{n} character", "{n} characters"))
    path = catalogues.po_path("pl")
    folder = _catalogue(tmp_path, "pl", POLISH, POLISH_BODY + '\nmsgid "Old words"\nmsgstr "x"\n')
    original = catalogues.LOCALE_DIR
    try:
        catalogues.LOCALE_DIR = folder
        found = catalogues.check_language("pl", template)
    finally:
        catalogues.LOCALE_DIR = original
    assert catalogues.po_path("pl") == path
    text = "\n".join(found.problems)
    assert "fuzzy (needs review): 'Too short'" in text
    assert "placeholders differ" in text and "'Add {more} more'" in text
    assert "obsolete (no longer in the code): 'Old words'" in text
    assert "missing (catalogue not updated): 'Gone soon'" in text
    assert found.translated == 2 and found.total == 5


# -- choosing the language ----------------------------------------------------------------


@pytest.mark.parametrize(
    ("env", "wanted"),
    [
        ({"LANGUAGE": "cy:en_GB", "LANG": "pl_PL.UTF-8"}, ["cy", "en-GB", "pl-PL"]),
        ({"LC_ALL": "pl_PL.UTF-8", "LANG": "cy_GB.UTF-8"}, ["pl-PL"]),
        ({"LC_MESSAGES": "cy_GB.UTF-8@euro"}, ["cy-GB"]),
        ({"LANG": "C.UTF-8"}, ["en"]),
        ({}, []),
    ],
)
def test_the_computer_language_is_read_as_gettext_reads_it(
    env: dict[str, str], wanted: list[str]
) -> None:
    assert i18n.preferred(env) == wanted


def test_the_first_language_the_app_speaks_wins() -> None:
    among = ("en", "cy", "pl", *i18n.PSEUDO)
    assert i18n.choose(["fr-FR", "cy-GB", "pl"], among) == "cy"
    assert i18n.choose(["", "pl_PL"], among) == "pl"
    assert i18n.choose(["de", "fr"], among) == "en"
    assert i18n.choose(["en-xa"], among) == "en-XA"


def test_the_root_prefers_the_person_then_it_then_the_computer(tmp_path: Path) -> None:
    from desktop.core.settings import UserSettings
    from desktop.wiring import Services

    policy = tmp_path / "policy.toml"
    policy.write_text('default_language = "en-XA"\n', encoding="utf-8")
    settings = UserSettings(tmp_path / "settings.json")
    env = {"LANGUAGE": "ar-XB", "HOME": str(tmp_path)}

    def chosen() -> str:
        return Services(
            settings=settings, env=env, home=tmp_path, readers=(), system_policy=policy
        ).language_code()

    assert chosen() == "en-XA"  # IT's default beats the computer's
    settings.save({"language": "en"})
    assert chosen() == "en"  # the person's choice beats IT's
    settings.save({"language": "klingon"})  # not spoken: passed over
    assert chosen() == "en-XA"
    policy.write_text("", encoding="utf-8")
    assert chosen() == "ar-XB"


def test_speaking_changes_the_language_of_this_thread_only() -> None:
    seen: list[str] = []
    with i18n.speaking(i18n.load(i18n.PSEUDO_LONG)):
        worker = threading.Thread(target=lambda: seen.append(_("Long enough")))
        worker.start()
        worker.join()
        here = _("Long enough")
    assert seen == ["Long enough"]
    assert here.startswith("⟦") and _("Long enough") == "Long enough"


# -- the pseudo-languages -----------------------------------------------------------------

SAMPLES = [
    "Long enough",
    "Too short: {n} characters. It needs at least {lo}.",
    "Save to a &file...",
    "{count:,} of {limit:,} characters",
    "Done",
]


@pytest.mark.parametrize("text", SAMPLES)
def test_the_long_pseudo_language_is_40_percent_longer_marked_and_still_works(text: str) -> None:
    long = i18n.pseudo_long(text)
    assert long.startswith("⟦") and long.endswith("⟧")
    assert len(long) >= 1.4 * len(text)
    assert i18n.placeholders(long) == i18n.placeholders(text)
    assert ("&f" in long) == ("&f" in text)
    long.format(n=1, lo=2, count=3, limit=4)


@pytest.mark.parametrize("text", SAMPLES)
def test_the_right_to_left_pseudo_language_runs_backwards_and_still_works(text: str) -> None:
    rtl = i18n.pseudo_rtl(text)
    assert rtl.startswith("\u200f") and "\u202e" in rtl
    assert i18n.placeholders(rtl) == i18n.placeholders(text)
    rtl.format(n=1, lo=2, count=3, limit=4)
    assert i18n.load(i18n.PSEUDO_RTL).direction == "rtl"


# -- formats --------------------------------------------------------------------------------


def test_numbers_dates_and_times_are_written_the_language_way() -> None:
    english, polish, welsh = (
        i18n.Language("en"),
        i18n.Language("pl", locale_code="pl"),
        i18n.Language("cy", locale_code="cy"),
    )
    assert english.number(1234567) == "1,234,567"
    assert polish.number(1234567) == "1\xa0234\xa0567"
    day = date(2026, 3, 3)
    assert english.date(day) == "3 March 2026"
    assert polish.date(day) == "3 marca 2026"
    assert welsh.date(day) == "3 Mawrth 2026"
    moment = datetime(2026, 3, 3, 14, 5, tzinfo=UTC)
    assert polish.time(moment) == "14:05"


# -- nothing learner-facing is left out -----------------------------------------------------

# Where a literal with words in it is not for the learner, and why. Kept short.
NOT_FOR_LEARNERS = {
    "desktop/core/kit/i18n.py": "the mechanism itself: language names are shown as written",
    "desktop/core/kit/paths.py": "folder names on disk",
    "desktop/core/kit/visible.py": "Unicode category names",
    "desktop/core/policy/schema.py": "IT's key descriptions, in the generated templates",
    "desktop/core/policy/convert.py": "IT's policy file messages",
    "desktop/core/policy/sources.py": "IT's policy file messages",
    "desktop/core/posture/fields.py": "IT's posture document schema",
    "desktop/core/posture/published.py": "IT's posture document schema",
    "desktop/core/posture/lines.py": "IT's collectors' file schema (posture-checks.jsonl)",
}
# Literals with spaces that are ids, not words (written in JSON as they are).
IDS = {"sorted file", "prefix folder"}
SCANNED = ("desktop/ui", "desktop/cli", "desktop/core", "desktop/app.py")
MARKERS = {"_", "N_", "ngettext"}
# Calls whose string arguments are names, not words (Qt object names, log lines, ids...).
NOT_WORDS = {
    "debug", "info", "warning", "error", "exception", "critical", "getLogger",
    "setObjectName", "setProperty", "fromTheme", "setStyleSheet", "getattr", "hasattr",
    "isinstance", "startswith", "endswith", "split", "replace", "join", "get", "pop",
    "strftime", "strptime", "compile", "search", "match", "fullmatch", "sub", "findall",
    "encode", "decode", "Path", "field", "cast", "TypeVar", "NamedTuple", "Literal",
    "findChild", "findChildren", "setdefault", "environ", "removeprefix", "removesuffix",
    "ContextVar", "Signal", "metadata", "log_failure", "guarded",
}  # fmt: skip
DEVELOPER_ERRORS = {
    "ValueError", "TypeError", "KeyError", "RuntimeError", "NotImplementedError",
    "AssertionError", "AttributeError", "IndexError", "LookupError",
}  # fmt: skip
SENTENCE = re.compile(r"[A-Za-z]{2,}[,.:;!?')]? +\(?[A-Za-z]{2,}")
LABEL = re.compile(r"^&?[A-Z][a-z]+[a-z&]*[.!?:]?$")
STYLE = re.compile(r"[a-z-]+\s*:\s*[^;]+;")


def _is_words(text: str) -> bool:
    if STYLE.search(text) or text.startswith(("http", "mailto:", "/", "-")):
        return False
    return bool(SENTENCE.search(text) or LABEL.match(text.strip()))


def _call_name(call: ast.Call) -> str:
    fn = call.func
    return fn.id if isinstance(fn, ast.Name) else fn.attr if isinstance(fn, ast.Attribute) else ""


def _untranslated(path: Path) -> list[str]:
    tree = ast.parse(path.read_text(encoding="utf-8"))
    parents = {id(c): p for p in ast.walk(tree) for c in ast.iter_child_nodes(p)}
    found = []
    for node in ast.walk(tree):
        if isinstance(node, ast.Constant) and isinstance(node.value, str):
            text = node.value
        elif isinstance(node, ast.JoinedStr):
            text = "".join(v.value for v in node.values if isinstance(v, ast.Constant))
        else:
            continue
        if isinstance(parents.get(id(node)), ast.JoinedStr | ast.FormattedValue):
            continue
        if text in IDS or not _is_words(text) or _excused(node, parents):
            continue
        found.append(f"{path.relative_to(ROOT)}:{node.lineno}: {text[:60]!r}")
    return found


def _excused(node: ast.AST, parents: dict[int, ast.AST]) -> bool:
    child, parent = node, parents.get(id(node))
    while parent is not None:
        if isinstance(parent, ast.Expr) and parent.value is node:
            return True  # a docstring or a bare string
        if isinstance(parent, ast.Call) and child is not parent.func:
            name = _call_name(parent)
            if name in MARKERS or name in NOT_WORDS:
                return True
            target = parent.func
            if (
                isinstance(target, ast.Attribute)
                and isinstance(target.value, ast.Name)
                and target.value.id in ("log", "logger", "logging")
            ):
                return True
        if (
            isinstance(parent, ast.Raise)
            and isinstance(parent.exc, ast.Call)
            and _call_name(parent.exc) in DEVELOPER_ERRORS
        ):
            return True
        if isinstance(parent, ast.Compare | ast.Assert | ast.arg):
            return True
        if isinstance(parent, ast.Subscript) and child is parent.slice:
            return True
        if isinstance(parent, ast.Dict) and any(k is child for k in parent.keys):
            return True
        if isinstance(parent, ast.AnnAssign) and child is parent.annotation:
            return True
        if isinstance(parent, ast.Assign) and any(
            isinstance(t, ast.Name) and t.id == "__all__" for t in parent.targets
        ):
            return True
        child, parent = parent, parents.get(id(parent))
    return False


def _scanned_files() -> list[Path]:
    files: list[Path] = []
    for part in SCANNED:
        where = ROOT / part
        files += [where] if where.is_file() else sorted(where.glob("**/*.py"))
    return [f for f in files if str(f.relative_to(ROOT)) not in NOT_FOR_LEARNERS]


def test_every_learner_facing_literal_goes_through_translation() -> None:
    found = [line for path in _scanned_files() for line in _untranslated(path)]
    assert found == [], "\n".join(found)


def test_the_scan_catches_a_bare_sentence(tmp_path: Path) -> None:
    sample = ROOT / "desktop" / "ui" / "_i18n_scan_sample.py"
    sample.write_text(
        "def f(label):\n"
        "    label.setText('Choose a longer password')\n"
        "    label.setText(f'{3} checks failed')\n"
        "    label.setText(_('Fine words'))\n"
        "    label.setObjectName('checkWindow main')\n",
        encoding="utf-8",
    )
    try:
        found = _untranslated(sample)
    finally:
        sample.unlink()
    assert [line.split(": ", 1)[1] for line in found] == [
        "'Choose a longer password'",
        "' checks failed'",
    ]


# -- what a learner sees ------------------------------------------------------------------


# Two plain English words in a row: a sentence (or a piece glued into one) left English.
ENGLISH_WORDS = re.compile(r"\b[a-z]{3,} [a-z]{3,}\b")


def _pseudo(line: str) -> bool:
    return not line.strip() or ("⟦" in line and not ENGLISH_WORDS.search(line))


def test_hygiene_check_speaks_the_pseudo_language_on_every_line() -> None:
    done = run_hygiene(
        "check", "--no-network", stdin=b"password1\n", env={"LANGUAGE": i18n.PSEUDO_LONG}
    )
    lines = done.stdout.decode().splitlines()
    assert lines and done.returncode == 1
    assert [line for line in lines if not _pseudo(line)] == []


def test_hygiene_device_speaks_the_pseudo_language_down_to_the_readers_reasons() -> None:
    # The readers run for real here: what they could not read is said in the language too.
    done = run_hygiene("device", env={"LANGUAGE": i18n.PSEUDO_LONG}, timeout=120)
    lines = done.stdout.decode().splitlines()
    assert lines
    assert [line for line in lines if not _pseudo(line)] == []


def test_a_report_to_the_organisation_keeps_its_language_whatever_the_screen_speaks() -> None:
    from desktop.core.policy.schema import Policy
    from desktop.core.report.model import ReportAnswers
    from desktop.core.report.render import build_report

    when = datetime(2026, 3, 3, 9, 0, tzinfo=UTC)
    answers = ReportAnswers(reference="HH-TEST", account="Portal", when=when, started=when)
    now = datetime(2026, 3, 3, 10, 0, tzinfo=UTC)
    with i18n.speaking(i18n.load(i18n.PSEUDO_LONG)):
        built = build_report(answers, Policy(report_language="en"), now)
        on_screen = _("Long enough")
    assert on_screen.startswith("⟦")
    assert "⟦" not in built.text and "⟦" not in str(built.message["Subject"])
    assert "Suspected password leak - reference HH-TEST" in built.text
    assert "Tuesday 3 March 2026 at 09:00" in built.text


def test_the_json_keeps_its_ids_and_codes_in_every_language() -> None:
    def checks(language: str) -> tuple[list[tuple[object, ...]], list[str]]:
        done = run_hygiene(
            "check", "--json", "--no-network", stdin=b"password1\n", env={"LANGUAGE": language}
        )
        found = json.loads(done.stdout)["checks"]
        return [(c["id"], c["status"], c["reason"]) for c in found], [c["message"] for c in found]

    english, english_words = checks("en")
    for language in ("cy", "pl"):
        stable, words = checks(language)
        assert stable == english
        assert words != english_words  # the sentences are in the language
