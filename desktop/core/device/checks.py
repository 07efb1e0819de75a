"""The device checks: one small class per check, each a comparison of a reading with the
policy, returning a finding in plain words. None of them reads anything itself.
"""

from __future__ import annotations

from dataclasses import replace

from desktop.core.device import fixes
from desktop.core.device.base import BaseCheck, DeviceCheck, DeviceContext, duration_words
from desktop.core.device.base import names_list as _names
from desktop.core.device.drives import DrivesSeen, assess_drive
from desktop.core.device.findings import DeviceFinding, DeviceStatus
from desktop.core.device.readings import (
    AutoLoginReading,
    DiskEncryptionReading,
    FirewallReading,
    MalwareReading,
    ProductState,
    ScreenLockReading,
    Unread,
    UpdatesReading,
)

FAIL, PASS = DeviceStatus.FAIL, DeviceStatus.PASS
WRITTEN_DOWN = {
    "windows": "(DefaultPassword in the registry), where any program can read it",
    "macos": "(in /etc/kcpassword, only lightly scrambled), where it can be read back",
    "linux": "in a settings file, where it can be read back",
}


class ScreenLockCheck(BaseCheck):
    check_id = "screen_lock"
    source_id = "screen_lock"
    title = "Screen locks by itself"
    why = (
        "A computer left unlocked lets anyone walking past read your email, send messages "
        "as you or open your files. The policy says to lock your screen whenever you leave "
        "it; locking by itself is the safety net for the times you forget."
    )

    def evaluate(self, reading: object, ctx: DeviceContext) -> DeviceFinding:
        limit = ctx.policy.max_lock_minutes
        if isinstance(reading, Unread):
            return self.unknown(ctx, reading, threshold=limit)
        if not isinstance(reading, ScreenLockReading):
            return self.misread(ctx, reading)
        asks = f"Your organisation asks for {duration_words(limit * 60)} or less."
        fix = fixes.screen_lock_fix(ctx.system, reading.desktop, limit, reading.how_set)
        if reading.admin_locked:
            fix = "This is set by your organisation, so only IT can change it: please tell them."
        if not reading.lock_enabled:
            return self.result(
                ctx, FAIL, f"Your screen does not lock by itself. {asks}", fix, None, limit
            )
        seconds = reading.seconds_to_lock
        if seconds is None:
            return self.result(
                ctx,
                FAIL,
                f"Your screen never locks by itself, because it is set never to go blank. {asks}",
                fix,
                None,
                limit,
            )
        minutes = -(-seconds // 60)
        said = f"Your screen locks {duration_words(seconds)} after you stop using it. {asks}"
        status = PASS if seconds <= limit * 60 else FAIL
        return self.result(ctx, status, said, fix if status is FAIL else "", minutes, limit)


class DiskEncryptionCheck(BaseCheck):
    check_id = "disk_encryption"
    source_id = "disk_encryption"
    title = "System disk encrypted"
    why = (
        "If this computer is lost or stolen, encryption keeps your files, email and saved "
        "passwords unreadable to whoever has it. Only the disk the computer starts from "
        "counts: an encrypted memory stick does not protect what is on the computer."
    )

    def evaluate(self, reading: object, ctx: DeviceContext) -> DeviceFinding:
        if isinstance(reading, Unread):
            return self.unknown(ctx, reading, threshold="encrypted")
        if not isinstance(reading, DiskEncryptionReading):
            return self.misread(ctx, reading)
        if reading.encrypted:
            how = f" with {reading.method}" if reading.method else ""
            return self.result(
                ctx,
                PASS,
                f"The disk this computer starts from is encrypted{how}.",
                value=reading.method or "encrypted",
                threshold="encrypted",
            )
        return self.result(
            ctx,
            FAIL,
            "The disk this computer starts from is not encrypted. Your organisation asks "
            "for it to be.",
            fixes.disk_encryption_fix(ctx.system),
            "not encrypted",
            "encrypted",
        )


class RemovableMediaCheck(BaseCheck):
    check_id = "removable_media"
    source_id = "removable_media"
    title = "Removable drives"
    why = (
        "Memory sticks are easily lost and can carry harmful software from one computer to "
        "the next. The policy allows only approved drives, with an approved level of "
        "encryption."
    )

    def not_applicable(self, ctx: DeviceContext) -> str:
        if not ctx.policy.removable_media_notices:
            return "Your organisation has switched off notices about removable drives."
        return ""

    def evaluate(self, reading: object, ctx: DeviceContext) -> DeviceFinding:
        if isinstance(reading, Unread):
            return self.unknown(ctx, reading)
        if not isinstance(reading, DrivesSeen):
            return self.misread(ctx, reading)
        if not reading.watching:
            return self.unknown(
                ctx, Unread("this computer cannot tell the app when a drive is plugged in")
            )
        today = [s for s in reading.drives if s.seen_at.date() == ctx.now.date()]
        against = [s for s in today if assess_drive(s.drive, ctx.policy).allowed is False]
        unclear = [s for s in today if assess_drive(s.drive, ctx.policy).allowed is None]
        fix = "Unplug it and ask IT for an approved, encrypted drive."
        if against:
            last = against[-1]
            verdict = assess_drive(last.drive, ctx.policy)
            what = [] if verdict.encrypted is not False else ["is not encrypted"]
            if verdict.approved is False:
                what.append("is not on the approved list")
            return self.result(
                ctx,
                FAIL,
                f"A drive that {_names(what)} was plugged in at {last.seen_at:%H:%M}.",
                fix,
                len(against),
                0,
            )
        if unclear:
            verdicts = [assess_drive(s.drive, ctx.policy) for s in unclear]
            if any(v.encrypted is None for v in verdicts):
                why = "a drive was plugged in today, but the app could not tell if it is encrypted"
            else:
                why = (
                    "a drive was plugged in today, but your organisation has not listed "
                    "approved drives, so the app could not tell whether it is approved"
                )
            return self.unknown(ctx, Unread(why))
        return self.result(
            ctx,
            PASS,
            "No drive outside the policy has been plugged in today. You will be told if one is.",
            value=0,
            threshold=0,
        )


class MalwareCheck(BaseCheck):
    check_id = "malware_protection"
    source_id = "malware_protection"
    title = "Anti-malware protection on"
    why = (
        "Anti-malware software stops harmful programs before they can steal passwords or "
        "lock up your files. The policy says never to remove or switch it off."
    )

    def not_applicable(self, ctx: DeviceContext) -> str:
        if ctx.system == "linux" and not ctx.policy.malware_products:
            return (
                "Your organisation does not ask for anti-malware software on this Linux computer."
            )
        return ""

    def evaluate(self, reading: object, ctx: DeviceContext) -> DeviceFinding:
        wanted = "on and up to date"
        if isinstance(reading, Unread):
            return self.unknown(ctx, reading, threshold=wanted)
        if not isinstance(reading, MalwareReading):
            return self.misread(ctx, reading)
        products = tuple(_judged(p) for p in reading.products)
        # The products as people know them (ClamAV), not their service units.
        shown = [p.name.removesuffix(".service") for p in products]
        named = _names(shown or list(ctx.policy.malware_products))
        fix = fixes.malware_fix(ctx.system, named)
        if not products:
            return self.result(
                ctx,
                FAIL,
                "No anti-malware protection was found on this computer.",
                fix,
                "none",
                wanted,
            )
        if ctx.system == "macos":  # XProtect and Gatekeeper work together: both must be on
            off = [p for p in products if p.enabled is False]
            if off:
                names = _names([p.name for p in off])
                verb = "is" if len(off) == 1 else "are"
                return self.result(ctx, FAIL, f"{names} {verb} switched off.", fix, "off", wanted)
        good = [p for p in products if p.enabled is True and p.up_to_date is True]
        if good:
            names = _names([p.name for p in good])
            verb = "is" if len(good) == 1 else "are"
            return self.result(
                ctx,
                PASS,
                f"{names} {verb} on and up to date.",
                value=names,
                threshold=wanted,
            )
        stale = [p for p in products if p.enabled is True and p.up_to_date is False]
        if stale:
            names = _names([p.name for p in stale])
            ages = [p.signatures_age_days for p in stale if p.signatures_age_days is not None]
            old = f" (its signatures are {max(ages)} days old)" if ages else ""
            return self.result(
                ctx, FAIL, f"{names} is on but out of date{old}.", fix, "out of date", wanted
            )
        off = [p for p in products if p.enabled is False]
        running = [p for p in products if p.enabled is True]
        if off and not running:
            names = _names([p.name for p in off])
            verb = "is" if len(off) == 1 else "are"
            return self.result(ctx, FAIL, f"{names} {verb} switched off.", fix, "off", wanted)
        if running:
            return self.unknown(
                ctx,
                Unread(
                    f"{_names([p.name for p in running])} is on, but the app could not tell "
                    "how old its signatures are"
                ),
                threshold=wanted,
            )
        return self.unknown(
            ctx,
            Unread(f"the app could not tell whether {_names([p.name for p in products])} is on"),
            threshold=wanted,
        )


# How old signatures may be before the protection counts as out of date. Windows
# Security Center and Defender apply their own rule; this is for readings that give an
# age (ClamAV on Linux). A policy key can replace it when the anti-malware check gains
# its own limit.
SIGNATURES_MAX_DAYS = 7


def _judged(product: ProductState) -> ProductState:
    """The product with ``up_to_date`` worked out from its signatures' age, when known."""
    age = product.signatures_age_days
    if age is None or product.up_to_date is False:
        return product
    return replace(product, up_to_date=age <= SIGNATURES_MAX_DAYS)


class FirewallCheck(BaseCheck):
    check_id = "firewall"
    source_id = "firewall"
    title = "Firewall on"
    why = (
        "A firewall stops other computers on the same network, such as public Wi-Fi, from "
        "reaching programs on yours."
    )

    def evaluate(self, reading: object, ctx: DeviceContext) -> DeviceFinding:
        if isinstance(reading, Unread):
            return self.unknown(ctx, reading, threshold="on")
        if not isinstance(reading, FirewallReading):
            return self.misread(ctx, reading)
        name = reading.product or "The firewall"
        fix = fixes.firewall_fix(ctx.system, name)
        if reading.active and reading.accepts_inbound:
            return self.result(
                ctx,
                FAIL,
                f"The firewall ({name}) is on, but it lets other computers connect to this "
                "one unless a rule stops them. Your organisation asks for new connections "
                "to be blocked unless a rule allows them.",
                "Ask IT to set the firewall to block incoming connections by default.",
                "allows incoming",
                "on",
            )
        if reading.active:
            return self.result(
                ctx, PASS, f"The firewall ({name}) is on.", value="on", threshold="on"
            )
        if reading.configured_on:
            return self.result(
                ctx,
                FAIL,
                f"The firewall ({name}) is switched on in its settings, but it is not "
                "running, so nothing is blocked.",
                fix,
                "off",
                "on",
            )
        return self.result(ctx, FAIL, f"The firewall ({name}) is off.", fix, "off", "on")


class UpdatesCheck(BaseCheck):
    check_id = "updates"
    source_id = "updates"
    title = "Security updates installed"
    why = (
        "Most attacks use weaknesses that already have a fix. A security update protects "
        "you only once it is installed."
    )

    def evaluate(self, reading: object, ctx: DeviceContext) -> DeviceFinding:
        grace = ctx.policy.updates_grace_days
        if isinstance(reading, Unread):
            return self.unknown(ctx, reading, threshold=grace)
        if not isinstance(reading, UpdatesReading):
            return self.misread(ctx, reading)
        fix = fixes.updates_fix(ctx.system)
        asks = f"Your organisation asks for them to be installed within {grace} days."
        n, age = reading.pending_security, reading.oldest_pending_days
        some = f"{n} security update{'s' if n != 1 else ''}"
        if n > 0 and age is not None and age > grace:
            return self.result(ctx, FAIL, f"{some} waited {age} days. {asks}", fix, n, grace)
        if reading.automatic is False:
            waiting = f"{some} {'is' if n == 1 else 'are'} waiting, and s" if n else "S"
            return self.result(
                ctx,
                FAIL,
                f"{waiting}ecurity updates are not installed automatically on this computer.",
                fix,
                n,
                grace,
            )
        lists = reading.lists_age_days
        if lists is None or lists > LISTS_MAX_DAYS:
            when = (
                "has not been fetched"
                if lists is None
                else f"was last fetched {lists} day{'s' if lists != 1 else ''} ago"
            )
            return self.unknown(
                ctx,
                Unread(
                    f"this computer's list of available updates {when}, so the app cannot "
                    "tell which security updates are waiting"
                ),
                threshold=grace,
            )
        if n > 0 and age is None:
            verb = "is" if n == 1 else "are"
            return self.unknown(
                ctx,
                Unread(f"{some} {verb} waiting, and the app cannot tell for how long"),
                threshold=grace,
            )
        if n > 0:
            verb = "is" if n == 1 else "are"
            since = f" (for {age} day{'s' if age != 1 else ''})"
            return self.result(ctx, PASS, f"{some} {verb} waiting{since}. {asks}", fix, n, grace)
        auto = " They are installed automatically." if reading.automatic else ""
        return self.result(
            ctx, PASS, f"No security updates are waiting.{auto}", value=0, threshold=grace
        )


# The list of available updates must have been fetched this recently for "nothing is
# waiting" to mean anything (systems fetch it daily by default).
LISTS_MAX_DAYS = 3


class AutoLoginCheck(BaseCheck):
    check_id = "auto_login"
    source_id = "auto_login"
    title = "Sign-in needs a password"
    why = (
        "If the computer signs in by itself, anyone who switches it on gets your files, "
        "your email and everything you are signed in to."
    )

    def evaluate(self, reading: object, ctx: DeviceContext) -> DeviceFinding:
        if isinstance(reading, Unread):
            return self.unknown(ctx, reading, threshold="off")
        if not isinstance(reading, AutoLoginReading):
            return self.misread(ctx, reading)
        fix = fixes.auto_login_fix(ctx.system, reading.source, reading.plaintext_password)
        if reading.plaintext_password:
            return self.result(
                ctx,
                FAIL,
                "A password is written down on this computer for automatic sign-in "
                f"{WRITTEN_DOWN.get(ctx.system, '')}.",
                fix,
                "password written down",
                "off",
            )
        if reading.auto_login:
            where = f" (set in {reading.source})" if reading.source else ""
            return self.result(
                ctx,
                FAIL,
                f"This computer signs someone in without asking for a password{where}.",
                fix,
                "on",
                "off",
            )
        return self.result(
            ctx,
            PASS,
            "Automatic sign-in is off: a password is needed to sign in.",
            value="off",
            threshold="off",
        )


class GuestAccountCheck(BaseCheck):
    check_id = "guest_account"
    source_id = "auto_login"  # read together with automatic sign-in
    title = "No guest account"
    why = (
        "A guest account lets someone use this computer without a password of their own, "
        "and nothing they do can be traced back to them."
    )

    def evaluate(self, reading: object, ctx: DeviceContext) -> DeviceFinding:
        if isinstance(reading, Unread):
            return self.unknown(ctx, reading, threshold="off")
        if not isinstance(reading, AutoLoginReading):
            return self.misread(ctx, reading)
        if reading.guest_account is None and reading.guest_reason:
            return self.unknown(ctx, Unread(reading.guest_reason), threshold="off")
        if reading.guest_account is None:
            return self.skipped(ctx, "This computer has no guest account.")
        if reading.guest_account:
            return self.result(
                ctx,
                FAIL,
                "A guest account is switched on.",
                fixes.guest_fix(ctx.system),
                "on",
                "off",
            )
        return self.result(ctx, PASS, "The guest account is off.", value="off", threshold="off")


def standard_checks() -> tuple[DeviceCheck, ...]:
    """Every device check, in the order people read them."""
    return (
        ScreenLockCheck(),
        DiskEncryptionCheck(),
        MalwareCheck(),
        FirewallCheck(),
        UpdatesCheck(),
        AutoLoginCheck(),
        GuestAccountCheck(),
        RemovableMediaCheck(),
    )
