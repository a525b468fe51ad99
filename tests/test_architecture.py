"""The house by stage (issue 22): imports go down the stages, no circles, a short top level, and
a lock that installs on Python 3.11, 3.12 and 3.13."""

import platform
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

REPO_ROOT = Path(__file__).resolve().parents[1]
BIN = Path(sys.executable).parent


def test_the_import_contracts_hold() -> None:
    """import-linter's contracts in pyproject.toml: the stages' layers (exhaustive: a new
    package must be given its place) and no circle between the modules of any package."""
    done = subprocess.run([str(BIN / "lint-imports"), "--no-cache"], cwd=REPO_ROOT,
                          capture_output=True, text=True, timeout=120)
    assert done.returncode == 0, done.stdout[-3000:] + done.stderr[-2000:]
    assert "0 broken" in done.stdout


def test_a_module_importing_upwards_breaks_the_contract(tmp_path: Path) -> None:
    """The contract can fail: a copy of the package where the lowest stage imports a higher
    one is refused."""
    copy = tmp_path / "repo"
    shutil.copytree(REPO_ROOT / "pipelines", copy / "pipelines",
                    ignore=shutil.ignore_patterns("__pycache__"))
    shutil.copy(REPO_ROOT / "pyproject.toml", copy / "pyproject.toml")
    settings = copy / "pipelines" / "settings.py"
    upward = "\nfrom pipelines.publish import warehouse  # noqa: F401\n"
    settings.write_text(settings.read_text() + upward)
    done = subprocess.run([str(BIN / "lint-imports"), "--no-cache"], cwd=copy,
                          capture_output=True, text=True, timeout=120,
                          env={"PYTHONPATH": str(copy), "PATH": str(BIN)})
    assert done.returncode != 0
    assert "pipelines.settings is not allowed to import pipelines.publish" in done.stdout


def test_at_most_eight_modules_directly_under_pipelines() -> None:
    modules = sorted(path.name for path in (REPO_ROOT / "pipelines").glob("*.py"))
    assert len(modules) <= 8, modules


@pytest.mark.parametrize("version", ["3.12", "3.13"])
def test_the_lock_resolves_for_newer_pythons(version: str) -> None:
    """requirements.lock is one universal lock (uv pip compile --universal): the same pins,
    with wheels for this platform, resolve for Python 3.12 and 3.13 too (CI runs on the
    machine's Python; this asks the package index, as `make install` does)."""
    done = subprocess.run(
        [str(BIN / "uv"), "pip", "compile", "pyproject.toml", "--extra", "dev", "--quiet",
         "--python-version", version, "--python-platform", f"{platform.machine()}-manylinux_2_28",
         "--only-binary", ":all:", "-c", "requirements.lock"],  # to stdout
        cwd=REPO_ROOT, capture_output=True, text=True, timeout=300)
    assert done.returncode == 0, done.stderr[-3000:]
    locked = {line.split(";")[0].strip() for line in
              (REPO_ROOT / "requirements.lock").read_text().splitlines()
              if "==" in line and not line.startswith("#")}
    resolved = {line.split(";")[0].strip() for line in done.stdout.splitlines()
                if "==" in line and not line.startswith("#")}
    assert resolved <= locked, sorted(resolved - locked)
