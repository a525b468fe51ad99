"""Nothing restricted in the published file, the restricted file its owner's only, and no
unprotected value in the build's logs. Checked on the hostile sample build, table by table
against the restricted file: no raw record, no unprotected small count, no reason column."""

import stat
from pathlib import Path

import duckdb

from pipelines.assets.metadata import UNPROTECTED_COLUMNS
from pipelines.publish.warehouse import WarehousePaths
from pipelines.sqlfiles import quote_ident

from .conftest import Built

THRESHOLD = 5  # the build's default HYTEMART_SUPPRESSION_THRESHOLD
REASON_COLUMNS = {"suppression", "suppression_reason", "reason"}


def tables(con: duckdb.DuckDBPyConnection) -> dict[str, list[str]]:
    found: dict[str, list[str]] = {}
    for schema, table, column in con.execute(
        "SELECT schema_name, table_name, column_name FROM duckdb_columns() "
        "WHERE database_name = current_database() ORDER BY schema_name, table_name, column_index"
    ).fetchall():
        found.setdefault(f"{schema}.{table}", []).append(column)
    return found


def open_pair(warehouse: Path) -> duckdb.DuckDBPyConnection:
    paths = WarehousePaths(warehouse)
    con = duckdb.connect(str(paths.published), read_only=True)
    con.execute("ATTACH $path AS restricted (READ_ONLY)", {"path": str(paths.restricted)})
    return con


def test_every_published_table_holds_nothing_the_restricted_one_keeps(
    hostile_build: Built,
) -> None:
    con = open_pair(hostile_build.warehouse)
    published = tables(con)
    con.execute("USE restricted")
    restricted = tables(con)
    con.execute("USE hytemart")
    assert published.keys() == restricted.keys()
    for name, columns in published.items():
        assert not REASON_COLUMNS & set(columns), f"{name} says why cells are hidden"
        assert set(columns) <= set(restricted[name]), name
    assert "suppression" in restricted["mart.fact_indicator_value"]
    # No raw record: empty in the published quarantine, and none of the restricted file's raw
    # records appears in any text column of any published table or view.
    assert con.execute("SELECT count(*) FROM quality.quarantine WHERE raw_record IS NOT NULL "
                       "AND raw_record <> ''").fetchone() == (0,)
    raw_records = [record for (record,) in con.execute(
        "SELECT DISTINCT raw_record FROM restricted.quality.quarantine "
        "WHERE length(raw_record) >= 12").fetchall()]
    assert raw_records, "the sample has quarantined rows with raw records to look for"
    con.execute("CREATE TEMP TABLE raw_records AS SELECT unnest($r) AS record",
                {"r": raw_records})
    for schema, table, column in con.execute(
        "SELECT schema_name, table_name, column_name FROM duckdb_columns() "
        "WHERE database_name = 'hytemart' AND data_type = 'VARCHAR'").fetchall():
        relation = f"{quote_ident(schema)}.{quote_ident(table)}"
        (leaked,) = con.execute(
            f"SELECT count(*) FROM {relation} p JOIN raw_records r "
            f"ON strpos(p.{quote_ident(column)}, r.record) > 0").fetchone()
        assert leaked == 0, f"{schema}.{table}.{column} repeats a raw record"


def test_no_unprotected_small_count_is_published(hostile_build: Built) -> None:
    con = open_pair(hostile_build.warehouse)
    keys = "indicator_code, area_code, period, group_code"
    small = con.execute(
        f"SELECT {keys}, r.value, r.absolute_value, r.suppression "
        f"FROM restricted.mart.fact_indicator_value r "
        f"JOIN restricted.mart.dim_indicator i USING (indicator_code) "
        f"WHERE (CASE WHEN i.unit = 'count' THEN r.value ELSE r.absolute_value END) "
        f"BETWEEN 0.5 AND $t - 0.5", {"t": THRESHOLD}).fetchall()
    assert small, "the sample has small counts to protect"
    for *key, _, _, reason in small:
        published = con.execute(
            f"SELECT status, value, absolute_value FROM mart.fact_indicator_value "
            f"WHERE ({keys}) = ($i, $a, $p, $g)",
            dict(zip("iapg", key, strict=True))).fetchall()
        assert published == [("suppressed", None, None)], (key, reason, published)
    # And every hidden cell is hidden whole, in the table and in every report view.
    assert con.execute("SELECT count(*) FROM mart.fact_indicator_value WHERE status = "
                       "'suppressed' AND (value IS NOT NULL OR absolute_value IS NOT NULL)"
                       ).fetchone() == (0,)
    assert con.execute("SELECT count(*) FROM report.time_series WHERE status = 'suppressed' "
                       "AND value IS NOT NULL").fetchone() == (0,)


def test_the_restricted_folder_and_files_are_the_owners_only(hostile_build: Built) -> None:
    paths = WarehousePaths(hostile_build.warehouse)
    folder = paths.restricted.parent
    assert stat.S_IMODE(folder.stat().st_mode) == 0o700
    for path in [paths.restricted, *folder.rglob("*.duckdb")]:
        assert stat.S_IMODE(path.stat().st_mode) & 0o077 == 0, path


def test_the_logs_carry_no_raw_record_and_no_unprotected_value(hostile_build: Built) -> None:
    log = hostile_build.events_text
    con = open_pair(hostile_build.warehouse)
    raw_records = [record for (record,) in con.execute(
        "SELECT DISTINCT raw_record FROM restricted.quality.quarantine "
        "WHERE length(raw_record) >= 12").fetchall()]
    assert raw_records
    assert [record for record in raw_records if record in log] == []
    # Previews in the event log leave out every column that holds values or records.
    headers = [line for line in log.splitlines() if line.startswith("|") and "---" not in line]
    assert headers, "the build logs table previews"
    for line in headers:
        cells = {cell.strip() for cell in line.strip("|").split("|")}
        assert not cells & UNPROTECTED_COLUMNS, line
