"""Finding listed words anywhere in a password, with one index built once per list.

A list of words (a person's names, the organisation's words) becomes one ``WordIndex``:
a trie over every word, every word reversed and the two halves of every word long
enough to be matched with one letter changed. A password is read once through the
shared skeleton (``desktop.core.lookalikes``), separators dropped, and walked through
that one trie from each position: the work per check grows with the password's length
and the longest word, not with how many words there are, so a list of a thousand words
costs about what a list of ten does.

Matching reads look-alikes both ways (``@`` for a, ``1`` for i or l, ``|`` for l or i).
One letter added, changed or left out is found by the halves: one change leaves at
least one half of the word whole, so every place a half occurs is checked for the whole
word within one change. The caller decides what a hit means (``personal``).
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from dataclasses import dataclass

from desktop.core.lookalikes import LOOKALIKES, canonical, is_letter, skeleton_char

EDIT_MIN = 5
_END = ""  # trie key holding what ends at a node: never a character of the stream
_EXACT, _REVERSED, _PIECE = 0, 1, 2


def compatible(typed: str, wanted: str) -> bool:
    """``typed`` may stand for ``wanted``: the same, or a look-alike of it either way."""
    return (
        typed == wanted
        or wanted in LOOKALIKES.get(typed, "")
        or typed in LOOKALIKES.get(wanted, "")
    )


def _mismatches(typed: str, wanted: str, limit: int) -> int:
    count = 0
    for a, b in zip(typed, wanted, strict=True):
        if not compatible(a, b):
            count += 1
            if count > limit:
                break
    return count


def within_one(typed: str, wanted: str) -> bool:
    """``typed`` is ``wanted`` with at most one letter changed, added or left out."""
    if len(typed) == len(wanted):
        return _mismatches(typed, wanted, 1) <= 1
    if abs(len(typed) - len(wanted)) != 1:
        return False
    # ``compatible`` reads both ways, so which side is longer does not matter.
    longer, shorter = (typed, wanted) if len(typed) > len(wanted) else (wanted, typed)
    i = 0
    while i < len(shorter) and compatible(longer[i], shorter[i]):
        i += 1
    return all(compatible(a, b) for a, b in zip(longer[i + 1 :], shorter[i:], strict=True))


@dataclass(frozen=True)
class Target:
    """One word to look for: its skeleton (separators removed) and what kind it is."""

    word: str
    kind: str

    @property
    def edits(self) -> bool:
        return len(self.word) >= EDIT_MIN


@dataclass(frozen=True)
class Hit:
    """Where a word was found in the stream, and whether it was changed or reversed."""

    target: Target
    start: int
    end: int
    edited: bool
    reversed: bool

    @property
    def wanted(self) -> str:
        return self.target.word[::-1] if self.reversed else self.target.word


@dataclass(frozen=True)
class Stream:
    """The password as the matcher reads it: skeletons, separators dropped.

    ``where`` maps each stream character to its index in ``original``; ``seps_before[i]``
    counts separators in ``original[:i]``.
    """

    original: str
    text: str
    canon: str
    where: tuple[int, ...]
    seps_before: tuple[int, ...]

    @classmethod
    def of(cls, password: str) -> Stream:
        chars: list[str] = []
        where: list[int] = []
        seps = [0]
        for i, ch in enumerate(password):
            folded = skeleton_char(ch)
            is_sep = bool(folded) and not any(
                c.isdigit() or is_letter(c) or c in LOOKALIKES for c in folded
            )
            seps.append(seps[-1] + is_sep)
            if is_sep:
                continue
            for c in folded:
                chars.append(c)
                where.append(i)
        text = "".join(chars)
        return cls(password, text, canonical(text), tuple(where), tuple(seps))

    def span(self, start: int, end: int) -> tuple[int, int]:
        """Where stream[start:end] lies in ``original``."""
        return self.where[start], self.where[end - 1] + 1

    def crosses_separator(self, start: int, end: int) -> bool:
        lo, hi = self.span(start, end)
        return self.seps_before[hi] != self.seps_before[lo]

    def boundary(self, i: int) -> bool:
        """True when a token starts or ends at ``original[i]`` (between i-1 and i)."""
        o = self.original
        if i <= 0 or i >= len(o):
            return True
        if not (is_letter(o[i - 1]) and is_letter(o[i])):
            return True
        return o[i - 1].islower() and o[i].isupper()

    def whole_token(self, start: int, end: int) -> bool:
        lo, hi = self.span(start, end)
        return self.boundary(lo) and self.boundary(hi)

    def letter_run(self, start: int, end: int) -> tuple[int, int]:
        """The run of stream letters around stream[start:end]."""
        s = self.text
        while start > 0 and is_letter(s[start - 1]):
            start -= 1
        while end < len(s) and is_letter(s[end]):
            end += 1
        return start, end


Node = dict[str, "Node | list[tuple[int, int, int]]"]


class WordIndex:
    """Every target of one list in one trie (see the module notes)."""

    def __init__(self, targets: Iterable[Target]) -> None:
        self.targets: tuple[Target, ...] = tuple(dict.fromkeys(t for t in targets if t.word))
        self._root: Node = {}
        self.depth = 0
        for n, target in enumerate(self.targets):
            key = canonical(target.word)
            self._add(key, (n, 0, _EXACT))
            if key[::-1] != key:
                self._add(key[::-1], (n, 0, _REVERSED))
            if target.edits:
                half = len(key) // 2
                self._add(key[:half], (n, 0, _PIECE))
                self._add(key[half:], (n, half, _PIECE))

    def _add(self, key: str, payload: tuple[int, int, int]) -> None:
        node = self._root
        for ch in key:
            node = node.setdefault(ch, {})  # type: ignore[assignment]
        ends = node.setdefault(_END, [])
        assert isinstance(ends, list)
        ends.append(payload)
        self.depth = max(self.depth, len(key))

    def hits(self, stream: Stream) -> Iterator[Hit]:
        """Every place a target may be, exact (look-alikes allowed) or within one change."""
        canon, text = stream.canon, stream.text
        seen: set[tuple[int, int, int]] = set()
        for i in range(len(canon)):
            node: Node = self._root
            for j in range(i, min(len(canon), i + self.depth)):
                nxt = node.get(canon[j])
                if nxt is None:
                    break
                assert isinstance(nxt, dict)
                node = nxt
                ends = node.get(_END)
                if ends is None:
                    continue
                assert isinstance(ends, list)
                for n, offset, how in ends:
                    yield from self._confirm(n, offset, how, i, j + 1, text, seen)

    def _confirm(
        self,
        n: int,
        offset: int,
        how: int,
        start: int,
        end: int,
        text: str,
        seen: set[tuple[int, int, int]],
    ) -> Iterator[Hit]:
        target = self.targets[n]
        word = target.word
        if how == _REVERSED:
            if _mismatches(text[start:end], word[::-1], 0) == 0:
                yield Hit(target, start, end, edited=False, reversed=True)
            return
        if how == _EXACT:
            wrong = _mismatches(text[start:end], word, 1)
            ok = wrong == 0 or (wrong == 1 and target.edits)
            if ok and (n, start, end) not in seen:
                seen.add((n, start, end))
                yield Hit(target, start, end, edited=wrong == 1, reversed=False)
            return
        # A half: the word may start one place either side of where the half says.
        size = len(word)
        for s in (start - offset - 1, start - offset, start - offset + 1):
            for length in (size, size - 1, size + 1):
                e = s + length
                if s < 0 or e > len(text) or (n, s, e) in seen:
                    continue
                window = text[s:e]
                if within_one(window, word):
                    seen.add((n, s, e))
                    exact = length == size and _mismatches(window, word, 0) == 0
                    yield Hit(target, s, e, edited=not exact, reversed=False)
