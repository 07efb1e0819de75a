"""``python -m desktop`` runs the ``hygiene`` command line."""

import sys

try:
    from desktop.cli.main import main
except KeyboardInterrupt:  # Ctrl-C while the first module loads: stop quietly
    sys.exit(130)

sys.exit(main())
