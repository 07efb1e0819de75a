"""How to fix each device check, per system, in plain steps a learner can follow.

Kept apart from the checks so each check stays a short comparison, and so the words
for one system can be read (and corrected) in one place.
"""

from __future__ import annotations

from desktop.core.device.findings import System

ASK_IT_MANAGED = "If a setting is greyed out, your organisation manages it: ask IT."


def screen_lock_fix(system: System, desktop: str, max_minutes: int, how_set: str = "") -> str:
    limit = f"{max_minutes} minute{'s' if max_minutes != 1 else ''} or less"
    if how_set:
        return f"Open {how_set} and make the screen lock after {limit}. {ASK_IT_MANAGED}"
    if system == "windows":
        return (
            "Open Settings > Accounts > Sign-in options and set 'If you've been away, when "
            "should Windows require you to sign in again?' to 'When PC wakes up from sleep'. "
            f"Then in Settings > System > Power, make the screen turn off after {limit}. "
            f"{ASK_IT_MANAGED}"
        )
    if system == "macos":
        return (
            "Open System Settings > Lock Screen. Set 'Turn display off when inactive' to "
            f"{limit} and 'Require password after screen saver begins or display is turned "
            f"off' to 'Immediately'. {ASK_IT_MANAGED}"
        )
    if desktop.startswith("KDE"):
        return (
            "Open System Settings > Screen Locking, tick 'Lock screen automatically' and set "
            f"it to {limit}. {ASK_IT_MANAGED}"
        )
    if desktop.lower() == "xfce":
        return (
            "Open Settings > Xfce Screensaver, switch on 'Lock Screen' and 'Enable Lock "
            f"Screen', and make it start after {limit}. {ASK_IT_MANAGED}"
        )
    return (
        "Open Settings > Privacy & Security > Screen Lock (on older versions: Privacy > "
        "Screen), switch on 'Automatic Screen Lock', and make 'Blank Screen Delay' plus "
        f"'Automatic Screen Lock Delay' add up to {limit}. {ASK_IT_MANAGED}"
    )


def disk_encryption_fix(system: System) -> str:
    if system == "windows":
        return (
            "Open Settings > Privacy & security > Device encryption (or Control Panel > "
            "BitLocker Drive Encryption) and switch it on for drive C:. Ask IT first if this "
            "is an organisation's computer: they keep the recovery key."
        )
    if system == "macos":
        return (
            "Open System Settings > Privacy & Security > FileVault and choose 'Turn On'. "
            "Ask IT first if this is an organisation's computer: they keep the recovery key."
        )
    return (
        "On Linux, encryption (LUKS) is chosen when the system is installed and cannot "
        "simply be switched on later. Back up your files and ask IT to set this computer "
        "up again with full-disk encryption."
    )


def malware_fix(system: System, products: str) -> str:
    if system == "windows":
        return (
            "Open Windows Security > Virus & threat protection. Switch on 'Real-time "
            "protection' and choose 'Check for updates'. If another anti-virus is named "
            "here, open it and switch it on, or ask IT."
        )
    if system == "macos":
        return (
            "XProtect and Gatekeeper are part of macOS. Open System Settings > Privacy & "
            "Security and under 'Allow applications from' choose 'App Store and identified "
            "developers', then install any waiting macOS updates. Ask IT if it stays off."
        )
    return (
        f"Ask IT to start {products or 'the anti-malware service'} and set it to run all "
        "the time on this computer. Never remove or switch it off yourself."
    )


def firewall_fix(system: System, product: str) -> str:
    if system == "windows":
        return (
            "Open Windows Security > Firewall & network protection and switch Microsoft "
            f"Defender Firewall on for every network. {ASK_IT_MANAGED}"
        )
    if system == "macos":
        return "Open System Settings > Network > Firewall and switch it on."
    names = {"ufw": "ufw", "firewalld": "firewalld", "nftables": "the nftables firewall"}
    named = names.get(product)
    if named:
        return (
            f"Ask IT to switch on the firewall ({named}) and make it start with the computer, "
            "blocking incoming connections that no rule allows."
        )
    return "Ask IT to switch the firewall on."


def updates_fix(system: System) -> str:
    if system == "windows":
        return "Open Settings > Windows Update and choose 'Install now' or 'Restart now'."
    if system == "macos":
        return (
            "Open System Settings > General > Software Update and install what is waiting. "
            "Under 'Automatic updates', switch on 'Install Security Responses and system "
            "files'."
        )
    return (
        "Open Software Updater (or Software) and install the updates, then restart if "
        "asked. To have security updates installed by themselves, ask IT to switch on "
        "unattended upgrades."
    )


def auto_login_fix(system: System, source: str, plaintext: bool) -> str:
    if system == "windows":
        if plaintext:
            return (
                "Tell IT now. They should remove the AutoAdminLogon and DefaultPassword "
                "registry values (under HKLM\\SOFTWARE\\Microsoft\\Windows NT\\CurrentVersion"
                "\\Winlogon), and that account's password must be changed: anyone who can "
                "read the registry can read it."
            )
        return (
            "Ask IT to switch off automatic sign-in (the AutoAdminLogon registry value), or "
            "run netplwiz and tick 'Users must enter a user name and password'."
        )
    if system == "macos":
        return "Open System Settings > Users & Groups and set 'Automatically log in as' to Off."
    if source in ("LightDM", "SDDM"):
        return f"Ask IT to remove the automatic login from {source}'s settings."
    return (
        "Open Settings > Users, unlock, and switch 'Automatic Login' off. If the switch is "
        "greyed out, ask IT."
    )


def guest_fix(system: System) -> str:
    if system == "macos":
        return (
            "Open System Settings > Users & Groups, choose the (i) next to Guest User and "
            "switch off 'Allow guests to log in to this computer'."
        )
    if system == "windows":
        return "Ask IT to disable the Guest account."
    return "Ask IT to switch off the guest session (for LightDM: allow-guest=false)."
