"""The translation catalogues: extract, update, check and count them (``make catalogues``).

One workflow for the core, the windows and the command line, all of which call
``desktop.core.kit.i18n._``:

* ``--write`` extracts every marked sentence from ``desktop/`` into
  ``desktop/locale/hygiene.pot`` (Babel's Python extractor, keywords ``_``, ``N_`` and
  ``ngettext``) and updates each language's ``hygiene.po`` from it: new sentences are
  added empty, changed ones marked fuzzy with the old translation as a starting point,
  gone ones dropped;
* ``--check`` fails when the template is out of date with the code or a shipped language
  (listed in ``desktop/locale/LINGUAS``) has a sentence untranslated, fuzzy, obsolete or
  with its placeholders changed;
* ``--coverage`` prints, per language, how many sentences there are and how many are
  translated (the test command prints it).

A language being written has its ``.po`` but is left out of ``LINGUAS`` until complete;
the app offers it only once it is listed.
"""

from __future__ import annotations

import argparse
import datetime as dt
import io
import sys
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path

from babel.messages.catalog import Catalog, Message
from babel.messages.extract import extract_from_dir
from babel.messages.pofile import read_po, write_po

ROOT = Path(__file__).resolve().parents[1]
if str(ROOT) not in sys.path:  # run as a script: the app's own modules come from the checkout
    sys.path.insert(0, str(ROOT))
SOURCE_DIR = ROOT / "desktop"
LOCALE_DIR = SOURCE_DIR / "locale"
TEMPLATE = LOCALE_DIR / "hygiene.pot"
LINGUAS = LOCALE_DIR / "LINGUAS"
KEYWORDS = {"_": None, "N_": None, "ngettext": (1, 2)}
# Fixed, so that re-running the extraction changes nothing unless a sentence changed.
STAMP = dt.datetime(2026, 1, 1, tzinfo=dt.UTC)
COMMENT_TAGS = ("Translators:",)


def _catalog(locale: str | None = None) -> Catalog:
    return Catalog(
        locale=locale,
        domain="hygiene",
        project="Hygiene Helper",
        version="",
        msgid_bugs_address="",
        copyright_holder="",
        creation_date=STAMP,
        revision_date=STAMP,
        fuzzy=False,
    )


def extract(source_dir: Path = SOURCE_DIR) -> Catalog:
    """Every marked sentence in the code, in source order, with where it is used."""
    catalog = _catalog()
    method_map = [("**/locale/**", "ignore"), ("**.py", "python")]
    for filename, _lineno, message, comments, context in extract_from_dir(
        str(source_dir),
        method_map=method_map,
        keywords=KEYWORDS,
        comment_tags=COMMENT_TAGS,
        strip_comment_tags=True,
    ):
        flags = {"python-brace-format"} if _has_braces(message) else set()
        catalog.add(
            message,
            None,
            [(f"desktop/{filename}", None)],
            auto_comments=comments,
            context=context,
            flags=flags,
        )
    return catalog


def _has_braces(message: str | tuple[str, ...]) -> bool:
    texts = message if isinstance(message, tuple) else (message,)
    return any("{" in t for t in texts)


def _dump(catalog: Catalog) -> bytes:
    out = io.BytesIO()
    write_po(out, catalog, width=88, include_lineno=False, ignore_obsolete=True)
    return out.getvalue()


def read(path: Path, locale: str | None = None) -> Catalog:
    with path.open("rb") as fh:
        return read_po(fh, locale=locale)


def linguas() -> list[str]:
    """The languages that ship: complete, reviewed catalogues only."""
    if not LINGUAS.is_file():
        return []
    lines = LINGUAS.read_text(encoding="utf-8").splitlines()
    return [word for line in lines for word in line.split("#", 1)[0].split()]


def languages() -> list[str]:
    """Every language with a catalogue, shipped or still being written."""
    return sorted(p.parent.name for p in LOCALE_DIR.glob("*/LC_MESSAGES"))


def po_path(code: str) -> Path:
    return LOCALE_DIR / code / "LC_MESSAGES" / "hygiene.po"


def update(template: Catalog, code: str) -> Catalog:
    path = po_path(code)
    catalog = read(path, code) if path.is_file() else _catalog(code)
    catalog.update(template, update_header_comment=False)
    catalog.revision_date = STAMP
    catalog.creation_date = STAMP
    return catalog


def write(source_dir: Path = SOURCE_DIR) -> list[Path]:
    """Re-extracts the template and updates every language from it; returns what changed."""
    changed: list[Path] = []
    template = extract(source_dir)
    for path, data in [(TEMPLATE, _dump(template))] + [
        (po_path(code), _dump(update(template, code))) for code in languages()
    ]:
        if not path.is_file() or path.read_bytes() != data:
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_bytes(data)
            changed.append(path)
    return changed


# -- checks -------------------------------------------------------------------------------


def _key(message: Message) -> str:
    return message.id[0] if isinstance(message.id, tuple | list) else str(message.id)


def _texts(value: object) -> list[str]:
    if isinstance(value, tuple | list):
        return [str(v) for v in value]
    return [str(value)] if value else []


def _placeholders(text: str) -> set[str]:
    from desktop.core.kit.i18n import placeholders  # after the path above is set

    return placeholders(text)


def _formats(text: str, names: set[str]) -> bool:
    """Does ``text`` format with a number for each placeholder (braces balanced, no
    stray ones)? A placeholder with a date format cannot take a number: then only the
    English is tried, and a translation is held to what the English allows."""
    try:
        text.format(**dict.fromkeys(names | {"n"}, 1))
    except (ValueError, IndexError, KeyError):
        return False
    return True


@dataclass
class Coverage:
    code: str
    total: int = 0
    translated: int = 0
    problems: list[str] = field(default_factory=list)


def check_language(code: str, template: Catalog) -> Coverage:
    """How complete ``code`` is, and every message that is wrong in it."""
    catalog = read(po_path(code), code)
    wanted = {_key(m) for m in template if m.id}
    found = {_key(m): m for m in catalog if m.id}
    result = Coverage(code, total=len(wanted))
    plurals = catalog.num_plurals
    for key in sorted(found.keys() - wanted):
        result.problems.append(f"{code}: obsolete (no longer in the code): {key!r}")
    for key in sorted(wanted - found.keys()):
        result.problems.append(f"{code}: missing (catalogue not updated): {key!r}")
    for key in wanted & found.keys():
        message = found[key]
        strings = _texts(message.string)
        if message.fuzzy:
            result.problems.append(f"{code}: fuzzy (needs review): {key!r}")
            continue
        if not strings or not all(strings):
            result.problems.append(f"{code}: untranslated: {key!r}")
            continue
        if isinstance(message.id, tuple | list) and len(strings) != plurals:
            result.problems.append(f"{code}: needs {plurals} plural forms: {key!r}")
            continue
        sources = _texts(message.id)
        expected = set().union(*(_placeholders(s) for s in sources))
        for text in strings:
            got = _placeholders(text)
            if got - expected or (not isinstance(message.id, tuple | list) and got != expected):
                result.problems.append(
                    f"{code}: placeholders differ ({sorted(got)} for {sorted(expected)}): {key!r}"
                )
                break
            if _formats(sources[0], expected) and not _formats(text, expected):
                result.problems.append(f"{code}: broken braces: {key!r}")
                break
        else:
            result.translated += 1
    return result


def check(source_dir: Path = SOURCE_DIR) -> tuple[list[str], list[Coverage]]:
    """Problems that fail the build, and every language's coverage."""
    problems: list[str] = []
    template = extract(source_dir)
    if not TEMPLATE.is_file() or TEMPLATE.read_bytes() != _dump(template):
        problems.append(
            "desktop/locale/hygiene.pot is out of date with the code: run `make catalogues`"
        )
    shipped = set(linguas())
    coverages = [check_language(code, template) for code in languages()]
    for coverage in coverages:
        if coverage.code in shipped:
            problems += coverage.problems
    for code in sorted(shipped - set(languages())):
        problems.append(f"{code} is listed in LINGUAS but has no catalogue")
    return problems, coverages


def coverage_lines(coverages: Iterable[Coverage]) -> list[str]:
    shipped = set(linguas())
    lines = ["language  strings  translated  shipped"]
    for c in coverages:
        share = f"{100 * c.translated / c.total:5.1f} %" if c.total else "  -  "
        lines.append(
            f"{c.code:<8}  {c.total:>7}  {c.translated:>7} {share}  "
            f"{'yes' if c.code in shipped else 'no'}"
        )
    return lines


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    what = parser.add_mutually_exclusive_group(required=True)
    what.add_argument("--write", action="store_true", help="extract and update catalogues")
    what.add_argument("--check", action="store_true", help="fail on any catalogue problem")
    what.add_argument("--coverage", action="store_true", help="print coverage per language")
    args = parser.parse_args(argv)
    if args.write:
        for path in write():
            print(f"updated {path.relative_to(ROOT)}")
        return 0
    problems, coverages = check()
    print("\n".join(coverage_lines(coverages)))
    if args.check and problems:
        print("\n".join(problems[:200]), file=sys.stderr)
        print(f"{len(problems)} catalogue problem(s)", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
