"""What the leak report costs, each next to a baseline measured in the same run.

    python -m bench.bench_report [--runs N]

* draft save: the private, atomic, fsynced write against a plain ``write_text`` of the
  same bytes (why the wizard waits for a pause in typing before saving);
* render: building the email and the text from the answers, against formatting the
  same fields into one string;
* send: one report through a relay on 127.0.0.1 (aiosmtpd), against an SMTP session
  that only says hello and goodbye;
* wizard: opening the wizard (offscreen Qt), against an empty QWizard.

Medians of N runs, in milliseconds.
"""

from __future__ import annotations

import argparse
import os
import socket
import statistics
import tempfile
import time
from collections.abc import Callable
from datetime import UTC, datetime, timedelta
from pathlib import Path

from desktop.core.policy.schema import Contact, Policy
from desktop.core.report import (
    Draft,
    DraftStore,
    RelaySettings,
    ReportAnswers,
    SmtpRelay,
    Step,
    WhatHappened,
    build_report,
)
from desktop.core.report.drafts import to_json

NOW = datetime(2025, 6, 3, 11, 40, tzinfo=UTC)
POLICY = Policy(
    report_contacts=(
        Contact("IT service desk", "Sam", "desk@college.test"),
        Contact("Head of Skills Delivery", "Jo", "jo@college.test"),
    )
)
ANSWERS = ReportAnswers(
    reference="PW-250603-K7QX",
    started=NOW,
    when=NOW - timedelta(hours=1),
    what=WhatHappened.PHISHING,
    details="An email said my mailbox was full. " * 20,
    account="College email",
    reporter_name="Alex Smith",
    reporter_email="alex@college.test",
    steps_done={Step.CHANGE_NOW: NOW},
)


def median_ms(fn: Callable[[], object], runs: int) -> float:
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        fn()
        times.append((time.perf_counter() - start) * 1000)
    return statistics.median(times)


def row(name: str, ours: float, base: float, base_name: str) -> None:
    print(f"{name:<12}{ours:9.3f} ms   {base_name:<22}{base:9.3f} ms   x{ours / base:7.1f}")


def bench_draft(runs: int, folder: Path) -> None:
    store = DraftStore(folder / "drafts")
    draft = Draft(ANSWERS, "act", "", NOW)
    plain = folder / "plain.json"
    data = str(to_json(draft))
    row(
        "draft save",
        median_ms(lambda: store.save(draft), runs),
        median_ms(lambda: plain.write_text(data), runs),
        "plain write_text",
    )


def bench_render(runs: int) -> None:
    row(
        "render",
        median_ms(lambda: build_report(ANSWERS, POLICY, NOW), runs),
        median_ms(lambda: "\n".join(f"{k}: {v}" for k, v in vars(ANSWERS).items()), runs),
        "join the fields",
    )


def bench_send(runs: int) -> None:
    import smtplib

    from aiosmtpd.controller import Controller
    from aiosmtpd.handlers import Sink

    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    server = Controller(Sink(), hostname="127.0.0.1", port=port)
    server.start()
    try:
        relay = SmtpRelay(
            RelaySettings("127.0.0.1", port, starttls=False), timeout=10, local_hostname="bench"
        )
        message = build_report(ANSWERS, POLICY, NOW).message

        def hello_goodbye() -> None:
            with smtplib.SMTP("127.0.0.1", port, local_hostname="bench", timeout=10) as c:
                c.ehlo()

        row(
            "send",
            median_ms(lambda: relay.send(message), runs),
            median_ms(hello_goodbye, runs),
            "EHLO and QUIT only",
        )
    finally:
        server.stop()


def bench_wizard(runs: int, folder: Path) -> None:
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    from PySide6.QtWidgets import QApplication, QWizard

    from desktop.ui.kit.timers import FakeTimerFactory
    from desktop.ui.report.wizard import ReportParts, ReportWizard

    app = QApplication.instance() or QApplication(["bench"])

    def open_wizard() -> None:
        w = ReportWizard(
            POLICY,
            ReportParts(
                drafts=DraftStore(folder / "w"),
                open_check_window=lambda: None,
            ),
            timers=FakeTimerFactory(),
            clock=lambda: NOW,
        )
        w.deleteLater()
        app.processEvents()

    def empty() -> None:
        w = QWizard()
        w.deleteLater()
        app.processEvents()

    open_wizard()  # first use loads fonts and styles; not what a person waits for twice
    row("wizard", median_ms(open_wizard, runs), median_ms(empty, runs), "empty QWizard")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=25)
    args = parser.parse_args()
    print(f"{'':<12}{'ours':>12}   {'baseline':<22}{'':>12}   ratio  (median of {args.runs})")
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        bench_draft(args.runs, folder)
        bench_render(args.runs)
        bench_send(args.runs)
        bench_wizard(args.runs, folder)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
