"""Getting the report to the people who need it, from the "Check your answers" page.

Through the mail relay when the policy names one (on the background runner, never on
the GUI thread), otherwise through the person's mail app (``mailto:``); saving as an
.eml file and copying always work. Whatever happens the answers stay in the draft;
a failure says why in one line and Send becomes "Try again". What was done, and what is
kept in the draft, is the core's ``ReportFlow``'s to know; this only runs the buttons.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from pathlib import Path

from PySide6.QtCore import QCoreApplication, QStandardPaths, Qt, QUrl
from PySide6.QtGui import QGuiApplication

from desktop.core.kit.i18n import _
from desktop.core.report.files import SaveError, save_eml
from desktop.core.report.flow import ReportFlow
from desktop.core.report.mailto import build_mailto
from desktop.core.report.render import BuiltReport
from desktop.core.report.smtp import SendError, SendResult, SmtpRelay
from desktop.ui.kit.background import BackgroundRunner
from desktop.ui.kit.plain import shown
from desktop.ui.report.review import CheckPage

log = logging.getLogger(__name__)


def _tr(text: str) -> str:
    return QCoreApplication.translate("ReportDelivery", text)


class ReportDelivery:
    """Runs the check page's Send, Save and Copy buttons.

    ``keep_draft(maybe_sent)`` is called whenever the answers must be saved again (a
    failure, a hand-over), ``send_starting`` just before a send through the relay and
    ``sent`` once the relay has taken the report.
    """

    def __init__(
        self,
        page: CheckPage,
        flow: ReportFlow,
        relay: SmtpRelay | None,
        runner: BackgroundRunner,
        open_url: Callable[[QUrl], bool],
        ask_save_path: Callable[[Path], Path | None],
        keep_draft: Callable[[bool], None],
        sent: Callable[[], None],
        send_starting: Callable[[], None] = lambda: None,
    ) -> None:
        self._page, self._flow, self._relay = page, flow, relay
        self._runner, self._open_url, self._ask_save_path = runner, open_url, ask_save_path
        self._keep_draft, self._on_sent, self._send_starting = keep_draft, sent, send_starting
        self.result: SendResult | None = None

    @property
    def how(self) -> str:
        """ "" until the report has left the wizard: then "relay", "mail app", "file" or
        "copied" (the flow keeps it)."""
        return self._flow.how

    @property
    def last_error(self) -> str:
        return self._flow.last_error

    @property
    def sending(self) -> bool:
        """True from Send until the relay's answer (or failure) is shown."""
        return self._runner.is_busy("send")

    def _ready(self) -> bool:
        problems = self._flow.send_problems()
        if problems:
            self._page.set_status(" ".join(problems), problem=True)
        return not problems

    def send(self) -> None:
        """Send through the relay, or open the mail app when there is none."""
        if not self._ready():
            return
        built = self._flow.build()
        if self._relay is None:
            self._open_mail_app(built)
            return
        relay, message = self._relay, built.message
        self._send_starting()  # the draft records the attempt before anything goes
        self._page.set_busy(True, True)
        self._page.set_status(_tr(_("Sending your report...")))
        self._runner.run(lambda: relay.send(message), self._sent, self._failed, key="send")

    def _sent(self, result: SendResult) -> None:
        self.result = result
        self._flow.sent()
        self._page.set_busy(False, False)
        self._page.set_status(_tr(_("Sent.")))
        self._page.mark_handed_over()
        self._on_sent()

    def _failed(self, exc: BaseException) -> None:
        # The details (the server's name and reply) go to the log for IT; the person
        # reads what it means and what to do.
        if isinstance(exc, SendError):
            log.warning("report not sent: %s", exc)
            reason = exc.plain
        else:
            log.warning("report not sent: unexpected %s", type(exc).__name__)
            reason = _tr(_("Something went wrong while sending."))
        self._flow.last_error = reason
        self._keep_draft(exc.maybe_sent if isinstance(exc, SendError) else True)
        self._page.set_busy(False, True)
        self._page.send_button.setText(_tr("Try &again"))
        self._page.send_button.setAccessibleName(_tr(_("Try again")))
        # Focus on "Try again", so Enter does not go Back and leave the page.
        self._page.send_button.setFocus(Qt.FocusReason.OtherFocusReason)
        self._page.set_status(
            _tr(
                _(
                    "Not sent. {reason} Your report is kept. Choose 'Try again', or save it as a "
                    "file or copy it and send it yourself."
                )
            ).format(reason=reason),
            problem=True,
        )

    def _open_mail_app(self, built: BuiltReport) -> None:
        link = build_mailto(built.recipients.addresses, str(built.message["Subject"]), built.text)
        if link.shortened:
            self._copy_text(built)
        if not self._open_url(QUrl.fromEncoded(link.url.encode("ascii"))):
            self._page.set_status(
                _tr(
                    _(
                        "Your email app could not be opened. Save the report as a file or copy it, "
                        "then email it yourself."
                    )
                ),
                problem=True,
            )
            return
        text = _tr(
            _(
                "Your email app should now be open with the report in it. Check it, "
                "then press Send there."
            )
        )
        if link.shortened:
            text += " " + _tr(
                _("The report was too long to fit, so it is also copied: paste it into the email.")
            )
        self._handed_over(_("mail app"), text)

    def save(self) -> None:
        """Ask where, then save the report as an .eml file any mail app can open."""
        built = self._flow.build()
        docs = QStandardPaths.writableLocation(QStandardPaths.StandardLocation.DocumentsLocation)
        name = self._flow.file_name()
        home = QStandardPaths.writableLocation(QStandardPaths.StandardLocation.HomeLocation)
        chosen = self._ask_save_path(Path(docs or home) / name)
        if chosen is None:
            return
        try:
            path = save_eml(built.message, chosen)
        except SaveError as exc:
            self._page.set_status(str(exc), problem=True)
            return
        self._handed_over(
            "file",
            _tr(
                _(
                    "Saved as {path}. Open it with your email app to send it, or give it to the "
                    "people listed."
                )
            ).format(path=shown(path)),  # a file name the person chose: isolated
        )

    @staticmethod
    def _copy_text(built: BuiltReport) -> None:
        copy_report(built)

    def copy(self) -> None:
        """Put the report, with its To and Subject lines, on the clipboard."""
        self._copy_text(self._flow.build())
        self._handed_over(
            "copied",
            _tr(_("Copied. Paste it into a new email to the people listed, then send it.")),
        )

    def _handed_over(self, how: str, text: str) -> None:
        self._flow.handed_over(how)
        self._page.set_status(text)
        self._page.mark_handed_over()
        self._keep_draft(False)


def copy_report(built: BuiltReport) -> None:
    """Put the report, with its To and Subject lines, on the clipboard."""
    to = ", ".join(built.recipients.addresses)
    header = _("To: {to}\n", to=to) if to else ""
    QGuiApplication.clipboard().setText(
        _(
            "{header}Subject: {value}\n\n{text}",
            header=header,
            value=built.message["Subject"],
            text=built.text,
        )
    )
