"""The reference point: what DuckDB alone needs to read the same files and apply the same rules.

    python bench/bare_duckdb.py RAW_DIR WORK_FILE
"""

import sys
import time
from pathlib import Path

import duckdb


def main(raw: Path, work: Path) -> None:
    started = time.monotonic()
    folder = raw / "indicators" / "sotkanet"
    work.unlink(missing_ok=True)
    con = duckdb.connect(str(work))
    con.execute(
        "CREATE TABLE raw AS SELECT * FROM read_csv($glob, delim=';', header=true, "
        "all_varchar=true, filename=true)", {"glob": str(folder / "sotkanet_*.csv")})
    con.execute("CREATE TABLE region AS SELECT id, code, category FROM read_json($p)",
                {"p": str(folder / "regions.json")})
    con.execute("CREATE TABLE indicator AS SELECT id FROM read_json($p)",
                {"p": str(folder / "indicators.json")})
    con.execute("""
        CREATE TABLE checked AS
        SELECT r.*, TRY_CAST("primary value" AS DOUBLE) AS value, g.id IS NULL AS bad_region,
               i.id IS NULL AS bad_indicator, TRY_CAST(year AS INTEGER) AS y
        FROM raw r
        LEFT JOIN region g ON g.id = TRY_CAST(r.region AS BIGINT)
        LEFT JOIN indicator i ON i.id = TRY_CAST(r.indicator AS BIGINT)
    """)
    con.execute("""CREATE TABLE clean AS SELECT * FROM checked WHERE NOT bad_region
                   AND NOT bad_indicator AND y BETWEEN 1900 AND 2100
                   AND gender IN ('male', 'female', 'total')""")
    con.execute("""CREATE TABLE quarantine AS SELECT * FROM checked WHERE bad_region
                   OR bad_indicator OR y IS NULL OR y NOT BETWEEN 1900 AND 2100""")
    clean = con.execute("SELECT count(*) FROM clean").fetchone()[0]
    con.close()
    print(f"bare duckdb: {clean} clean rows in {time.monotonic() - started:.1f} s")


if __name__ == "__main__":
    main(Path(sys.argv[1]), Path(sys.argv[2]))
