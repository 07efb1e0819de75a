"""Passphrase suggestions: random words from the EFF long word list, chosen with ``secrets``.

The list (7,776 words, published by the Electronic Frontier Foundation under CC BY 3.0)
comes from the ``xkcdpass`` package, which ships it; five words from it give about 64
bits of randomness, which no guessing attack on a sign-in page gets near. A suggestion
is only made when the person asks for one, and is never copied or kept by the app.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from functools import lru_cache
from importlib import resources

from desktop.core.kit.i18n import _
from desktop.core.kit.orgwords import DEFAULT_ORG_WORDS

DEFAULT_WORDS = 5
MIN_WORDS = 4
LIST_SIZE = 7776  # 6^5: one word per roll of five dice


class WordListMissing(RuntimeError):
    """The word list is not installed, so no suggestion can be made."""


@lru_cache(maxsize=1)
def eff_long_words() -> tuple[str, ...]:
    """The EFF long word list, read once from the installed ``xkcdpass`` package."""
    try:
        text = (resources.files("xkcdpass") / "static" / "eff-long").read_text("utf-8")
    except (ModuleNotFoundError, FileNotFoundError, OSError) as exc:
        raise WordListMissing(_("the EFF word list is not installed")) from exc
    words = tuple(line.strip() for line in text.splitlines() if line.strip())
    if len(words) != LIST_SIZE or len(set(words)) != LIST_SIZE:
        raise WordListMissing(_("the EFF word list is damaged"))
    return words


def suggest_passphrase(
    count: int = DEFAULT_WORDS,
    words: Sequence[str] | None = None,
    choose: Callable[[Sequence[str]], str] | None = None,
    avoid: Iterable[str] = DEFAULT_ORG_WORDS,
) -> str:
    """``count`` (at least four) random words joined by spaces.

    ``choose`` picks one word (``secrets.choice`` unless given). Words in ``avoid``
    (the organisation's words, which the ``personal`` rule refuses wherever they stand:
    the EFF list has "password" and "outlook") are never chosen.
    """
    if count < MIN_WORDS:
        raise ValueError(f"a passphrase needs at least {MIN_WORDS} words")
    if choose is None:
        # Imported here: ``secrets`` brings ``hashlib`` and with it OpenSSL's libcrypto
        # (about 3 MiB resident), which nothing else needs when the app starts.
        import secrets

        choose = secrets.choice
    banned = {w.casefold() for w in avoid}
    pool = [w for w in (eff_long_words() if words is None else words) if w not in banned]
    return " ".join(choose(pool) for _unused in range(count))


def bits_of_randomness(count: int, list_size: int = LIST_SIZE) -> float:
    """How many bits of randomness ``count`` words from the list carry."""
    import math

    return count * math.log2(list_size)
