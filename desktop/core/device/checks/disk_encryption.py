"""System disk encrypted: the disk the computer starts from, never an external one."""

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
from desktop.core.device.readings import DiskEncryptionReading
from desktop.core.kit.i18n import N_, _

DISK_ENCRYPTION = Fact("disk_encryption", DiskEncryptionReading)


class DiskEncryptionCheck(DeviceCheck):
    check_id = DISK_ENCRYPTION.id
    title = N_("System disk encrypted")
    noun = N_("system disk encryption")
    why = N_(
        "If this computer is lost or stolen, encryption keeps your files, email and saved "
        "passwords unreadable to whoever has it. Only the disk the computer starts from "
        "counts: an encrypted memory stick does not protect what is on the computer."
    )
    reads = N_(
        "Whether the disk the computer starts from is locked with a key (encrypted), and "
        "that the lock is a real one."
    )
    needs = (DISK_ENCRYPTION,)
    settings = SettingsPages(
        windows="ms-settings:deviceencryption",
        macos="x-apple.systempreferences:com.apple.preference.security?FileVault",
    )

    def expects(self, policy: DevicePolicy) -> str:
        return _("Your organisation asks for the disk this computer starts from to be encrypted.")

    def threshold(self, policy: DevicePolicy) -> Value:
        return "encrypted"

    def judge(self, got: Got, ctx: DeviceContext) -> DeviceFinding:
        reading = got.of(DISK_ENCRYPTION)
        if reading.encrypted:
            how = f" with {reading.method}" if reading.method else ""
            return self.passed(
                ctx,
                _("The disk this computer starts from is encrypted{how}.", how=how),
                reading.method or "encrypted",
            )
        return self.failed(
            ctx,
            _(
                "The disk this computer starts from is not encrypted. Your organisation asks "
                "for it to be."
            ),
            fix_for(ctx.system),
            _("not encrypted"),
        )


def fix_for(system: System) -> str:
    if system == "windows":
        return _(
            "Open Settings > Privacy & security > Device encryption (or Control Panel > "
            "BitLocker Drive Encryption) and switch it on for drive C:. Ask IT first if this "
            "is an organisation's computer: they keep the recovery key."
        )
    if system == "macos":
        return _(
            "Open System Settings > Privacy & Security > FileVault and choose 'Turn On'. "
            "Ask IT first if this is an organisation's computer: they keep the recovery key."
        )
    return _(
        "On Linux, encryption (LUKS) is chosen when the system is installed and cannot "
        "simply be switched on later. Back up your files and ask IT to set this computer "
        "up again with full-disk encryption."
    )
