"""'What this app reads, and what it never reads': the page shown from the device window.

Written for the person whose computer it is, and kept next to the checks so it is
changed whenever what they read changes (a test holds each check to a line here).
"""

from __future__ import annotations

READS: tuple[tuple[str, str], ...] = (
    ("screen_lock", "How long your screen waits before it locks, and whether locking is on."),
    (
        "disk_encryption",
        "Whether the disk the computer starts from is encrypted (yes or no), and that the "
        "encryption uses a real cipher.",
    ),
    (
        "malware_protection",
        "Whether anti-malware protection is on, how old its signatures are, and the "
        "product's name.",
    ),
    (
        "firewall",
        "Whether the firewall is on and stops other computers connecting to this one "
        "unless a rule allows them.",
    ),
    (
        "updates",
        "How many security updates are waiting, for how long, and when the list of "
        "available updates was last fetched.",
    ),
    (
        "auto_login",
        "Whether the computer signs in by itself, and whether a password is saved for that.",
    ),
    ("guest_account", "Whether a guest account is switched on."),
    (
        "removable_media",
        "Whether a drive you plug in is encrypted, and its serial number, only to compare "
        "with your organisation's approved list.",
    ),
)

NEVER_READS: tuple[str, ...] = (
    "Your files, documents, photos or downloads.",
    "What is on a memory stick: only whether it is encrypted.",
    "Your browsing, email, messages or the programs you use.",
    "Your passwords. The password checker never stores or sends one.",
    "Your location, camera, microphone or screen.",
    "The saved automatic sign-in password itself: only that there is one.",
)

WHERE_IT_GOES = (
    "The results stay on this computer. The app shows them to you and keeps only when each "
    "problem was first seen, so it can wait a few days before reminding you. It sends "
    "nothing to your organisation itself: it writes the results to a small file that your "
    "organisation's own tools may collect, and 'What IT can see' shows everything in it. "
    "IT can also run 'hygiene device --json' on this computer to see the same results."
)

CANNOT_CHANGE = (
    "The app never changes a setting, installs anything or blocks a drive. It tells you "
    "what it found and how to fix it; you, or IT, make the change."
)
