"""The report wizard, for every kind of report: act now, who is told, report, confirmation.

The wizard draws and forwards; the core's ``ReportFlow`` decides. Its steps come from
the report kind's list of steps (``core.report.steps`` and ``core.report.kinds``:
titles, questions, checks, what goes into the draft). The leak report ("I think my
password leaked") has pages drawn to suit each of its questions; every other kind is
drawn by the generic pages of ``kind_pages`` from its field descriptions, so a new kind
needs no new page or wizard. The draft's life, one writer per draft, the old password's
comparison and the delivery state are the flow's.

Everything it needs is passed in: the policy, its ``ReportParts`` (the draft store,
the check window opener, the history's burn and account comparison, a tray reminder
and the mail relay), and the seams tests replace (a clock, a URL opener, timers and
the background runner). Sending runs on the runner, never
on the GUI thread. The answers are saved as a draft as the person goes and offered
again after a crash; a failed send keeps everything and says why; once the report is
sent (or handed to the mail app, saved or copied and the wizard finished) the draft
is removed.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

from PySide6.QtCore import QSize, QStandardPaths, Qt, QUrl
from PySide6.QtGui import QDesktopServices, QKeyEvent, QShowEvent
from PySide6.QtWidgets import QFileDialog, QMessageBox, QWidget, QWizard

from desktop.core.kit.clock import SystemClock
from desktop.core.kit.i18n import _
from desktop.core.policy.schema import Policy
from desktop.core.report.contacts import describe
from desktop.core.report.drafts import Draft, DraftStore
from desktop.core.report.files import SaveError, save_eml
from desktop.core.report.flow import REMINDER_SECONDS, ReportFlow, SaveOutcome
from desktop.core.report.render import BuiltReport
from desktop.core.report.smtp import SmtpRelay
from desktop.core.report.steps import LEAK, ReportKind
from desktop.ui.kit.a11y import announce, tell_focus
from desktop.ui.kit.background import BackgroundRunner
from desktop.ui.kit.resources import app_icon
from desktop.ui.kit.timers import TimerFactory, qt_timer_factory
from desktop.ui.kit.widgets import place_on_screen
from desktop.ui.report.act import ActPage
from desktop.ui.report.kind_pages import FieldsPage, KindCheckPage, KindDonePage, NowPage, WhoPage
from desktop.ui.report.pages import (
    AboutPage,
    AccountPage,
    ReportPage,
    WhatPage,
)
from desktop.ui.report.review import CheckPage, DonePage, SendActions
from desktop.ui.report.send import ReportDelivery, copy_report

log = logging.getLogger(__name__)

__all__ = ["REMINDER_SECONDS", "ReportParts", "ReportWizard"]

SAVE_DELAY_MS = 400  # typing pauses this long before the draft is written
ELAPSED_REFRESH_MS = 30_000


def _ask_save_path(parent: QWidget, suggested: Path) -> Path | None:
    chosen, _unused = QFileDialog.getSaveFileName(
        parent, _("Save the report"), str(suggested), _("Email message (*.eml)")
    )
    return Path(chosen) if chosen else None


@dataclass
class ReportParts:
    """What the wizard calls out to; anything left as None is not offered.

    ``drafts`` keeps the answers as the person goes, ``burn_password`` and
    ``compare_accounts`` are the history's (run on the wizard's worker), ``notify_later``
    is the tray's one-hour follow-up and ``relay`` the policy's mail relay (None: the
    person's mail app). The composition root fills it in.
    """

    drafts: DraftStore | None
    open_check_window: Callable[[], object]
    burn_password: Callable[[str], object] | None = None
    compare_accounts: Callable[[str], list[str]] | None = None
    notify_later: Callable[[int, str], None] | None = None
    relay: SmtpRelay | None = None
    bring_forward: Callable[[], object] | None = None  # show the wizard open elsewhere
    # The "Check this computer" summary a person may attach (run on the worker).
    device_summary: Callable[[], str] | None = None
    # Opens another of the app's windows by name ("check-device", "leak-report") for a
    # do-this-now step; None where no window is offered (the window tests' own screens).
    open_window: Callable[[str], object] | None = None


class ReportWizard(QWizard):
    """Guides a worried person from "what happened" to a sent report, losing nothing."""

    def __init__(
        self,
        policy: Policy,
        parts: ReportParts,
        *,
        open_url: Callable[[QUrl], bool] | None = None,
        clock: Callable[[], datetime] | None = None,
        runner: BackgroundRunner | None = None,
        timers: TimerFactory | None = None,
        ask_save_path: Callable[[Path], Path | None] | None = None,
        choose: Callable[[str], str] | None = None,
        kind: ReportKind = LEAK,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.kind = kind
        self._policy, self._drafts, self._relay, self._clock = (
            policy,
            parts.drafts,
            parts.relay,
            clock or SystemClock().now,
        )
        clock = self._clock
        self._burn, self._compare, self._notify_later = (
            parts.burn_password,
            parts.compare_accounts,
            parts.notify_later,
        )
        self._bring_forward = parts.bring_forward
        self._open_url = open_url or QDesktopServices.openUrl
        self._ask_save_path = ask_save_path or (lambda p: _ask_save_path(self, p))
        self.runner = runner or BackgroundRunner(parent=self)
        drafts = parts.drafts.for_kind(kind.kind_id) if parts.drafts is not None else None
        self._drafts = drafts
        self._device_summary = parts.device_summary
        self._open_window = parts.open_window
        self.flow = ReportFlow(
            policy, drafts, clock, kind=kind, relay=parts.relay is not None, choose=choose
        )
        self._who = self.flow.who
        self.destroyed.connect(self.flow.release)  # deleted without being closed
        self._closing = False
        self._placed = False
        self.leave_box: QMessageBox | None = None
        self.elsewhere_box: QMessageBox | None = None
        self._init_window()
        self.state = self.flow.state
        self._check_id, self._done_id = kind.index("check"), kind.index("done")
        if kind is LEAK:
            self._init_pages(parts.open_check_window)
        else:
            self._init_kind_pages()
        for page in self.pages():
            page.check_id = self._check_id
        make_timer = timers or qt_timer_factory(self)
        self._save_timer = make_timer(self._save_draft, True)
        refresh = self.act_page.refresh_elapsed if kind is LEAK else (lambda: None)
        self._elapsed_timer = make_timer(refresh, False)
        self.state.on_change.append(lambda: self._save_timer.start(SAVE_DELAY_MS))
        self.currentIdChanged.connect(self._page_changed)
        for page in self.pages():
            page.refresh()
        self.restart()
        opening = self.flow.opening
        if opening.resume_key or opening.notice:
            self._resume(opening.notice)

    # -- set-up -------------------------------------------------------------------
    def _init_window(self) -> None:
        self.setWindowTitle(_(self.kind.window_title))
        self.setWindowIcon(app_icon())
        self.setObjectName("ReportWizard")
        self.setWizardStyle(QWizard.WizardStyle.ModernStyle)
        self.setOption(QWizard.WizardOption.NoBackButtonOnStartPage, True)
        self.setOption(QWizard.WizardOption.NoCancelButtonOnLastPage, True)
        self.setButtonText(QWizard.WizardButton.CancelButton, _("S&top for now"))
        self.setButtonText(QWizard.WizardButton.FinishButton, _("&Finish"))
        self.setButtonText(QWizard.WizardButton.BackButton, _("< &Back"))
        self.setButtonText(QWizard.WizardButton.NextButton, _("&Next >"))
        # No fixed minimum: each page scrolls, so the wizard fits a zoomed small screen.

    def _recipients_text(self) -> str:
        who = self._who
        lines = [f"{describe(c)}: {c.email.strip()}" for c in who.reachable]
        advice = who.who_to_ask()
        return "\n\n".join(p for p in ("\n".join(lines), advice) if p)

    def _send_words(self) -> tuple[str, str, bool]:
        """The send button's label, the hint above it, and whether it is offered."""
        can_send = bool(self._who.reachable)
        if self._relay is not None:
            label = _("Send &report")
            hint = _("It goes straight to the people listed, through your organisation's email.")
        else:
            label = _("Open in my &email app")
            hint = _(
                "Your email app opens with the report filled in. Check it, then press Send there."
            )
        hint += " " + _("You can also save it as a file or copy it.")
        if not can_send:
            hint = _(
                "Save the report as a file or copy it, then give it to the people above today."
            )
        return label, hint, can_send

    def _actions(self) -> SendActions:
        return SendActions(
            lambda: self._delivery.send(),
            lambda: self._delivery.save(),
            lambda: self._delivery.copy(),
            self.go_change,
            lambda: self._build().text,
        )

    def _init_delivery(self) -> None:
        self._delivery = ReportDelivery(
            self.check_page,
            self.flow,
            self._relay,
            self.runner,
            self._open_url,
            self._ask_save_path,
            keep_draft=self._keep_after_delivery,
            sent=self._relay_took_it,
            send_starting=self._send_starting,
        )

    def _place_pages(self, by_key: dict[str, ReportPage]) -> None:
        """Each step's page at its place in the kind's list, with its title and check."""
        numbered = self.kind.numbered
        for page_id, step in enumerate(self.kind.steps):
            page = by_key[step.key]
            page.setTitle(_(step.title))
            page.setSubTitle(_(step.subtitle))
            page.check = lambda key=step.key: self.flow.problem(key)
            page.save_file_button.clicked.connect(self._rescue_to_file)
            page.copy_answers_button.clicked.connect(self._rescue_copy)
            self.setPage(page_id, page)
            if step.numbered:
                page.set_step(numbered.index(step) + 1, len(numbered))
        self._pages = tuple(by_key[step.key] for step in self.kind.steps)

    def _init_kind_pages(self) -> None:
        """The pages of a kind under "Report a problem", drawn from its steps."""
        recipients_text = self._recipients_text()
        label, hint, can_send = self._send_words()
        self.now_page = NowPage(self.flow, self._use_old_password, self._open_window)
        self._intro = self.now_page.intro
        self._intro.setText(_(self.flow.intro()))

        def run(work: Callable[[], str], done: Callable[[str], None]) -> None:
            self.runner.run(work, done, lambda _exc: done(""), key="device-summary")

        who_page = WhoPage(self.flow, recipients_text, self._device_summary, run)
        by_key: dict[str, ReportPage] = {"now": self.now_page, "who": who_page}
        page_of: dict[str, int] = {"ticks": self.kind.index("now")}
        page_of["attachment"] = self.kind.index("who")
        for i, step in enumerate(self.kind.steps):
            if step.page == "fields" and step.key != "about":
                by_key[step.key] = FieldsPage(self.state, step)
                page_of.update({f.name: i for f in step.fields})
        self.about_page = AboutPage(
            self.state, email_required=self._relay is not None, recipients_text=recipients_text
        )
        by_key["about"] = self.about_page
        page_of["reporter_name"] = self.kind.index("about")
        key = _("Sent to") if can_send else _("Who to tell")
        check: KindCheckPage = KindCheckPage(
            self.state,
            self._actions(),
            {},
            recipients_text,
            label,
            hint,
            can_send,
            recipients_key=key,
        )
        check.bind(self.flow, page_of)
        self.check_page: CheckPage = check
        done = KindDonePage(self.state)
        done.bind(self.flow)
        self.done_page: DonePage = done
        by_key.update({"check": check, "done": done})
        self._init_delivery()
        self._place_pages(by_key)

    def _init_pages(self, open_check_window: Callable[[], object]) -> None:
        recipients_text = self._recipients_text()
        self.what_page = WhatPage(self.state)
        self._intro = self.what_page.intro
        self.what_page.intro.setText(_(self.flow.intro()))
        self.account_page = AccountPage(self.state)
        self.act_page = ActPage(
            self.state,
            open_check_window,
            self._use_old_password,
            can_burn=self._burn is not None,
            can_compare=self._compare is not None,
        )
        self.about_page = AboutPage(
            self.state, email_required=self._relay is not None, recipients_text=recipients_text
        )
        label, hint, can_send = self._send_words()
        labels = {w: b.text() for w, b in self.what_page.choices.items()}
        key = _("Sent to") if can_send else _("Who to tell")
        self.check_page = CheckPage(
            self.state,
            self._actions(),
            labels,
            recipients_text,
            label,
            hint,
            can_send,
            recipients_key=key,
        )
        self.done_page = DonePage(self.state)
        self._init_delivery()
        self._place_pages(
            {
                "what": self.what_page,
                "account": self.account_page,
                "act": self.act_page,
                "about": self.about_page,
                "check": self.check_page,
                "done": self.done_page,
            }
        )

    def pages(self) -> tuple[ReportPage, ...]:
        return self._pages

    def _key(self) -> str:
        steps = self.kind.steps
        return steps[self.currentId()].key if 0 <= self.currentId() < len(steps) else ""

    def _resume(self, notice: str) -> None:
        """Walk forward to where the person stopped, as far as their answers allow."""
        target = self.flow.resume_index()
        while self.currentId() < target:
            before = self.currentId()
            self.next()
            if self.currentId() == before:
                break  # an answer is missing: the page says which
        page = self.currentPage()
        if isinstance(page, ReportPage):
            page.show_banner(notice)
        if self.flow.opening.last_error:
            self.check_page.set_status(
                _("Last time the report was not sent: {reason}").format(
                    reason=self.flow.opening.last_error
                ),
                problem=True,
            )

    def showEvent(self, event: QShowEvent) -> None:
        self._elapsed_timer.start(ELAPSED_REFRESH_MS)
        if not self._placed:
            self._placed = True
            em = self.fontMetrics().horizontalAdvance("m")
            line = self.fontMetrics().lineSpacing()
            place_on_screen(self, QSize(em * 62, line * 40))
        super().showEvent(event)
        if self.flow.open_elsewhere and self.elsewhere_box is None:
            self._say_open_elsewhere()

    # -- one writer per draft -------------------------------------------------------
    def _say_open_elsewhere(self) -> None:
        """Another wizard has this report: say so, offer to show it, or close."""
        box = QMessageBox(
            QMessageBox.Icon.Information,
            _("Report already open"),
            _(self.flow.opening.notice),
            parent=self,
        )
        show = None
        if self._bring_forward is not None:
            show = box.addButton(_("&Show it"), QMessageBox.ButtonRole.AcceptRole)
        close = box.addButton(_("&Close"), QMessageBox.ButtonRole.RejectRole)
        box.setDefaultButton(show or close)
        box.setEscapeButton(close)

        def answered(_result: int) -> None:
            self.elsewhere_box = None
            asked = show is not None and box.clickedButton() is show
            if asked and self._bring_forward is not None and self._bring_forward() is False:
                self._say_not_reached()  # e.g. the tray app is not running
                return
            self.reject()

        box.finished.connect(answered)
        self.elsewhere_box = box
        box.open()

    def _say_not_reached(self) -> None:
        box = QMessageBox(
            QMessageBox.Icon.Information,
            _("Report already open"),
            _(
                "The other report window could not be brought to the front from here. "
                "Look for it on your screen or in the taskbar."
            ),
            QMessageBox.StandardButton.Close,
            self,
        )
        box.button(QMessageBox.StandardButton.Close).setText(_("&Close"))
        box.finished.connect(lambda _r: self.reject())
        self.elsewhere_box = box
        box.open()

    # -- leaving ------------------------------------------------------------------
    def keyPressEvent(self, event: QKeyEvent) -> None:
        """Esc asks first (QDialog would close at once); the answers are kept either way."""
        if event.key() == Qt.Key.Key_Escape and self._asks_before_leaving():
            event.accept()
            self.ask_to_leave()
            return
        super().keyPressEvent(event)

    def _asks_before_leaving(self) -> bool:
        return self.flow.asks_before_leaving(self.currentId() == self._done_id)

    def ask_to_leave(self) -> None:
        """ "Stop for now?" with Carry on as the safe default; it says whether the
        answers are really kept."""
        self._save_draft()
        box = QMessageBox(
            QMessageBox.Icon.Question,
            _("Stop for now?"),
            _(self.flow.leave_question()),
            parent=self,
        )
        stop = box.addButton(_("S&top for now"), QMessageBox.ButtonRole.DestructiveRole)
        carry_on = box.addButton(_("&Carry on"), QMessageBox.ButtonRole.RejectRole)
        box.setDefaultButton(carry_on)
        box.setEscapeButton(carry_on)

        def answered(_result: int) -> None:
            self.leave_box = None
            if box.clickedButton() is stop:
                self.reject()

        box.finished.connect(answered)
        self.leave_box = box
        box.open()

    @property
    def sending(self) -> bool:
        """True while a send through the relay is under way."""
        return self._delivery.sending

    @property
    def delivery(self) -> str:
        """How the report left: "relay", "mail app", "file", "copied", or "" (not yet)."""
        return self.flow.how

    def _build(self) -> BuiltReport:
        return self.flow.build()

    def _send_starting(self) -> None:
        """Before a send through the relay: the draft says a send was started, and when."""
        self._show_save(self.flow.send_starting(self._key()))

    def _keep_after_delivery(self, maybe_sent: bool) -> None:
        self._show_save(self.flow.send_ended(maybe_sent, self._key()))

    def _relay_took_it(self) -> None:
        self.next()

    # -- navigation and drafts ----------------------------------------------------
    def go_change(self, page_id: int) -> None:
        """A Change button: back to that question, then Next returns to the answers."""
        questions = self.pages()[: self._check_id]
        while self.currentId() > page_id:
            self.back()
        # An earlier Change may have skipped pages, so walk forward to reach this one.
        for page in questions:
            page.returning_to_check = False
        while self.currentId() < page_id:
            before = self.currentId()
            self.next()
            if self.currentId() == before:
                break  # stopped by a missing answer: that page now says which
        for page in questions:
            page.returning_to_check = True

    def _page_changed(self, page_id: int) -> None:
        if self._closing:
            return  # Qt walks back through the pages when cancelled: not the person's doing
        if page_id == self._check_id:
            for page in self.pages():
                page.returning_to_check = False
        if page_id == self._done_id:
            self._show_done()
        for page in self.pages():
            if page is not self.currentPage():
                page.show_banner("")
        shown = self.currentPage()
        first = self._first_control()
        told = False
        if page_id == self._done_id and first is not None and isinstance(shown, ReportPage):
            # The outcome ("Report sent") comes without a key press, after the send: it
            # is told on the control about to get focus, so it is heard with the focus.
            # Other pages come with the person's own key and are spoken with the focus.
            tell_focus(shown, shown.title(), to=first)
            told = True
        if first is not None:
            first.setFocus(Qt.FocusReason.TabFocusReason)
        self.flow.left_page()  # the person has left the page: keep its text now
        if isinstance(shown, ReportPage):
            step = shown.step.text() if shown.step.isVisible() else ""
            announce(shown, ". ".join(p for p in (step, shown.title()) if p), tell=False)
            if page_id == self._done_id and not told:
                tell_focus(shown, shown.title())
        self._save_draft()

    def _first_control(self) -> QWidget | None:
        """The new page's first control, to get keyboard focus; None when focus is
        already on the page.

        Qt leaves focus on the page just left when it finds no candidate (as on the
        check page, whose rows are built as it opens), which strands keyboard users."""
        page = self.currentPage()
        focused = self.focusWidget()
        if page is None or (
            focused is not None and focused.isVisible() and page.isAncestorOf(focused)
        ):
            return None
        if isinstance(page, ReportPage) and not page.starts_on_next:
            first = page.first_question()
            if first is not None and first.isVisible():
                return first
        widget = None if getattr(page, "starts_on_next", False) else page.nextInFocusChain()
        while widget is not None and widget is not page:
            if (
                page.isAncestorOf(widget)
                and widget.isVisible()
                and widget.isEnabled()
                and widget.focusPolicy() & Qt.FocusPolicy.TabFocus
            ):
                return widget
            widget = widget.nextInFocusChain()
        # A page with nothing to answer (who will be told): Next, never a hidden control.
        for which in (QWizard.WizardButton.NextButton, QWizard.WizardButton.CommitButton):
            button = self.button(which)
            if button.isVisible() and button.isEnabled():
                return button
        return None

    def draft_kept(self) -> bool:
        """True when a draft is saved for next time."""
        return self.flow.draft_kept()

    def draft(self) -> Draft:
        return self.flow.draft(self._key())

    def _save_draft(self) -> None:
        self._save_timer.stop()
        self._show_save(self.flow.save(self._key()))

    def _show_save(self, outcome: SaveOutcome) -> None:
        """Tell the person at once, on the page they are on, when saving failed (and when
        it works again); everywhere else the notice goes."""
        if not outcome.notice:
            return
        text = _(outcome.notice)
        current = self.currentPage()
        for page in self.pages():
            if page is current:
                page.show_save_problem(text if outcome.problem else "", offer=True)
                if not outcome.problem:
                    page.show_banner(text)
            else:
                page.show_save_problem("")
        self._intro.setText(_(self.flow.intro()))

    def _rescue_to_file(self) -> None:
        """ "Save to a file" after a failed save: the report so far, as an email file."""
        built = self._build()
        name = self.flow.file_name()
        docs = QStandardPaths.writableLocation(QStandardPaths.StandardLocation.DocumentsLocation)
        chosen = self._ask_save_path(Path(docs) / name)
        if chosen is None:
            return
        page = self.currentPage()
        try:
            path = save_eml(built.message, chosen)
        except SaveError as exc:
            text = str(exc)
        else:
            text = _("Saved as {path}. Your answers so far are in it.").format(path=str(path))
        if isinstance(page, ReportPage):
            page.show_banner(text)
            announce(page, text)

    def _rescue_copy(self) -> None:
        """ "Copy" after a failed save: the report so far, on the clipboard."""
        copy_report(self._build())
        page = self.currentPage()
        text = _("Copied. Paste it somewhere safe, such as an email to yourself.")
        if isinstance(page, ReportPage):
            page.show_banner(text)
            announce(page, text)

    def done(self, result: int) -> None:
        """Closing: the flow keeps or removes the draft and lets go of it."""
        self._save_timer.stop()
        self.flow.close(result == QWizard.DialogCode.Accepted, self._key())
        self._elapsed_timer.stop()
        self._closing = True
        try:
            super().done(result)
        finally:
            self._closing = False

    # -- the old password, used once ----------------------------------------------
    def _use_old_password(self, secret: str) -> None:
        """Clean the answers of it, then block it and compare it off the GUI thread."""
        redacted = self.flow.take_old_password(secret)
        if redacted:
            for page in self.pages():
                page.refresh()
        self._save_draft()  # overwrite, now, a draft saved before step 3
        work = self.flow.old_password_work(secret, self._burn, self._compare)
        self.runner.run(
            work,
            lambda r: self._old_password_done(*r, redacted),
            lambda _exc: self._old_password_done(None, None, True, redacted),
            key="old-password",
        )

    def _old_password_done(
        self, burned: bool | None, labels: list[str] | None, failed: bool, redacted: bool
    ) -> None:
        text = self.flow.old_password_done(burned, labels, failed, redacted)
        page = self.act_page if self.kind is LEAK else self.now_page
        page.refresh()
        page.show_old_result(_(text), done=True)

    # -- confirmation ---------------------------------------------------------------
    def _show_done(self) -> None:
        remind = (
            self.kind is LEAK
            and bool(self.state.answers.steps_left())
            and self._notify_later is not None
        )
        if remind and self._notify_later is not None:
            reminder = self.flow.reminder()
            if reminder is not None:
                self._notify_later(*reminder)
        refused = self._delivery.result.refused if self._delivery.result else ()
        self.done_page.show_outcome(
            self.delivery, self.flow.desk(), bool(self._who.reachable), refused, remind
        )
