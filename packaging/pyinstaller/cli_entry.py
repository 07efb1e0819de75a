"""Frozen entry point of the ``hygiene`` command line."""

import os
import sys

# Where the frozen Qt keeps its plugins, for 'hygiene report' (the one command with a
# window). The spec leaves out PyInstaller's PySide6 start-up hook, which would set this
# but load Qt for every command.
_bundle = getattr(sys, "_MEIPASS", None)
if _bundle:
    _qt = (
        os.path.join(_bundle, "PySide6")
        if sys.platform.startswith("win")
        else os.path.join(_bundle, "PySide6", "Qt")
    )
    os.environ.setdefault("QT_PLUGIN_PATH", os.path.join(_qt, "plugins"))

from desktop.cli.main import main  # noqa: E402

sys.exit(main())
