"""The published mart opens in a DuckDB 1.x client, as most BI drivers ship one."""

import json
import subprocess
import sys
from pathlib import Path

import duckdb
import pytest

CLI = Path(sys.executable).with_name("duckdb")  # the duckdb-cli package: DuckDB 1.5.6


def cli(*args: str) -> subprocess.CompletedProcess:
    if not CLI.exists():
        pytest.fail(f"{CLI} not found: the dev dependencies (duckdb-cli) are not installed")
    return subprocess.run([str(CLI), *args], capture_output=True, text=True, timeout=60)


def test_the_client_is_duckdb_1() -> None:
    assert cli("--version").stdout.startswith("v1.")


def test_a_duckdb_1_client_reads_the_published_mart(sample_raw, build, tmp_path) -> None:
    assert build(sample_raw).success
    published = tmp_path / "warehouse" / "hytemart.duckdb"
    sql = ("SELECT area_code, latest_period, latest_value FROM report.latest_value "
           "WHERE indicator_code = 'sotkanet:127' AND group_code = 'total.total.total' "
           "ORDER BY area_code")
    done = cli("-readonly", "-json", str(published), "-c", sql)
    assert done.returncode == 0, done.stderr
    from_1x = [(row["area_code"], row["latest_period"], row["latest_value"])
               for row in json.loads(done.stdout)]
    con = duckdb.connect(str(published), read_only=True)
    assert from_1x == con.execute(sql).fetchall()
    con.close()
    assert ("KU049", "2023", 314000.0) in from_1x


def test_a_file_in_duckdb_2_storage_is_what_it_could_not_open(tmp_path: Path) -> None:
    """The control: without the v1.4.0 storage version the 1.x client fails."""
    path = tmp_path / "new_format.duckdb"
    con = duckdb.connect(str(path), config={"storage_compatibility_version": "latest"})
    con.execute("CREATE TABLE t AS SELECT 1 AS x")
    con.close()
    done = cli("-readonly", str(path), "-c", "SELECT * FROM t")
    assert done.returncode != 0
    assert "version" in done.stderr.lower()
