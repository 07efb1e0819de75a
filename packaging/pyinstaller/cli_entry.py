"""Frozen entry point of the ``hygiene`` command line."""

import sys

from desktop.cli.main import main

sys.exit(main())
