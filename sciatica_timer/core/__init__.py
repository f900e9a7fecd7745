"""The app's domain: points, routines, plans, the session engine and statistics.

Pure Python. Nothing here imports Qt, sqlite3 or touches the disk; storage, audio, ui and the CLI wrap it.
"""
