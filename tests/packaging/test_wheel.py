"""The built wheel, installed into a clean virtual environment, carries its data files and passes --self-test.

Speed without cutting corners: the wheel is built without build isolation (setuptools comes with the test
extras), and the clean environment gets the runtime dependencies from a wheel folder kept in
build/wheelhouse: the first run downloads them once (about 270 MB), later runs install offline. Installing
PySide6 still takes some 15 seconds, hence the slow mark; `make test` runs it all the same.
"""

from __future__ import annotations

import ast
import email.parser
import os
import shutil
import subprocess
import sys
import tomllib
import zipfile
from importlib.metadata import version
from pathlib import Path

import pytest

from tests.packaging import REPO

pytestmark = pytest.mark.slow

WHEELHOUSE = REPO / "build" / "wheelhouse"
SHIPPED_SUFFIXES = (".json", ".svg", ".wav", ".png", ".mo")
PIP_TIMEOUT_S = 900
PROJECT = tomllib.loads((REPO / "pyproject.toml").read_text(encoding="utf-8"))["project"]


def run(
    command: list[str], timeout: float, cwd: Path | None = None, env: dict[str, str] | None = None
) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        command, capture_output=True, text=True, check=False, timeout=timeout, cwd=cwd, env=env
    )


def pip(*args: str) -> subprocess.CompletedProcess[str]:
    return run([sys.executable, "-m", "pip", "--disable-pip-version-check", *args], timeout=PIP_TIMEOUT_S)


def can_build_offline() -> bool:
    """The build needs setuptools 77 or newer; without it here, pip fetches one (build isolation)."""
    try:
        major = int(version("setuptools").split(".")[0])
    except (ValueError, ImportError):
        return False
    return major >= 77


@pytest.fixture(scope="module")
def wheel(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The wheel built from a copy of the working tree, so no build/ or egg-info lands in the repository.

    The dev tools (the screenshot tour) are copied too, where they sit in the repository, so the wheel is
    checked to leave them out by its own configuration, not because they were missing from the copy.
    """
    source = tmp_path_factory.mktemp("source")
    for name in ("pyproject.toml", "README.md"):
        shutil.copy2(REPO / name, source / name)
    skip = shutil.ignore_patterns("__pycache__", "*.pyc")
    for folder in ("sciatica_timer", "resources", "tools"):
        shutil.copytree(REPO / folder, source / folder, ignore=skip)
    out = tmp_path_factory.mktemp("dist")
    isolation = ["--no-build-isolation"] if can_build_offline() else []
    result = pip("wheel", "--no-deps", *isolation, "--wheel-dir", str(out), str(source))
    assert result.returncode == 0, result.stdout + result.stderr
    (built,) = out.glob("sciatica_timer-*.whl")
    return built


def test_the_wheel_carries_every_module_and_shipped_file(wheel: Path) -> None:
    with zipfile.ZipFile(wheel) as zipped:
        names = set(zipped.namelist())
    modules = {
        "sciatica_timer/" + p.relative_to(REPO / "sciatica_timer").as_posix()
        for p in (REPO / "sciatica_timer").rglob("*.py")
        if "__pycache__" not in p.parts
    }
    data = {
        "sciatica_timer/resources/" + p.relative_to(REPO / "resources").as_posix()
        for p in (REPO / "resources").rglob("*")
        if p.is_file() and (p.suffix in SHIPPED_SUFFIXES or p.name == "__init__.py")
    }
    assert "sciatica_timer/resources/points.json" in data
    assert modules - names == set()
    assert data - names == set()
    assert not any(name.startswith(("resources/", "tests/")) for name in names)


def test_the_wheel_carries_no_screenshot_code_and_nothing_in_it_imports_the_dev_tools(wheel: Path) -> None:
    """The screenshot tour lives in tools/, outside the package: it is not shipped, and no shipped module
    needs it (an import of tools/ in the package would fail on every installed copy)."""
    with zipfile.ZipFile(wheel) as zipped:
        sources = {
            name: zipped.read(name).decode("utf-8") for name in zipped.namelist() if name.endswith(".py")
        }
    assert sources, "the wheel carries modules"
    assert [name for name in sources if not name.startswith("sciatica_timer/")] == []
    assert [name for name in sources if "screenshot" in name.rpartition("/")[2]] == []
    offenders = []
    for name, text in sources.items():
        for node in ast.walk(ast.parse(text, name)):
            if isinstance(node, ast.Import):
                modules = [alias.name for alias in node.names]
            elif isinstance(node, ast.ImportFrom) and not node.level:
                modules = [node.module or ""]
            else:
                continue
            offenders += [f"{name}:{node.lineno}: {m}" for m in modules if m.split(".")[0] == "tools"]
    assert offenders == []


def requirements(wheel: Path) -> list[str]:
    with zipfile.ZipFile(wheel) as zipped:
        meta_name = next(n for n in zipped.namelist() if n.endswith(".dist-info/METADATA"))
        metadata = email.parser.Parser().parsestr(zipped.read(meta_name).decode("utf-8"))
    return [r for r in metadata.get_all("Requires-Dist", []) if "extra ==" not in r]


def install_into(venv_python: Path, wheel: Path) -> subprocess.CompletedProcess[str]:
    return pip(
        "--python",
        str(venv_python),
        "install",
        "--no-compile",  # compiling PySide6's stubs and numpy's tests takes longer than running them
        "--no-index",
        "--find-links",
        str(WHEELHOUSE),
        str(wheel),
    )


@pytest.fixture(scope="module")
def clean_venv(wheel: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A new virtual environment with the wheel and its declared dependencies, and nothing else."""
    venv = tmp_path_factory.mktemp("venv")
    result = run([sys.executable, "-m", "venv", "--clear", "--without-pip", str(venv)], timeout=120)
    assert result.returncode == 0, result.stderr
    python = venv / ("Scripts" if os.name == "nt" else "bin") / "python"
    installed = install_into(python, wheel)
    if installed.returncode != 0:  # the wheel folder lacks a dependency: fetch the missing ones, once
        WHEELHOUSE.mkdir(parents=True, exist_ok=True)
        fetched = pip("download", "--only-binary", ":all:", "--dest", str(WHEELHOUSE), *requirements(wheel))
        if fetched.returncode != 0:
            pytest.skip(f"cannot fetch the dependencies into {WHEELHOUSE}: {fetched.stderr.strip()[-300:]}")
        installed = install_into(python, wheel)
    assert installed.returncode == 0, installed.stdout + installed.stderr
    return venv


def test_the_installed_wheel_passes_its_self_test(clean_venv: Path, tmp_path: Path) -> None:
    program = clean_venv / ("Scripts" if os.name == "nt" else "bin") / "sciatica-timer"
    env = {k: v for k, v in os.environ.items() if not k.startswith(("PYTHON", "VIRTUAL_ENV"))}
    env["SCIATICA_TIMER_DATA_DIR"] = str(tmp_path / "data")
    # Started from an empty folder: nothing of the source tree is on the path, only the installed wheel.
    result = run([str(program), "--self-test"], timeout=120, cwd=tmp_path, env=env)
    assert result.returncode == 0, result.stdout + result.stderr
    lines = result.stdout.splitlines()
    assert lines[0] == f"Sciatica Timer {PROJECT['version']} self-test"
    resources_line = next(line for line in lines if line.startswith("ok    resources: "))
    site = str(clean_venv.resolve())
    assert f" in {site}" in resources_line, "the resources came from somewhere else than the clean venv"
    assert f"package at {site}" in lines[1]
    assert str(REPO) not in result.stdout
    assert lines[-1].startswith("self-test passed")
