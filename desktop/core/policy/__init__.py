"""The organisation's policy: ``schema`` (the keys), ``sources`` (reading them),
``resolve`` (defaults < your settings < managed, and who set each key) and ``service``
(the one holder of the policy in force)."""
