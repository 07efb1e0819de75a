"""Unlock guesses limited: at most 10 wrong guesses before the computer locks the
account out or slows guessing down, and an unlock password or PIN of at least 6
characters where the system records a minimum (the Cyber Essentials numbers)."""

from __future__ import annotations

from desktop.core.device.base import (
    DeviceCheck,
    DeviceContext,
    DevicePolicy,
    Fact,
    Got,
    SettingsPages,
)
from desktop.core.device.findings import DeviceFinding, System, Value
from desktop.core.device.readings_ce import UnlockReading
from desktop.core.kit.i18n import N_, _

UNLOCK = Fact("unlock_limits", UnlockReading)
MAX_GUESSES = 10
MIN_UNLOCK_LENGTH = 6


class UnlockAttemptsCheck(DeviceCheck):
    check_id = "unlock_attempts"
    title = N_("Unlock guesses limited")
    noun = N_("unlock guess limit")
    why = N_(
        "If someone can keep guessing your password or PIN, they will find it in the end. "
        "Stopping or slowing down after a few wrong tries keeps them out."
    )
    reads = N_(
        "How many wrong passwords it takes before it locks you out or slows down. The "
        "shortest password or PIN it allows."
    )
    needs = (UNLOCK,)
    value_unit = N_("wrong guesses allowed")
    threshold_unit = N_("at most")
    settings = SettingsPages(windows="ms-settings:signinoptions")

    def expects(self, policy: DevicePolicy) -> str:
        return _(
            "IT asks for at most {MAX_GUESSES} wrong guesses, and a "
            "password or PIN of at least {MIN_UNLOCK_LENGTH} characters.",
            MAX_GUESSES=MAX_GUESSES,
            MIN_UNLOCK_LENGTH=MIN_UNLOCK_LENGTH,
        )

    def threshold(self, policy: DevicePolicy) -> Value:
        return MAX_GUESSES

    def judge(self, got: Got, ctx: DeviceContext) -> DeviceFinding:
        reading = got.of(UNLOCK)
        fix = fix_for(ctx.system)
        tries = reading.max_attempts
        if tries is None or tries <= 0:
            return self.failed(
                ctx,
                _("Nothing stops someone from trying password after password."),
                fix,
                N_("no limit"),  # a value in IT's document: translated where shown
            )
        if tries > MAX_GUESSES:
            return self.failed(
                ctx,
                _(
                    "This computer allows {tries} wrong guesses before it locks. "
                    "IT asks for {MAX_GUESSES} or fewer.",
                    tries=tries,
                    MAX_GUESSES=MAX_GUESSES,
                ),
                fix,
                tries,
            )
        if reading.min_length is not None and reading.min_length < MIN_UNLOCK_LENGTH:
            return self.failed(
                ctx,
                _(
                    "This computer allows a password or PIN of only {min_length} "
                    "characters. IT asks for at least {MIN_UNLOCK_LENGTH}.",
                    min_length=reading.min_length,
                    MIN_UNLOCK_LENGTH=MIN_UNLOCK_LENGTH,
                ),
                fix,
                tries,
            )
        length = (
            _(" Passwords must be at least {min_length} characters.", min_length=reading.min_length)
            if reading.min_length is not None
            else ""
        )
        return self.passed(
            ctx,
            _(
                "The computer locks out or slows down after {tries} wrong guesses.{length}",
                tries=tries,
                length=length,
            ),
            tries,
        )


def fix_for(system: System) -> str:
    if system == "windows":
        return _(
            "Ask IT to lock the account after 10 wrong passwords or fewer. Ask for a PIN or "
            "password of at least 6 characters too."
        )
    if system == "macos":
        return _(
            "Ask IT to set a password policy. It should lock the account after 10 wrong "
            "passwords or fewer, and ask for passwords of at least 6 characters."
        )
    return _(
        "Ask IT to lock the account after 10 wrong passwords or fewer. Only an admin can "
        "change this."
    )
