"""Incremental publication: a copy of the previous file with the changed indicators rewritten
is the same as a file written whole, and is used only when it is safe."""

import os
import shutil
from pathlib import Path

import duckdb
import pytest

from pipelines.publish import publication
from pipelines.publish.publication import publish
from pipelines.publish.warehouse import WarehousePaths, connect_work

FACTS = "mart.fact_indicator_value"
CLI = Path(os.sys.executable).with_name("duckdb")  # the duckdb-cli package: DuckDB 1.5.6


def work_with_facts(paths: WarehousePaths, values: dict[str, list[float]]) -> None:
    """Facts of indicators (code -> a value per year from 2020), a dimension, the materialized
    latest-value view and a view over it, as the mart has them."""
    rows = [(code, "KU049", str(2020 + year), value)
            for code, series in values.items() for year, value in enumerate(series)]
    with connect_work(paths) as con:
        con.execute("CREATE OR REPLACE TABLE mart.fact_indicator_value (indicator_code VARCHAR, "
                    "area_code VARCHAR, period VARCHAR, value DOUBLE)")
        con.executemany("INSERT INTO mart.fact_indicator_value VALUES (?, ?, ?, ?)", rows)
        con.execute("COMMENT ON TABLE mart.fact_indicator_value IS 'facts'")
        con.execute("CREATE OR REPLACE TABLE mart.dim_indicator AS "
                    "SELECT DISTINCT indicator_code FROM mart.fact_indicator_value")
        con.execute("CREATE OR REPLACE VIEW mart.fact_latest_value AS SELECT indicator_code, "
                    "area_code, arg_max(value, period) AS latest_value "
                    "FROM mart.fact_indicator_value GROUP BY ALL")
        con.execute("COMMENT ON VIEW mart.fact_latest_value IS 'latest'")
        con.execute("CREATE SCHEMA IF NOT EXISTS report")
        con.execute("CREATE OR REPLACE VIEW report.latest AS SELECT * FROM mart.fact_latest_value "
                    "JOIN mart.dim_indicator USING (indicator_code)")


def run_publish(paths: WarehousePaths, run_id: str) -> publication.PublishResult:
    with connect_work(paths) as con:
        return publish(con, paths, run_id, 3)


def content(path: Path) -> dict[str, list[tuple]]:
    con = duckdb.connect(str(path), read_only=True)
    try:
        names = [f"{schema}.{name}" for schema, name in con.execute(
            "SELECT schema_name, table_name FROM duckdb_tables() UNION ALL "
            "SELECT schema_name, view_name FROM duckdb_views() WHERE NOT internal").fetchall()]
        return {name: sorted(con.execute(f"SELECT * FROM {name}").fetchall())
                for name in sorted(names)}
    finally:
        con.close()


def test_a_changed_indicator_is_rewritten_in_a_copy_that_equals_a_whole_write(
    tmp_path: Path,
) -> None:
    paths = WarehousePaths(tmp_path / "incremental")
    values = {"a:1": [1.0, 2.0], "a:2": [3.0, 4.0], "a:3": [5.0, 6.0], "a:5": [9.0, 9.5]}
    work_with_facts(paths, values)
    first = run_publish(paths, "run-1")
    assert first.how[0].startswith("written whole") and first.how[1].startswith("written whole")
    values["a:2"] = [3.0, 4.5, 7.0]  # a value changed, a year added
    del values["a:3"]  # an indicator gone
    values["a:4"] = [8.0]  # one new
    work_with_facts(paths, values)
    second = run_publish(paths, "run-2")
    # 4 of 8 rows deleted (a:2, a:3): at most half the facts, so a copy.
    assert second.how[0] == ("copied from the previous file, 3 parts of "
                             "mart.fact_indicator_value rewritten (4 of 8 rows)")
    assert second.table_rows["mart.fact_indicator_value"] == 8
    # The same as a file written whole from the same work database.
    whole = WarehousePaths(tmp_path / "whole")
    work_with_facts(whole, values)
    run_publish(whole, "run-1")
    assert content(paths.published) == content(whole.published)
    assert content(paths.restricted) == content(whole.restricted)
    assert content(paths.published)["report.latest"] == [
        ("a:1", "KU049", 2.0), ("a:2", "KU049", 7.0), ("a:4", "KU049", 8.0),
        ("a:5", "KU049", 9.5)]
    # The previous file stays in history as it was.
    (kept,) = sorted(paths.history_dir.glob("hytemart-*.duckdb"))
    assert content(kept)["mart.fact_latest_value"] == [
        ("a:1", "KU049", 2.0), ("a:2", "KU049", 4.0), ("a:3", "KU049", 6.0),
        ("a:5", "KU049", 9.5)]


def test_nothing_changed_rewrites_no_indicator(tmp_path: Path) -> None:
    paths = WarehousePaths(tmp_path)
    work_with_facts(paths, {"a:1": [1.0], "a:2": [2.0]})
    run_publish(paths, "run-1")
    again = run_publish(paths, "run-2")
    assert "no part rewritten" in again.how[0] and "no part rewritten" in again.how[1]


def test_a_file_put_back_by_hand_or_another_layout_is_written_whole(tmp_path: Path) -> None:
    paths = WarehousePaths(tmp_path)
    work_with_facts(paths, {"a:1": [1.0], "a:2": [2.0]})
    run_publish(paths, "run-1")
    # A rollback: a copy of the file, renamed over the published one.
    shutil.copyfile(paths.published, tmp_path / "copy.duckdb")
    os.replace(tmp_path / "copy.duckdb", paths.published)
    result = run_publish(paths, "run-2")
    assert "not the one last published" in result.how[0]
    assert "no part rewritten" in result.how[1]  # the restricted file was not touched
    with connect_work(paths) as con:
        con.execute("ALTER TABLE mart.dim_indicator ADD COLUMN name VARCHAR")
    assert "tables, views" in run_publish(paths, "run-3").how[0]


def test_mostly_rewritten_files_are_written_whole_again(tmp_path: Path) -> None:
    paths = WarehousePaths(tmp_path)
    work_with_facts(paths, {f"a:{n}": [1.0] for n in range(4)})
    run_publish(paths, "run-1")
    work_with_facts(paths, {f"a:{n}": [2.0 if n == 0 else 1.0] for n in range(4)})
    assert "1 parts of mart.fact_indicator_value" in run_publish(paths, "run-2").how[0]
    # 1 of 4 rows deleted before, 2 more now: past half the facts since written whole.
    work_with_facts(paths, {f"a:{n}": [2.0 if n < 3 else 1.0] for n in range(4)})
    assert "more than half the rows deleted" in run_publish(paths, "run-3").how[0]


def test_a_failed_patch_leaves_the_published_mart_as_it_was(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    paths = WarehousePaths(tmp_path)
    work_with_facts(paths, {"a:1": [1.0], "a:2": [2.0]})
    run_publish(paths, "run-1")
    before = paths.published.read_bytes(), paths.restricted.read_bytes()
    work_with_facts(paths, {"a:1": [1.5], "a:2": [2.0]})

    def broken_verify(path: Path, expected: dict[str, int]) -> None:
        raise RuntimeError("disk full (simulated)")

    monkeypatch.setattr(publication, "verify", broken_verify)
    with pytest.raises(RuntimeError, match="simulated"):
        run_publish(paths, "run-2")
    assert (paths.published.read_bytes(), paths.restricted.read_bytes()) == before
    leftovers = [path.name for folder in (tmp_path, paths.restricted.parent)
                 for path in folder.iterdir() if path.name.endswith((".tmp", ".wal"))]
    assert leftovers == []
    # The state still describes the published files: the next run patches them.
    monkeypatch.undo()
    result = run_publish(paths, "run-3")
    assert "1 parts of mart.fact_indicator_value" in result.how[0]
    assert content(paths.published)["mart.fact_indicator_value"] == [
        ("a:1", "KU049", "2020", 1.5), ("a:2", "KU049", "2020", 2.0)]


def test_a_patched_file_opens_in_a_duckdb_1_client(tmp_path: Path) -> None:
    import subprocess

    if not CLI.exists():
        pytest.fail(f"{CLI} not found: the dev dependencies (duckdb-cli) are not installed")
    paths = WarehousePaths(tmp_path)
    work_with_facts(paths, {"a:1": [1.0], "a:2": [2.0]})
    run_publish(paths, "run-1")
    work_with_facts(paths, {"a:1": [1.0], "a:2": [2.5]})
    assert "1 parts of mart.fact_indicator_value" in run_publish(paths, "run-2").how[0]
    done = subprocess.run([str(CLI), "-readonly", "-csv", str(paths.published), "-c",
                           "SELECT indicator_code, latest_value FROM report.latest ORDER BY 1"],
                          capture_output=True, text=True, timeout=60)
    assert done.returncode == 0, done.stderr
    assert done.stdout.split() == ["indicator_code,latest_value", "a:1,1.0", "a:2,2.5"]


def test_the_quarantine_is_patched_by_source_file(tmp_path: Path) -> None:
    paths = WarehousePaths(tmp_path)
    work_with_facts(paths, {"a:1": [1.0], "a:2": [2.0]})

    def quarantine(rows: list[tuple[str, int]]) -> None:
        with connect_work(paths) as con:
            con.execute("CREATE SCHEMA IF NOT EXISTS quality")
            con.execute("CREATE OR REPLACE TABLE quality.quarantine "
                        "(source_file VARCHAR, row_number BIGINT)")
            con.executemany("INSERT INTO quality.quarantine VALUES (?, ?)", rows)

    quarantine([("f1.csv", 1), ("f1.csv", 2), ("f2.csv", 7), ("f3.csv", 1)])
    run_publish(paths, "run-1")
    quarantine([("f1.csv", 1), ("f1.csv", 2), ("f2.csv", 8), ("f3.csv", 1)])
    result = run_publish(paths, "run-2")
    assert result.how[0] == ("copied from the previous file, 1 parts of quality.quarantine "
                             "rewritten (1 of 6 rows)")
    assert content(paths.published)["quality.quarantine"] == [
        ("f1.csv", 1), ("f1.csv", 2), ("f2.csv", 8), ("f3.csv", 1)]


def test_both_files_are_compared_through_one_change_source(tmp_path: Path) -> None:
    """The published file's facts come through a protecting view; the change source (the facts
    with what is hidden) tells which indicators changed in either file."""
    paths = WarehousePaths(tmp_path)
    work_with_facts(paths, {"a:1": [1.0], "a:2": [2.0], "a:3": [3.0]})

    def hide(codes: list[str]) -> None:
        with connect_work(paths) as con:
            con.execute("CREATE SCHEMA IF NOT EXISTS protected")
            con.execute("CREATE OR REPLACE TABLE protected.hidden AS "
                        "SELECT unnest($codes::VARCHAR[]) AS indicator_code", {"codes": codes})
            con.execute("CREATE OR REPLACE VIEW protected.with_hidden AS SELECT f.*, "
                        "h.indicator_code IS NOT NULL AS hidden FROM mart.fact_indicator_value f "
                        "LEFT JOIN protected.hidden h USING (indicator_code)")
            con.execute("CREATE OR REPLACE VIEW protected.facts AS SELECT indicator_code, "
                        "area_code, period, CASE WHEN NOT hidden THEN value END AS value "
                        "FROM protected.with_hidden")

    def run(run_id: str) -> publication.PublishResult:
        with connect_work(paths) as con:
            return publish(con, paths, run_id, 3, {FACTS: "protected.facts"}, {},
                           {FACTS: "protected.with_hidden"})

    hide([])
    run("run-1")
    hide(["a:2"])  # the facts are the same, one indicator is now hidden
    result = run("run-2")
    assert result.how[0].startswith("copied from the previous file, 1 parts of " + FACTS)
    assert content(paths.published)["mart.fact_indicator_value"] == [
        ("a:1", "KU049", "2020", 1.0), ("a:2", "KU049", "2020", None),
        ("a:3", "KU049", "2020", 3.0)]


def stored_areas(path: Path) -> list[str]:
    """The facts' area codes in the order the file stores them."""
    con = duckdb.connect(str(path), read_only=True)
    try:
        return [area for (area,) in con.execute(
            "SELECT area_code FROM mart.fact_indicator_value ORDER BY rowid").fetchall()]
    finally:
        con.close()


def test_the_published_facts_are_stored_by_area(tmp_path: Path) -> None:
    """Dashboards filter the facts by area; stored by area code, DuckDB skips the row groups of
    the other areas (its string statistics keep 8 bytes, too few to tell Sotkanet's indicator
    codes apart). A patch puts the changed indicators' rows after the others, by area too."""
    paths = WarehousePaths(tmp_path)
    areas = ["SSS", "KU091", "HVA03", "KU049"]  # as the source files list them, not sorted

    def work(latest: float) -> None:
        with connect_work(paths) as con:
            con.execute("CREATE OR REPLACE TABLE mart.fact_indicator_value (indicator_code "
                        "VARCHAR, area_code VARCHAR, period VARCHAR, value DOUBLE)")
            con.executemany("INSERT INTO mart.fact_indicator_value VALUES (?, ?, ?, ?)",
                            [(f"a:{code}", area, "2020", latest if code == 2 else 1.0)
                             for code in range(3) for area in areas])

    work(1.0)
    run_publish(paths, "run-1")
    assert stored_areas(paths.published) == sorted(area for area in areas for _ in range(3))
    # The restricted file, which no dashboard reads, keeps the work database's order.
    assert stored_areas(paths.restricted) == areas * 3
    work(2.0)  # one indicator of three changed: its rows are rewritten at the end
    assert "1 parts of mart.fact_indicator_value" in run_publish(paths, "run-2").how[0]
    assert stored_areas(paths.published) == (
        sorted(area for area in areas for _ in range(2)) + sorted(areas))
