"""The "Do these now" page: the steps that limit the damage, in order, each ticked off.

The optional "type the old password once" box is the only place the leaked password
is ever typed. Its text is handed to the wizard and the box is emptied at once; the
page never keeps it, and it is not part of the answers, the draft or the report.
"""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtWidgets import (
    QCheckBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QWidget,
)

from desktop.core.kit.i18n import _
from desktop.core.report.model import STEP_ORDER, Step, format_elapsed
from desktop.ui.kit.a11y import set_hint
from desktop.ui.kit.choice import WrapCheckBox
from desktop.ui.report.one_off import OneOffPasswordBox
from desktop.ui.report.pages import ReportPage, ReportState, hint_label, wrap_label


class ActPage(ReportPage):
    """Four steps with a tick box each, and how long ago the leak may have happened."""

    def __init__(
        self,
        state: ReportState,
        open_check_window: Callable[[], object],
        use_old_password: Callable[[str], None] | None,
        can_burn: bool,
        can_compare: bool,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(state, parent)
        self._use_old_password = use_old_password
        self.setTitle(_("Do these now"))
        self.setSubTitle(
            _(
                "Do them in this order: it limits the harm. Tick each one "
                "when you have done it. You can come back to this later."
            )
        )
        self.elapsed = wrap_label(bold=True)
        self.elapsed.setAccessibleDescription(_("Time since it may have leaked"))
        self.body.addWidget(self.elapsed)
        self.old_box: OneOffPasswordBox | None = None
        self._offer_old_box = use_old_password is not None and (can_burn or can_compare)
        self._can_burn, self._can_compare = can_burn, can_compare
        self.steps: dict[Step, QCheckBox] = {}
        self._init_steps(open_check_window)
        self.body.addStretch(1)

    def _init_old_password(self, can_burn: bool, can_compare: bool) -> None:
        # Inside step 2, after the urgent step 1: finding the other accounts is what it
        # is for, and keyboard focus then starts on step 1.
        uses = [
            _(
                "This box is the only place in this report to type it, and only if you want "
                "to. It stays on this computer and is forgotten straight away: it is never "
                "saved, never sent and never part of your report. We use it to:"
            )
        ]
        if can_burn:
            uses.append("• " + _("block it, so it is never accepted again"))
        if can_compare:
            uses.append("• " + _("find your saved accounts that use it too"))
        box = OneOffPasswordBox(
            _("Not sure where else? Type the password that leaked, once"),
            _("The one place to type the password that leaked"),
            "\n".join(uses),
            _("The password that leaked, used once then forgotten"),
            self._use_old_password,
            field_hint=" ".join(u.lstrip("• ") for u in uses),
        )
        self.old_password, self.use_button, self.old_result = (
            box.password,
            box.use_button,
            box.result,
        )
        indent = QHBoxLayout()
        indent.setContentsMargins(24, 0, 0, 0)
        indent.addWidget(box)
        self.body.addLayout(indent)
        self.old_box = box

    def _init_steps(self, open_check_window: Callable[[], object]) -> None:
        titles = {
            Step.CHANGE_NOW: _("1. Change this password now"),
            Step.CHANGE_ELSEWHERE: _("2. Change it anywhere else you used it"),
            Step.SIGN_OUT: _("3. Sign out of other sessions"),
            Step.TURN_ON_MFA: _("4. Turn on two-step sign-in"),
        }
        hints = {
            Step.CHANGE_NOW: _(
                "Choose a new password in the password checker. It must pass every check."
            ),
            Step.CHANGE_ELSEWHERE: _(
                "If you used the same password on other sites, change it there too. Use a "
                "different password for each one."
            ),
            Step.SIGN_OUT: _(
                "In the account's security settings, choose 'Sign out everywhere' or "
                "'Sign out of other sessions'. This throws out anyone else who got in."
            ),
            Step.TURN_ON_MFA: _(
                "Also called multi-factor authentication (MFA): you sign in with your "
                "password and a code from your phone, so a password alone is not enough."
            ),
        }
        for step in STEP_ORDER:
            tick = WrapCheckBox(titles[step])
            font = tick.font()
            font.setBold(True)
            tick.setFont(font)
            tick.setAccessibleName(titles[step])
            tick.setAccessibleDescription(hints[step])
            tick.toggled.connect(lambda on, s=step: self.state.set_step(s, on))
            self.steps[step] = tick
            self.body.addSpacing(4)
            self.body.addWidget(tick)
            hint = hint_label(hints[step])
            hint.setContentsMargins(24, 0, 0, 0)
            self.body.addWidget(hint)
            if step is Step.CHANGE_NOW:
                self.open_checker = QPushButton(_("&Open the password checker"))
                self.open_checker.clicked.connect(open_check_window)
                self.body.addLayout(self._indented(self.open_checker))
            if step is Step.CHANGE_ELSEWHERE:
                if self._offer_old_box:
                    self._init_old_password(self._can_burn, self._can_compare)
                self.other_accounts = QLineEdit()
                self.other_accounts.setPlaceholderText(
                    _("Optional, for example: personal email, online shop")
                )
                self.other_accounts.setAccessibleName(
                    _("Other accounts that used the same password")
                )
                set_hint(
                    self.other_accounts,
                    _("Optional. Separate them with commas, for example: personal email."),
                )
                self.other_accounts.textEdited.connect(self._accounts_edited)
                label = QLabel(_("&Where else:"))
                label.setBuddy(self.other_accounts)
                row = self._indented(label)
                row.takeAt(row.count() - 1)  # no stretch between the label and its box
                row.addWidget(self.other_accounts, 1)
                self.body.addLayout(row)

    @staticmethod
    def _indented(widget: QWidget, stretch: bool = False) -> QHBoxLayout:
        row = QHBoxLayout()
        row.setContentsMargins(24, 0, 0, 0)
        row.addWidget(widget, 1 if stretch else 0)
        if not stretch:
            row.addStretch(1)
        return row

    def _accounts_edited(self, text: str) -> None:
        labels = tuple(p.strip() for p in text.split(",") if p.strip())
        self.state.update(other_accounts=labels)

    def show_old_result(self, text: str, done: bool = False) -> None:
        if self.old_box is not None:
            self.old_box.show_result(text, done)

    def refresh_elapsed(self) -> None:
        a = self.state.answers
        self.elapsed.setText(
            _("It is {time} since it may have leaked. The sooner you act, the better.").format(
                time=format_elapsed(a.when, self.state.clock())
            )
        )

    def refresh(self) -> None:
        a = self.state.answers
        for step, tick in self.steps.items():
            if tick.isChecked() != (step in a.steps_done):
                tick.blockSignals(True)
                tick.setChecked(step in a.steps_done)
                tick.blockSignals(False)
        shown = ", ".join(a.other_accounts)
        if (
            tuple(p.strip() for p in self.other_accounts.text().split(",") if p.strip())
            != a.other_accounts
        ):
            self.other_accounts.setText(shown)
        self.refresh_elapsed()

    def initializePage(self) -> None:
        self.refresh()
