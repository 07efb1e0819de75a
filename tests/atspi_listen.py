"""Prints every text event and every password field's readable text, as a screen reader
would receive them; JSON lines out.

    /usr/bin/python3 tests/atspi_listen.py "Hygiene Helper"

Run with the system Python (Debian's python3-pyatspi) on the session bus where the
accessibility bus runs. Prints "listening" once subscribed, then one JSON line per
``object:text-changed`` / ``object:text-caret-moved`` / ``object:text-selection-changed``
/ ``object:property-change:accessible-value`` event from the app (its role and any
text it carries), and on SIGTERM, for each password field, what its text interface gives.
"""

from __future__ import annotations

import json
import signal
import sys

import pyatspi  # type: ignore[import-not-found]

EVENTS = (
    "object:text-changed",
    "object:text-caret-moved",
    "object:text-selection-changed",
    "object:property-change:accessible-value",
    "object:property-change:accessible-name",
)


def _app_name(source: object) -> str:
    try:
        return str(source.getApplication().name)  # type: ignore[attr-defined]
    except Exception:
        return ""


def main() -> int:
    wanted = sys.argv[1]
    fields: list[object] = []

    def on_event(event: object) -> None:
        source = event.source  # type: ignore[attr-defined]
        if _app_name(source) != wanted:
            return
        role = source.getRoleName()
        if role == "password text" and source not in fields:
            fields.append(source)
        print(
            json.dumps(
                {
                    "type": str(event.type),  # type: ignore[attr-defined]
                    "role": role,
                    "any_data": str(event.any_data),  # type: ignore[attr-defined]
                }
            ),
            flush=True,
        )

    def on_stop(_signum: int, _frame: object) -> None:
        for field in fields:
            try:
                text = field.queryText()  # type: ignore[attr-defined]
                content = text.getText(0, -1)
            except NotImplementedError:
                content = None
            print(json.dumps({"field_text": content}), flush=True)
        pyatspi.Registry.stop()

    for name in EVENTS:
        pyatspi.Registry.registerEventListener(on_event, name)
    pyatspi.Registry.registerEventListener(
        lambda e: on_event(e) if e.source.getRoleName() == "password text" else None,
        "object:state-changed:focused",
    )
    signal.signal(signal.SIGTERM, on_stop)
    print("listening", flush=True)
    pyatspi.Registry.start()
    return 0


if __name__ == "__main__":
    sys.exit(main())
