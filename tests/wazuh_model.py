"""A small model of a Wazuh 4.x manager turning collected lines into alerts, for the
subset of rule syntax the generated rules use. Wazuh itself cannot run here, so IT's
rules are tested against this model; each step follows Wazuh's documentation and, where
the documentation is silent, the behaviour of its source (v4.14), named below.

1. Collection (``log_format json``): every line of the file is one event; a line that is
   not a JSON object is dropped; the block's labels are added as keys. When the file is
   replaced (a new inode) the collector reads the new file from its start.
   documentation.wazuh.com/current/user-manual/reference/ossec-conf/localfile.html;
   src/logcollector/read_json.c and logcollector.c (inode check).
2. Decoding: the stock decoder named ``json`` (prematch ``^{\\s*"``) decodes the event.
   Nested objects give ``parent.child`` names; integers become their digits, true and
   false the words, null the word "null" (``json_null_field`` default) and arrays their
   JSON text (``json_array_structure`` default). Keys that are static fields (srcip,
   dstip, srcport, dstport, protocol, action, srcuser, dstuser, user, id, status, url,
   data, extra_data, systemname) are not dynamic fields, so ``<field>`` never sees them.
   documentation.wazuh.com/current/user-manual/ruleset/decoders/json-decoder.html;
   ruleset/decoders/0006-json_decoders.xml; src/analysisd/decoders/plugins/json_decoder.c.
3. ``<field name="x">`` compares the dynamic field ``x`` (name compared without case)
   with an expression of the declared ``type``: ``osregex`` by default (case-insensitive;
   ``\\w \\d \\s \\p \\W \\D \\S \\.`` classes, ``+``/``*`` after a class, ``^``, ``$``,
   ``|``), ``osmatch`` or ``pcre2`` (case-sensitive). A missing field fails the rule.
   ``<match>`` and ``<program_name>`` are OS_Match expressions (substring, ``^ $ |``)
   against the whole event and the syslog program name.
   .../ruleset/ruleset-xml-syntax/rules.html and regex.html; src/analysisd/rules.c.
4. ``<decoded_as>`` names the decoder that decoded the event.
5. The rule tree: ``<if_sid>`` makes a rule a child of each listed rule. Siblings, at the
   top and under each parent, are kept highest level first; rules of one level keep the
   order they were loaded in. src/analysisd/rules_list.c (_OS_AddRule);
   ossec.net/docs/docs/manual/rules-decoders/rule-matching.html.
6. Matching one event: top-level rules are tried in order; a rule whose conditions all
   hold tries its children in order and the first child that matches (recursively)
   stands in for it; the first top-level rule that gives a rule decides the event. A
   level-0 result means no alert; any other is ONE alert. So an event gives at most one
   alert. src/analysisd/analysisd.c (the rule loop) and rules.c (OS_CheckIfRuleMatch).
7. The description's ``$(name)`` is replaced by that field's value.
   src/analysisd/eventinfo.c (ParseRuleComment).

Anything outside this subset (another rule option, a class, a modifier after a plain
character) raises ``Unsupported`` rather than guess.
"""

from __future__ import annotations

import json
import re
import xml.etree.ElementTree as ET
from dataclasses import dataclass, field

STATIC = frozenset(
    {
        "srcip",
        "dstip",
        "dstport",
        "srcport",
        "protocol",
        "action",
        "srcuser",
        "dstuser",
        "user",
        "id",
        "status",
        "url",
        "data",
        "extra_data",
        "systemname",
    }
)
RULE_PARTS = frozenset(
    {"if_sid", "decoded_as", "field", "match", "program_name", "description", "group"}
)
_CLASSES = {
    "d": "[0-9]",
    "w": "[A-Za-z0-9@_-]",
    "s": " ",
    "p": r"""[()*+,\-.:;<=>?\[\]!"'#$%&|{}]""",
    "W": "[^A-Za-z0-9@_-]",
    "D": "[^0-9]",
    "S": "[^ ]",
    ".": ".",
    "t": "\t",
}
_ESCAPES = {"$": r"\$", "(": r"\(", ")": r"\)", "\\": r"\\", "|": r"\|"}


class Unsupported(ValueError):
    """Rule syntax this model does not know: extend the model, do not guess."""


def _osregex_alternative(pattern: str) -> str:
    out = "^" if pattern.startswith("^") else ""
    body = pattern[1:] if out else pattern
    anchored_end = body.endswith("$") and not body.endswith("\\$")
    if anchored_end:
        body = body[:-1]
    i, last_was_class = 0, False
    while i < len(body):
        ch = body[i]
        if ch == "\\":
            nxt = body[i + 1 : i + 2]
            if nxt in _CLASSES:
                out += _CLASSES[nxt]
                last_was_class = True
            elif nxt in _ESCAPES:
                out += _ESCAPES[nxt]
                last_was_class = False
            else:
                raise Unsupported(f"OS_Regex escape \\{nxt} in {pattern!r}")
            i += 2
            continue
        if ch in "+*":
            if not last_was_class:
                raise Unsupported(f"a modifier after a plain character in {pattern!r}")
            out += ch
            last_was_class = False
        elif ch in "()":
            raise Unsupported(f"groups in {pattern!r}")
        else:
            out += re.escape(ch)
            last_was_class = False
        i += 1
    return out + ("$" if anchored_end else "")


def osregex(pattern: str) -> re.Pattern[str]:
    """An OS_Regex expression as a Python one (alternatives split on an unescaped |)."""
    parts = re.split(r"(?<!\\)\|", pattern)
    return re.compile("|".join(f"(?:{_osregex_alternative(p)})" for p in parts), re.IGNORECASE)


def osmatch(pattern: str) -> re.Pattern[str]:
    """An OS_Match expression: plain text, with ^ and $ anchors and | between choices."""
    alternatives = []
    for part in pattern.split("|"):
        start, end = part.startswith("^"), part.endswith("$")
        text = part[1 if start else 0 : len(part) - 1 if end else len(part)]
        alternatives.append(("^" if start else "") + re.escape(text) + ("$" if end else ""))
    return re.compile("|".join(f"(?:{a})" for a in alternatives), re.IGNORECASE)


def expression(pattern: str, kind: str) -> re.Pattern[str]:
    if kind == "osregex":
        return osregex(pattern)
    if kind == "osmatch":
        return osmatch(pattern)
    if kind == "pcre2":
        return re.compile(pattern)
    raise Unsupported(f"expression type {kind!r}")


@dataclass
class Event:
    """One decoded event: its decoder, dynamic fields, static fields and whole text."""

    log: str
    decoder: str = ""
    fields: list[tuple[str, str]] = field(default_factory=list)
    static: dict[str, str] = field(default_factory=dict)
    program_name: str | None = None

    def dynamic(self, name: str) -> str | None:
        for key, value in self.fields:
            if key.lower() == name.lower():
                return value
        return None


def _flatten(obj: dict[str, object], parent: str, event: Event) -> None:
    for key, value in obj.items():
        name = f"{parent}.{key}" if parent else key
        if isinstance(value, dict):
            _flatten(value, name, event)
            continue
        if isinstance(value, bool):
            text = "true" if value else "false"
        elif value is None:
            text = "null"
        elif isinstance(value, int):
            text = str(value)
        elif isinstance(value, float):
            text = f"{value:f}"
        elif isinstance(value, list):
            text = json.dumps(value, indent="\t")  # cJSON_Print: the array's JSON text
        else:
            text = str(value)
        if name in STATIC:
            event.static[name] = text
        else:
            event.fields.append((name, text))


def json_decode(line: str) -> Event:
    """What the stock ``json`` decoder makes of one event's text."""
    event = Event(line)
    if not re.match(r'^\{\s*"', line):
        return event
    try:
        obj = json.loads(line)
    except ValueError:
        return event
    event.decoder = "json"
    if isinstance(obj, dict):
        _flatten(obj, "", event)
    return event


def collect_json_file(text: str, labels: dict[str, str] | None = None) -> list[Event]:
    """Logcollector's ``log_format json`` over a whole (new) file, then decoding."""
    events = []
    for line in text.splitlines():
        try:
            obj = json.loads(line)
        except ValueError:
            continue
        if not isinstance(obj, dict):
            continue
        obj.update(labels or {})
        events.append(json_decode(json.dumps(obj, separators=(",", ":"))))
    return events


@dataclass
class Rule:
    sid: int
    level: int
    description: str
    groups: tuple[str, ...]
    parents: tuple[int, ...]
    decoded_as: str | None
    fields: tuple[tuple[str, re.Pattern[str]], ...]
    match: re.Pattern[str] | None
    program_name: re.Pattern[str] | None
    children: list[Rule] = field(default_factory=list)

    def holds(self, event: Event) -> bool:
        if self.decoded_as is not None and self.decoded_as != event.decoder:
            return False
        if self.program_name is not None and (
            event.program_name is None or not self.program_name.search(event.program_name)
        ):
            return False
        if self.match is not None and not self.match.search(event.log):
            return False
        for name, regex in self.fields:
            value = event.dynamic(name)
            if value is None or not regex.search(value):
                return False
        return True


@dataclass(frozen=True)
class Alert:
    rule: int
    level: int
    description: str
    groups: tuple[str, ...]


def _insert(siblings: list[Rule], rule: Rule) -> None:
    """Before the first sibling of a lower level (rules_list.c keeps them so)."""
    for i, other in enumerate(siblings):
        if rule.level > other.level:
            siblings.insert(i, rule)
            return
    siblings.append(rule)


class RuleSet:
    """Rules loaded in order from XML texts (``<group>`` blocks of ``<rule>``)."""

    def __init__(self, *texts: str) -> None:
        self.top: list[Rule] = []
        self.by_id: dict[int, Rule] = {}
        for text in texts:
            body = re.sub(r"<!--.*?-->", "", text, flags=re.DOTALL)
            for rule_el in ET.fromstring(f"<root>{body}</root>").iter("rule"):
                self._add(self._parse(rule_el))

    @staticmethod
    def _parse(el: ET.Element) -> Rule:
        extra = set(el.attrib) - {"id", "level"}
        if extra:
            raise Unsupported(f"rule attributes {sorted(extra)}")
        parts = {child.tag for child in el}
        if parts - RULE_PARTS:
            raise Unsupported(f"rule options {sorted(parts - RULE_PARTS)}")
        fields = []
        for f in el.findall("field"):
            if set(f.attrib) - {"name", "type"}:
                raise Unsupported(f"field attributes {sorted(f.attrib)}")
            fields.append((f.attrib["name"], expression(f.text or "", f.get("type", "osregex"))))
        match, program = el.findtext("match"), el.findtext("program_name")
        parents = tuple(int(s) for s in re.split(r"[,\s]+", el.findtext("if_sid") or "") if s)
        return Rule(
            sid=int(el.attrib["id"]),
            level=int(el.attrib["level"]),
            description=el.findtext("description") or "",
            groups=tuple(g for g in (el.findtext("group") or "").split(",") if g),
            parents=parents,
            decoded_as=el.findtext("decoded_as"),
            fields=tuple(fields),
            match=osmatch(match) if match is not None else None,
            program_name=osmatch(program) if program is not None else None,
        )

    def _add(self, rule: Rule) -> None:
        if rule.sid in self.by_id:
            raise Unsupported(f"rule {rule.sid} twice (overwrite is not modelled)")
        self.by_id[rule.sid] = rule
        if not rule.parents:
            _insert(self.top, rule)
        for parent in rule.parents:
            if parent not in self.by_id:
                raise ValueError(f"rule {rule.sid}: if_sid {parent} not found")
            _insert(self.by_id[parent].children, rule)

    def _walk(self, rule: Rule, event: Event) -> Rule | None:
        if not rule.holds(event):
            return None
        for child in rule.children:
            found = self._walk(child, event)
            if found is not None:
                return found
        return rule

    def decide(self, event: Event) -> Rule | None:
        """The rule that decides the event: the first top-level rule's result."""
        for rule in self.top:
            found = self._walk(rule, event)
            if found is not None:
                return found
        return None

    def alert(self, event: Event) -> Alert | None:
        """The one alert for ``event``, or None (no rule, or a level-0 rule)."""
        rule = self.decide(event)
        if rule is None or rule.level == 0:
            return None
        text = re.sub(
            r"\$\((\w+)\)",
            lambda m: event.dynamic(m.group(1)) or event.static.get(m.group(1), m.group(0)),
            rule.description,
        )
        return Alert(rule.sid, rule.level, text, rule.groups)

    def alerts(self, events: list[Event]) -> list[Alert]:
        return [a for a in (self.alert(e) for e in events) if a is not None]
