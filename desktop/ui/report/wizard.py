"""The "I think my password leaked" wizard: what happened, act now, report, confirmation.

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
from dataclasses import dataclass, replace
from datetime import datetime
from pathlib import Path

from PySide6.QtCore import QSize, Qt, QUrl
from PySide6.QtGui import QDesktopServices, QKeyEvent, QShowEvent
from PySide6.QtWidgets import QFileDialog, QMessageBox, QWidget, QWizard

from desktop.core.policy.schema import Policy
from desktop.core.report.contacts import describe, recipients
from desktop.core.report.drafts import Draft, DraftStore
from desktop.core.report.guard import SecretGuard, scrub_answers
from desktop.core.report.model import STEP_TODO, ReportAnswers
from desktop.core.report.reference import make_reference
from desktop.core.report.render import BuiltReport, build_report, format_moment, new_message_id
from desktop.core.report.smtp import SmtpRelay
from desktop.ui.kit.a11y import announce
from desktop.ui.kit.background import BackgroundRunner
from desktop.ui.kit.resources import app_icon
from desktop.ui.kit.timers import TimerFactory, qt_timer_factory
from desktop.ui.kit.widgets import place_on_screen
from desktop.ui.report.act import ActPage
from desktop.ui.report.pages import (
    PAGE_ABOUT,
    PAGE_ACCOUNT,
    PAGE_ACT,
    PAGE_CHECK,
    PAGE_DONE,
    PAGE_KEYS,
    PAGE_WHAT,
    AboutPage,
    AccountPage,
    ReportPage,
    ReportState,
    WhatPage,
)
from desktop.ui.report.review import CheckPage, DonePage, SendActions
from desktop.ui.report.send import ReportDelivery

log = logging.getLogger(__name__)

# The free-text answers on each page, written to the draft once the person leaves it.
FREE_TEXT: dict[int, tuple[str, ...]] = {
    PAGE_WHAT: ("details",),
    PAGE_ACCOUNT: ("account",),
    PAGE_ABOUT: ("reporter_name", "reporter_email", "note"),
}

REMINDER_SECONDS = 3600
SAVE_DELAY_MS = 400  # typing pauses this long before the draft is written
ELAPSED_REFRESH_MS = 30_000


def _local_now() -> datetime:
    return datetime.now().astimezone()


def _ask_save_path(parent: QWidget, suggested: Path) -> Path | None:
    chosen, _ = QFileDialog.getSaveFileName(
        parent, parent.tr("Save the report"), str(suggested), parent.tr("Email message (*.eml)")
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


class ReportWizard(QWizard):
    """Guides a worried person from "what happened" to a sent report, losing nothing."""

    def __init__(
        self,
        policy: Policy,
        parts: ReportParts,
        *,
        open_url: Callable[[QUrl], bool] | None = None,
        clock: Callable[[], datetime] = _local_now,
        runner: BackgroundRunner | None = None,
        timers: TimerFactory | None = None,
        ask_save_path: Callable[[Path], Path | None] | None = None,
        choose: Callable[[str], str] | None = None,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self._policy, self._drafts, self._relay, self._clock = (
            policy,
            parts.drafts,
            parts.relay,
            clock,
        )
        self._burn, self._compare, self._notify_later = (
            parts.burn_password,
            parts.compare_accounts,
            parts.notify_later,
        )
        self._open_url = open_url or QDesktopServices.openUrl
        self._ask_save_path = ask_save_path or (lambda p: _ask_save_path(self, p))
        self.runner = runner or BackgroundRunner(parent=self)
        self._who = recipients(policy.report_contacts)
        self._resumed_error = ""
        self._reminded = False
        self._save_failed = False
        self._closing = False
        self._placed = False
        self.leave_box: QMessageBox | None = None
        self._init_window()
        answers, resume_page, notice = self._init_answers(choose)
        self.state = ReportState(answers, clock)
        # Free text is written to the draft only once the person leaves its page; until
        # then the draft keeps what the page held when they arrived.
        self._held = answers
        self._guard: SecretGuard | None = None  # set once the old password is typed
        self._init_pages(parts.open_check_window)
        make_timer = timers or qt_timer_factory(self)
        self._save_timer = make_timer(self._save_draft, True)
        self._elapsed_timer = make_timer(self.act_page.refresh_elapsed, False)
        self.state.on_change.append(lambda: self._save_timer.start(SAVE_DELAY_MS))
        self.currentIdChanged.connect(self._page_changed)
        for page in self.pages():
            page.refresh()
        self.restart()
        if resume_page or notice:
            self._resume(resume_page, notice)

    # -- set-up -------------------------------------------------------------------
    def _init_window(self) -> None:
        self.setWindowTitle(self.tr("I think my password leaked - Hygiene Helper"))
        self.setWindowIcon(app_icon())
        self.setObjectName("ReportWizard")
        self.setWizardStyle(QWizard.WizardStyle.ModernStyle)
        self.setOption(QWizard.WizardOption.NoBackButtonOnStartPage, True)
        self.setOption(QWizard.WizardOption.NoCancelButtonOnLastPage, True)
        self.setButtonText(QWizard.WizardButton.CancelButton, self.tr("S&top for now"))
        self.setButtonText(QWizard.WizardButton.FinishButton, self.tr("&Finish"))
        # No fixed minimum: each page scrolls, so the wizard fits a zoomed small screen.

    def _init_answers(self, choose: Callable[[str], str] | None) -> tuple[ReportAnswers, str, str]:
        """A saved draft's answers and page, or a fresh report; plus any notice to show."""
        draft = self._drafts.load() if self._drafts is not None else None
        problem = self._drafts.problem if self._drafts is not None else ""
        self._send_started: datetime | None = None
        self._uncertain = False  # an earlier send may have reached the desk
        self._in_flight = False
        if draft is not None:
            self._resumed_error = draft.last_error
            self._message_id = draft.message_id or new_message_id(draft.answers.reference)
            saved = format_moment(
                (draft.saved or draft.answers.started).astimezone(), self._clock()
            )
            notice = self.tr(
                "Welcome back. We kept the answers you gave on {time}. Carry on where you stopped."
            ).format(time=saved)
            if draft.send_started is not None:
                self._send_started, self._uncertain = draft.send_started, True
                notice += " " + self.tr(
                    "A send was started on {time}, so we may already have sent this report. "
                    "Sending again is safe: the desk will see one report."
                ).format(time=format_moment(draft.send_started.astimezone(), self._clock()))
            return draft.answers, draft.page or PAGE_KEYS[PAGE_WHAT], notice
        now = self._clock()
        reference = make_reference(now, choose) if choose else make_reference(now)
        self._message_id = new_message_id(reference)
        return ReportAnswers(reference=reference, started=now, when=now), "", problem

    def _init_pages(self, open_check_window: Callable[[], object]) -> None:
        who = self._who
        lines = [f"{describe(c)}: {c.email.strip()}" for c in who.reachable]
        advice = who.who_to_ask()
        recipients_text = "\n\n".join(p for p in ("\n".join(lines), advice) if p)
        self.what_page = WhatPage(self.state)
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
        can_send = bool(who.reachable)
        if self._relay is not None:
            label = self.tr("Send &report")
            hint = self.tr(
                "It goes straight to the people listed, through your organisation's email."
            )
        else:
            label = self.tr("Open in my &email app")
            hint = self.tr(
                "Your email app opens with the report filled in. Check it, then press Send there."
            )
        hint += " " + self.tr("You can also save it as a file or copy it.")
        if not can_send:
            hint = self.tr(
                "Save the report as a file or copy it, then give it to the people above today."
            )
        actions = SendActions(
            lambda: self._delivery.send(),
            lambda: self._delivery.save(),
            lambda: self._delivery.copy(),
            self.go_change,
            lambda: self._build().text,
        )
        labels = {w: b.text() for w, b in self.what_page.choices.items()}
        key = self.tr("Sent to") if can_send else self.tr("Who to tell")
        self.check_page = CheckPage(
            self.state, actions, labels, recipients_text, label, hint, can_send, recipients_key=key
        )
        self.done_page = DonePage(self.state)
        self._delivery = ReportDelivery(
            self.check_page,
            lambda: self.state.answers,
            self._build,
            self._relay,
            self.runner,
            self._open_url,
            self._ask_save_path,
            keep_draft=self._keep_after_delivery,
            sent=self._relay_took_it,
            send_starting=self._send_starting,
        )
        self._delivery.last_error = self._resumed_error
        for page_id, page in (
            (PAGE_WHAT, self.what_page),
            (PAGE_ACCOUNT, self.account_page),
            (PAGE_ACT, self.act_page),
            (PAGE_ABOUT, self.about_page),
            (PAGE_CHECK, self.check_page),
            (PAGE_DONE, self.done_page),
        ):
            self.setPage(page_id, page)
        steps = self.pages()[:-1]  # the confirmation is not a step
        for number, step_page in enumerate(steps, start=1):
            step_page.set_step(number, len(steps))

    def pages(self) -> tuple[ReportPage, ...]:
        return (
            self.what_page,
            self.account_page,
            self.act_page,
            self.about_page,
            self.check_page,
            self.done_page,
        )

    def _resume(self, page_key: str, notice: str) -> None:
        """Walk forward to where the person stopped, as far as their answers allow."""
        target = next((i for i, k in PAGE_KEYS.items() if k == page_key), PAGE_WHAT)
        target = min(target, PAGE_CHECK)  # never skip the sending step
        while self.currentId() < target:
            before = self.currentId()
            self.next()
            if self.currentId() == before:
                break  # an answer is missing: the page says which
        page = self.currentPage()
        if isinstance(page, ReportPage):
            page.show_banner(notice)
        if self._resumed_error:
            self.check_page.set_status(
                self.tr("Last time the report was not sent: {reason}").format(
                    reason=self._resumed_error
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

    # -- leaving ------------------------------------------------------------------
    def keyPressEvent(self, event: QKeyEvent) -> None:
        """Esc asks first (QDialog would close at once); the answers are kept either way."""
        if event.key() == Qt.Key.Key_Escape and self._asks_before_leaving():
            event.accept()
            self.ask_to_leave()
            return
        super().keyPressEvent(event)

    def _asks_before_leaving(self) -> bool:
        return self.currentId() != PAGE_DONE and self.state.answers != self._blank()

    def ask_to_leave(self) -> None:
        """ "Stop for now?" with Carry on as the safe default."""
        self._save_draft()
        box = QMessageBox(
            QMessageBox.Icon.Question,
            self.tr("Stop for now?"),
            self.tr(
                "Your answers are kept on this computer, so you can carry on later from the "
                "tray menu. Stop for now?"
            ),
            parent=self,
        )
        stop = box.addButton(self.tr("S&top for now"), QMessageBox.ButtonRole.DestructiveRole)
        carry_on = box.addButton(self.tr("&Carry on"), QMessageBox.ButtonRole.RejectRole)
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
    def delivery(self) -> str:
        """How the report left: "relay", "mail app", "file", "copied", or "" (not yet)."""
        return self._delivery.how

    def _guarded(self, answers: ReportAnswers) -> ReportAnswers:
        return scrub_answers(answers, self._guard)[0] if self._guard is not None else answers

    def _build(self) -> BuiltReport:
        answers = self._guarded(self.state.answers)  # checked again just before it leaves
        return build_report(answers, self._policy, self._clock(), self._message_id)

    def _send_starting(self) -> None:
        """Before a send through the relay: the draft says a send was started, and when."""
        if not self._uncertain:
            self._send_started = self._clock()
        self._in_flight = True
        self._save_draft()

    def _keep_after_delivery(self) -> None:
        if self._in_flight:
            self._in_flight = False
            if self._delivery.maybe_sent:
                self._uncertain = True
            elif not self._uncertain:
                self._send_started = None  # refused outright: nothing went
        self._save_draft()

    def _relay_took_it(self) -> None:
        if self._drafts is not None:
            self._drafts.remove()
        self.next()

    # -- navigation and drafts ----------------------------------------------------
    def go_change(self, page_id: int) -> None:
        """A Change button: back to that question, then Next returns to the answers."""
        questions = (self.what_page, self.account_page, self.act_page, self.about_page)
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
        if page_id == PAGE_CHECK:
            for page in self.pages():
                page.returning_to_check = False
        if page_id == PAGE_DONE:
            self._show_done()
        for page in self.pages():
            if page is not self.currentPage():
                page.show_banner("")
        self._focus_first_control()
        self._held = self.state.answers  # the person has left the page: keep its text now
        shown = self.currentPage()
        if isinstance(shown, ReportPage):
            step = shown.step.text() if shown.step.isVisible() else ""
            announce(shown, ". ".join(p for p in (step, shown.title()) if p), tell=False)
        self._save_draft()

    def _focus_first_control(self) -> None:
        """Keyboard focus on the new page's first control, unless it is already there.

        Qt leaves focus on the page just left when it finds no candidate (as on the
        check page, whose rows are built as it opens), which strands keyboard users."""
        page = self.currentPage()
        focused = self.focusWidget()
        if page is None or (
            focused is not None and focused.isVisible() and page.isAncestorOf(focused)
        ):
            return
        if isinstance(page, ReportPage):
            first = page.first_question()
            if first is not None and first.isVisible():
                first.setFocus(Qt.FocusReason.TabFocusReason)
                return
        widget = page.nextInFocusChain()
        while widget is not None and widget is not page:
            if (
                page.isAncestorOf(widget)
                and widget.isVisible()
                and widget.isEnabled()
                and widget.focusPolicy() & Qt.FocusPolicy.TabFocus
            ):
                widget.setFocus(Qt.FocusReason.TabFocusReason)
                return
            widget = widget.nextInFocusChain()

    def draft_kept(self) -> bool:
        """True when a draft is saved for next time."""
        return self._drafts is not None and self._drafts.path.exists()

    def draft(self) -> Draft:
        answers = self.state.answers
        held = FREE_TEXT.get(self.currentId(), ())
        if held:
            answers = replace(answers, **{name: getattr(self._held, name) for name in held})
        return Draft(
            self._guarded(answers),
            PAGE_KEYS.get(self.currentId(), ""),
            self._delivery.last_error,
            self._clock(),
            self._message_id,
            self._send_started,
        )

    def _save_draft(self) -> None:
        self._save_timer.stop()
        if self._drafts is None or self.delivery == "relay":
            return  # nowhere to keep it, or already sent
        if self.state.answers == self._blank() and not self._drafts.path.exists():
            return  # nothing typed yet: opening and closing leaves nothing behind
        try:
            self._drafts.save(self.draft())
        except OSError as exc:
            log.warning("report draft not saved: %s", exc.strerror or type(exc).__name__)
            if not self._save_failed:
                self._save_failed = True
                page = self.currentPage()
                if isinstance(page, ReportPage):
                    page.show_banner(
                        self.tr(
                            "Your answers could not be saved on this computer, so finish the "
                            "report now, or save it as a file."
                        )
                    )

    def done(self, result: int) -> None:
        """Closing: the draft goes once the report is sent, or handed over and the person
        pressed Finish; closing in any other way keeps it (a copy on the clipboard or a
        mail app left unsent is easily lost)."""
        finished = self.delivery == "relay" or (
            bool(self.delivery) and result == QWizard.DialogCode.Accepted
        )
        if finished and self._drafts is not None:
            self._drafts.remove()
        elif self.state.answers != self._blank():
            self._held = self.state.answers  # closing leaves the page too
            self._save_draft()
        self._elapsed_timer.stop()
        self._closing = True
        try:
            super().done(result)
        finally:
            self._closing = False

    def _blank(self) -> ReportAnswers:
        a = self.state.answers
        return ReportAnswers(reference=a.reference, started=a.started, when=a.when)

    # -- the old password, used once ----------------------------------------------
    def _use_old_password(self, secret: str) -> None:
        """Clean the answers of it, then block it and compare it off the GUI thread."""
        self._guard = SecretGuard(secret)  # from now on every save and send is checked
        cleaned, redacted = scrub_answers(self.state.answers, self._guard)
        self._held = scrub_answers(self._held, self._guard)[0]
        if redacted:
            self.state.replace_all(cleaned)
            for page in self.pages():
                page.refresh()
        self._save_draft()  # overwrite, now, a draft saved before step 3
        burn, compare = self._burn, self._compare

        def work() -> tuple[bool | None, list[str] | None, bool]:
            burned: bool | None = None
            labels: list[str] | None = None
            failed = False
            if burn is not None:
                try:
                    burn(secret)
                    burned = True
                except Exception:  # the store says why in its own log, never the secret
                    burned, failed = False, True
            if compare is not None:
                try:
                    labels = list(compare(secret))
                except Exception:
                    failed = True
            return burned, labels, failed

        self.runner.run(
            work,
            lambda r: self._old_password_done(*r, redacted),
            lambda _exc: self._old_password_done(None, None, True, redacted),
            key="old-password",
        )

    def _old_password_done(
        self, burned: bool | None, labels: list[str] | None, failed: bool, redacted: bool
    ) -> None:
        parts: list[str] = []
        if burned:
            self.state.update(burned=True)
            parts.append(self.tr("Blocked: it will never be accepted again."))
        if labels:
            known = list(self.state.answers.other_accounts)
            self.state.update(other_accounts=tuple(known + [x for x in labels if x not in known]))
            parts.append(
                self.tr("Also used for: {labels}. Change it there too (step 2).").format(
                    labels=", ".join(labels)
                )
            )
        elif labels is not None:
            parts.append(self.tr("None of your saved accounts use it."))
        if failed:
            parts.append(
                self.tr(
                    "Some of this did not work because your saved passwords "
                    "could not be read. Carry on with the steps."
                )
            )
        if redacted:
            parts.append(self.tr("We also took it out of what you typed in your answers."))
        self.act_page.refresh()
        self.act_page.show_old_result(" ".join(parts), done=True)

    # -- confirmation ---------------------------------------------------------------
    def _show_done(self) -> None:
        a = self.state.answers
        left = a.steps_left()
        remind = bool(left) and self._notify_later is not None
        if remind and not self._reminded and self._notify_later is not None:
            self._reminded = True
            self._notify_later(
                REMINDER_SECONDS,
                self.tr("Your password report {ref}. Still to do: {steps}.").format(
                    ref=a.reference, steps="; ".join(STEP_TODO[s].lower() for s in left)
                ),
            )
        desk = describe(self._who.ordered[0]) if self._who.ordered else ""
        refused = self._delivery.result.refused if self._delivery.result else ()
        self.done_page.show_outcome(self.delivery, desk, bool(self._who.reachable), refused, remind)
