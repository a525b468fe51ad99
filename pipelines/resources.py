"""The one resource the assets share: where raw files are read and the warehouse is written."""

from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import dagster as dg
import duckdb

from pipelines.warehouse import WarehousePaths, connect_work


class HytemartResource(dg.ConfigurableResource):
    """Paths of one hytemart deployment. Defaults come from Settings (the environment)."""

    raw_dir: str
    warehouse_dir: str
    keep_published: int = 5
    duckdb_memory_limit: str = "1.5GB"
    suppression_threshold: int = 5
    report_areas: list[str] = ["KU049"]

    @property
    def raw_path(self) -> Path:
        return Path(self.raw_dir)

    @property
    def paths(self) -> WarehousePaths:
        return WarehousePaths(Path(self.warehouse_dir))

    @contextmanager
    def connect(self) -> Iterator[duckdb.DuckDBPyConnection]:
        with connect_work(self.paths, self.duckdb_memory_limit) as con:
            yield con
