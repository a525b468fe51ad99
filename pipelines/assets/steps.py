"""Several tables of the mart built in one Dagster step, each still its own asset.

Every step costs Dagster about a tenth of a second whatever it does (its events written to
the run's SQLite log one connection at a time, its setup), and each opened the work database
again: with a step per table and per check, that was most of `make run` on a small raw
directory. So the tables that are each one SQL file (the dimensions and the facts, the
project register's tables) are built by one step per group: in the asset graph they are the
same assets with the same dependencies and checks (a multi-asset), run in the order given,
with their checks run as soon as what they read is built. A blocking check that fails fails
the step, and so stops everything downstream, as a separate check step did.
"""

from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass
from typing import Any

import dagster as dg
import duckdb

from pipelines.assets.metadata import table_metadata
from pipelines.assets.resources import HytemartResource
from pipelines.checks.results import Check, keyed
from pipelines.sqlfiles import run_sql_file

# Tags of a step that validates with Great Expectations: it runs after the steps that are ready
# with it. In `make run` GE is still importing in its worker (pipelines/checks/ge_worker.py)
# when the first steps start, and a step that validates waits for it; the steps staging raw
# files meanwhile take that time instead. Dagster starts ready steps by this tag, highest
# first (0 without it).
VALIDATES_WITH_GE = {"dagster/priority": "-1"}

# What a table's build returns: the asset's metadata for the UI.
Build = Callable[[dg.AssetExecutionContext, duckdb.DuckDBPyConnection], dict[str, Any]]


@dataclass(frozen=True)
class Table:
    """One asset of a step: its key, what it reads (assets of this step or others), how it is
    built."""

    key: dg.AssetKey
    description: str
    deps: Sequence[dg.AssetKey]
    build: Build


# The sql/ folder (by stage) of each schema's tables: the model's in sql/mart/, the quality
# schema's in sql/checks/.
SQL_FOLDER = {"mart": "mart", "quality": "checks"}


def sql_table(schema: str, table: str, description: str, deps: Sequence[dg.AssetKey],
              params: Callable[[dg.AssetExecutionContext], dict[str, Any]] | None = None
              ) -> Table:
    """A table (or view) built by its SQL file, sql/<stage folder of schema>/<table>.sql."""

    def build(context: dg.AssetExecutionContext,
              con: duckdb.DuckDBPyConnection) -> dict[str, Any]:
        run_sql_file(con, f"{SQL_FOLDER[schema]}/{table}", params(context) if params else None)
        return table_metadata(con, schema, table)

    return Table(dg.AssetKey([schema, table]), description, deps, build)


def tables_step(name: str, group_name: str, tables: Sequence[Table],
                checks: Sequence[Check] = ()) -> dg.AssetsDefinition:
    """One step building `tables` in order, each check run once its asset and additional
    dependencies are built."""
    built_after = {table.key: index for index, table in enumerate(tables)}
    due: dict[int, list[Check]] = {}
    for check in checks:
        reads = [check.spec.asset_key, *(dep.asset_key for dep in check.spec.additional_deps)]
        last = max(built_after.get(key, -1) for key in reads)
        due.setdefault(last if last >= 0 else len(tables) - 1, []).append(check)

    @dg.multi_asset(
        name=name,
        specs=[dg.AssetSpec(table.key, description=table.description, deps=table.deps,
                            group_name=group_name) for table in tables],
        check_specs=[check.spec for check in checks],
    )
    def step(context: dg.AssetExecutionContext,
             hytemart: HytemartResource) -> Iterator[dg.MaterializeResult | dg.AssetCheckResult]:
        with hytemart.connect() as con:
            for index, table in enumerate(tables):
                yield dg.MaterializeResult(asset_key=table.key,
                                           metadata=table.build(context, con))
                for check in due.get(index, []):
                    yield keyed(check.spec, check.run(con))

    return step
