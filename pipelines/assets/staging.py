"""Staging assets: raw files read into typed DuckDB tables in the work database.

Each data file is staged on its own and only when it changed since it was last read, so a
rebuild after one changed file re-reads that file alone. The row rules then run in SQL
(sql/staging/) over the rows of the changed files, splitting them into clean values and the
quarantine; the checked rows of the other files are kept.
"""

from datetime import date
from pathlib import Path

import dagster as dg
import duckdb

from pipelines.assets.metadata import table_metadata
from pipelines.resources import HytemartResource
from pipelines.sources import sotkanet
from pipelines.sources.errors import SourceFormatError
from pipelines.sources.raw_paths import check_inside, escape_error
from pipelines.sources.reference import AREAS_FILE, empty_reference_areas, read_reference_areas
from pipelines.sqlfiles import load_sql, run_sql_file

SOTKANET_DIR = Path("indicators") / "sotkanet"
# Bump when a reader changes what it stages, so files read by the old reader are read again.
SOTKANET_READER_VERSION = "1"
# Finnish population statistics begin in 1749 (Tabellverket); earlier years are typos.
MIN_YEAR = 1749
# The fingerprint of the rules the checked rows of each source were checked with.
CHECK_STATE_DDL = """
CREATE TABLE IF NOT EXISTS staging.check_state (
    source VARCHAR PRIMARY KEY,
    rules_fingerprint VARCHAR NOT NULL
)
"""


def fingerprint(path: Path) -> str:
    stat = path.stat()
    return f"v{SOTKANET_READER_VERSION}:{stat.st_size}:{stat.st_mtime_ns}"


@dg.asset(key_prefix="staging", group_name="staging")
def reference_areas(
    context: dg.AssetExecutionContext, hytemart: HytemartResource
) -> dg.MaterializeResult:
    """The curated reference areas (raw/reference/areas.csv): names in fi/sv/en, membership."""
    path = hytemart.raw_path / "reference" / AREAS_FILE
    if path.is_file():
        frame = read_reference_areas(check_inside(path, hytemart.raw_path))
    else:
        context.log.warning(f"{path} not found: areas come from Sotkanet regions.json only")
        frame = empty_reference_areas()
    with hytemart.connect() as con:
        con.register("reference_areas_input", frame)
        con.execute(
            "CREATE OR REPLACE TABLE staging.reference_area AS SELECT * FROM reference_areas_input"
        )
        con.unregister("reference_areas_input")
        metadata = table_metadata(con, "staging", "reference_area")
    metadata["source_file"] = dg.MetadataValue.path(str(path))
    return dg.MaterializeResult(metadata=metadata)


@dg.asset(key_prefix="staging", group_name="staging")
def sotkanet_metadata(
    context: dg.AssetExecutionContext, hytemart: HytemartResource
) -> dg.MaterializeResult:
    """Sotkanet regions.json and indicators.json: region ids resolved to area codes, indicator
    names, units and the sexes each indicator is published for."""
    folder = hytemart.raw_path / SOTKANET_DIR
    regions_path = folder / sotkanet.REGIONS_FILE
    indicators_path = folder / sotkanet.INDICATORS_FILE
    missing = [path for path in (regions_path, indicators_path) if not path.is_file()]
    if missing and sotkanet.data_files(folder):
        raise dg.Failure(
            description=f"Sotkanet data files are in {folder} but "
            f"{', '.join(path.name for path in missing)} is missing: save the service's "
            "/rest/1.1/regions and /rest/1.1/indicators payloads there under those names."
        )
    with hytemart.connect() as con:
        if missing:
            context.log.warning(f"no Sotkanet metadata in {folder}; no Sotkanet data either")
            regions, indicators = sotkanet.empty_regions(), sotkanet.empty_indicators()
        else:
            regions = sotkanet.read_regions(check_inside(regions_path, hytemart.raw_path))
            indicators = sotkanet.read_indicators(check_inside(indicators_path,
                                                               hytemart.raw_path))
        con.register("sotkanet_regions_input", regions)
        con.register("sotkanet_indicators_input", indicators)
        run_sql_file(con, "staging/sotkanet_regions")
        run_sql_file(con, "staging/sotkanet_indicators")
        con.unregister("sotkanet_regions_input")
        con.unregister("sotkanet_indicators_input")
        regions_meta = table_metadata(con, "staging", "sotkanet_region", preview_rows=5)
        indicators_meta = table_metadata(con, "staging", "sotkanet_indicator", preview_rows=20)
    return dg.MaterializeResult(
        metadata={
            "regions": regions_meta["dagster/row_count"],
            "indicators": indicators_meta["dagster/row_count"],
            "indicator_preview": indicators_meta["preview"],
            "region_preview": regions_meta["preview"],
            "source_files": dg.MetadataValue.json([str(regions_path), str(indicators_path)]),
        }
    )


def _max_year() -> int:
    """The latest plausible year of a value: next year (forecasts, early releases)."""
    return date.today().year + 1


def _rules_fingerprint(con: duckdb.DuckDBPyConnection) -> str:
    """What the Sotkanet row rules depend on: their SQL, the years, the indicators and the
    regions. When it changes, every staged row is checked again."""
    con.execute(CHECK_STATE_DDL)
    return con.execute(
        "SELECT md5(concat_ws('#', $sql, $min_year, $max_year, "
        "(SELECT string_agg(i::VARCHAR, '|' ORDER BY indicator_id) "
        " FROM staging.sotkanet_indicator i), "
        "(SELECT string_agg(g::VARCHAR, '|' ORDER BY region_id) FROM staging.sotkanet_region g)))",
        {"sql": load_sql("staging/sotkanet_lines") + load_sql("staging/sotkanet_values"),
         "min_year": MIN_YEAR,
         "max_year": _max_year()},
    ).fetchone()[0]


@dg.asset(key_prefix="staging", group_name="staging", deps=[sotkanet_metadata])
def sotkanet_values(
    context: dg.AssetExecutionContext, hytemart: HytemartResource
) -> dg.MaterializeResult:
    """Every Sotkanet data file (.csv/.json) read, typed and checked row by row: clean rows in
    staging.sotkanet_values, failed rows in quality.quarantine with the rule they broke."""
    folder = hytemart.raw_path / SOTKANET_DIR
    files = sotkanet.data_files(folder)
    names = {path: path.relative_to(hytemart.raw_path).as_posix() for path in files}
    read, reused, unreadable = 0, 0, []
    with hytemart.connect() as con:
        run_sql_file(con, "quality/tables")
        con.execute(sotkanet.RAW_TABLE_DDL)
        known = dict(
            con.execute(
                "SELECT source_file, fingerprint FROM staging.source_file WHERE source = 'sotkanet'"
            ).fetchall()
        )
        present = list(names.values())
        # Files that are gone take their rows with them.
        con.execute(
            "DELETE FROM staging.sotkanet_raw WHERE source_file NOT IN (SELECT unnest($present))",
            {"present": present},
        )
        con.execute(
            "DELETE FROM staging.source_file WHERE source = 'sotkanet' "
            "AND source_file NOT IN (SELECT unnest($present))",
            {"present": present},
        )
        prints = {path: fingerprint(path) for path in files}  # one stat per file, kept as read
        changed = [path for path in files if known.get(names[path]) != prints[path]]
        # The checked rows of unchanged files are kept while the rules and what they check
        # against (indicators, regions, years) stay the same. Forgotten until the check has
        # run, so that a build that fails half-way checks everything again next time.
        rules = _rules_fingerprint(con)
        recheck_all = con.execute(
            "SELECT count(*) = 0 FROM staging.check_state WHERE source = 'sotkanet' "
            "AND rules_fingerprint = $rules", {"rules": rules}).fetchone()[0]
        con.execute("DELETE FROM staging.check_state WHERE source = 'sotkanet'")
        reused = len(files) - len(changed)
        # Clean CSV exports in one parallel scan; JSON, and any file the batch cannot take,
        # one by one (which also isolates a bad file and numbers its lines exactly).
        refused = {path: error for path in changed
                   if (error := escape_error(path, hytemart.raw_path)) is not None}
        batch = [path for path in changed
                 if path not in refused and sotkanet.is_clean_csv_export(path)]
        if len(batch) > 1:
            context.log.info(f"reading {len(batch)} CSV exports in one scan")
            batch_rows = sotkanet.stage_csv_exports(con, [(path, names[path]) for path in batch])
        else:
            batch_rows = None
        for number, path in enumerate(changed, start=1):
            name = names[path]
            if batch_rows is not None and name in batch_rows:
                status, error, rows, file_format = "loaded", None, batch_rows[name], "csv"
            else:
                context.log.info(f"[{number}/{len(changed)}] reading {name}")
                try:
                    if path in refused:
                        raise refused[path]
                    staged = sotkanet.stage_data_file(con, path, name)
                    status, error = "loaded", None
                    rows, file_format = staged.rows_read, staged.file_format
                except SourceFormatError as exc:
                    context.log.error(f"cannot read {name}: {exc}")
                    con.execute("DELETE FROM staging.sotkanet_raw WHERE source_file = $f",
                                {"f": name})
                    status, error, rows, file_format = "unreadable", str(exc), 0, None
                    unreadable.append(str(exc))
            read += 1
            con.execute(
                "INSERT OR REPLACE INTO staging.source_file VALUES "
                "('sotkanet', $f, $format, $fp, $status, $error, $rows, now(), $run_id)",
                {"f": name, "format": file_format, "fp": prints[path], "status": status,
                 "error": error, "rows": rows, "run_id": context.run.run_id},
            )
        context.log.info("checking every staged row" if recheck_all else
                         f"checking the rows of {len(changed)} changed files")
        run_sql_file(con, "staging/sotkanet_lines")
        run_sql_file(
            con,
            "staging/sotkanet_values",
            {"min_year": MIN_YEAR, "max_year": _max_year(), "run_id": context.run.run_id,
             "files": [names[path] for path in changed], "recheck_all": recheck_all},
        )
        con.execute("INSERT INTO staging.check_state VALUES ('sotkanet', $rules)",
                    {"rules": rules})
        (checked,) = con.execute(
            "SELECT count(*) FROM staging.sotkanet_checked "
            "WHERE $all OR source_file IN (SELECT unnest($files))",
            {"all": recheck_all, "files": [names[path] for path in changed]},
        ).fetchone()
        by_rule = con.execute(
            "SELECT rule, count(*) AS rows, any_value(message) AS example "
            "FROM quality.quarantine WHERE source = 'sotkanet' GROUP BY rule ORDER BY rows DESC"
        ).df()
        previously_unreadable = con.execute(
            "SELECT error_message FROM staging.source_file WHERE source = 'sotkanet' "
            "AND file_status = 'unreadable'"
        ).fetchall()
        metadata = table_metadata(con, "staging", "sotkanet_values")
    context.log.info(
        f"Sotkanet: {len(files)} data files, {read} read, {reused} unchanged, "
        f"{len(previously_unreadable)} unreadable; {int(by_rule['rows'].sum())} rows quarantined"
    )
    metadata.update(
        {
            "files": dg.MetadataValue.int(len(files)),
            "files_read": dg.MetadataValue.int(read),
            "files_unchanged": dg.MetadataValue.int(reused),
            "rows_checked": dg.MetadataValue.int(checked),
            "all_rows_checked": dg.MetadataValue.bool(recheck_all),
            "files_unreadable": dg.MetadataValue.json([row[0] for row in previously_unreadable]),
            "rows_quarantined": dg.MetadataValue.int(int(by_rule["rows"].sum())),
            "quarantine_by_rule": dg.MetadataValue.md(
                by_rule.to_markdown(index=False) if len(by_rule) else "nothing quarantined"
            ),
            "source_files": dg.MetadataValue.json(present),
        }
    )
    return dg.MaterializeResult(metadata=metadata)
