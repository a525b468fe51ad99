"""Fixtures of the reliability suite: one uninterrupted build of the bundled sample with
hostile files added (hostile.py), shared by the tests that look at its outcome (path escapes,
hostile content, the restricted file, permissions, logs) or compare against it (kills)."""

from dataclasses import dataclass
from pathlib import Path

import pytest

from .harness import REPO_ROOT, digest
from .hostile import add_hostile_files


@dataclass(frozen=True)
class Built:
    raw: Path
    warehouse: Path
    published: dict[str, str]  # digest per table
    restricted: dict[str, str]
    events_text: str  # every event of the run (messages and metadata), as text


def materialize(raw: Path, warehouse: Path, **options: object):
    """The whole build in this process (every asset and check), as tests/conftest.py's."""
    import dagster as dg

    from pipelines.assets.resources import HytemartResource
    from pipelines.definitions import ASSETS, CHECKS

    resource = HytemartResource(raw_dir=str(raw), warehouse_dir=str(warehouse),
                                keep_published=3, **options)
    return dg.materialize([*ASSETS, *CHECKS], resources={"hytemart": resource},
                          raise_on_error=False)


def events_text(result) -> str:
    """Messages, errors and metadata of every event of an in-process run, as one text."""
    parts = []
    for event in result.all_events:
        parts.append(event.message or "")
        error = getattr(event.event_specific_data, "error", None)
        if error is not None:
            parts.append(error.to_string())
        data = getattr(event.event_specific_data, "materialization", None)
        if data is not None:
            parts.extend(f"{key}: {value.value}" for key, value in data.metadata.items())
    return "\n".join(parts)


@pytest.fixture(scope="session")
def hostile_build(tmp_path_factory: pytest.TempPathFactory) -> Built:
    import shutil

    root = tmp_path_factory.mktemp("hostile_build")
    raw = root / "raw"
    shutil.copytree(REPO_ROOT / "raw", raw)
    add_hostile_files(raw)
    warehouse = root / "warehouse"
    result = materialize(raw, warehouse)
    assert result.success
    return Built(raw, warehouse, digest(warehouse / "hytemart.duckdb"),
                 digest(warehouse / "restricted" / "hytemart_restricted.duckdb"),
                 events_text(result))


def pytest_terminal_summary(terminalreporter) -> None:
    """The suite's figures (README, Reliability), when any reliability test ran."""
    import json
    import os

    from . import figures

    lines = figures.summary()
    if not lines:
        return
    terminalreporter.section("reliability figures")
    for line in lines:
        terminalreporter.write_line(line)
    if target := os.environ.get("HYTEMART_RELIABILITY_FIGURES"):
        Path(target).write_text(json.dumps(figures.as_dict(), indent=2) + "\n")
