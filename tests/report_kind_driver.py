"""Reports one kind under "Report a problem" from start to finish, with the keyboard only.

    python -m tests.report_kind_driver --kind scam --port 2525 --folder DIR --out FILE
        [--shots DIR] [--stop-at STEP] [--secret-box] [--hold-done] [--x-keys]
        [--speech-log FILE] [--every-kind]

Run on a private Xvfb (DISPLAY, QT_QPA_PLATFORM=xcb, QT_SCALE_FACTOR for zoom). It opens
"What happened?", moves to the kind with the arrow keys and presses Enter; on every page
it reaches each question with Tab, answers it by typing or with Space, and presses Alt+N;
on "Check your answers" it Tabs to Send and presses Space; then Alt+F. Every control that
had focus is checked to be wholly on the screen (scrolled into view). It writes what it
met as JSON to ``--out``. With ``--stop-at STEP`` it stops on arriving at that step,
prints "AT STEP" once the draft is written and waits to be killed. With ``--shots`` it
saves a picture of "What happened?" and of each kind's first three pages. With
``--secret-box`` it Tabs to the one-off password box on arriving at "Do these now" and
prints "AT SECRET" (a screen reader's test types there through the X server); with
``--hold-done`` it prints "DONE" on "Report sent" and waits there instead of finishing.
With ``--every-kind`` the arrow keys first go down "What happened?" to the last kind, one
kind at a time (a screen reader names each), then "EVERY KIND" is printed and they go
back up to ``--kind``; on its first page it waits until the screen reader has read the
heading and every step, prints "FIRST PAGE" and sends the rest of the keys inside the
app (quick: nothing waits for the reader).
Nothing here touches the person's keyring or settings: the caller gives fresh folders.
"""

from __future__ import annotations

import argparse
import json
import subprocess
import sys
from collections.abc import Callable
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from PySide6.QtCore import QEvent, QEventLoop, QObject, QRect, Qt, QTimer
from PySide6.QtGui import QKeySequence
from PySide6.QtTest import QTest
from PySide6.QtWidgets import (
    QAbstractScrollArea,
    QApplication,
    QGroupBox,
    QPushButton,
    QRadioButton,
    QWidget,
)

from desktop.core.policy.schema import Contact, Policy
from desktop.core.report import DraftStore, RelaySettings, SmtpRelay
from desktop.core.report.kinds import KINDS
from desktop.ui.kit.a11y import mnemonic_clashes
from desktop.ui.report.choose import ReportChooser
from desktop.ui.report.kind_pages import FieldsPage, NowPage, WhoPage
from desktop.ui.report.wizard import ReportParts, ReportWizard

DESK = Contact("IT service desk", "Sam Patel", "servicedesk@college.test")
CONTACTS = (DESK, Contact("Head of Skills Delivery", "Jo Bloggs", "jo.bloggs@college.test"))
PHISHING = "phishing@college.test"
# Each kind but one has its own contact; "lost-device" falls back to the report contacts.
ROUTED = tuple(k for k in KINDS if k not in ("leak", "lost-device"))
SUMMARY = "Checked on 02 Dec 2026 14:00: 1 check needs fixing.\nOK: Firewall. It is on."
ANSWER_LINE = "Answered with the keyboard"
ANSWER_TEXT = "Typed with the keyboard only"


def routed_contact(kind: str) -> Contact:
    return Contact(f"{kind} lead", "", f"{kind}@college.test", (kind,))


def policy(port: int) -> Policy:
    return Policy(
        report_contacts=CONTACTS,
        incident_contacts=tuple(routed_contact(k) for k in ROUTED),
        phishing_mailbox=PHISHING,
        smtp_host="127.0.0.1",
        smtp_port=port,
        smtp_starttls=False,
    )


def wait(ms: int = 60) -> None:
    """Let the app run for ``ms``: in an event loop that wakes for each event, so a
    screen reader's calls into the app are answered at once. (``QTest.qWait`` sleeps
    10 ms between rounds of events; a screen reader reading a window makes its calls
    one after another, and a wizard page then took it 20 seconds instead of one.) The
    interpreter lock is let go while the loop waits, so worker threads run."""
    loop = QEventLoop()
    QTimer.singleShot(ms, loop.quit)
    loop.exec()


def wait_for(ready: Callable[[], bool], ms: int) -> None:
    for _ in range(ms // 50):
        if ready():
            return
        wait(50)
    raise AssertionError("gave up waiting")


# With --x-keys every key goes through the X server (xdotool), as a person's would, so a
# screen reader hears them (its key echo); each is paced for the reader to keep up.
X_KEYS = False
PACE_MS = 200
# With --speech-log the driver waits, after each key that moves focus, until the screen
# reader's log names the control now focused (or LISTEN_MS passes): a loaded reader lags,
# and drops a focus change that is already stale when it gets to it.
SPEECH_LOG: Path | None = None
LISTEN_MS = 20_000


def _heard_size() -> int:
    return SPEECH_LOG.stat().st_size if SPEECH_LOG is not None and SPEECH_LOG.exists() else 0


def wait_heard(words: str, since: int, alone: bool = False) -> None:
    """Wait until the speech log, after byte ``since``, holds the start of ``words``;
    with ``alone``, at the start of a line of its own (said for a focus change, not
    inside the reading of a whole window or group)."""
    if SPEECH_LOG is None or not words:
        return
    probe = words.split("'")[0][:30]
    if alone:
        probe = "SPEECH OUTPUT: '" + probe
    for _ in range(LISTEN_MS // 100):
        with SPEECH_LOG.open("rb") as log:
            log.seek(since)
            if probe in log.read().decode("utf-8", "replace"):
                return
        wait(100)


X_NAMES = {
    Qt.Key.Key_Tab: "Tab",
    Qt.Key.Key_Down: "Down",
    Qt.Key.Key_Up: "Up",
    Qt.Key.Key_Space: "space",
    Qt.Key.Key_Return: "Return",
}


class _Arrived(QObject):
    """Counts key presses that reach a widget. With a screen reader running, Qt first
    offers each key to it over the accessibility bus and hands it to the widget only
    when the reply comes: a key is pressed when it has arrived, not when it was sent."""

    def __init__(self) -> None:
        super().__init__()
        self.count = 0

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if event.type() == QEvent.Type.KeyPress:
            self.count += 1
        return False


def key(
    widget: QWidget | None, k: Qt.Key, mod: Qt.KeyboardModifier = Qt.KeyboardModifier.NoModifier
) -> None:
    target = widget or QApplication.focusWidget()
    assert target is not None, "nothing has keyboard focus"
    arrived = _Arrived()
    target.installEventFilter(arrived)
    mark = _heard_size()
    if X_KEYS:
        name = X_NAMES.get(k) or QKeySequence(k).toString().lower()
        alt = "alt+" if mod == Qt.KeyboardModifier.AltModifier else ""
        subprocess.run(["xdotool", "key", alt + name], check=True, timeout=30)
    else:
        QTest.keyClick(target, k, mod)
    if mod == Qt.KeyboardModifier.NoModifier:  # an Alt shortcut acts without a key press
        wait_for(lambda: arrived.count > 0, 60_000)
    target.removeEventFilter(arrived)
    wait(PACE_MS if X_KEYS else 60)
    moved = QApplication.focusWidget()
    if moved is not None and moved is not target:
        wait_heard(moved.accessibleName(), mark)


def type_into(widget: QWidget, text: str) -> None:
    """Type ``text`` into ``widget`` one key at a time, each key arrived before the next;
    through the X server, all of it at once, then wait until the box holds it (a screen
    reader passes each key on in order, however late)."""
    if X_KEYS:
        before = _typed(widget)
        subprocess.run(["xdotool", "type", "--delay", "40", "--", text], check=True, timeout=60)
        wait_for(lambda: _typed(widget) == before + text, 60_000)
        return
    for char in text:
        arrived = _Arrived()
        widget.installEventFilter(arrived)
        if X_KEYS:
            subprocess.run(["xdotool", "type", "--", char], check=True, timeout=30)
        else:
            QTest.keyClicks(widget, char)
        wait_for(lambda a=arrived: a.count > 0, 60_000)  # type: ignore[misc]
        widget.removeEventFilter(arrived)


def _typed(widget: QWidget) -> str:
    text = getattr(widget, "toPlainText", None) or getattr(widget, "text", None)
    return str(text()) if text is not None else ""


def _seen(widget: QWidget) -> bool:
    """Wholly on the screen and not cut off by a scroll area."""
    screen = widget.screen().availableGeometry()
    whole = QRect(widget.mapToGlobal(widget.rect().topLeft()), widget.size())
    visible = QRect(whole)
    node = widget.parentWidget()
    while node is not None:
        if isinstance(node, QAbstractScrollArea):
            view = node.viewport()
            visible = visible.intersected(
                QRect(view.mapToGlobal(view.rect().topLeft()), view.size())
            )
        node = node.parentWidget()
    return screen.contains(whole) and visible.size() == whole.size()


class Driver:
    def __init__(self, args: argparse.Namespace) -> None:
        self.args = args
        self.result: dict[str, Any] = {"kind": args.kind, "pages": [], "off_screen": []}
        self.wizard: ReportWizard | None = None

    def note_focus(self) -> QWidget | None:
        widget = QApplication.focusWidget()
        if widget is not None:
            wait(30)
            if not _seen(widget):
                self.result["off_screen"].append(
                    f"{type(widget).__name__}:{widget.accessibleName()}"
                )
                w = self.wizard
                if w is not None and w.currentPage() is not None:
                    where = widget.mapToGlobal(widget.rect().topLeft()).toTuple()
                    self.result.setdefault("notes", []).append(
                        f"{w._key()}: shown={widget.isVisible()} at={where} "
                        f"size={widget.size().toTuple()}"
                    )
        return widget

    def tab_to(self, target: QWidget) -> None:
        """Tab (forwards) until ``target`` has focus, as a keyboard user would."""
        for _ in range(60):
            if self.note_focus() is target:
                return
            key(None, Qt.Key.Key_Tab)
        raise AssertionError(f"Tab never reached {target.accessibleName()!r}")

    def shot(self, window: QWidget, name: str) -> None:
        if self.args.shots:
            page = getattr(window, "currentPage", lambda: None)()
            if page is not None:  # the page from its top, as it opens
                page.scroller.verticalScrollBar().setValue(0)
            wait(200)
            window.grab().save(str(Path(self.args.shots) / f"{name}.png"))

    # -- "What happened?" -----------------------------------------------------------
    def choose(self) -> None:
        def opened(kind_id: str) -> None:
            self.open_wizard(kind_id)

        chooser = ReportChooser(tuple(KINDS.values()), opened)
        mark = _heard_size()
        show(chooser)
        wait_heard(chooser.windowTitle(), mark)
        self.shot(chooser, "report-kind-chooser")
        if mnemonic_clashes(chooser):
            self.result.setdefault("clashes", {})["chooser"] = mnemonic_clashes(chooser)
        target = chooser.choices[self.args.kind]
        first = self.note_focus()
        assert isinstance(first, QRadioButton), "focus does not start on the first answer"
        order = list(chooser.choices.values())
        if self.args.every_kind:  # down to the last kind, each named as it is reached
            # Orca reads the window and the group first (every kind's name is in that):
            # each key waits until the kind it reached is said on a line of its own.
            wait_heard(first.accessibleName(), mark, alone=True)
            for _ in range(len(order) - 1):
                before = _heard_size()
                key(None, Qt.Key.Key_Down)
                reached = QApplication.focusWidget()
                wait_heard(reached.accessibleName() if reached else "", before, alone=True)
            print("EVERY KIND", flush=True)
        for _ in range(2 * len(order)):
            now = self.note_focus()
            if now is target:
                break
            up = isinstance(now, QRadioButton) and order.index(target) < order.index(now)
            key(None, Qt.Key.Key_Up if up else Qt.Key.Key_Down)
        assert target.hasFocus(), "the arrow keys did not reach the kind"
        key(None, Qt.Key.Key_Space)
        assert target.isChecked(), "Space did not choose the kind"
        key(None, Qt.Key.Key_Return)
        assert not chooser.isVisible(), "Enter did not continue"

    def open_wizard(self, kind_id: str) -> None:
        args = self.args
        relay = SmtpRelay(RelaySettings("127.0.0.1", args.port, starttls=False), timeout=10)
        self.wizard = ReportWizard(
            policy(args.port),
            ReportParts(
                drafts=DraftStore(Path(args.folder) / "drafts"),
                open_check_window=lambda: None,
                burn_password=lambda _s: None,  # as the window tests' screens do
                compare_accounts=lambda _s: [],
                relay=relay,
                device_summary=lambda: SUMMARY,
                open_window=self.result.setdefault("opened", []).append,
            ),
            kind=KINDS[kind_id],
            clock=lambda: datetime.now(UTC),
        )
        w = self.wizard
        real = w._show_save

        def record(outcome: Any) -> None:
            if outcome.notice:
                self.result.setdefault("save_notices", []).append(outcome.notice)
            real(outcome)

        w._show_save = record  # type: ignore[method-assign]

    # -- the report -----------------------------------------------------------------
    def next(self) -> None:
        w = self.wizard
        assert w is not None
        before = w.currentId()
        mark = _heard_size()
        key(None, Qt.Key.Key_N, Qt.KeyboardModifier.AltModifier)
        for _ in range(100):  # the shortcut's key may wait on a screen reader's reply
            if w.currentId() != before:
                break
            wait(50)
        page = w.currentPage()
        focus = QApplication.focusWidget()
        wait_heard(focus.accessibleName() if focus is not None else "", mark)
        assert w.currentId() != before, f"Alt+N stayed on {w._key()}: {page.error.text()}"  # type: ignore[attr-defined]

    def stop_here(self) -> None:
        w = self.wizard
        assert w is not None
        if self.args.stop_at == w._key():
            hang(f"AT {w._key()}")  # the draft was written as the page opened

    def answer_page(self) -> None:
        w = self.wizard
        assert w is not None
        page = w.currentPage()
        self.result["pages"].append(w._key())
        clashes = mnemonic_clashes(w)
        if clashes:
            self.result.setdefault("clashes", {})[w._key()] = clashes
        self.stop_here()
        if isinstance(page, NowPage) and self.args.secret_box and page.old_password is not None:
            self.tab_to(page.old_password)
            hang("AT SECRET")
        if isinstance(page, NowPage):
            self.result["do_now"] = [box.accessibleName() for box in page.ticks.values()]
            for box in page.ticks.values():
                self.tab_to(box)
                key(None, Qt.Key.Key_Space)
            assert all(b.isChecked() for b in page.ticks.values())
            if page.old_password is not None:  # reached and on the screen, left empty
                self.tab_to(page.old_password)
                self.tab_to(page.use_button)
        elif isinstance(page, WhoPage):
            self.result["who"] = page.recipients.text()
            self.result["contents"] = page.contents.text()
            if page.attach is not None:
                # The summary is made on a worker thread: wait until it is shown (or the
                # box is turned off because it could not be made), as a person would.
                wait_for(
                    lambda: (
                        bool(page.attached.toPlainText())
                        or (page.attach is not None and not page.attach.isEnabled())
                    ),
                    30_000,
                )
                self.result["shown_attachment"] = page.attached.toPlainText()
                self.tab_to(page.attach)
                key(None, Qt.Key.Key_Space)
        elif isinstance(page, FieldsPage):
            asked = self.result.setdefault("questions", [])
            asked += [box.accessibleName() for box in page.findChildren(QGroupBox)]
            asked += [e.accessibleName() for e in (*page.lines.values(), *page.texts.values())]
            for name, buttons in page.groups.items():
                # Tab stops once on a group of radio buttons; Space chooses that answer.
                for _ in range(60):
                    if self.note_focus() in buttons.values():
                        break
                    key(None, Qt.Key.Key_Tab)
                key(None, Qt.Key.Key_Space)
                assert w.state.answers.text(name), f"Space did not choose an answer for {name}"
            for edit in page.lines.values():
                self.tab_to(edit)
                type_into(edit, ANSWER_LINE)
            for box in page.texts.values():
                self.tab_to(box)
                type_into(box, ANSWER_TEXT)
        elif page is w.about_page:
            self.tab_to(w.about_page.name)
            type_into(w.about_page.name, "Alex Smith")
            self.tab_to(w.about_page.email)
            type_into(w.about_page.email, "alex.smith@college.test")
        wait(100)

    def first_page_heard(self, mark: int) -> None:
        """``--every-kind``: wait until the screen reader has read the first page (its
        heading and every do-this-now step), then go on with keys sent inside the app,
        which it need not keep up with: the rest is checked by what it says at the end."""
        w = self.wizard
        assert w is not None
        page = w.currentPage()
        assert isinstance(page, NowPage), "the report does not open on 'Do these now'"
        for words in (page.title(), *(box.accessibleName() for box in page.ticks.values())):
            wait_heard(words, mark)
        global X_KEYS, SPEECH_LOG
        X_KEYS, SPEECH_LOG = False, None
        print("FIRST PAGE", flush=True)

    def report(self) -> None:
        w = self.wizard
        assert w is not None
        mark = _heard_size()
        show(w)
        wait_heard(w.windowTitle(), mark)
        self.result["window_title"] = w.windowTitle()
        self.result["first_focus"] = type(self.note_focus()).__name__
        if self.args.every_kind:
            self.first_page_heard(mark)
        shots = 0
        while w.currentId() != w._check_id:  # type: ignore[attr-defined]
            self.answer_page()
            if shots < 3:  # "Do these now", "Who will be told" and the questions
                suffix = ("", "-who", "-questions")[shots]
                self.shot(w, f"report-kind-{self.args.kind}{suffix}")
                shots += 1
            self.next()
        self.result["pages"].append(w._key())
        self.stop_here()
        send = w.check_page.send_button
        assert isinstance(send, QPushButton)
        self.tab_to(send)
        key(None, Qt.Key.Key_Space)
        if self.args.stop_at == "send":
            hang("SENDING")
        wait_for(lambda: w.currentId() == w._done_id, 20_000)  # type: ignore[attr-defined]
        self.result["pages"].append(w._key())
        done = w.done_page
        self.result["done_title"] = done.title()
        self.result["next_text"] = done.next_text.text()
        self.result["reference"] = w.state.answers.reference
        self.result["draft_before_finish"] = w.flow.drafts.path.exists() if w.flow.drafts else None
        focused = QApplication.focusWidget()
        if focused is not None:
            self.result["done_focus"] = [
                type(focused).__name__,
                focused.accessibleName(),
                focused.accessibleDescription(),
            ]
        if self.args.hold_done:
            Path(self.args.out).write_text(json.dumps(self.result), encoding="utf-8")
            hang("DONE")
        key(None, Qt.Key.Key_F, Qt.KeyboardModifier.AltModifier)
        wait(200)
        self.result["closed"] = not w.isVisible()
        self.result["window_on_screen"] = True


def hang(word: str) -> None:
    """Say where it stopped, then wait to be killed (events keep running)."""
    print(word, flush=True)
    while True:
        wait(1000)


def show(window: QWidget) -> None:
    window.show()
    QTest.qWaitForWindowExposed(window, 10_000)
    window.raise_()
    window.activateWindow()
    QTest.qWaitForWindowActive(window, 5_000)
    wait(300)
    screen = window.screen().availableGeometry()
    if not screen.contains(window.frameGeometry()):
        raise AssertionError(f"{window.windowTitle()} does not fit the screen")


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--kind", required=True)
    parser.add_argument("--port", type=int, required=True)
    parser.add_argument("--folder", required=True)
    parser.add_argument("--out", required=True)
    parser.add_argument("--shots", default="")
    parser.add_argument("--stop-at", default="")
    parser.add_argument("--secret-box", action="store_true")
    parser.add_argument("--hold-done", action="store_true")
    parser.add_argument("--every-kind", action="store_true")
    parser.add_argument("--x-keys", action="store_true")
    parser.add_argument("--speech-log", default="")
    args = parser.parse_args()
    global X_KEYS, SPEECH_LOG
    X_KEYS = args.x_keys
    SPEECH_LOG = Path(args.speech_log) if args.speech_log else None
    app = QApplication(sys.argv[:1])
    app.setApplicationName("Hygiene Helper")
    driver = Driver(args)
    failed: list[BaseException] = []

    def run() -> None:
        try:
            driver.choose()
            driver.report()
        except BaseException as exc:  # handed to the caller as this process's error
            failed.append(exc)
        app.quit()

    # Driven from inside the event loop, as a person's keys are: a screen reader's calls
    # into the app are answered meanwhile.
    QTimer.singleShot(0, run)
    app.exec()
    if failed:
        raise failed[0]
    # The typed answers and ticks checked against what the person did.
    Path(args.out).write_text(json.dumps(driver.result), encoding="utf-8")
    app.processEvents()
    return 0


if __name__ == "__main__":
    sys.exit(main())
