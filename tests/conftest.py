"""Shared fixtures: where the real published sample files live."""

from pathlib import Path

import pytest

REPO_ROOT = Path(__file__).resolve().parents[1]
# CI clones the repo with a copy of shared/ beside it; a session has it at ../shared too.
REALDATA_DIR = REPO_ROOT.parent / "shared" / "realdata"
SEED_DIR = REPO_ROOT.parent / "shared" / "seed"


@pytest.fixture(scope="session")
def realdata_dir() -> Path:
    if not REALDATA_DIR.is_dir():
        pytest.fail(f"real sample files not found at {REALDATA_DIR} (shared/ must sit beside the repo)")
    return REALDATA_DIR


@pytest.fixture(scope="session")
def seed_dir() -> Path:
    if not SEED_DIR.is_dir():
        pytest.fail(f"seed pages not found at {SEED_DIR} (shared/ must sit beside the repo)")
    return SEED_DIR
