"""Sotkanet readers on the real published metadata and on files shaped like the service's."""

import json
from pathlib import Path

import duckdb
import pytest

from pipelines.ingest import sotkanet
from pipelines.ingest.errors import SourceFormatError
from pipelines.sqlfiles import run_sql_file

HEADER = "indicator;region;year;gender;primary value;absolute value\n"


@pytest.fixture()
def con() -> duckdb.DuckDBPyConnection:
    connection = duckdb.connect()
    connection.execute("CREATE SCHEMA staging")
    yield connection
    connection.close()


def staged_rows(con: duckdb.DuckDBPyConnection) -> list[tuple]:
    return con.execute(
        "SELECT row_number, indicator, region, year, gender, primary_value, absolute_value, "
        "parse_error FROM staging.sotkanet_raw ORDER BY row_number"
    ).fetchall()


def test_real_regions_payload(realdata_dir: Path) -> None:
    regions = sotkanet.read_regions(realdata_dir / "sotkanet" / "regions_2016.json")
    assert len(regions) == 511
    espoo = regions[regions["region_id"] == 20].iloc[0]
    assert (espoo["code"], espoo["category"], espoo["name_fi"], espoo["name_sv"]) == (
        "049",
        "KUNTA",
        "Espoo",
        "Esbo",
    )
    assert 658 in espoo["member_of"]  # the whole country
    country = regions[regions["region_id"] == 658].iloc[0]
    assert country["category"] == "MAA"
    assert set(regions["category"]) >= {"KUNTA", "MAAKUNTA", "SEUTUKUNTA", "MAA", "EUROOPPA"}


def test_real_indicator_list(realdata_dir: Path) -> None:
    indicators = sotkanet.read_indicators(
        realdata_dir / "sotkanet" / "indicators_2016_subset.json"
    ).set_index("indicator_id")
    assert len(indicators) == 11
    assert indicators.loc[127, "name_en"] == "Population at year end"
    assert indicators.loc[127, "sex_values"] == ["male", "female", "total"]
    # 189 is published for the total only; 3219 has no sex classification at all.
    assert indicators.loc[189, "sex_values"] == ["total"]
    assert indicators.loc[3219, "sex_values"] == ["total"]
    assert indicators.loc[4, "organization"] == "Institute for Health and Welfare (THL)"
    assert indicators.loc[127, "organization"] == "Statistics Finland"
    units = indicators["unit"].to_dict()
    assert units[127] == "count"
    assert units[189] == "percent"
    assert units[187] == "per_1000"
    assert units[4284] == "percent"


@pytest.mark.parametrize(
    ("title", "value_type", "unit"),
    [
        ("Deaths per 100 000 inhabitants", None, "per_100000"),
        ("Morbidity index, age-standardised", None, "index"),
        ("Something unusual", None, "other"),
        ("Something unusual", "percentage", "percent"),
    ],
)
def test_unit_inference(title: str, value_type: str | None, unit: str) -> None:
    assert sotkanet.infer_unit(title, None, value_type) == unit


def test_csv_export_rows_keep_their_line_numbers(tmp_path: Path, con) -> None:
    path = tmp_path / "export.csv"
    path.write_text(
        HEADER
        + "127;20;2020;total;292796;292796\n"
        + "127;20;2021;male;3,4;\n"
        + "127;20;2022;total;1;1;9\n"  # one field too many: rejected, line 4
        + "127;20\n"  # too few: rejected, line 5
        + "189;20;2020;total;12.5;\n",
        encoding="utf-8",
    )
    staged = sotkanet.stage_data_file(con, path, "export.csv")
    assert (staged.file_format, staged.rows_read) == ("csv", 5)
    rows = staged_rows(con)
    assert [row[0] for row in rows] == [2, 3, 4, 5, 6]
    assert rows[0][1:7] == ("127", "20", "2020", "total", "292796", "292796")
    assert rows[1][5:7] == ("3,4", None)  # empty absolute value is NULL, decimal comma kept as text
    assert "Expected Number of Columns: 6 Found: 7" in rows[2][7]
    assert rows[3][7] is not None
    assert rows[4][1:6] == ("189", "20", "2020", "total", "12.5")


def test_restaging_a_file_replaces_its_rows(tmp_path: Path, con) -> None:
    path = tmp_path / "export.csv"
    path.write_text(HEADER + "127;20;2020;total;1;1\n", encoding="utf-8")
    sotkanet.stage_data_file(con, path, "export.csv")
    path.write_text(HEADER + "127;20;2020;total;2;2\n127;20;2021;total;3;3\n", encoding="utf-8")
    assert sotkanet.stage_data_file(con, path, "export.csv").rows_read == 2
    assert [row[5] for row in staged_rows(con)] == ["2", "3"]


def test_current_and_legacy_json_shapes(tmp_path: Path, con) -> None:
    current = tmp_path / "current.json"
    current.write_text(
        json.dumps(
            [
                {
                    "indicator": 4,
                    "region": 231,
                    "year": 2012,
                    "gender": "total",
                    "value": 3.4,
                    "absValue": 9,
                },
                {"indicator": 4, "region": 231, "year": 2013, "gender": "male", "value": None},
            ]
        )
    )
    legacy = tmp_path / "legacy.json"
    legacy.write_text(
        json.dumps(
            [
                {
                    "indicator": "4",
                    "region": "231",
                    "year": "2014",
                    "gender": "female",
                    "primary value": "3.5",
                    "absolute value": "10",
                },
                "not an object",
            ]
        )
    )
    assert sotkanet.stage_data_file(con, current, "current.json").rows_read == 2
    assert sotkanet.stage_data_file(con, legacy, "legacy.json").file_format == "json"
    rows = con.execute(
        "SELECT source_file, row_number, indicator, year, gender, primary_value, absolute_value, "
        "parse_error FROM staging.sotkanet_raw ORDER BY source_file, row_number"
    ).fetchall()
    assert rows[0] == ("current.json", 1, "4", "2012", "total", "3.4", "9", None)
    assert rows[1][5] is None
    assert rows[2] == ("legacy.json", 1, "4", "2014", "female", "3.5", "10", None)
    assert rows[3][7] == "array element is varchar, not an object"


@pytest.mark.parametrize(
    ("content", "problem"),
    [
        (
            b"indicator,region,year,gender,primary value,absolute value\n1,2,3,4,5,6\n",
            "wrong delimiter",
        ),
        (b"id;area;year\n1;2;3\n", "missing indicator"),
        (b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR", "binary file"),
        ("indicator;region".encode("utf-16"), "UTF-16"),
        (b"", "empty file"),
        (b'[{"indicator": 4, "region": 231}, {"indic', "Malformed JSON"),
        (b'{"error": "not found"}', "JSON"),
    ],
)
def test_unreadable_files_name_file_and_problem(
    tmp_path: Path, con, content: bytes, problem: str
) -> None:
    path = tmp_path / "broken.csv"
    path.write_bytes(content)
    with pytest.raises(SourceFormatError) as raised:
        sotkanet.stage_data_file(con, path, "broken.csv")
    assert problem in str(raised.value)
    assert str(path) in str(raised.value)
    # Nothing of a failed file is left half-staged.
    assert con.execute("SELECT count(*) FROM staging.sotkanet_raw").fetchone()[0] == 0


def test_data_files_skip_metadata(tmp_path: Path) -> None:
    for name in ("regions.json", "indicators.json", "a.csv", "b.json", "notes.txt"):
        (tmp_path / name).write_text("x")
    assert [path.name for path in sotkanet.data_files(tmp_path)] == ["a.csv", "b.json"]


def test_metadata_errors_name_the_file(tmp_path: Path) -> None:
    path = tmp_path / "regions.json"
    path.write_text('[{"id": 1, "code": "049"}]')
    with pytest.raises(SourceFormatError, match="region #1 lacks category"):
        sotkanet.read_regions(path)
    path.write_text('[{"id": 1, "code": "0')
    with pytest.raises(SourceFormatError, match=r"regions.json:1: invalid JSON"):
        sotkanet.read_regions(path)


def test_many_csv_exports_in_one_scan_stage_like_one_by_one(tmp_path: Path, con) -> None:
    files = []
    for number in range(3):
        path = tmp_path / f"part_{number}.csv"
        path.write_text(HEADER + "".join(f"127;{20 + number};{2000 + line};total;{line};\n"
                                         for line in range(50)), encoding="utf-8")
        files.append((path, path.name))
    assert all(sotkanet.is_clean_csv_export(path) for path, _ in files)
    counts = sotkanet.stage_csv_exports(con, files)
    assert counts == {"part_0.csv": 50, "part_1.csv": 50, "part_2.csv": 50}
    # The batch leaves the lines to staging.sotkanet_lines; one by one numbers them at once.
    assert con.execute("SELECT count(row_number) FROM staging.sotkanet_raw").fetchone() == (0,)
    run_sql_file(con, "ingest/sotkanet_lines")
    batch = con.execute("SELECT * FROM staging.sotkanet_lines ORDER BY ALL").fetchall()
    con.execute("DELETE FROM staging.sotkanet_raw")
    for path, name in files:
        sotkanet.stage_data_file(con, path, name)
    one_by_one = con.execute("SELECT * FROM staging.sotkanet_lines ORDER BY ALL").fetchall()
    assert batch == one_by_one
    # Line 2 + n holds year 2000 + n in every file.
    assert con.execute("SELECT count(*) FROM staging.sotkanet_lines "
                       "WHERE year::INTEGER - 2000 + 2 <> row_number").fetchone() == (0,)


def test_a_rejected_line_sends_the_batch_back_to_one_by_one(tmp_path: Path, con) -> None:
    good, bad = tmp_path / "good.csv", tmp_path / "bad.csv"
    good.write_text(HEADER + "127;20;2020;total;1;1\n", encoding="utf-8")
    bad.write_text(HEADER + "127;20;2020;total;1;1;1\n", encoding="utf-8")
    assert sotkanet.stage_csv_exports(con, [(good, "good.csv"), (bad, "bad.csv")]) is None
    assert con.execute("SELECT count(*) FROM staging.sotkanet_raw").fetchone() == (0,)
