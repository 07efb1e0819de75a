"""zxcvbn's word lists (English words, first names, surnames), read without zxcvbn.

The personal rule looks words up in the lists that ship with zxcvbn 4.5.0. Importing
``zxcvbn.frequency_lists`` would first run the package's ``__init__``, which builds
zxcvbn's own ranked dictionaries and keyboard graphs: about 27 MiB the app never uses,
since scoring is done by the Rust port (which keeps its own copy of these lists inside
its library). Here the one data file is run on its own, outside ``sys.modules``, and
only the lists the rules use are kept.
"""

from __future__ import annotations

import importlib.util
from collections.abc import Mapping, Sequence
from pathlib import Path

from desktop.core.kit.i18n import _

# The lists the rules look words up in; zxcvbn's list of leaked passwords is not one.
WANTED = ("english_wikipedia", "us_tv_and_film", "female_names", "male_names", "surnames")


def frequency_lists() -> Mapping[str, Sequence[str]]:
    """Each wanted list, most frequent word first, read afresh (about 9 MiB while held:
    the personal rule keeps what it needs as hashes and lets the lists go)."""
    package = importlib.util.find_spec("zxcvbn")  # finds it without running __init__
    if package is None or not package.submodule_search_locations:
        raise ModuleNotFoundError(_("zxcvbn's word lists are not installed"), name="zxcvbn")
    path = Path(next(iter(package.submodule_search_locations))) / "frequency_lists.py"
    spec = importlib.util.spec_from_file_location("_zxcvbn_frequency_lists", path)
    if spec is None or spec.loader is None:
        raise ModuleNotFoundError(_("zxcvbn's word lists cannot be read from {path}", path=path))
    data = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(data)
    lists: Mapping[str, Sequence[str]] = data.FREQUENCY_LISTS
    return {name: lists[name] for name in WANTED}
