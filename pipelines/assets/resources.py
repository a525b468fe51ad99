"""The one resource the assets share: where raw files are read and the warehouse is written."""

from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import dagster as dg
import duckdb
from pydantic import PrivateAttr

from pipelines.publish import build_lock, recovery
from pipelines.publish.warehouse import WarehousePaths, connect_work
from pipelines.publish.write_errors import explained


class HytemartResource(dg.ConfigurableResource):
    """Paths of one hytemart deployment. Defaults come from Settings (the environment)."""

    raw_dir: str
    warehouse_dir: str
    keep_published: int = 5
    duckdb_memory_limit: str = "1.5GB"
    suppression_threshold: int = 5
    protection_interval: int = 5
    # The code location passes the settings (HYTEMART_REPORT_*: by default the county
    # report_county and its municipalities, HTML and PDF); a resource made by hand, as the
    # tests make theirs, writes Espoo's reports as HTML unless it says otherwise. Empty
    # report_areas: the county and its municipalities (pipelines/outputs/reports/).
    report_areas: list[str] = ["KU049"]
    report_county: str = "HVA03"
    report_pdf: bool = False
    # Within a run: the run's id, and the warehouse's build lock once a step opens the work
    # database (held until the run ends; see pipelines/publish/build_lock.py).
    _run_id: str | None = PrivateAttr(default=None)
    _lock: build_lock.BuildLock | None = PrivateAttr(default=None)

    @property
    def raw_path(self) -> Path:
        return Path(self.raw_dir)

    @property
    def paths(self) -> WarehousePaths:
        return WarehousePaths(Path(self.warehouse_dir))

    def setup_for_execution(self, context: dg.InitResourceContext) -> None:
        self._run_id = context.run.run_id if context.run is not None else None

    def teardown_after_execution(self, context: dg.InitResourceContext) -> None:
        if self._lock is not None:
            self._lock.release()
            self._lock = None

    @contextmanager
    def connect(self) -> Iterator[duckdb.DuckDBPyConnection]:
        self._hold_build_lock()
        with (connect_work(self.paths, self.duckdb_memory_limit) as con,
              explained(self.paths.work_db, "the build stopped, the published files are "
                        "unchanged")):
            yield con

    def _hold_build_lock(self) -> None:
        """In a run, the first step that opens the work database takes the build lock, and
        repairs what a killed build left behind before anything else is done."""
        self._hold_lock(build_lock.BUILD)

    def hold_for_export(self) -> None:
        """In a run, every step that reads the published file for an export shares the lock
        with other exports, so that no build publishes while it reads (and the first repairs
        what a killed run left, as a build does)."""
        self._hold_lock(build_lock.EXPORT)

    def _hold_lock(self, kind: str) -> None:
        if self._run_id is None or self._lock is not None:
            return  # outside a run, or held already (a run that builds and exports)
        self._lock, done = recovery.open_warehouse(self.paths.root, self._run_id, kind)
        log = dg.get_dagster_logger()
        if self._lock.stale_holder:
            holder = self._lock.stale_holder
            log.warning(f"the previous {holder.get('kind', 'build')}, "
                        f"{build_lock.describe(holder)}, did not finish (killed?); recovering "
                        "what it left")
        for line in done:
            log.warning(line)
