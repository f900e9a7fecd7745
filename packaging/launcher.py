"""The bundle's entry point: the same program as the ``sciatica-timer`` command."""

import sys

if sys.argv[1:2] == [
    "--sound-process"
]:  # the cue player's own process (sciatica_timer/audio/sound_process.py)
    from sciatica_timer.audio.sound_process import main

    sys.exit(main(sys.argv[2:]))

from sciatica_timer.cli import run

run()
