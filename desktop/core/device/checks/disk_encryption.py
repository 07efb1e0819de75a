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
from desktop.core.kit.untrusted import plain_value, shown

DISK_ENCRYPTION = Fact("disk_encryption", DiskEncryptionReading)


class DiskEncryptionCheck(DeviceCheck):
    check_id = DISK_ENCRYPTION.id
    title = N_("System disk encrypted")
    noun = N_("system disk encryption")
    why = N_(
        "If this computer is lost or stolen, encryption stops whoever has it from reading "
        "your files, email and saved passwords. Only the disk the computer starts from "
        "counts. An encrypted memory stick does not protect what is on the computer."
    )
    reads = N_(
        "Whether the disk the computer starts from is locked with a key (encrypted), and "
        "if the lock is real."
    )
    needs = (DISK_ENCRYPTION,)
    settings = SettingsPages(
        windows="ms-settings:deviceencryption",
        macos="x-apple.systempreferences:com.apple.preference.security?FileVault",
    )

    def expects(self, policy: DevicePolicy) -> str:
        return _("IT asks for the disk this computer starts from to be encrypted.")

    def threshold(self, policy: DevicePolicy) -> Value:
        return "encrypted"

    def judge(self, got: Got, ctx: DeviceContext) -> DeviceFinding:
        reading = got.of(DISK_ENCRYPTION)
        if reading.encrypted:
            # The method's name came from the system: isolated in the sentence, cleaned
            # (but not wrapped) in the value IT's tools read.
            how = _(" with {method}", method=shown(reading.method)) if reading.method else ""
            return self.passed(
                ctx,
                _("The disk this computer starts from is encrypted{how}.", how=how),
                plain_value(reading.method) if reading.method else "encrypted",
            )
        return self.failed(
            ctx,
            _("The disk this computer starts from is not encrypted. IT asks for it to be."),
            fix_for(ctx.system),
            _("not encrypted"),
        )


def fix_for(system: System) -> str:
    if system == "windows":
        return _(
            "Open Settings > Privacy & security > Device encryption and switch it on for "
            "drive C:. On some computers it is Control Panel > BitLocker Drive Encryption "
            "instead. If the computer belongs to your organisation, ask IT first: they keep "
            "the recovery key."
        )
    if system == "macos":
        return _(
            "Open System Settings > Privacy & Security > FileVault and choose 'Turn On'. If "
            "the computer belongs to your organisation, ask IT first: they keep the recovery "
            "key."
        )
    return _(
        "On Linux, encryption (LUKS) is chosen when the system is installed. It cannot just "
        "be switched on later. Back up your files. Then ask IT to set this computer up again "
        "with full-disk encryption."
    )
