"""Removable drives: no drive outside the policy (not approved, not encrypted) plugged in
today. Known only where drives are watched as they are plugged in (the tray app)."""

from __future__ import annotations

from desktop.core.device.base import DeviceCheck, DeviceContext, DevicePolicy, Fact, Got, names_list
from desktop.core.device.drives import DrivesSeen, assess_drive
from desktop.core.device.findings import DeviceFinding, Value
from desktop.core.kit.i18n import N_, _
from desktop.core.kit.unchecked import NotChecked, Reason

DRIVES = Fact("removable_media", DrivesSeen, live=True)


class RemovableMediaCheck(DeviceCheck):
    check_id = DRIVES.id
    title = N_("Removable drives")
    noun = N_("removable drives")
    why = N_(
        "Memory sticks are easy to lose. They can also carry harmful software from one "
        "computer to the next. The rules allow only approved drives, and they must be "
        "encrypted in an approved way."
    )
    reads = N_(
        "If a drive you plug in is encrypted, and its serial number. The number is only used "
        "to look it up on IT's list."
    )
    needs = (DRIVES,)
    policy_keys = ("approved_drives", "removable_media_notices")
    value_unit = N_("drives outside the policy today")
    threshold_unit = N_("allowed")

    def expects(self, policy: DevicePolicy) -> str:
        return _("IT allows only approved, encrypted drives.")

    def threshold(self, policy: DevicePolicy) -> Value:
        return 0

    def unknown_threshold(self, policy: DevicePolicy) -> Value:
        return None

    def not_applicable(self, ctx: DeviceContext) -> str:
        if reason := super().not_applicable(ctx):
            return reason
        if not ctx.policy.removable_media_notices:
            return _("IT has switched off notices about removable drives.")
        return ""

    def judge(self, got: Got, ctx: DeviceContext) -> DeviceFinding:
        seen = got.of(DRIVES)
        if not seen.watching:
            return self.unknown(
                ctx,
                NotChecked(
                    _("this computer cannot tell the app when a drive is plugged in"),
                    "",
                    Reason.UNSUPPORTED,
                ),
            )
        today = [s for s in seen.drives if s.seen_at.date() == ctx.now.date()]
        against = [s for s in today if assess_drive(s.drive, ctx.policy).allowed is False]
        unclear = [s for s in today if assess_drive(s.drive, ctx.policy).allowed is None]
        if against:
            last = against[-1]
            verdict = assess_drive(last.drive, ctx.policy)
            what = [] if verdict.encrypted is not False else [_("is not encrypted")]
            if verdict.approved is False:
                what.append(_("is not on the approved list"))
            return self.failed(
                ctx,
                _(
                    "A drive that {names_list} was plugged in at {seen_at:%H:%M}.",
                    names_list=names_list(what),
                    seen_at=last.seen_at,
                ),
                _("Unplug it and ask IT for an approved, encrypted drive."),
                len(against),
            )
        if unclear:
            verdicts = [assess_drive(s.drive, ctx.policy) for s in unclear]
            if any(v.encrypted is None for v in verdicts):
                why = _(
                    "a drive was plugged in today, but the app could not tell if it is encrypted"
                )
            else:
                why = _(
                    "a drive was plugged in today, but IT has not listed approved drives, "
                    "so the app could not tell whether it is approved"
                )
            return self.unknown(ctx, NotChecked(why, "", Reason.UNCLEAR))
        return self.passed(
            ctx,
            _("No drive outside the policy has been plugged in today. You will be told if one is."),
            0,
        )
