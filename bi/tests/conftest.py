"""Fixtures for the BI test (`make test-bi`): the pipeline's venv runs pytest and the builds;
Superset runs in its own venv (.venv-bi), called as a program."""

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

REPO_ROOT = Path(__file__).resolve().parents[2]
BI_PYTHON = REPO_ROOT / ".venv-bi" / "bin" / "python"
TEMPLATE = REPO_ROOT / ".venv-bi" / "superset-template"
SCRIPT = REPO_ROOT / "bi" / "superset_mart.py"
# The helpers of the main suite (tests/published.py: the published mart read-only), and the
# names bi/superset_mart.py gives its charts (it imports Superset only inside functions).
sys.path.insert(0, str(REPO_ROOT / "tests"))
sys.path.insert(0, str(REPO_ROOT / "bi"))


class Superset:
    """bi/superset_mart.py in the BI venv, on one Superset home."""

    def __init__(self, home: Path) -> None:
        self.home = home

    def command(self, *commands: str, published: Path | None = None) -> list[str]:
        extra = ["--published", str(published)] if published else []
        return [str(BI_PYTHON), str(SCRIPT), "--home", str(self.home), *extra, *commands]

    def run(self, *commands: str, published: Path | None = None) -> dict:
        completed = subprocess.run(self.command(*commands, published=published),
                                   capture_output=True, text=True, timeout=300,
                                   env={**os.environ, "PYTHONWARNINGS": "ignore"})
        assert completed.returncode == 0, completed.stderr[-4000:]
        return json.loads(completed.stdout.strip().splitlines()[-1])


@pytest.fixture(scope="session")
def superset(tmp_path_factory: pytest.TempPathFactory) -> Superset:
    if not (BI_PYTHON.exists() and (TEMPLATE / "superset.db").exists()):
        pytest.fail("Superset's venv is missing: run `make bi-install` (or `make test-bi`)")
    home = tmp_path_factory.mktemp("superset")
    shutil.copytree(TEMPLATE, home, dirs_exist_ok=True)
    return Superset(home)


@pytest.fixture()
def sample_raw(tmp_path: Path) -> Path:
    target = tmp_path / "raw"
    shutil.copytree(REPO_ROOT / "raw", target)
    return target


def build(raw_dir: Path, warehouse_dir: Path) -> None:
    """The whole build (every asset and check), as tests/conftest.py's `build` fixture."""
    import dagster as dg

    from pipelines.assets.resources import HytemartResource
    from pipelines.definitions import ASSETS, CHECKS

    resource = HytemartResource(raw_dir=str(raw_dir), warehouse_dir=str(warehouse_dir))
    result = dg.materialize([*ASSETS, *CHECKS], resources={"hytemart": resource},
                            raise_on_error=False)
    assert result.success, [event.message for event in result.all_events
                            if event.is_step_failure]
