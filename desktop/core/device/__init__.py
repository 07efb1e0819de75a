"""Check this computer: the device half of the policy (no Qt, no OS calls here).

OS adapters in ``desktop.platform.device`` read facts and return the readings defined
in ``readings``; the checks here turn a reading and the policy into a finding a person
can act on. A reading that could not be taken is an ``Unread`` with its reason, and a
check given one says "unknown", never "pass".
"""
