"""Taking the leaked password out of the answers if the person typed it there too.

Worried people sometimes write "my password was ..." in the details box, or type it in
the account box by mistake. Once the leaked password has been typed for the local
comparison (step 3), the wizard builds a ``SecretGuard`` from it and keeps only that:
salted fingerprints of the password and its near forms (any letter case, look-alike
symbols undone, digits and symbols at the ends dropped, letters only), never the
password. Every answer is checked against them before each draft is saved and again
before the report is built for sending, so the password reaches neither, whatever
page it was typed on and in whatever order.
"""

from __future__ import annotations

import os
from dataclasses import replace

from desktop.core.kit.digests import blake2b
from desktop.core.kit.i18n import N_, _
from desktop.core.lookalikes import canonical
from desktop.core.report.model import ReportAnswers

REMOVED = N_("[password removed]")
MIN_SECRET = 4  # shorter strings would match ordinary words and wreck the text
MIN_NEAR = 6  # a near form (say "summer" of "Summer2024!") must be longer to count


def _lower(text: str) -> str:
    """Case folded one character at a time, so positions still line up with ``text``."""
    return "".join(f if len(f := ch.casefold()) == 1 else ch for ch in text)


def _plain(lower: str) -> str:
    """Look-alikes undone, and l/1/i/| taken as one letter (people swap them freely): the
    same one table the personal-words rule and the history use."""
    return canonical(lower)


def _core(lower: str) -> str:
    letters = [i for i, ch in enumerate(lower) if ch.isalpha()]
    return lower[letters[0] : letters[-1] + 1] if letters else ""


def _views(text: str) -> dict[str, tuple[str, list[int]]]:
    """The text as each form sees it, with where each character came from."""
    lower = _lower(text)
    plain = _plain(lower)
    letters = [i for i, ch in enumerate(plain) if ch.isalpha()]
    return {
        "lower": (lower, list(range(len(text)))),
        "plain": (plain, list(range(len(text)))),
        "letters": ("".join(plain[i] for i in letters), letters),
    }


class SecretGuard:
    """Finds the password and its near forms in text, without keeping the password."""

    def __init__(self, secret: str) -> None:
        self._key = os.urandom(16)
        lower = _lower(secret)
        stripped = _plain(_core(lower))
        forms = {
            "lower": [(lower, MIN_SECRET)],
            "plain": [(_plain(lower), MIN_SECRET), (stripped, MIN_NEAR)],
            "letters": [("".join(ch for ch in stripped if ch.isalpha()), MIN_NEAR)],
        }
        self._prints: dict[str, dict[int, set[bytes]]] = {}
        for view, candidates in forms.items():
            for form, shortest in candidates:
                if len(form) >= shortest:
                    by_length = self._prints.setdefault(view, {})
                    by_length.setdefault(len(form), set()).add(self._print(form))

    @property
    def active(self) -> bool:
        return bool(self._prints)

    def _print(self, text: str) -> bytes:
        data = text.encode("utf-8", "surrogatepass")
        return blake2b(data, key=self._key, digest_size=16)

    def spans(self, text: str) -> list[tuple[int, int]]:
        """Where in ``text`` the password or a near form of it is, merged."""
        found: list[tuple[int, int]] = []
        for view, (seen, origin) in _views(text).items():
            for length, prints in self._prints.get(view, {}).items():
                for start in range(len(seen) - length + 1):
                    if self._print(seen[start : start + length]) in prints:
                        found.append((origin[start], origin[start + length - 1] + 1))
        merged: list[tuple[int, int]] = []
        for start, end in sorted(found):
            if merged and start <= merged[-1][1]:
                merged[-1] = (merged[-1][0], max(end, merged[-1][1]))
            else:
                merged.append((start, end))
        return merged

    def scrub(self, text: str) -> tuple[str, bool]:
        """``text`` with every match replaced by REMOVED; True when any was found."""
        spans = self.spans(text) if text else []
        if not spans:
            return text, False
        out, last = [], 0
        for start, end in spans:
            out += [text[last:start], _(REMOVED)]
            last = end
        out.append(text[last:])
        return "".join(out), True


def redact(text: str, secret: str) -> tuple[str, bool]:
    """``text`` with every copy of ``secret`` and its near forms replaced by REMOVED."""
    return SecretGuard(secret).scrub(text)


def scrub_answers(answers: ReportAnswers, guard: SecretGuard) -> tuple[ReportAnswers, bool]:
    """The answers with the guarded password taken out of every text field."""
    changed = False

    def clean(text: str) -> str:
        nonlocal changed
        out, hit = guard.scrub(text)
        changed = changed or hit
        return out

    result = replace(
        answers,
        details=clean(answers.details),
        account=clean(answers.account),
        reporter_name=clean(answers.reporter_name),
        reporter_email=clean(answers.reporter_email),
        note=clean(answers.note),
        other_accounts=tuple(clean(a) for a in answers.other_accounts),
        values={k: clean(v) for k, v in answers.values.items()},
        attachment=clean(answers.attachment),
    )
    return (result, True) if changed else (answers, False)


def redact_answers(answers: ReportAnswers, secret: str) -> tuple[ReportAnswers, bool]:
    """The answers with ``secret`` taken out of every text field; True when any changed."""
    return scrub_answers(answers, SecretGuard(secret))
