"""settings.json on disk: read once, written atomically and privately, never lost when it cannot be read."""

from __future__ import annotations

import json
import os
import stat
import subprocess
import sys
from pathlib import Path

import pytest

from sciatica_timer.cli import parse_arguments
from sciatica_timer.core.look import Look, Theme
from sciatica_timer.core.settings import FORMAT_VERSION, Settings, parse_settings, settings_to_dict
from sciatica_timer.errors import UserError
from sciatica_timer.storage.paths import ENV_DATA_DIR, resolve_paths
from sciatica_timer.storage.settings_file import MAX_FILE_BYTES, SettingsFile, read_look

ROOT = Path(__file__).resolve().parents[2]


def _settings_file(tmp_path: Path, content: bytes | None = None) -> SettingsFile:
    path = tmp_path / "settings.json"
    if content is not None:
        path.write_bytes(content)
    return SettingsFile(path)


def _kept(folder: Path, why: str) -> list[Path]:
    return sorted(folder.glob(f"settings.json.{why}-*"))


def test_a_missing_file_means_the_defaults_and_writes_nothing(tmp_path: Path) -> None:
    loaded = SettingsFile(tmp_path / "settings.json").load()
    assert loaded.settings == Settings()
    assert loaded.notice is None
    assert list(tmp_path.iterdir()) == []


def test_saved_settings_load_again(tmp_path: Path) -> None:
    chosen = Settings(theme=Theme.DARK, text_scale_percent=130, start_at_login=True)
    SettingsFile(tmp_path / "settings.json").save(chosen)
    loaded = SettingsFile(tmp_path / "settings.json").load()
    assert loaded == (chosen, None)


def test_a_save_is_private_complete_and_leaves_no_temporary_file(tmp_path: Path) -> None:
    folder = tmp_path / "new-folder"
    file = SettingsFile(folder / "settings.json")
    file.save(Settings(text_scale_percent=120))
    file.save(Settings(text_scale_percent=140))
    assert [p.name for p in folder.iterdir()] == ["settings.json"]
    assert stat.S_IMODE((folder / "settings.json").stat().st_mode) == 0o600
    assert stat.S_IMODE(folder.stat().st_mode) == 0o700
    data = json.loads((folder / "settings.json").read_text(encoding="utf-8"))
    assert data["format_version"] == FORMAT_VERSION
    assert parse_settings(data).settings == Settings(text_scale_percent=140)


def test_a_save_replaces_the_file_whole_by_renaming_a_new_one(tmp_path: Path) -> None:
    file = _settings_file(tmp_path)
    file.save(Settings())
    before = file.path.stat().st_ino
    file.save(Settings(theme=Theme.LIGHT))
    # A new inode: the old file was never opened for writing, so a crash leaves it or the new one whole.
    assert file.path.stat().st_ino != before


def test_broken_json_is_kept_aside_reported_and_the_defaults_used(tmp_path: Path) -> None:
    broken = b'{"format_version": 1, "theme": "dark",,}'
    file = _settings_file(tmp_path, broken)
    loaded = file.load()
    assert loaded.settings == Settings()
    (kept,) = _kept(tmp_path, "broken")
    assert kept.read_bytes() == broken
    assert loaded.notice == (
        f"{file.path}: the settings could not be read (line 1, column 39: not valid JSON: expecting property "
        f"name enclosed in double quotes); it was kept as {kept.name}; defaults are used."
    )
    assert not file.path.exists(), "nothing is written in place of a file that could not be read at all"


def test_wrong_values_are_kept_aside_and_the_rest_is_used_and_written_back(tmp_path: Path) -> None:
    original = json.dumps(
        {**settings_to_dict(Settings(theme=Theme.DARK, text_scale_percent=150)), "text_scale_percent": 500}
    ).encode()
    file = _settings_file(tmp_path, original)
    loaded = file.load()
    (kept,) = _kept(tmp_path, "broken")
    assert kept.read_bytes() == original
    assert loaded.settings == Settings(theme=Theme.DARK)
    assert loaded.notice == (
        f"{file.path}: some settings could not be read (text_scale_percent: 500 is above the maximum 200); "
        f"it was kept as {kept.name}; defaults are used for those."
    )
    # The next start sees what this one used, without a second notice.
    assert SettingsFile(file.path).load() == (Settings(theme=Theme.DARK), None)


def test_the_notice_names_the_first_three_problems_and_counts_the_rest(tmp_path: Path) -> None:
    data = {
        "format_version": 1,
        "theme": "x",
        "text_scale_percent": 1,
        "start_minimized": 2,
        "start_at_login": 3,
    }
    loaded = _settings_file(tmp_path, json.dumps(data).encode()).load()
    assert loaded.notice is not None
    assert "theme:" in loaded.notice
    assert "start_minimized:" in loaded.notice
    assert "start_at_login" not in loaded.notice
    assert "(and 1 more)" in loaded.notice


def test_a_file_far_too_large_is_kept_aside_unread(tmp_path: Path) -> None:
    huge = b"[" + b"0," * MAX_FILE_BYTES + b"0]"
    file = _settings_file(tmp_path, huge)
    loaded = file.load()
    assert loaded.settings == Settings()
    assert loaded.notice is not None
    assert "is far too large for settings" in loaded.notice
    (kept,) = _kept(tmp_path, "broken")
    assert kept.stat().st_size == len(huge)


def test_two_broken_files_in_a_row_are_both_kept(tmp_path: Path) -> None:
    path = tmp_path / "settings.json"
    path.write_bytes(b"first")
    SettingsFile(path).load()
    path.write_bytes(b"second")
    SettingsFile(path).load()
    assert sorted(p.read_bytes() for p in _kept(tmp_path, "broken")) == [b"first", b"second"]


def test_safety_answers_given_twice_are_asked_again(tmp_path: Path) -> None:
    raw = (
        b'{"format_version": 1, "safety": {"reviewed": true, "precautions": []}, '
        b'"safety": {"reviewed": true, "precautions": ["pregnancy"]}}'
    )
    loaded = _settings_file(tmp_path, raw).load()
    assert loaded.settings.safety.reviewed is False
    assert loaded.notice is not None
    assert "safety: appears more than once" in loaded.notice


def test_a_newer_version_is_read_then_copied_aside_before_the_first_save(tmp_path: Path) -> None:
    newer = json.dumps({"format_version": FORMAT_VERSION + 1, "theme": "dark", "wallpaper": "sea"}).encode()
    file = _settings_file(tmp_path, newer)
    loaded = file.load()
    assert loaded == (Settings(theme=Theme.DARK), None)
    assert file.path.read_bytes() == newer, "reading changes nothing"
    assert _kept(tmp_path, "newer") == []

    file.save(Settings(theme=Theme.LIGHT))
    (kept,) = _kept(tmp_path, "newer")
    assert kept.read_bytes() == newer
    assert parse_settings(json.loads(file.path.read_bytes())).settings.theme is Theme.LIGHT
    file.save(Settings())
    assert len(_kept(tmp_path, "newer")) == 1, "copied once, before the first save only"


def test_a_folder_in_place_of_the_file_is_reported_and_never_replaced(tmp_path: Path) -> None:
    (tmp_path / "settings.json").mkdir()
    file = SettingsFile(tmp_path / "settings.json")
    loaded = file.load()
    assert loaded.settings == Settings()
    assert loaded.notice is not None
    assert loaded.notice.startswith(f"{file.path}: the settings could not be read (Is a directory)")
    with pytest.raises(UserError) as caught:
        file.save(Settings(theme=Theme.DARK))
    assert str(caught.value) == (
        f"{file.path}: the settings were not saved, "
        "so as not to replace a settings file that could not be read"
    )
    assert file.path.is_dir()


# Saving into a read-only folder, for real. Root ignores folder modes, so the child first drops the
# capabilities that let it, then starts again (as tests/storage/history_child.py does).
_READ_ONLY_CHILD = """
import ctypes, os, sys
from pathlib import Path
if os.geteuid() == 0 and not os.environ.get("SETTINGS_CHILD_DROPPED"):
    libc = ctypes.CDLL(None, use_errno=True)
    for capability in (1, 2):  # CAP_DAC_OVERRIDE, CAP_DAC_READ_SEARCH
        if libc.prctl(24, capability, 0, 0, 0) != 0:  # PR_CAPBSET_DROP
            print("cannot drop capabilities:", os.strerror(ctypes.get_errno()))
            sys.exit(3)
    os.environ["SETTINGS_CHILD_DROPPED"] = "1"
    os.execv(sys.executable, [sys.executable, *sys.orig_argv[1:]])
from sciatica_timer.core.settings import Settings
from sciatica_timer.errors import UserError
from sciatica_timer.storage.settings_file import SettingsFile
try:
    SettingsFile(Path(sys.argv[1]) / "settings.json").save(Settings())
except UserError as exc:
    print(exc)
else:
    print("saved")
"""


@pytest.mark.skipif(sys.platform == "win32", reason="folder modes are POSIX")
def test_a_read_only_folder_gives_one_plain_line(tmp_path: Path) -> None:
    folder = tmp_path / "config"
    folder.mkdir()
    (folder / "settings.json").write_text('{"format_version": 1, "theme": "dark"}')
    folder.chmod(0o500)
    try:
        result = subprocess.run(
            [sys.executable, "-c", _READ_ONLY_CHILD, str(folder)],
            cwd=ROOT,
            capture_output=True,
            text=True,
            timeout=60,
            check=False,
        )
    finally:
        folder.chmod(0o700)
    if result.returncode == 3 and result.stdout.startswith("cannot drop capabilities"):
        pytest.skip(f"running as root without the right to drop capabilities ({result.stdout.strip()})")
    assert (result.returncode, result.stderr) == (0, "")
    assert result.stdout.splitlines() == [f"{folder / 'settings.json'}: cannot save: Permission denied"]
    assert (folder / "settings.json").read_text() == '{"format_version": 1, "theme": "dark"}'


def test_data_dir_puts_the_settings_inside_it(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv(ENV_DATA_DIR)
    chosen = tmp_path / "somewhere"
    args = parse_arguments(["--data-dir", str(chosen)])
    paths = resolve_paths(args.data_dir)
    assert paths.settings_file == chosen / "settings.json"
    SettingsFile(paths.settings_file).save(Settings())
    assert (chosen / "settings.json").is_file()
    config_home = Path(os.environ["XDG_CONFIG_HOME"])
    assert not (config_home / "sciatica-timer").exists()


def test_without_data_dir_the_settings_live_in_the_user_config_folder(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.delenv(ENV_DATA_DIR)
    monkeypatch.setenv("XDG_CONFIG_HOME", str(tmp_path / "config"))
    assert resolve_paths().settings_file == tmp_path / "config" / "sciatica-timer" / "settings.json"


@pytest.mark.parametrize(
    ("content", "expected"),
    [
        (None, Look()),
        (
            b'{"theme": "dark", "text_scale_percent": 150, "start_minimized": true}',
            Look(Theme.DARK, 150, True),
        ),
        (b'{"theme": "sepia", "text_scale_percent": 500, "start_minimized": "yes"}', Look()),
        (b'{"text_scale_percent": true}', Look()),
        (b"{not json", Look()),
        (b"[1, 2]", Look()),
        (b"\xff\xfe", Look()),
    ],
    ids=["missing", "set", "wrong-values", "bool-scale", "broken", "not-an-object", "not-utf8"],
)
def test_the_look_is_read_early_and_leniently(tmp_path: Path, content: bytes | None, expected: Look) -> None:
    path = tmp_path / "settings.json"
    if content is not None:
        path.write_bytes(content)
    assert read_look(path) == expected
    assert (path.read_bytes() if content is not None else None) == content, "reading early changes nothing"


@pytest.mark.parametrize("digits", [401, 5000])
def test_a_huge_number_is_located_and_the_file_kept_aside(tmp_path: Path, digits: int) -> None:
    """401 digits once overflowed into a float deep in the checks; over 4300, Python refuses to convert."""
    huge = b'{"format_version": 1,\n "breathing": {"inhale_s": ' + b"9" * digits + b', "exhale_s": 6}}'
    file = _settings_file(tmp_path, huge)
    loaded = file.load()
    assert loaded.settings == Settings()
    (kept,) = _kept(tmp_path, "broken")
    assert kept.read_bytes() == huge
    assert loaded.notice == (
        f"{file.path}: the settings could not be read (line 2, column 28: a number longer than 18 digits); "
        f"it was kept as {kept.name}; defaults are used."
    )


def test_a_lone_surrogate_is_located_and_the_file_kept_aside(tmp_path: Path) -> None:
    file = _settings_file(tmp_path, b'{"format_version": 1, "default_routine": "quick\\udc00"}')
    loaded = file.load()
    assert loaded.notice is not None
    assert "line 1, column 48: a \\u escape that is half of a character (a lone surrogate)" in loaded.notice
    assert len(_kept(tmp_path, "broken")) == 1


def test_a_linked_settings_file_is_not_read_and_a_save_never_writes_through_it(tmp_path: Path) -> None:
    secret = tmp_path / "secret"
    secret.write_text('{"format_version": 1, "theme": "dark"}', encoding="utf-8")
    file = _settings_file(tmp_path)
    file.path.symlink_to(secret)
    loaded = file.load()
    assert loaded.settings == Settings(), "nothing was read through the link"
    assert loaded.notice is not None
    assert loaded.notice.startswith(f"{file.path}: is a symbolic link; ")
    file.save(Settings(theme=Theme.LIGHT))
    assert secret.read_text(encoding="utf-8") == '{"format_version": 1, "theme": "dark"}'
    assert not file.path.is_symlink()
    (kept,) = _kept(tmp_path, "link")
    assert kept.is_symlink(), "the link itself is kept aside, as a link"
