"""The month names the birthday rule knows, read once from ``desktop/core/data/months.json``.

The policy's ``month_languages`` key may only name languages this file has, and
validating a policy must not load the password rules, so both read it from here.
"""

from __future__ import annotations

import json
from functools import cache
from importlib import resources


@cache
def month_data() -> dict[str, dict[str, object]]:
    """Each language code's month names and short forms (comment keys left out)."""
    text = resources.files("desktop.core").joinpath("data/months.json").read_text("utf-8")
    data: dict[str, dict[str, object]] = json.loads(text)
    return {k: v for k, v in data.items() if not k.startswith("_")}


def month_languages() -> tuple[str, ...]:
    """The language codes there are month names for."""
    return tuple(month_data())
