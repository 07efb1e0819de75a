"""Anti-malware signatures current: the protection's list of known harmful programs was
updated within the days the policy allows (``malware_signatures_max_age_days``). Reads
the same fact as the anti-malware check but judges only the signatures' age, so a
product that is on with old signatures fails here alone. Where the system says how old
they are, the age decides, against the policy's limit; where it says only "up to date"
or "out of date" (Windows Security Center for other makers' products) that word is
believed; a product that says neither gives "not checked", never a pass."""

from __future__ import annotations

from desktop.core.device.base import (
    DeviceCheck,
    DeviceContext,
    DevicePolicy,
    Got,
    SettingsPages,
    names_list,
)
from desktop.core.device.checks.malware import MALWARE
from desktop.core.device.findings import DeviceFinding, System, Value
from desktop.core.kit.i18n import N_, _, ngettext
from desktop.core.kit.unchecked import NotChecked, Reason
from desktop.core.kit.untrusted import shown


class MalwareSignaturesCheck(DeviceCheck):
    check_id = "malware_signatures"
    title = N_("Anti-malware up to date")
    noun = N_("anti-malware signatures")
    why = N_(
        "Anti-malware software knows harmful programs from a list that changes every day. "
        "An old list misses what is going round now."
    )
    reads = N_("How many days ago it last got a new list of threats.")
    needs = (MALWARE,)
    policy_keys = ("malware_signatures_max_age_days",)
    value_unit = N_("days old")
    threshold_unit = N_("days at most")
    settings = SettingsPages(windows="windowsdefender://threat")

    def expects(self, policy: DevicePolicy) -> str:
        days = policy.malware_signatures_max_age_days
        return ngettext(
            "IT asks for a list at most {n} day old.",
            "IT asks for a list at most {n} days old.",
            days,
        )

    def threshold(self, policy: DevicePolicy) -> Value:
        return policy.malware_signatures_max_age_days

    def not_applicable(self, ctx: DeviceContext) -> str:
        if reason := super().not_applicable(ctx):
            return reason
        if ctx.system == "linux" and not ctx.policy.malware_products:
            return _("IT does not ask for anti-malware on this Linux computer.")
        return ""

    def judge(self, got: Got, ctx: DeviceContext) -> DeviceFinding:
        products = list(got.of(MALWARE).products)
        limit = ctx.policy.malware_signatures_max_age_days
        # The protection that runs is what must be current; a switched-off product's
        # fresh list protects nothing (being off is the other check's failure).
        running = [p for p in products if p.enabled is True] or products
        dated = [p for p in running if p.signatures_age_days is not None]
        if dated:
            freshest = min(dated, key=lambda p: p.signatures_age_days or 0)
            age = freshest.signatures_age_days or 0
            ago = _("today") if age == 0 else ngettext("{n} day ago", "{n} days ago", age)
            if age > limit:
                return self.failed(
                    ctx,
                    _(
                        "{name} last updated its list of threats {ago}. {expects}",
                        name=shown(freshest.name),
                        ago=ago,
                        expects=self.expects(ctx.policy),
                    ),
                    fix_for(ctx.system),
                    age,
                )
            return self.passed(
                ctx,
                _("{name} updated its list of threats {ago}.", name=shown(freshest.name), ago=ago),
                age,
            )
        # No age given: the product's or the system's own word, when it gives one.
        current = [p for p in running if p.enabled is True and p.up_to_date is True]
        if current:
            names = names_list([shown(p.name) for p in current])
            said = ngettext(
                "{names} is on and up to date.",
                "{names} are on and up to date.",
                len(current),
                names=names,
            )
            return self.passed(ctx, said, N_("up to date"))
        stale = [p for p in running if p.enabled is True and p.up_to_date is False]
        if stale:
            names = names_list([shown(p.name) for p in stale])
            return self.failed(
                ctx,
                _("{names} is on but out of date{old}.", names=names, old=""),
                fix_for(ctx.system),
                N_("out of date"),
            )
        told = next((p.age_unread for p in running if p.age_unread), "")
        if told:  # the reader knows why the age could not be read: say that
            return self.unknown(ctx, NotChecked(_(told), "", Reason.UNREAD))
        named = names_list([shown(p.name) for p in products]) or _("the anti-malware software")
        return self.unknown(
            ctx,
            NotChecked(
                _(
                    "the app could not tell how old the list of threats of {named} is",
                    named=named,
                ),
                "",
                Reason.UNCLEAR,
            ),
        )


def fix_for(system: System) -> str:
    if system == "windows":
        return _(
            "Open Windows Security > Virus & threat protection. Choose 'Protection "
            "updates' > 'Check for updates'. If it fails, ask IT."
        )
    if system == "macos":
        return _("Open System Settings > General > Software Update. Install what is waiting.")
    return _(
        "Make sure this computer is connected to the internet. Then ask IT why the "
        "anti-malware is not updating itself."
    )
