"""A real Secret Service backend that sends its own process Ctrl-C (SIGINT) right after
the history's commit point, the write of its head entry.

Chosen with ``PYTHON_KEYRING_BACKEND=tests.interrupting_keyring.InterruptAfterCommit``
in a ``hygiene`` child process, so the signal is real and lands at the exact moment
a person pressing Ctrl-C could only hit by luck.
"""

from __future__ import annotations

import os
import signal

from desktop.core.history.keyring_store import RECORD_NAME
from tests.patient_keyring import PatientSecretService


class InterruptAfterCommit(PatientSecretService):
    def set_password(self, service: str, username: str, password: str) -> None:
        super().set_password(service, username, password)
        if username == RECORD_NAME:  # the head: from now on the addition is made
            os.kill(os.getpid(), signal.SIGINT)
