"""The managed-policy sources an OS has besides the policy file: the Windows registry
(``windows_registry``) and the macOS managed preferences (``macos_prefs``).

``platform_readers`` picks this computer's readers; the composition root hands them to
the core's ``resolve``, which reads each one once.
"""

from __future__ import annotations

import os
import sys

from desktop.core.policy.sources import ManagedReader


def _current_user() -> str | None:
    """The login name of the running account, from the account database.

    Not from $USER or $LOGNAME (which getpass trusts first): anyone can set those, and
    the per-user managed preferences are chosen by this name, so a changed variable
    must not pick someone else's (weaker) policy.
    """
    try:
        import pwd  # POSIX only; this runs on macOS

        return pwd.getpwuid(os.getuid()).pw_name
    except (ImportError, KeyError, AttributeError):
        return None


def platform_readers(platform: str = sys.platform) -> tuple[ManagedReader, ...]:
    """The managed sources this OS has besides the policy file."""
    if platform.startswith("win"):
        from desktop.platform.policy_sources.windows_registry import registry_reader

        return (registry_reader(),)
    if platform == "darwin":
        from desktop.platform.policy_sources.macos_prefs import macos_readers

        return macos_readers(_current_user())
    return ()
