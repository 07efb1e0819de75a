"""Frozen entry point of the window and tray app (``hygiene-helper``)."""

import sys

from desktop.app import main

sys.exit(main())
