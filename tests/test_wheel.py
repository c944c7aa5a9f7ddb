"""The wheel built from pyproject.toml carries everything the app reads at run time besides
Python: compiled translations (and their sources), templates, static files and migrations.

The build runs setuptools' PEP 517 backend in a subprocess (no network, no build isolation:
the test extra installs setuptools) on a copy of the project in tmp_path, so no build/ or
*.egg-info is left in the working tree."""
from __future__ import annotations

import shutil
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
PACKAGE = ROOT / "mpp_lite"
DATA_DIRS = ("templates", "static", "migrations", "translations")
JUNK = shutil.ignore_patterns("__pycache__", "*.pyc", "*.egg-info", "build", "dist")


@pytest.fixture(scope="module")
def wheel_names(tmp_path_factory: pytest.TempPathFactory) -> set[str]:
    project = tmp_path_factory.mktemp("project")
    for name in ("pyproject.toml", "README.md", "LICENSE"):
        shutil.copy(ROOT / name, project / name)
    shutil.copytree(PACKAGE, project / "mpp_lite", ignore=JUNK)
    out = tmp_path_factory.mktemp("wheel")
    build = subprocess.run(
        [sys.executable, "-c",
         "import sys, setuptools.build_meta as b; print(b.build_wheel(sys.argv[1]))", str(out)],
        cwd=project, capture_output=True, text=True, timeout=300)
    assert build.returncode == 0, build.stdout[-3000:] + build.stderr[-3000:]
    wheel, = out.glob("mpp_lite-*.whl")
    with zipfile.ZipFile(wheel) as archive:
        return set(archive.namelist())


def test_the_wheel_carries_the_compiled_english_catalogue(wheel_names):
    assert "mpp_lite/translations/en/LC_MESSAGES/messages.mo" in wheel_names
    assert "mpp_lite/translations/en/LC_MESSAGES/messages.po" in wheel_names


@pytest.mark.parametrize("directory", DATA_DIRS)
def test_the_wheel_carries_every_data_file(wheel_names, directory):
    """Every file under mpp_lite/<directory> (templates, static, migrations, translations)."""
    source = PACKAGE / directory
    expected = {path.relative_to(ROOT).as_posix() for path in source.rglob("*")
                if path.is_file() and "__pycache__" not in path.parts}
    assert expected, source
    assert sorted(expected - wheel_names) == []


def test_the_wheel_carries_the_key_files_by_name(wheel_names):
    for name in ("mpp_lite/templates/base.html", "mpp_lite/templates/components/fee.html",
                 "mpp_lite/static/app.css", "mpp_lite/static/app.js",
                 "mpp_lite/migrations/env.py", "mpp_lite/migrations/alembic.ini",
                 "mpp_lite/__init__.py"):
        assert name in wheel_names, name
    assert any(n.startswith("mpp_lite/migrations/versions/") and n.endswith(".py")
               for n in wheel_names)
    assert not any(n.startswith("tests/") for n in wheel_names)
