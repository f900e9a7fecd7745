"""The history database's schema as one ordered ladder of migrations, tracked by ``PRAGMA user_version``.

Each step runs in its own transaction together with its version bump, so a crash leaves the database at one
version or the next. Steps are never edited once released: a change is a new step at the end, and
tests/storage/fixtures holds a database of every released version to prove each one still upgrades.
"""

from __future__ import annotations

import sqlite3
from dataclasses import dataclass

SQLITE_HEADER = b"SQLite format 3\x00"
HEADER_SIZE = 100
_USER_VERSION_OFFSET = 60  # big-endian 4 bytes in the file header (https://sqlite.org/fileformat.html)

# Times are stored as UTC text of one fixed shape, so text order is time order; the local offset sits beside.
_UTC = "'[0-9][0-9][0-9][0-9]-[0-9][0-9]-[0-9][0-9]T[0-9][0-9]:[0-9][0-9]:[0-9][0-9]Z'"


def _pain(column: str) -> str:
    # typeof(): SQLite would otherwise keep 7.5 or '7' in an INTEGER column.
    return f"{column} INTEGER CHECK (typeof({column}) IN ('null', 'integer') AND {column} BETWEEN 0 AND 10)"


def _utc(column: str, *, required: bool = False) -> str:
    return f"{column} TEXT {'NOT NULL ' if required else ''}CHECK ({column} GLOB {_UTC})"


def _offset(column: str, *, required: bool = False) -> str:
    return f"{column} INTEGER {'NOT NULL ' if required else ''}CHECK ({column} BETWEEN -1439 AND 1439)"


@dataclass(frozen=True, slots=True)
class Migration:
    version: int
    summary: str
    statements: tuple[str, ...]


MIGRATIONS: tuple[Migration, ...] = (
    Migration(
        1,
        "sessions with their phases, and the pain diary",
        (
            f"""
            CREATE TABLE sessions (
                id INTEGER PRIMARY KEY AUTOINCREMENT,  -- never reused, so undo can put a row back as it was
                uid TEXT NOT NULL UNIQUE CHECK (length(uid) BETWEEN 1 AND 64),
                routine_id TEXT NOT NULL,
                routine_name TEXT NOT NULL,
                routine_snapshot TEXT NOT NULL DEFAULT '{{}}',  -- the routine as run, JSON
                {_utc("started_utc", required=True)},
                {_offset("started_offset_min", required=True)},
                {_utc("ended_utc")},
                {_offset("ended_offset_min")},
                status TEXT NOT NULL CHECK (status IN
                    ('in_progress', 'completed', 'stopped', 'stopped_for_pain', 'interrupted')),
                stop_reason TEXT,
                {_pain("pain_before")},
                {_pain("pain_after")},
                note TEXT,
                active_s REAL NOT NULL DEFAULT 0 CHECK (active_s >= 0),
                paused_s REAL NOT NULL DEFAULT 0 CHECK (paused_s >= 0),
                writer TEXT,  -- who writes an in-progress session; its lock file tells if it still runs
                {_utc("progress_utc")},  -- when the last finished step was saved
                CHECK ((ended_utc IS NULL) = (ended_offset_min IS NULL))
            )
            """,
            "CREATE INDEX sessions_by_start ON sessions (started_utc)",
            (
                "CREATE INDEX sessions_unfinished ON sessions (status) "
                "WHERE status IN ('in_progress', 'interrupted')"
            ),
            """
            CREATE TABLE session_phases (
                session_id INTEGER NOT NULL REFERENCES sessions (id) ON DELETE CASCADE,
                seq INTEGER NOT NULL CHECK (seq >= 0),
                phase_index INTEGER NOT NULL CHECK (phase_index >= 0),
                step_index INTEGER NOT NULL CHECK (step_index >= 0),
                kind TEXT NOT NULL CHECK (kind IN
                    ('press', 'hold', 'release', 'breathe', 'locate', 'activity', 'rest')),
                point_code TEXT,
                side TEXT CHECK (side IN ('left', 'right', 'midline')),
                repetition INTEGER NOT NULL CHECK (repetition >= 1),
                planned_s REAL NOT NULL CHECK (planned_s >= 0),
                actual_s REAL NOT NULL CHECK (actual_s >= 0),
                skipped INTEGER NOT NULL CHECK (skipped IN (0, 1)),
                PRIMARY KEY (session_id, seq)
            ) WITHOUT ROWID
            """,
            f"""
            CREATE TABLE diary (
                id INTEGER PRIMARY KEY AUTOINCREMENT,
                uid TEXT NOT NULL UNIQUE CHECK (length(uid) BETWEEN 1 AND 64),
                {_utc("at_utc", required=True)},
                {_offset("offset_min", required=True)},
                score INTEGER NOT NULL CHECK (typeof(score) = 'integer' AND score BETWEEN 0 AND 10),
                note TEXT
            )
            """,
            "CREATE INDEX diary_by_time ON diary (at_utc)",
        ),
    ),
    Migration(
        2,
        "a follow-up pain score, how each phase ended and how tender the point was, where the pain is",
        (
            f"ALTER TABLE sessions ADD COLUMN {_pain('followup_pain')}",
            f"ALTER TABLE sessions ADD COLUMN {_utc('followup_utc')}",
            f"ALTER TABLE sessions ADD COLUMN {_offset('followup_offset_min')}",
            (
                "ALTER TABLE session_phases ADD COLUMN outcome TEXT NOT NULL DEFAULT 'done' "
                "CHECK (outcome IN ('done', 'skipped', 'restarted', 'stopped'))"
            ),
            "ALTER TABLE session_phases ADD COLUMN waited_s REAL NOT NULL DEFAULT 0 CHECK (waited_s >= 0)",
            f"ALTER TABLE session_phases ADD COLUMN {_pain('tenderness')}",
            # Version 1 knew only "skipped"; that is the best account of how those phases ended.
            "UPDATE session_phases SET outcome = 'skipped' WHERE skipped = 1",
            (
                "ALTER TABLE diary ADD COLUMN region TEXT "
                "CHECK (region IN ('lower_back', 'buttock', 'thigh', 'calf', 'foot'))"
            ),
            "ALTER TABLE diary ADD COLUMN side TEXT CHECK (side IN ('left', 'right', 'both'))",
        ),
    ),
    Migration(
        3,
        "where the pain reached before a session kept with the session, entries written later, "
        "the monthly global impression of change",
        (
            (
                "ALTER TABLE sessions ADD COLUMN pain_region TEXT "
                "CHECK (pain_region IN ('lower_back', 'buttock', 'thigh', 'calf', 'foot'))"
            ),
            "ALTER TABLE sessions ADD COLUMN pain_side TEXT CHECK (pain_side IN ('left', 'right', 'both'))",
            (
                "ALTER TABLE diary ADD COLUMN entered_later INTEGER NOT NULL DEFAULT 0 "
                "CHECK (entered_later IN (0, 1))"
            ),
            f"""
            CREATE TABLE global_impressions (
                id INTEGER PRIMARY KEY AUTOINCREMENT,
                uid TEXT NOT NULL UNIQUE CHECK (length(uid) BETWEEN 1 AND 64),
                {_utc("at_utc", required=True)},
                {_offset("offset_min", required=True)},
                answer INTEGER NOT NULL CHECK (typeof(answer) = 'integer' AND answer BETWEEN 1 AND 7)
            )
            """,
            # Until now a region or side chosen on the pain check before a session was written as a diary
            # entry of its own ("Before <routine>", the same score) beside the session's pain_before, so the
            # same moment counted twice. Such a pair becomes one record: the session keeps where it hurt.
            f"""
            CREATE TEMP TABLE paired_before AS
            SELECT d.id AS diary_id, s.id AS session_id, d.region AS region, d.side AS side
            FROM diary AS d JOIN sessions AS s
              ON d.note = 'Before ' || s.routine_name
             AND d.score = s.pain_before
             AND (d.region IS NOT NULL OR d.side IS NOT NULL)
             AND s.pain_region IS NULL AND s.pain_side IS NULL
             AND julianday(s.started_utc) - julianday(d.at_utc) BETWEEN {-60 / 86400} AND {3 / 24}
            WHERE NOT EXISTS (
                SELECT 1 FROM sessions AS nearer
                WHERE nearer.started_utc >= d.at_utc AND nearer.started_utc < s.started_utc
            )
            """,  # noqa: S608 - the numbers are constants written here
            (
                "UPDATE sessions SET "
                "pain_region = (SELECT region FROM paired_before WHERE session_id = sessions.id "
                "ORDER BY diary_id DESC LIMIT 1), "
                "pain_side = (SELECT side FROM paired_before WHERE session_id = sessions.id "
                "ORDER BY diary_id DESC LIMIT 1) "
                "WHERE id IN (SELECT session_id FROM paired_before)"
            ),
            "DELETE FROM diary WHERE id IN (SELECT diary_id FROM paired_before)",
            "DROP TABLE paired_before",
        ),
    ),
)

LATEST_VERSION = MIGRATIONS[-1].version


def header_version(header: bytes) -> int | None:
    """The user_version in a database file's first 100 bytes; None if they are not a SQLite header."""
    if len(header) < HEADER_SIZE or not header.startswith(SQLITE_HEADER):
        return None
    return int.from_bytes(header[_USER_VERSION_OFFSET : _USER_VERSION_OFFSET + 4], "big")


def read_version(conn: sqlite3.Connection) -> int:
    row = conn.execute("PRAGMA user_version").fetchone()
    return int(row[0])


class NewerSchemaError(Exception):
    """The database was written by a newer version of the app; the caller words the message."""

    def __init__(self, version: int) -> None:
        super().__init__(version)
        self.version = version


def apply_migration(conn: sqlite3.Connection, migration: Migration) -> bool:
    """Run one step in its own transaction, if the database is one version below it. True if it ran.

    The version is read again inside the transaction: another instance may have upgraded meanwhile.
    """
    conn.execute("BEGIN IMMEDIATE")
    try:
        current = read_version(conn)
        if current > LATEST_VERSION:
            raise NewerSchemaError(current)
        if current >= migration.version:
            conn.execute("COMMIT")
            return False
        if current != migration.version - 1:
            raise RuntimeError(f"schema {current} cannot take migration {migration.version}")
        for statement in migration.statements:
            conn.execute(statement)
        # PRAGMA takes no parameters; the number comes from the list above, never from outside.
        conn.execute(f"PRAGMA user_version = {int(migration.version)}")
        conn.execute("COMMIT")
    except BaseException:
        if conn.in_transaction:
            conn.execute("ROLLBACK")
        raise
    return True


def migrate(conn: sqlite3.Connection, up_to: int = LATEST_VERSION) -> list[int]:
    """Bring the database up to ``up_to``, one step at a time. Returns the versions applied."""
    applied: list[int] = []
    if read_version(conn) >= up_to:  # the usual case; no write lock, so a read-only file still opens
        return applied
    for migration in MIGRATIONS:
        if migration.version > up_to:
            break
        if apply_migration(conn, migration):
            applied.append(migration.version)
    return applied
