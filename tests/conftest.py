"""Shared fixtures: where the real published sample files live."""

import os
from pathlib import Path

import pytest

REPO_ROOT = Path(__file__).resolve().parents[1]
# Real published files, copied into the repository with their provenance (tests/data/README.md).
REALDATA_DIR = REPO_ROOT / "tests" / "data" / "realdata"
SEED_DIR = REPO_ROOT / "tests" / "data" / "seed"


@pytest.fixture(scope="session", autouse=True)
def reports_of_one_area_as_html():
    """Builds and exports that the tests launch as processes (dg launch, make run, the
    daemon) read the settings from the environment, where by default the reports are the
    county's and its ten municipalities' with PDFs: 33 of each per export. The tests that
    are not about the reports take Espoo's HTML pages instead (as a resource made by hand
    does); the reports' own tests say what they write."""
    with pytest.MonkeyPatch.context() as patch:
        for name, value in (("HYTEMART_REPORT_AREAS", "KU049"), ("HYTEMART_REPORT_PDF", "0")):
            if name not in os.environ:
                patch.setenv(name, value)
        yield


@pytest.fixture(scope="session")
def realdata_dir() -> Path:
    if not REALDATA_DIR.is_dir():
        pytest.fail(f"real sample files not found at {REALDATA_DIR}")
    return REALDATA_DIR


@pytest.fixture(scope="session")
def seed_dir() -> Path:
    if not SEED_DIR.is_dir():
        pytest.fail(f"seed pages not found at {SEED_DIR}")
    return SEED_DIR


@pytest.fixture()
def sample_raw(tmp_path: Path) -> Path:
    """A copy of the bundled sample raw/ directory that a test may change."""
    import shutil

    target = tmp_path / "raw"
    shutil.copytree(REPO_ROOT / "raw", target)
    return target


@pytest.fixture()
def build(tmp_path: Path):
    """Run the whole build (every asset and check) on a raw dir into a warehouse dir."""
    import dagster as dg

    from pipelines.assets.resources import HytemartResource
    from pipelines.definitions import ASSETS, CHECKS

    def run(
        raw_dir: Path, warehouse_dir: Path | None = None, **options: object
    ) -> dg.ExecuteInProcessResult:
        """`options`: other fields of HytemartResource, e.g. suppression_threshold=10."""
        resource = HytemartResource(
            raw_dir=str(raw_dir), warehouse_dir=str(warehouse_dir or tmp_path / "warehouse"),
            keep_published=3, **options,
        )
        return dg.materialize(
            [*ASSETS, *CHECKS], resources={"hytemart": resource}, raise_on_error=False
        )

    return run
