"""'What this app reads, and what it never reads': the page shown from the device window.

Written for the person whose computer it is. What each check reads is its own ``reads``
line, so the page changes whenever the checks do; what it never reads is kept here.
"""

from __future__ import annotations

from desktop.core.device.checks import REGISTRY
from desktop.core.kit.i18n import N_

# One line per check, from the check itself: (check id, what it reads).
READS: tuple[tuple[str, str], ...] = tuple((c.check_id, c.reads) for c in REGISTRY)

NEVER_READS: tuple[str, ...] = (
    N_("Your files, documents, photos or downloads."),
    N_("What is on a memory stick. It only reads if it is encrypted."),
    N_("Your browsing, email, messages or the programs you use."),
    N_("Your passwords. The password checker never stores or sends one."),
    N_("Where you are, or your camera, microphone or screen."),
    N_("The password saved for automatic sign-in. It only reads that there is one."),
)

WHERE_IT_GOES = N_(
    "The results stay on this computer. The app shows them to you. It keeps only when each "
    "problem was first seen, so it can wait a few days before it reminds you. It sends "
    "nothing to your organisation. It writes the results to a small file that IT's own "
    "tools may collect. 'What IT can see' shows all of it. IT can also see the same results "
    "on this computer."
)

CANNOT_CHANGE = N_(
    "The app never changes a setting, installs anything or blocks a drive. It tells you "
    "what it found and how to fix it. You, or IT, make the change."
)
