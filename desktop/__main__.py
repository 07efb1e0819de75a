"""``python -m desktop`` runs the ``hygiene`` command line."""

import sys

from desktop.cli.main import main

sys.exit(main())
