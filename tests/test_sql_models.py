"""SQL models of sql/ingest and sql/mart run on small inputs, checked against expected rows."""

from pathlib import Path

import duckdb
import pandas as pd
import pytest

from pipelines.ingest import sotkanet
from pipelines.ingest.reference import empty_reference_areas
from pipelines.sqlfiles import run_sql_file

HEADER = "indicator;region;year;gender;primary value;absolute value\n"


@pytest.fixture()
def con(realdata_dir: Path) -> duckdb.DuckDBPyConnection:
    """A work database with the real 2016 Sotkanet metadata staged."""
    connection = duckdb.connect()
    for schema in ("staging", "quality", "mart"):
        connection.execute(f"CREATE SCHEMA {schema}")
    run_sql_file(connection, "checks/tables")
    connection.register(
        "sotkanet_regions_input", sotkanet.read_regions(realdata_dir / "sotkanet/regions_2016.json")
    )
    connection.register(
        "sotkanet_indicators_input",
        sotkanet.read_indicators(realdata_dir / "sotkanet/indicators_2016_subset.json"),
    )
    run_sql_file(connection, "ingest/sotkanet_regions")
    run_sql_file(connection, "ingest/sotkanet_indicators")
    yield connection
    connection.close()


def area_codes(con: duckdb.DuckDBPyConnection) -> dict[int, tuple[str, str]]:
    rows = con.execute("SELECT region_id, area_code, area_level FROM staging.sotkanet_region")
    return {region_id: (code, level) for region_id, code, level in rows.fetchall()}


def test_every_region_category_gets_a_unique_area_code(con) -> None:
    codes = area_codes(con)
    assert len(codes) == 511
    assert codes[20] == ("KU049", "municipality")  # Espoo
    assert codes[658] == ("SSS", "country")
    assert codes[488] == ("MK01", "region")  # Uusimaa
    assert codes[510] == ("SK011", "sub_region")  # Helsingin seutukunta
    assert codes[833] == ("AVI1", "avi_area")
    assert codes[727] == ("FI1", "nuts1")  # Mainland Finland: its NUTS code
    assert codes[1007] == ("SOTKANET_EUROOPPA_040", "sotkanet_eurooppa")  # Austria
    assert codes[1045] == ("SOTKANET_POHJOISMAAT_246", "sotkanet_pohjoismaat")  # Finland, Nordic
    assert len({code for code, _ in codes.values()}) == 511


def test_wellbeing_county_codes_follow_statistics_finland() -> None:
    connection = duckdb.connect()
    connection.execute("CREATE SCHEMA staging")
    frame = sotkanet.empty_regions()
    frame.loc[0] = [969, "3", "HYVINVOINTIALUE", "Länsi-Uudenmaan hyvinvointialue", None, None, []]
    frame.loc[1] = [960, "90", "HYVINVOINTIALUE", "Helsingin kaupunki", None, None, []]
    connection.register("sotkanet_regions_input", frame)
    run_sql_file(connection, "ingest/sotkanet_regions")
    assert dict(area_codes(connection)) == {969: ("HVA03", "wellbeing_county"),
                                            960: ("HVA90", "wellbeing_county")}


def stage_and_check(con: duckdb.DuckDBPyConnection, tmp_path: Path, lines: list[str]) -> None:
    path = tmp_path / "rows.csv"
    path.write_text(HEADER + "".join(line + "\n" for line in lines), encoding="utf-8")
    sotkanet.stage_data_file(con, path, "rows.csv")
    run_sql_file(con, "ingest/sotkanet_lines")
    run_sql_file(con, "ingest/sotkanet_values",
                 {"min_year": 1900, "max_year": 2027, "run_id": "test-run", "files": ["rows.csv"],
                  "recheck_all": False})


def test_row_rules_send_each_bad_row_to_quarantine_with_its_rule(con, tmp_path: Path) -> None:
    stage_and_check(con, tmp_path, [
        "127;20;2020;total;292796;292796",  # line 2: good
        "127;20;2021;female;150000,0;",  # line 3: good, decimal comma
        "9999;20;2020;total;1;1",  # line 4: unknown indicator
        "127;123456;2020;total;1;1",  # line 5: unknown region
        "127;20;20x0;total;1;1",  # line 6: year not a number
        "127;20;1850;total;1;1",  # line 7: year out of range
        "127;20;2020;both;1;1",  # line 8: invalid sex
        "189;20;2020;male;10.0;",  # line 9: 189 is published for total only
        "189;20;2020;total;abc;",  # line 10: value not numeric
        "189;20;2019;total;5;x",  # line 11: absolute value not numeric
        "189;20;2018;total;120.5;",  # line 12: a percentage over 100
        "127;20;2019;total;-5;",  # line 13: a negative count
        "127;20;2018;total;;-3",  # line 14: negative absolute value
        "127;20;2017;total;1;1;1",  # line 15: malformed line
        "189;20;2017;total;;",  # line 16: good, value missing
    ])
    quarantined = dict(
        con.execute("SELECT row_number, rule FROM quality.quarantine ORDER BY 1").fetchall()
    )
    assert quarantined == {
        4: "unknown_indicator", 5: "unknown_region", 6: "year_not_integer",
        7: "year_out_of_range", 8: "invalid_sex", 9: "sex_not_published",
        10: "value_not_numeric", 11: "absolute_value_not_numeric",
        12: "value_out_of_unit_range", 13: "value_out_of_unit_range",
        14: "absolute_value_negative", 15: "malformed_row",
    }
    messages = dict(con.execute("SELECT row_number, message FROM quality.quarantine").fetchall())
    assert messages[5] == "region id '123456' is not in regions.json"
    assert messages[12] == "value 120.5 is outside 0.0..100.0 allowed for unit percent"
    assert messages[9] == "sotkanet:189 is published for total only, the row has male"
    raw = con.execute("SELECT raw_record FROM quality.quarantine WHERE row_number = 10").fetchone()
    assert '"primary value":"abc"' in raw[0]

    clean = con.execute(
        "SELECT row_number, indicator_code, area_code, period, group_code, value, status "
        "FROM staging.sotkanet_values ORDER BY row_number"
    ).fetchall()
    assert clean == [
        (2, "sotkanet:127", "KU049", "2020", "total.total.total", 292796.0, "ok"),
        (3, "sotkanet:127", "KU049", "2021", "female.total.total", 150000.0, "ok"),
        (16, "sotkanet:189", "KU049", "2017", "total.total.total", None, "missing"),
    ]


def test_quarantine_is_replaced_not_appended(con, tmp_path: Path) -> None:
    stage_and_check(con, tmp_path, ["9999;20;2020;total;1;1"])
    stage_and_check(con, tmp_path, ["9999;20;2020;total;1;1"])
    assert con.execute("SELECT count(*) FROM quality.quarantine").fetchone()[0] == 1


def test_dim_area_merges_reference_and_sotkanet(con, tmp_path: Path) -> None:
    reference = pd.DataFrame([
        ["KU049", "municipality", "Espoo", "Esbo", "Espoo", "HVA03", "MK01", "HVA03", "SK011",
         None, None],
        ["HVA03", "wellbeing_county", "Länsi-Uudenmaan hyvinvointialue",
         "Västra Nylands välfärdsområde", "Western Uusimaa", "SSS", None, None, None, None, None],
    ], columns=empty_reference_areas().columns).astype("string")
    con.register("reference_input", reference)
    con.execute("CREATE TABLE staging.reference_area AS SELECT * FROM reference_input")
    run_sql_file(con, "mart/dim_area")
    rows = {row[0]: row for row in con.execute(
        "SELECT area_code, area_level, name_en, parent_area_code, region_code, defined_by "
        "FROM mart.dim_area").fetchall()}
    assert rows["KU049"] == ("KU049", "municipality", "Espoo", "HVA03", "MK01",
                             "reference+sotkanet")
    assert rows["HVA03"][5] == "reference"
    # A Sotkanet municipality outside the reference list: parent from memberOf (its region).
    assert rows["KU091"][1:5] == ("municipality", "Helsinki", "MK01", "MK01")
    assert len(rows) == 512


def test_a_batch_file_whose_rows_are_not_one_run_gets_no_lines_and_fails_the_check(
    tmp_path: Path, con
) -> None:
    files = []
    for number in range(2):
        path = tmp_path / f"part_{number}.csv"
        path.write_text(HEADER + "".join(f"127;20;{2000 + line};total;{line};\n"
                                         for line in range(3)), encoding="utf-8")
        files.append((path, path.name))
    assert sotkanet.stage_csv_exports(con, files) is not None
    # A row of part_0 after part_1's: part_0 is no longer one unbroken run in the table.
    con.execute("INSERT INTO staging.sotkanet_raw SELECT 'part_0.csv', NULL, '127', '20', "
                "'2010', 'total', '1', NULL, NULL, NULL")
    run_sql_file(con, "ingest/sotkanet_lines")
    assert con.execute("SELECT source_file, count(row_number) FROM staging.sotkanet_lines "
                       "GROUP BY ALL ORDER BY ALL").fetchall() == [("part_0.csv", 0),
                                                                  ("part_1.csv", 3)]
    with pytest.raises(RuntimeError, match="NOT NULL"):
        run_sql_file(con, "ingest/sotkanet_values",
                     {"min_year": 1900, "max_year": 2027, "run_id": "r", "files": [],
                      "recheck_all": True})
