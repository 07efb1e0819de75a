"""Reads the app's accessibility tree over AT-SPI, as a screen reader would; JSON out.

    /usr/bin/python3 tests/atspi_reader.py "Hygiene Helper"

Run with the system Python (Debian's python3-pyatspi is not in the virtual
environment) on the session bus where the accessibility bus was started. Prints every
object that is showing, with its role, name, description and whether it can take
keyboard focus. Exits 2 if the application does not appear within the time limit.
"""

from __future__ import annotations

import json
import sys
import time

import pyatspi  # type: ignore[import-not-found]

LIMIT_S = 20


def find_app(name: str) -> object | None:
    desktop = pyatspi.Registry.getDesktop(0)
    for i in range(desktop.childCount):
        app = desktop.getChildAtIndex(i)
        if app is not None and app.name == name:
            return app
    return None


def walk(node: object, out: list[dict[str, object]], depth: int = 0) -> None:
    if node is None or depth > 60:
        return
    try:
        states = node.getState()  # type: ignore[attr-defined]
        showing = states.contains(pyatspi.STATE_SHOWING)
        entry = {
            "role": node.getRoleName(),  # type: ignore[attr-defined]
            "name": node.name,  # type: ignore[attr-defined]
            "description": node.description,  # type: ignore[attr-defined]
            "focusable": states.contains(pyatspi.STATE_FOCUSABLE),
            "showing": showing,
        }
        count = node.childCount  # type: ignore[attr-defined]
    except Exception:  # an object that went away while we read it
        return
    if showing:
        out.append(entry)
    for i in range(count):
        try:
            child = node.getChildAtIndex(i)  # type: ignore[attr-defined]
        except Exception:  # noqa: S112 - a child that went away is simply not there
            continue
        walk(child, out, depth + 1)


def main() -> int:
    name = sys.argv[1]
    deadline = time.monotonic() + LIMIT_S
    app = None
    while app is None and time.monotonic() < deadline:
        app = find_app(name)
        if app is None:
            time.sleep(0.3)
    if app is None:
        print(json.dumps({"error": f"{name} not on the accessibility bus"}))
        return 2
    found: list[dict[str, object]] = []
    walk(app, found)
    print(json.dumps(found, indent=1))
    return 0


if __name__ == "__main__":
    sys.exit(main())
