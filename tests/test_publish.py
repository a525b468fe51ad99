"""Publishing on its own: atomic swap, rollback history, and nothing half-written on failure."""

import os
import stat
from pathlib import Path

import duckdb
import pytest

from pipelines.publish import publication
from pipelines.publish.publication import publish
from pipelines.publish.warehouse import WarehousePaths, connect_work


def work_with_mart(paths: WarehousePaths, rows: int) -> None:
    with connect_work(paths) as con:
        con.execute("CREATE OR REPLACE TABLE mart.t AS SELECT range AS id FROM range($n)",
                    {"n": rows})
        con.execute("COMMENT ON TABLE mart.t IS 'a test table'")
        con.execute("COMMENT ON COLUMN mart.t.id IS 'it''s the id'")
        con.execute("CREATE OR REPLACE VIEW mart.v AS SELECT count(*) AS n FROM mart.t")
        con.execute("CREATE OR REPLACE TABLE staging.private AS SELECT 1 AS x")


def published_count(paths: WarehousePaths) -> int:
    con = duckdb.connect(str(paths.published), read_only=True)
    try:
        return con.execute("SELECT count(*) FROM mart.t").fetchone()[0]
    finally:
        con.close()


def run_publish(paths: WarehousePaths, run_id: str, keep: int = 2):
    with connect_work(paths) as con:
        return publish(con, paths, run_id, keep)


def test_publish_copies_mart_with_comments_and_views_not_staging(tmp_path: Path) -> None:
    paths = WarehousePaths(tmp_path)
    work_with_mart(paths, 3)
    result = run_publish(paths, "run-1")
    assert result.table_rows == {"mart.t": 3}
    assert result.previous is None
    con = duckdb.connect(str(paths.published), read_only=True)
    assert con.execute("SELECT comment FROM duckdb_tables() WHERE table_name = 't'"
                       ).fetchone() == ("a test table",)
    assert con.execute("SELECT comment FROM duckdb_columns() WHERE table_name = 't'"
                       ).fetchone() == ("it's the id",)
    assert con.execute("SELECT n FROM mart.v").fetchone() == (3,)
    assert con.execute("SELECT count(*) FROM duckdb_tables() WHERE schema_name = 'staging'"
                       ).fetchone() == (0,)
    con.close()


def test_history_keeps_the_last_publications(tmp_path: Path) -> None:
    paths = WarehousePaths(tmp_path)
    for number in range(1, 5):
        work_with_mart(paths, number)
        run_publish(paths, f"run-{number}", keep=2)
    assert published_count(paths) == 4
    history = sorted(paths.history_dir.glob("hytemart-*.duckdb"))
    assert len(history) == 2
    counts = []
    for path in history:
        con = duckdb.connect(str(path), read_only=True)
        counts.append(con.execute("SELECT count(*) FROM mart.t").fetchone()[0])
        con.close()
    assert counts == [2, 3]


def test_a_failed_publish_leaves_the_published_mart_as_it_was(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    paths = WarehousePaths(tmp_path)
    work_with_mart(paths, 3)
    run_publish(paths, "run-1")
    before = paths.published.read_bytes()
    work_with_mart(paths, 7)

    def broken_verify(path: Path, expected: dict[str, int]) -> None:
        raise RuntimeError("disk full (simulated)")

    monkeypatch.setattr(publication, "verify", broken_verify)
    with pytest.raises(RuntimeError, match="simulated"):
        run_publish(paths, "run-2")
    assert paths.published.read_bytes() == before
    assert published_count(paths) == 3
    assert [path.name for path in tmp_path.iterdir() if path.name.endswith((".tmp", ".wal"))] == []


def test_replacements_publish_another_relation_in_a_tables_place(tmp_path: Path) -> None:
    paths = WarehousePaths(tmp_path)
    work_with_mart(paths, 3)
    with connect_work(paths) as con:
        con.execute("CREATE SCHEMA IF NOT EXISTS protected")
        con.execute("CREATE OR REPLACE VIEW protected.t AS "
                    "SELECT id, id = 1 AS hidden FROM mart.t WHERE id > 0")
        con.execute("COMMENT ON COLUMN protected.t.hidden IS 'hidden here'")
        result = publish(con, paths, "run-1", 2, {"mart.t": "protected.t"})
        with pytest.raises(ValueError, match=r"mart\.nope"):
            publish(con, paths, "run-2", 2, {"mart.nope": "protected.t"})
    assert result.table_rows == {"mart.t": 2}
    con = duckdb.connect(str(paths.published), read_only=True)
    try:
        # The table keeps its own comments; the replacement adds those of its extra columns.
        assert con.execute("SELECT column_name, comment FROM duckdb_columns() "
                           "WHERE table_name = 't' ORDER BY column_index").fetchall() == [
            ("id", "it's the id"), ("hidden", "hidden here")]
        assert con.execute("SELECT comment FROM duckdb_tables() WHERE table_name = 't'"
                           ).fetchone() == ("a test table",)
        assert con.execute("SELECT n FROM mart.v").fetchone() == (2,)  # views read the copy
    finally:
        con.close()
    # The restricted file got the table as it is.
    restricted = duckdb.connect(str(paths.restricted), read_only=True)
    try:
        assert restricted.execute("SELECT count(*) FROM mart.t").fetchone() == (3,)
    finally:
        restricted.close()


def test_a_failed_restricted_file_leaves_both_files_as_they_were(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    paths = WarehousePaths(tmp_path)
    work_with_mart(paths, 3)
    run_publish(paths, "run-1")
    before = paths.published.read_bytes(), paths.restricted.read_bytes()
    work_with_mart(paths, 7)
    verify = publication.verify

    def restricted_fails(path: Path, expected: dict[str, int]) -> None:
        if "restricted" in path.name:
            raise RuntimeError("disk full (simulated)")
        verify(path, expected)

    monkeypatch.setattr(publication, "verify", restricted_fails)
    with pytest.raises(RuntimeError, match="simulated"):
        run_publish(paths, "run-2")
    # The published file was written first, but is swapped in only with the restricted one.
    assert (paths.published.read_bytes(), paths.restricted.read_bytes()) == before
    leftovers = [path.name for folder in (tmp_path, paths.restricted.parent)
                 for path in folder.iterdir() if path.name.endswith((".tmp", ".wal"))]
    assert leftovers == []


def test_restricted_folder_is_the_owners_and_stale_temporary_files_go(tmp_path: Path) -> None:
    paths = WarehousePaths(tmp_path)
    work_with_mart(paths, 3)
    paths.restricted.parent.mkdir(parents=True)
    os.chmod(paths.restricted.parent, 0o755)
    stale = paths.restricted.parent / f".{paths.restricted.name}.killed-run.tmp"
    stale.write_bytes(b"an unprotected copy a killed publish left")
    run_publish(paths, "run-1")
    assert stat.S_IMODE(paths.restricted.parent.stat().st_mode) == 0o700
    assert not stale.exists()


def test_a_work_file_of_an_older_layout_is_rebuilt(tmp_path: Path) -> None:
    paths = WarehousePaths(tmp_path)
    paths.work_db.parent.mkdir(parents=True)
    old = duckdb.connect(str(paths.work_db))
    old.execute("CREATE SCHEMA staging")
    old.execute("CREATE TABLE staging.sotkanet_values AS SELECT 1 AS x")  # now a view
    old.close()
    with connect_work(paths) as con:
        assert con.execute("SELECT count(*) FROM duckdb_tables() WHERE schema_name = 'staging'"
                           ).fetchone() == (0,)
        con.execute("CREATE TABLE staging.kept AS SELECT 1 AS x")
    with connect_work(paths) as con:  # the current layout is kept as it is
        assert con.execute("SELECT count(*) FROM staging.kept").fetchone() == (1,)
