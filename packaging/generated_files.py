"""The part every generator shares: write the files it makes, or check they are current.

``generate_templates.py`` (from the policy schema) and ``generate_posture.py`` (from the
posture field list) each build a mapping of path to expected text and hand it to
``main``; a table in a documentation page between two marker comments is replaced with ``between``.
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Callable, Mapping
from pathlib import Path

EXECUTABLE_SUFFIXES = (".sh",)  # scripts IT runs as they are (Jamf extension attributes)


def between(text: str, start: str, end: str, body: str, missing: str) -> str:
    """``text`` with what stands between the ``start`` and ``end`` markers replaced."""
    if start not in text or end not in text:
        raise SystemExit(missing)
    head, rest = text.split(start, 1)
    _old, tail = rest.split(end, 1)
    return f"{head}{start}\n{body}\n{end}{tail}"


def main(
    description: str,
    expected_files: Callable[[], Mapping[Path, str]],
    root: Path,
    argv: list[str] | None = None,
) -> int:
    """``--write`` writes every file that differs; ``--check`` lists them and exits 1."""
    parser = argparse.ArgumentParser(description=description)
    mode = parser.add_mutually_exclusive_group(required=True)
    mode.add_argument("--write", action="store_true", help="write every generated file")
    mode.add_argument("--check", action="store_true", help="fail if any file is out of date")
    args = parser.parse_args(argv)
    stale = []
    for path, text in expected_files().items():
        current = path.read_text(encoding="utf-8") if path.exists() else None
        if current == text:
            continue
        if args.write:
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_text(text, encoding="utf-8")
            if path.suffix in EXECUTABLE_SUFFIXES:
                path.chmod(0o755)
            print(f"wrote {path.relative_to(root)}")
        else:
            stale.append(str(path.relative_to(root)))
    if stale:
        print("Out of date (run 'make templates'): " + ", ".join(stale), file=sys.stderr)
        return 1
    return 0
