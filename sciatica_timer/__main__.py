"""``python -m sciatica_timer`` runs the same as the ``sciatica-timer`` command."""

from sciatica_timer.cli import run

run()
