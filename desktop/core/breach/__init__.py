"""Breached-password lookups: the Pwned Passwords range service and offline copies of it.

Only the first five hex characters of a password's SHA-1 ever leave the machine. Every
lookup answers FOUND, NOT_FOUND or UNKNOWN; anything that stops a lookup from finishing
(a network fault, a busy service, a damaged file) is UNKNOWN with a one-line reason, so
the ``breached`` rule can say "not checked" and never "pass".
"""

from desktop.core.breach.combined import FallbackLookup, FixedVerdictLookup
from desktop.core.breach.hashing import sha1_hex
from desktop.core.breach.offline import OfflineLookup, PrefixFolderLookup, SortedFileLookup
from desktop.core.breach.verify import VerifyReport, verify

TYPE_CHECKING = False
if TYPE_CHECKING:
    from desktop.core.breach.online import RangeApiLookup


def __getattr__(name: str) -> object:
    # The online lookup loads requests and TLS (about 18 MiB); only load it when used.
    if name == "RangeApiLookup":
        from desktop.core.breach.online import RangeApiLookup

        return RangeApiLookup
    raise AttributeError(name)


__all__ = [
    "FallbackLookup",
    "FixedVerdictLookup",
    "OfflineLookup",
    "PrefixFolderLookup",
    "RangeApiLookup",
    "SortedFileLookup",
    "VerifyReport",
    "sha1_hex",
    "verify",
]
