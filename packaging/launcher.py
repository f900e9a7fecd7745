"""The bundle's entry point: the same program as the ``sciatica-timer`` command."""

from sciatica_timer.cli import run

run()
