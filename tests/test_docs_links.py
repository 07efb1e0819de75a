"""Every relative link and image in README.md and docs/*.md points at something that
exists: a file in the checkout and, for a link into a Markdown page, a heading of that
page. Links inside code (fenced blocks, backticks) and links to the web are not checked.
"""

from __future__ import annotations

import re
from pathlib import Path
from urllib.parse import unquote

import pytest

from tests.cli_helpers import ROOT

PAGES = sorted([ROOT / "README.md", *(ROOT / "docs").glob("*.md")])

_FENCE = re.compile(r"^(```|~~~).*?^\1[^\n]*$", re.M | re.S)
_INLINE_CODE = re.compile(r"`+[^`\n]*`+")
# [text](target) and ![alt](target), with an optional "title" after the target.
_LINK = re.compile(r"!?\[(?:[^\]\[]|\[[^\]]*\])*\]\(\s*<?([^)\s>]+)>?(?:\s+\"[^\"]*\")?\s*\)")
_HTML_SRC = re.compile(r"<(?:img|a)\b[^>]*?\b(?:src|href)=\"([^\"]+)\"", re.I)
_HEADING = re.compile(r"^#{1,6}\s+(.+?)\s*#*\s*$", re.M)


def _strip_code(text: str) -> str:
    return _INLINE_CODE.sub("", _FENCE.sub("", text))


def anchors(text: str) -> set[str]:
    """The anchors GitHub makes for a page's headings (lower case, punctuation dropped,
    spaces as hyphens, "-1", "-2"... for repeats)."""
    seen: dict[str, int] = {}
    out: set[str] = set()
    for title in _HEADING.findall(_FENCE.sub("", text)):
        plain = re.sub(r"`|\*\*|__|\[([^\]]*)\]\([^)]*\)", r"\1", title).strip().lower()
        slug = re.sub(r"[^\w\- ]", "", plain).replace(" ", "-")
        n = seen.get(slug, 0)
        seen[slug] = n + 1
        out.add(slug if n == 0 else f"{slug}-{n}")
    return out


def broken_links(page: Path) -> list[str]:
    """Each relative link or image of `page` that does not resolve, with the reason."""
    text = page.read_text(encoding="utf-8")
    body = _strip_code(text)
    targets = _LINK.findall(body) + _HTML_SRC.findall(body)
    problems: list[str] = []
    for target in targets:
        if re.match(r"^[a-z][a-z0-9+.-]*:", target, re.I) or target.startswith("//"):
            continue  # the web, mail: not checked here
        path_part, _, fragment = target.partition("#")
        dest = page if not path_part else (page.parent / unquote(path_part))
        if not dest.exists():
            problems.append(f"{page.name}: {target} (no such file)")
            continue
        if (
            fragment
            and dest.suffix == ".md"
            and dest.is_file()
            and unquote(fragment).lower() not in anchors(dest.read_text(encoding="utf-8"))
        ):
            problems.append(f"{page.name}: {target} (no such heading in {dest.name})")
    return problems


def test_the_pages_exist() -> None:
    names = {p.relative_to(ROOT).as_posix() for p in PAGES}
    assert {"README.md", "docs/learners.md", "docs/it.md", "docs/developers.md"} <= names
    assert "docs/architecture.md" in names


@pytest.mark.parametrize("page", PAGES, ids=lambda p: p.relative_to(ROOT).as_posix())
def test_every_relative_link_and_image_resolves(page: Path) -> None:
    assert broken_links(page) == []


def test_a_broken_link_image_or_heading_is_found(tmp_path: Path) -> None:
    (tmp_path / "shot.png").write_bytes(b"\x89PNG")
    (tmp_path / "other.md").write_text("# Other page\n\n## Where it is\n", encoding="utf-8")
    page = tmp_path / "page.md"
    page.write_text(
        "# Page\n\n"
        "![fine](shot.png) [fine](other.md#where-it-is) [fine](#page) "
        "[web](https://example.org/x) `[in code](missing.md)`\n\n"
        "```\n[in a block](missing.md)\n```\n\n"
        "![gone](screenshots/gone.png) [gone](missing.md) "
        '[no heading](other.md#nowhere) <img src="nope.png">\n',
        encoding="utf-8",
    )
    assert broken_links(page) == [
        "page.md: screenshots/gone.png (no such file)",
        "page.md: missing.md (no such file)",
        "page.md: other.md#nowhere (no such heading in other.md)",
        "page.md: nope.png (no such file)",
    ]


def test_anchors_follow_githubs_rule() -> None:
    text = "# A title: with `code`, and (marks)\n## Repeat\n## Repeat\n"
    assert anchors(text) == {"a-title-with-code-and-marks", "repeat", "repeat-1"}
