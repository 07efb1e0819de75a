"""How guessable a password is, with zxcvbn's model, fast at every length we accept.

zxcvbn 4.5.0 (pure Python) takes 0.2-1 s for a random 64-72 character string and
refuses longer ones, and even the Rust port grows steeply past about 40 characters.
So:

* the Rust port (``zxcvbn-rs-py``) is used when installed; the pure-Python zxcvbn is
  the fallback with the same behaviour;
* up to ``WINDOW`` characters the whole password is estimated;
* longer passwords are estimated over overlapping windows (``WINDOW`` long, moving
  by ``STRIDE``), and the strongest window is the estimate. A password is at least as
  hard to guess as any part of it, so this never overrates; and because windows
  overlap by half, any pattern up to ``STRIDE`` characters lies whole inside one. Once
  a window reaches the top score the rest cannot change the verdict, so we stop.

Feedback text is our own en-GB wording keyed by zxcvbn's warning and suggestion
kinds, so both back-ends say the same thing and it can be translated.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass

from desktop.core.kit.i18n import N_, _

WINDOW = 32
STRIDE = 16
TOP_SCORE = 4

WARNINGS: dict[str, str] = {
    "straight_rows": N_("Straight rows of keys are easy to guess."),
    "short_keyboard": N_("Short keyboard patterns are easy to guess."),
    "repeats_aaa": N_("Repeats like 'aaa' are easy to guess."),
    "repeats_abcabc": N_("Repeats like 'abcabc' are only a little harder to guess than 'abc'."),
    "sequences": N_("Sequences like 'abc' or '6543' are easy to guess."),
    "recent_years": N_("Recent years are easy to guess."),
    "dates": N_("Dates are often easy to guess."),
    "top10": N_("This is one of the ten most common passwords."),
    "top100": N_("This is one of the hundred most common passwords."),
    "common": N_("This is a very common password."),
    "similar_common": N_("This is very like a common password."),
    "word_alone": N_("A single word is easy to guess."),
    "names_alone": N_("Names on their own are easy to guess."),
    "common_names": N_("Common names and surnames are easy to guess."),
}

SUGGESTIONS: dict[str, str] = {
    "add_words": N_("Add another word or two. Unusual words are better."),
    "few_words": N_("Use a few words together, and avoid common phrases."),
    "no_need_symbols": N_("You do not need symbols, numbers or capital letters if it is long."),
    "capitals": N_("Capital letters at the start do not help much."),
    "all_upper": N_("All capitals is almost as easy to guess as all small letters."),
    "reversed": N_("Words spelt backwards are not much harder to guess."),
    "substitutions": N_("Swaps like '@' for 'a' do not help much."),
    "longer_keyboard": N_("Use a longer keyboard pattern with more turns."),
    "avoid_repeats": N_("Avoid repeated words and characters."),
    "avoid_sequences": N_("Avoid sequences."),
    "avoid_recent_years": N_("Avoid recent years."),
    "avoid_years_you": N_("Avoid years that are linked to you."),
    "avoid_dates_you": N_("Avoid dates and years that are linked to you."),
}

# zxcvbn-rs enum names and zxcvbn 4.5.0 English sentences, mapped to our keys.
_RS_WARNINGS = {
    "StraightRowsOfKeysAreEasyToGuess": "straight_rows",
    "ShortKeyboardPatternsAreEasyToGuess": "short_keyboard",
    "RepeatsLikeAaaAreEasyToGuess": "repeats_aaa",
    "RepeatsLikeAbcAbcAreOnlySlightlyHarderToGuess": "repeats_abcabc",
    "SequencesLikeAbcAreEasyToGuess": "sequences",
    "RecentYearsAreEasyToGuess": "recent_years",
    "DatesAreOftenEasyToGuess": "dates",
    "ThisIsATop10Password": "top10",
    "ThisIsATop100Password": "top100",
    "ThisIsACommonPassword": "common",
    "ThisIsSimilarToACommonlyUsedPassword": "similar_common",
    "AWordByItselfIsEasyToGuess": "word_alone",
    "NamesAndSurnamesByThemselvesAreEasyToGuess": "names_alone",
    "CommonNamesAndSurnamesAreEasyToGuess": "common_names",
}
_RS_SUGGESTIONS = {
    "AddAnotherWordOrTwo": "add_words",
    "UseAFewWordsAvoidCommonPhrases": "few_words",
    "NoNeedForSymbolsDigitsOrUppercaseLetters": "no_need_symbols",
    "CapitalizationDoesntHelpVeryMuch": "capitals",
    "AllUppercaseIsAlmostAsEasyToGuessAsAllLowercase": "all_upper",
    "ReversedWordsArentMuchHarderToGuess": "reversed",
    "PredictableSubstitutionsDontHelpVeryMuch": "substitutions",
    "UseALongerKeyboardPatternWithMoreTurns": "longer_keyboard",
    "AvoidRepeatedWordsAndCharacters": "avoid_repeats",
    "AvoidSequences": "avoid_sequences",
    "AvoidRecentYears": "avoid_recent_years",
    "AvoidYearsThatAreAssociatedWithYou": "avoid_years_you",
    "AvoidDatesAndYearsThatAreAssociatedWithYou": "avoid_dates_you",
}


_PY_WARNINGS = {
    "Straight rows of keys are easy to guess.": "straight_rows",
    "Short keyboard patterns are easy to guess.": "short_keyboard",
    'Repeats like "aaa" are easy to guess.': "repeats_aaa",
    'Repeats like "abcabcabc" are only slightly harder to guess than "abc".': "repeats_abcabc",
    "Sequences like abc or 6543 are easy to guess.": "sequences",
    "Recent years are easy to guess.": "recent_years",
    "Dates are often easy to guess.": "dates",
    "This is a top-10 common password.": "top10",
    "This is a top-100 common password.": "top100",
    "This is a very common password.": "common",
    "This is similar to a commonly used password.": "similar_common",
    "A word by itself is easy to guess.": "word_alone",
    "Names and surnames by themselves are easy to guess.": "names_alone",
    "Common names and surnames are easy to guess.": "common_names",
}
_PY_SUGGESTIONS = {
    "Add another word or two. Uncommon words are better.": "add_words",
    "Use a few words, avoid common phrases.": "few_words",
    "No need for symbols, digits, or uppercase letters.": "no_need_symbols",
    "Capitalization doesn't help very much.": "capitals",
    "All-uppercase is almost as easy to guess as all-lowercase.": "all_upper",
    "Reversed words aren't much harder to guess.": "reversed",
    "Predictable substitutions like '@' instead of 'a' don't help very much.": "substitutions",
    "Use a longer keyboard pattern with more turns.": "longer_keyboard",
    "Avoid repeated words and characters.": "avoid_repeats",
    "Avoid sequences.": "avoid_sequences",
    "Avoid recent years.": "avoid_recent_years",
    "Avoid years that are associated with you.": "avoid_years_you",
    "Avoid dates and years that are associated with you.": "avoid_dates_you",
}


@dataclass(frozen=True)
class Strength:
    """zxcvbn's verdict in our words: score 0-4, log10 of guesses, warning and suggestions."""

    score: int
    guesses_log10: float
    warning: str = ""
    suggestions: tuple[str, ...] = ()


Backend = Callable[[str, Sequence[str]], Strength]


def _rs_backend() -> Backend | None:
    try:
        import zxcvbn_rs_py
    except ImportError:
        return None

    def name(member: object) -> str:
        # The port's enum members have no .name and are unhashable; repr is "Kind.Name".
        return repr(member).rpartition(".")[2]

    def run(password: str, user_inputs: Sequence[str]) -> Strength:
        result = zxcvbn_rs_py.zxcvbn(password, list(user_inputs))
        feedback = result.feedback
        warning = ""
        suggestions: tuple[str, ...] = ()
        if feedback is not None:
            if feedback.warning is not None:
                warning = _(WARNINGS.get(_RS_WARNINGS.get(name(feedback.warning), ""), ""))
            suggestions = tuple(
                _(SUGGESTIONS[_RS_SUGGESTIONS[name(s)]])
                for s in feedback.suggestions
                if name(s) in _RS_SUGGESTIONS
            )
        return Strength(int(result.score), float(result.guesses_log10), warning, suggestions)

    return run


def _py_backend() -> Backend:
    import math

    from zxcvbn import zxcvbn

    def run(password: str, user_inputs: Sequence[str]) -> Strength:
        result = zxcvbn(password, user_inputs=list(user_inputs))
        feedback = result.get("feedback") or {}
        warning = _(WARNINGS.get(_PY_WARNINGS.get(feedback.get("warning") or "", ""), ""))
        suggestions = tuple(
            _(SUGGESTIONS[_PY_SUGGESTIONS[s]])
            for s in feedback.get("suggestions", [])
            if s in _PY_SUGGESTIONS
        )
        guesses = float(result["guesses"])
        return Strength(int(result["score"]), math.log10(max(guesses, 1.0)), warning, suggestions)

    return run


def _for_estimation(password: str) -> str:
    """zxcvbn cannot take lone surrogates; give it a stand-in character for each."""
    return password.encode("utf-8", "replace").decode("utf-8")


class StrengthEstimator:
    """Estimates guessability with zxcvbn, windowing long input (see the module notes)."""

    def __init__(self, backend: Backend | None = None) -> None:
        self._backend = backend or _rs_backend() or _py_backend()

    def estimate(self, password: str, user_inputs: Sequence[str] = ()) -> Strength:
        text = _for_estimation(password)
        inputs = [w for w in user_inputs if w]
        if len(text) <= WINDOW:
            return self._backend(text, inputs)
        best: Strength | None = None
        starts = list(range(0, len(text) - WINDOW + 1, STRIDE))
        if starts[-1] != len(text) - WINDOW:
            starts.append(len(text) - WINDOW)
        weakest: Strength | None = None
        for start in starts:
            got = self._backend(text[start : start + WINDOW], inputs)
            if best is None or got.guesses_log10 > best.guesses_log10:
                best = got
            if weakest is None or got.guesses_log10 < weakest.guesses_log10:
                weakest = got
            if got.score >= TOP_SCORE:
                break
        assert best is not None and weakest is not None
        if best.score >= TOP_SCORE:
            return best
        # Still weak: explain with the feedback of its weakest part.
        return Strength(best.score, best.guesses_log10, weakest.warning, weakest.suggestions)
