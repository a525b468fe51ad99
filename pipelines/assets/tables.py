"""Described tables: Statistics Finland PX, JSON-stat and PxWeb CSV, county and NGO CSV/Excel.

Every data file under raw/indicators/<folder>/ (other than sotkanet/) that has a YAML
description beside it is read as the description says, cell by cell, into
staging.table_cells; a data file without one is reported, not guessed at. Written areas,
periods and population groups are mapped to canonical codes (pipelines/ingest/mapping.py) on their
distinct values; sql/ingest/table_values.sql joins the cells to those maps and splits them
into clean values and the quarantine, like the Sotkanet rows. Cells of members a description
leaves out (`keep:`/`drop:`) are counted per file in staging.filtered_rows, each file's
indicators (names, units from the file and the description) kept in
staging.table_file_indicator, and postal code areas a table names with their municipality
(Paavo) added as areas in staging.table_discovered_area.
"""

from datetime import date
from pathlib import Path

import dagster as dg
import duckdb
import pandas as pd

from pipelines.assets.metadata import table_metadata
from pipelines.assets.resources import HytemartResource
from pipelines.assets.staging import reference_areas, sotkanet_metadata
from pipelines.fetch.fetchlist import load_fetch_list
from pipelines.fetch.settings import FETCH_LIST
from pipelines.ingest.descriptions import KEY_ROLES, TableDescription, scan_described_tables
from pipelines.ingest.errors import SourceFormatError
from pipelines.ingest.mapping import (
    AreaIndex,
    Mapped,
    map_age_group,
    map_member,
    map_period_label,
)
from pipelines.ingest.periods import MIN_YEAR
from pipelines.ingest.table_cells import TableCells, read_table_cells
from pipelines.sqlfiles import run_sql_file

INDICATORS_DIR = Path("indicators")
# Folders under raw/indicators/ with their own reader; everything else is described tables.
OWN_READER_FOLDERS = frozenset({"sotkanet"})
# Bump when a reader changes what it stages, so files read by the old reader are read again.
TABLE_READER_VERSION = "2"
ROLES = KEY_ROLES


def described_tables(
    raw_dir: Path,
) -> tuple[list[TableDescription], list[Path], list[SourceFormatError]]:
    """Descriptions of every described table, data files that lack a description, and the
    errors of descriptions that do not load (one broken description stops no other table)."""
    root = raw_dir / INDICATORS_DIR
    descriptions: list[TableDescription] = []
    undescribed: list[Path] = []
    errors: list[SourceFormatError] = []
    if not root.is_dir():
        return descriptions, undescribed, errors
    for folder in sorted(path for path in root.iterdir() if path.is_dir()):
        if folder.name in OWN_READER_FOLDERS:
            continue
        scan = scan_described_tables(folder)
        descriptions.extend(scan.descriptions)
        undescribed.extend(scan.undescribed)
        errors.extend(scan.errors)
    return descriptions, undescribed, errors


def read_cells(description: TableDescription) -> pd.DataFrame:
    """The cells of one described file that the description keeps, in CELL_COLUMNS order."""
    return read_table_cells(description).frame


def _fingerprint(description: TableDescription) -> str:
    parts = [TABLE_READER_VERSION]
    for path in (Path(description.path), Path(description.data_file)):
        stat = path.stat()
        parts.append(f"{stat.st_size}:{stat.st_mtime_ns}")
    return ":".join(parts)


TABLE_DDL = """
CREATE TABLE IF NOT EXISTS staging.table_cells (
    source VARCHAR NOT NULL, source_file VARCHAR NOT NULL, row_number BIGINT NOT NULL,
    area VARCHAR, period VARCHAR, sex VARCHAR, age_group VARCHAR, language_group VARCHAR,
    indicator VARCHAR, value DOUBLE, status VARCHAR, raw VARCHAR, location VARCHAR
);
ALTER TABLE staging.table_cells ADD COLUMN IF NOT EXISTS area_label VARCHAR;
ALTER TABLE staging.table_cells ADD COLUMN IF NOT EXISTS flag VARCHAR;
CREATE TABLE IF NOT EXISTS staging.described_file (
    source_file VARCHAR PRIMARY KEY, description_file VARCHAR NOT NULL, source VARCHAR NOT NULL,
    fingerprint VARCHAR NOT NULL
);
CREATE TABLE IF NOT EXISTS staging.table_file_indicator (
    source_file VARCHAR NOT NULL, indicator_id VARCHAR NOT NULL, name_fi VARCHAR,
    name_sv VARCHAR, name_en VARCHAR, unit VARCHAR NOT NULL, decimals INTEGER,
    additive BOOLEAN NOT NULL
);
"""


def _stage_cells(con: duckdb.DuckDBPyConnection, description: TableDescription, name: str) -> int:
    """Replace one file's cells, indicators and filtered count; returns the cells read (kept
    and filtered). Raises SourceFormatError when the file cannot be read as described."""
    cells: TableCells = read_table_cells(description)
    frame = cells.frame
    frame.insert(0, "row_number", range(1, len(frame) + 1))
    indicators = pd.DataFrame(
        [(meta.id, meta.name_fi, meta.name_sv, meta.name_en, meta.unit, meta.decimals,
          bool(meta.additive)) for meta in cells.indicators],
        columns=["indicator_id", "name_fi", "name_sv", "name_en", "unit", "decimals",
                 "additive"],
    ).astype({"decimals": "Int64"})
    con.register("table_cells_input", frame)
    con.register("table_indicator_file_input", indicators)
    try:
        con.execute("BEGIN TRANSACTION")
        for table in ("staging.table_cells", "staging.table_file_indicator",
                      "staging.filtered_rows"):
            con.execute(f"DELETE FROM {table} WHERE source_file = $f", {"f": name})
        con.execute(
            "INSERT INTO staging.table_cells BY NAME SELECT $source AS source, $f AS source_file, "
            "row_number, area, area_label, period, sex, age_group, language_group, indicator, "
            "value, status, raw, location, flag FROM table_cells_input",
            {"source": description.source, "f": name},
        )
        con.execute(
            "INSERT INTO staging.table_file_indicator BY NAME SELECT $f AS source_file, * "
            "FROM table_indicator_file_input", {"f": name})
        con.execute("INSERT INTO staging.filtered_rows VALUES ($f, $rows)",
                    {"f": name, "rows": cells.filtered})
        con.execute("COMMIT")
    except duckdb.Error:
        con.execute("ROLLBACK")
        raise
    finally:
        con.unregister("table_cells_input")
        con.unregister("table_indicator_file_input")
    return cells.cells_read


def _register(
    con: duckdb.DuckDBPyConnection, description: TableDescription, name: str, *,
    fingerprint: str, status: str, error: str | None, rows: int, run_id: str,
) -> None:
    con.execute(
        "INSERT OR REPLACE INTO staging.source_file VALUES "
        "($source, $f, $format, $fp, $status, $error, $rows, now(), $run_id)",
        {"source": description.source, "f": name, "format": description.format,
         "fp": fingerprint, "status": status, "error": error, "rows": rows, "run_id": run_id},
    )
    con.execute(
        "INSERT OR REPLACE INTO staging.described_file VALUES ($f, $d, $source, $fp)",
        {"f": name, "d": str(description.path), "source": description.source,
         "fp": fingerprint},
    )


def _maps(
    con: duckdb.DuckDBPyConnection, descriptions: dict[str, TableDescription]
) -> None:
    """Map the distinct written areas, periods, sexes, ages and languages to canonical codes.

    `values:` maps were applied when the cells were read (table_cells); here the publishers'
    codes, names and words are understood, and the descriptions' markers taken off periods.
    """
    index = AreaIndex(con.execute(
        "SELECT area_code, name_fi, name_sv, name_en, area_level, region_code, "
        "wellbeing_county_code FROM staging.reference_area "
        "UNION ALL SELECT area_code, name_fi, name_sv, name_en, area_level, NULL, NULL "
        "FROM staging.sotkanet_region"
    ).fetchall())
    areas, new_areas = [], {}
    by_file: dict[str, list[tuple[str | None, str | None]]] = {}
    for source_file, written, label in con.execute(
            "SELECT DISTINCT source_file, area, area_label FROM staging.table_cells").fetchall():
        by_file.setdefault(source_file, []).append((written, label))
    for source_file, members in by_file.items():  # one file's areas together (their level)
        for (written, label), mapped in zip(members, index.resolve_all(members), strict=True):
            areas.append((source_file, written, label, mapped.canonical, mapped.rule,
                          mapped.message))
            if (new := mapped.new_area) is not None:
                new_areas.setdefault(new.area_code, (
                    new.area_code, new.area_level, new.name, new.parent_area_code,
                    new.region_code, new.wellbeing_county_code, source_file))
    _replace(con, "staging.table_area_map",
             pd.DataFrame(areas, columns=["source_file", "written", "label", "area_code", "rule",
                                          "message"]))
    _replace(con, "staging.table_discovered_area",
             pd.DataFrame(list(new_areas.values()),
                          columns=["area_code", "area_level", "name_fi", "parent_area_code",
                                   "region_code", "wellbeing_county_code", "source_file"]
                          ).astype("string"))
    periods = []
    for source_file, written in con.execute(
            "SELECT DISTINCT source_file, period FROM staging.table_cells").fetchall():
        description = descriptions.get(source_file)
        markers = description.markers if description else {}
        mapped, frequency, start, flag = map_period_label(written, markers)
        periods.append((source_file, written, mapped.canonical, frequency, start, flag,
                        mapped.rule, mapped.message))
    _replace(con, "staging.table_period_map",
             pd.DataFrame(periods, columns=["source_file", "written", "period", "frequency",
                                            "period_start", "flag", "rule", "message"]
                          ).astype({"flag": "string"}))
    members = []
    for role in ("sex", "age_group", "language_group", "indicator"):
        rows = con.execute(
            f"SELECT DISTINCT source_file, {role} FROM staging.table_cells"  # role: from code
        ).fetchall()
        for source_file, written in rows:
            if role == "indicator":  # ids are checked against the indicators in SQL
                mapped = Mapped(written, written)
            elif role == "age_group":
                mapped = map_age_group(written, {})
            else:
                mapped = map_member(role, written, {})
            members.append((source_file, role, written, mapped.canonical, mapped.rule,
                            mapped.message))
    _replace(con, "staging.table_member_map",
             pd.DataFrame(members, columns=["source_file", "role", "written", "canonical",
                                            "rule", "message"]))
    names = list(descriptions)
    con.execute(
        "CREATE OR REPLACE TABLE staging.table_indicator_input AS "
        "SELECT i.source_file, d.source, i.indicator_id, d.source || ':' || i.indicator_id "
        "AS indicator_code, i.name_fi, i.name_sv, i.name_en, i.unit, i.decimals, i.additive "
        "FROM staging.table_file_indicator i JOIN staging.described_file d USING (source_file) "
        "WHERE i.source_file IN (SELECT unnest($names))", {"names": names})


def awaiting_first_fetch(raw_dir: Path, broken: list[SourceFormatError]) -> list[str]:
    """Descriptions (relative paths) that did not load because the fetch list names them and
    their payload has not been fetched yet: not unreadable, waiting. A fetch list that does
    not load is the fetch job's to report; then nothing waits."""
    try:
        fetch_list = load_fetch_list(raw_dir / FETCH_LIST, raw_dir)
    except SourceFormatError:
        return []
    fetched = {table.description: table.file for table in fetch_list.pxweb}
    failed = {Path(error.path).resolve() for error in broken}
    return [description for description, payload in fetched.items()
            if (raw_dir / description).resolve() in failed
            and not (raw_dir / payload).exists()]


def _replace(con: duckdb.DuckDBPyConnection, table: str, frame: pd.DataFrame) -> None:
    con.register("map_input", frame)
    try:
        con.execute(f"CREATE OR REPLACE TABLE {table} AS SELECT * FROM map_input")
    finally:
        con.unregister("map_input")


@dg.asset(key_prefix="staging", group_name="staging", deps=[reference_areas, sotkanet_metadata])
def table_values(
    context: dg.AssetExecutionContext, hytemart: HytemartResource
) -> dg.MaterializeResult:
    """Described tables (PX, JSON-stat, PxWeb CSV, county and NGO CSV/Excel) read as their YAML
    descriptions say: clean values in staging.table_values, failed cells in the quarantine."""
    raw_dir = hytemart.raw_path
    run_id = context.run.run_id
    descriptions, undescribed, broken = described_tables(raw_dir)
    for path in undescribed:
        context.log.warning(f"{path.relative_to(raw_dir)} has no YAML description: not read")
    waiting = awaiting_first_fetch(raw_dir, broken)
    for path in waiting:
        context.log.info(f"{path}: its data file is fetched by `make fetch` (raw/fetch.yaml); "
                         "waiting for its first fetch, not read yet")
    broken = [error for error in broken
              if Path(error.path).relative_to(raw_dir).as_posix() not in waiting]
    for error in broken:
        context.log.error(f"description not loaded: {error}")
    by_name = {Path(d.data_file).relative_to(raw_dir).as_posix(): d for d in descriptions}
    read, reused = 0, 0
    with hytemart.connect() as con:
        run_sql_file(con, "checks/tables")
        for statement in TABLE_DDL.split(";"):
            if statement.strip():
                con.execute(statement)
        known = dict(con.execute(
            "SELECT source_file, fingerprint FROM staging.described_file").fetchall())
        gone = [name for name in known if name not in by_name]
        for table in ("staging.table_cells", "staging.described_file", "staging.source_file",
                      "quality.quarantine", "staging.table_file_indicator",
                      "staging.filtered_rows"):
            con.execute(f"DELETE FROM {table} WHERE source_file IN (SELECT unnest($gone))",
                        {"gone": gone})
        for number, (name, description) in enumerate(sorted(by_name.items()), start=1):
            fingerprint = _fingerprint(description)
            if known.get(name) == fingerprint:
                reused += 1
                continue
            context.log.info(f"[{number}/{len(by_name)}] reading {name} ({description.format})")
            try:
                rows = _stage_cells(con, description, name)
                status, error = "loaded", None
            except SourceFormatError as exc:
                context.log.error(f"cannot read {name}: {exc}")
                for table in ("staging.table_cells", "staging.table_file_indicator",
                              "staging.filtered_rows"):
                    con.execute(f"DELETE FROM {table} WHERE source_file = $f", {"f": name})
                status, error, rows = "unreadable", str(exc), 0
            read += 1
            _register(con, description, name, fingerprint=fingerprint, status=status,
                      error=error, rows=rows, run_id=run_id)
        # A description that does not load is on record as an unreadable file, like a data file.
        con.execute("DELETE FROM staging.source_file WHERE source = 'description'")
        for error in broken:
            con.execute(
                "INSERT OR REPLACE INTO staging.source_file VALUES ('description', $f, 'yaml', "
                "'', 'unreadable', $error, 0, now(), $run_id)",
                {"f": Path(error.path).relative_to(raw_dir).as_posix(), "error": str(error),
                 "run_id": run_id},
            )
        _maps(con, by_name)
        run_sql_file(con, "ingest/table_values",
                     {"min_year": MIN_YEAR, "max_year": date.today().year + 1, "run_id": run_id})
        by_rule = con.execute(
            "SELECT q.rule, count(*) AS rows, any_value(q.message) AS example "
            "FROM quality.quarantine q JOIN staging.described_file d USING (source_file) "
            "GROUP BY q.rule ORDER BY rows DESC"
        ).df()
        metadata = table_metadata(con, "staging", "table_values")
    metadata.update({
        "tables": dg.MetadataValue.int(len(by_name)),
        "tables_read": dg.MetadataValue.int(read),
        "tables_unchanged": dg.MetadataValue.int(reused),
        "files_without_description": dg.MetadataValue.json(
            [path.relative_to(raw_dir).as_posix() for path in undescribed]),
        "descriptions_not_loaded": dg.MetadataValue.json([str(error) for error in broken]),
        "rows_quarantined": dg.MetadataValue.int(int(by_rule["rows"].sum()) if len(by_rule)
                                                 else 0),
        "quarantine_by_rule": dg.MetadataValue.md(
            by_rule.to_markdown(index=False) if len(by_rule) else "nothing quarantined"),
        "source_files": dg.MetadataValue.json(sorted(by_name)),
    })
    context.log.info(f"described tables: {len(by_name)}, {read} read, {reused} unchanged")
    return dg.MaterializeResult(metadata=metadata)
