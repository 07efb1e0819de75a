"""Shared test set-up. Each area keeps its fixtures in its own tests/fixtures_*.py module,
listed here, so that parallel work does not collide in one file."""

import os
import tempfile

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
# The app writes IT's posture document under the state folder and sends journal records:
# keep both away from the machine running the tests.
os.environ["XDG_STATE_HOME"] = tempfile.mkdtemp(prefix="hygiene-test-state-")
os.environ["HYGIENE_JOURNAL_SOCKET"] = os.path.join(os.environ["XDG_STATE_HOME"], "no-journal")

pytest_plugins: list[str] = [
    "tests.fixtures_smtp",
    "tests.fixtures_keyring",
    "tests.fixtures_breach",
    "tests.fixtures_ui",
    "tests.fixtures_packaging",
]
