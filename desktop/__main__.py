"""``python -m desktop`` runs the ``hygiene`` command line (Ctrl-C held while it loads,
see ``desktop.launch``)."""

from desktop.launch import hygiene

raise SystemExit(hygiene())
