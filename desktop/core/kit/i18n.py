"""The one way a learner-facing sentence is translated, in the core, the windows and the CLI.

Every sentence goes through ``_()`` (or ``ngettext()`` when it holds a count), written in
English in the source with named placeholders::

    _("At least {n} characters.", n=policy.min_length)
    ngettext("{n} character", "{n} characters", n)

The catalogues are GNU gettext ``.po`` files kept in the repository
(``desktop/locale/<language>/LC_MESSAGES/hygiene.po``, made from ``hygiene.pot`` by
``scripts/i18n.py``); they are read here directly with Babel, so there is no compiled
file to forget. Plural forms follow each language's own rule (Welsh has six, Polish
three), taken from the catalogue's header.

Words that must exist before any language is chosen (a rule's title as a class
attribute, a module constant) are marked with ``N_()`` where they are written, which
only marks them for extraction, and passed through ``_()`` where they are shown.

The language is chosen once by the composition root (``desktop.wiring``) and made the
process's language with ``activate()``; ``speaking()`` switches it for one piece of work
on the current thread or task only (a report to the organisation is written in the
organisation's language, whatever the learner reads on screen). Two pseudo-languages are
generated from the English, never written by hand: ``en-XA`` (every sentence 40 % longer,
its ends marked) and ``ar-XB`` (mirrored, right to left), for testing layouts.

Dates, times and numbers are formatted for the language with Babel (CLDR data).
"""

from __future__ import annotations

import contextvars
import datetime as _dt
import gettext as _gettext
import logging
import re
from collections.abc import Callable, Iterator, Mapping, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path
from typing import Any, Literal

_log = logging.getLogger(__name__)

DOMAIN = "hygiene"
LOCALE_DIR = Path(__file__).resolve().parents[2] / "locale"
SOURCE = "en"
PSEUDO_LONG = "en-XA"
PSEUDO_RTL = "ar-XB"
PSEUDO = (PSEUDO_LONG, PSEUDO_RTL)
SETTINGS_KEY = "language"  # the person's choice, in their settings file

Direction = Literal["ltr", "rtl"]
ListStyle = Literal["standard", "or"]

# Each language's own name, as it is written in that language (shown in Settings as is).
NATIVE_NAMES: Mapping[str, str] = {
    "en": "English",
    "cy": "Cymraeg",
    "pl": "Polski",
    PSEUDO_LONG: "[Pseudo: long]",
    PSEUDO_RTL: "[Pseudo: right to left]",
}

_PLACEHOLDER = re.compile(r"\{([A-Za-z_][A-Za-z0-9_]*)(?:[:!][^{}]*)?\}")


def placeholders(text: str) -> set[str]:
    """The named placeholders in a message (``{n}``, ``{limit:,}`` -> ``n``, ``limit``)."""
    return set(_PLACEHOLDER.findall(text))


def N_(message: str) -> str:
    """Marks ``message`` for extraction without translating it (pass it to ``_()`` later)."""
    return message


ENGLISH_LOCALE = "en_GB"
_EN_MONTHS = (
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
)
_EN_MONTHS_SHORT = (
    "Jan",
    "Feb",
    "Mar",
    "Apr",
    "May",
    "Jun",
    "Jul",
    "Aug",
    "Sept",
    "Oct",
    "Nov",
    "Dec",
)
_EN_WEEKDAYS = ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday")
_EN_DATE_FORMS: dict[str, Callable[[_dt.date], str]] = {
    "long": lambda d: f"{d.day} {_EN_MONTHS[d.month - 1]} {d.year}",
    "medium": lambda d: f"{d.day} {_EN_MONTHS_SHORT[d.month - 1]} {d.year}",
    "short": lambda d: f"{d.day:02d}/{d.month:02d}/{d.year}",
    "EEEE": lambda d: _EN_WEEKDAYS[d.weekday()],
}


@dataclass(frozen=True)
class Language:
    """One language the app can speak: its code, direction and message table.

    ``messages`` maps an English message (or a plural's English singular) to its
    translation (or the tuple of plural forms); ``plural`` picks the form for a count.
    A message missing from the table is shown in English.
    """

    code: str
    direction: Direction = "ltr"
    messages: Mapping[str, str | tuple[str, ...]] = field(default_factory=dict)
    plural: Any = None  # callable int -> index of the plural form, from the catalogue
    locale_code: str = ENGLISH_LOCALE  # Babel's locale for dates, times and numbers

    @property
    def name(self) -> str:
        return NATIVE_NAMES.get(self.code, self.code)

    def gettext(self, message: str) -> str:
        if self.code == PSEUDO_LONG:
            return pseudo_long(message)
        if self.code == PSEUDO_RTL:
            return pseudo_rtl(message)
        found = self.messages.get(message)
        return found if isinstance(found, str) and found else message

    def ngettext(self, singular: str, plural: str, n: int) -> str:
        if self.code in PSEUDO:
            return self.gettext(singular if n == 1 else plural)
        forms = self.messages.get(singular)
        if isinstance(forms, tuple) and self.plural is not None:
            index = int(self.plural(n))
            if 0 <= index < len(forms) and forms[index]:
                return forms[index]
        return singular if n == 1 else plural

    # -- formatting for the language (CLDR through Babel) ---------------------------------
    # British English, the language most people see, is written out here for the forms the
    # app uses (the same text as Babel's, which tests/test_i18n_english_forms.py holds):
    # Babel's locale data costs about 4 MiB of memory once loaded, and otherwise the first
    # list of names or date in English would load it for the life of the tray app.

    def number(self, n: float) -> str:
        if self.locale_code == ENGLISH_LOCALE and float(n).is_integer():
            sign = "-" if n == 0 and str(n).startswith("-") else ""  # Babel writes -0.0 as "-0"
            return f"{sign}{int(n):,}"
        from babel.numbers import format_decimal

        return str(format_decimal(n, locale=self.locale_code))

    def date(self, day: _dt.date, form: str = "long") -> str:
        if self.locale_code == ENGLISH_LOCALE and form in _EN_DATE_FORMS:
            return _EN_DATE_FORMS[form](day)
        from babel.dates import format_date

        return str(format_date(day, format=form, locale=self.locale_code))

    def time(self, moment: _dt.time | _dt.datetime, form: str = "short") -> str:
        if self.locale_code == ENGLISH_LOCALE and form == "short":
            return f"{moment.hour:02d}:{moment.minute:02d}"
        from babel.dates import format_time

        return str(format_time(moment, format=form, locale=self.locale_code))

    def datetime(self, moment: _dt.datetime, form: str = "medium") -> str:
        from babel.dates import format_datetime

        return str(format_datetime(moment, format=form, locale=self.locale_code))

    def skeleton(self, moment: _dt.date, skeleton: str) -> str:
        """``moment`` in the language's own order for the fields asked (CLDR skeletons:
        "dMMMM" is "3 March", "3 marca", "3 Mawrth")."""
        if self.locale_code == ENGLISH_LOCALE and skeleton in ("dMMMM", "dMMMMy"):
            day = f"{moment.day} {_EN_MONTHS[moment.month - 1]}"
            return f"{day} {moment.year}" if skeleton == "dMMMMy" else day
        from babel.dates import format_skeleton

        return str(format_skeleton(skeleton, moment, locale=self.locale_code))

    def join(self, items: Sequence[str], style: ListStyle = "standard") -> str:
        """ "A, B and C" as the language says it ("or" with ``style="or"``)."""
        if self.code in PSEUDO:
            return self.gettext(", ").join(items)
        if self.locale_code == ENGLISH_LOCALE and style in ("standard", "or"):
            words = list(items)
            if len(words) < 2:
                return "".join(words)
            last = " and " if style == "standard" else " or "
            return ", ".join(words[:-1]) + last + words[-1]
        from babel.lists import format_list

        return str(format_list(list(items), style=style, locale=self.locale_code))


ENGLISH = Language(SOURCE)


# -- the pseudo-languages ---------------------------------------------------------------

_ACCENTED = dict(
    zip(
        "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ",
        "àƀçđéƒĝĥîĵķĺɱñöþǫŕšţûṽŵẋýžÀƁÇĐÉƑĜĤÎĴĶĹṀÑÖÞǪŔŠŢÛṼŴẊÝŽ",
        strict=True,
    )
)
# Placeholders, Qt's "&" access keys and line breaks are kept exactly as written.
_KEEP = re.compile(r"\{[^{}]*\}|&&|&\S|\n")


def pseudo_long(message: str) -> str:
    """``message`` with accented letters, 40 % longer, between ``⟦`` and ``⟧``.

    Placeholders and access keys stay as they are, so the text still works; the marks at
    both ends show at a glance whether a label was cut off.
    """
    if not message:
        return message
    parts: list[str] = []
    last = 0
    for match in _KEEP.finditer(message):
        parts.append("".join(_ACCENTED.get(c, c) for c in message[last : match.start()]))
        parts.append(match.group())
        last = match.end()
    parts.append("".join(_ACCENTED.get(c, c) for c in message[last:]))
    body = "".join(parts)
    padding = -(-len(message) * 2 // 5)  # 40 %, rounded up
    # Word-sized pieces, as a longer language's extra words would be: one unbroken run of
    # 80 characters is no language's, and no word-wrapped label could ever break it.
    filler = ("·" + "~" * 8 + " ") * (padding // 10 + 1)
    return f"⟦{body} {filler[: padding - 1]}~⟧"


_RLO, _PDF, _RLM = "\u202e", "\u202c", "\u200f"


def pseudo_rtl(message: str) -> str:
    """``message`` shown mirrored, as a right-to-left language would run.

    Each stretch of text between placeholders is wrapped in right-to-left override marks;
    the placeholders themselves and access keys are left as they are.
    """
    if not message:
        return message
    parts: list[str] = [_RLM]
    last = 0
    for match in _KEEP.finditer(message):
        chunk = message[last : match.start()]
        if chunk:
            parts.append(f"{_RLO}{chunk}{_PDF}")
        parts.append(match.group())
        last = match.end()
    chunk = message[last:]
    if chunk:
        parts.append(f"{_RLO}{chunk}{_PDF}")
    return "".join(parts)


# -- the catalogues ---------------------------------------------------------------------


def catalogue_path(code: str, locale_dir: Path = LOCALE_DIR) -> Path:
    return locale_dir / code / "LC_MESSAGES" / f"{DOMAIN}.po"


def shipped(locale_dir: Path = LOCALE_DIR) -> tuple[str, ...]:
    """The languages people may choose: English, then each complete catalogue listed in
    ``LINGUAS`` (a language still being written has its catalogue but is not listed)."""
    listed = locale_dir / "LINGUAS"
    lines = listed.read_text(encoding="utf-8").splitlines() if listed.is_file() else []
    words = [word for line in lines for word in line.split("#", 1)[0].split()]
    codes = [w for w in words if catalogue_path(w, locale_dir).is_file()]
    return (SOURCE, *codes)


def available(locale_dir: Path = LOCALE_DIR) -> tuple[str, ...]:
    """What the app can speak: the shipped languages and the two pseudo-languages."""
    return (*shipped(locale_dir), *PSEUDO)


@cache
def load(code: str, locale_dir: Path = LOCALE_DIR) -> Language:
    """The language ``code`` (one of ``shipped()``); English if it has no catalogue.

    Fuzzy (unreviewed) entries are left out, so they show in English until reviewed.
    """
    if code == SOURCE:
        return ENGLISH
    if code == PSEUDO_LONG:
        return Language(PSEUDO_LONG, "ltr", locale_code="en_GB")
    if code == PSEUDO_RTL:
        return Language(PSEUDO_RTL, "rtl", locale_code="ar")
    path = catalogue_path(code, locale_dir)
    if not path.is_file():
        return ENGLISH
    from babel.messages.pofile import read_po

    with path.open("rb") as fh:
        catalog = read_po(fh, locale=code)
    messages: dict[str, str | tuple[str, ...]] = {}
    for message in catalog:
        if not message.id or message.fuzzy:
            continue
        if isinstance(message.id, tuple | list):
            strings = message.string if isinstance(message.string, tuple | list) else ()
            if all(strings):
                messages[message.id[0]] = tuple(strings)
        elif isinstance(message.string, str) and message.string:
            messages[message.id] = message.string
    plural = _gettext.c2py(catalog.plural_expr)
    locale = catalog.locale
    direction: Direction = (
        "rtl" if locale is not None and locale.character_order == "right-to-left" else "ltr"
    )
    return Language(code, direction, messages, plural, locale_code=str(locale or "en_GB"))


def for_organisation(code: str) -> Language:
    """The organisation's language (the policy's ``report_language``): what reports to it,
    IT's posture document and the device summary attached to a report are written in,
    whatever the person reads on screen. English when that language is not shipped."""
    return load(choose([code], shipped()))


def preferred(env: Mapping[str, str]) -> list[str]:
    """The languages the environment asks for, best first (as gettext reads them).

    ``LANGUAGE`` (a list joined by ":") comes first, then the first of ``LC_ALL``,
    ``LC_MESSAGES`` and ``LANG`` that is set; "C" and "POSIX" mean English. Only the
    composition root calls this, with the environment it read once.
    """
    wanted: list[str] = []
    for name in ("LANGUAGE",):
        wanted += [part for part in env.get(name, "").split(":") if part]
    for name in ("LC_ALL", "LC_MESSAGES", "LANG"):
        if env.get(name):
            wanted.append(env[name])
            break
    codes: list[str] = []
    for raw in wanted:
        value = raw.split(".")[0].split("@")[0]
        if value in ("C", "POSIX"):
            value = SOURCE
        codes.append(value.replace("_", "-"))
    return codes


def choose(wanted: Sequence[str], among: Sequence[str] | None = None) -> str:
    """The first of ``wanted`` the app speaks (``cy-GB`` matches ``cy``), else English.

    ``among`` is what may be chosen (by default every available language)."""
    options = list(among if among is not None else available())
    lowered = {code.lower(): code for code in options}
    for raw in wanted:
        code = raw.strip().replace("_", "-").lower()
        if not code:
            continue
        if code in lowered:
            return lowered[code]
        base = code.split("-")[0]
        if base in lowered:
            return lowered[base]
    return SOURCE


# -- the language in use ------------------------------------------------------------------

_process_language: Language = ENGLISH
_override: contextvars.ContextVar[Language | None] = contextvars.ContextVar(
    "hygiene_language", default=None
)


def activate(language: Language) -> None:
    """Makes ``language`` the process's language (the composition root calls this once)."""
    global _process_language
    _process_language = language


def current() -> Language:
    """The language in use on this thread or task."""
    return _override.get() or _process_language


@contextmanager
def speaking(language: Language) -> Iterator[Language]:
    """Uses ``language`` inside the block, on this thread or task only."""
    token = _override.set(language)
    try:
        yield language
    finally:
        _override.reset(token)


def _(message: str, **values: object) -> str:
    """``message`` in the language in use, with its named placeholders filled in."""
    text = current().gettext(message)
    if not values:
        return text
    try:
        return text.format(**values)
    except (KeyError, IndexError, ValueError):  # a damaged translation: show the English
        return _fill(message, values)


def ngettext(singular: str, plural: str, n: int, **values: object) -> str:
    """The form of the message that fits the count ``n`` (``{n}`` is filled in too)."""
    text = current().ngettext(singular, plural, n)
    try:
        return text.format(n=n, **values)
    except (KeyError, IndexError, ValueError):  # a damaged translation: show the English
        return _fill(singular if n == 1 else plural, {"n": n, **values})


def _fill(english: str, values: Mapping[str, object]) -> str:
    """The English with its placeholders filled in; as written if even that fails (a
    placeholder the code forgot to pass is a bug, logged, never a traceback on screen)."""
    try:
        return english.format(**values)
    except (KeyError, IndexError, ValueError):
        _log.error("a message's placeholders do not match what was passed: %r", english)
        return english


def number(n: float) -> str:
    """``n`` written as the language in use writes numbers (1,234 / 1 234 / 1.234)."""
    return current().number(n)


def date(day: _dt.date, form: str = "long") -> str:
    return current().date(day, form)


def time(moment: _dt.time | _dt.datetime, form: str = "short") -> str:
    return current().time(moment, form)


def datetime(moment: _dt.datetime, form: str = "medium") -> str:
    return current().datetime(moment, form)


def skeleton(moment: _dt.date, fields: str) -> str:
    return current().skeleton(moment, fields)


def join(items: Sequence[str], style: ListStyle = "standard") -> str:
    """ "A, B and C" in the language in use."""
    return current().join(items, style)
