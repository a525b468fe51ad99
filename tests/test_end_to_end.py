"""The whole build, materialized on temporary raw/ and warehouse/ directories."""

import hashlib
import json
import re
import shutil
from pathlib import Path

import duckdb
import pytest
from published import query

SOTKANET = Path("indicators") / "sotkanet"
HEADER = "indicator;region;year;gender;primary value;absolute value\n"



def digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def check_outcomes(result) -> dict[str, bool]:
    return {
        evaluation.check_name: evaluation.passed
        for evaluation in result.get_asset_check_evaluations()
    }


def test_sample_build_publishes_resolved_checked_mart(sample_raw, build, tmp_path) -> None:
    result = build(sample_raw)
    assert result.success
    warehouse = tmp_path / "warehouse"
    checks = check_outcomes(result)
    assert checks["indicator_values_expectations"] is True
    assert checks["fact_keys_resolve"] is True
    assert checks["rows_accounted_for"] is True
    # The sample carries two rows whose region id the regions list lacks, as real exports do.
    assert checks["rows_quarantined"] is False
    # The steps that validate with GE start after the raw files are staged (their priority):
    # in `make run` GE is still importing in its worker until then.
    started = [event.step_key for event in result.all_events if event.is_step_start]
    assert started.index("staging__project_register") > started.index("staging__table_values")

    espoo = query(warehouse, """
        SELECT a.name_fi, a.name_sv, i.name_en, f.value, f.status, g.label_en
        FROM mart.fact_indicator_value f
        JOIN mart.dim_area a USING (area_code)
        JOIN mart.dim_indicator i USING (indicator_code)
        JOIN mart.dim_population_group g USING (group_code)
        WHERE f.area_code = 'KU049' AND f.indicator_code = 'sotkanet:127' AND f.period = '2023'
        ORDER BY g.group_code""")
    assert [row[5] for row in espoo] == ["females", "males", "total"]
    assert espoo[2][:5] == ("Espoo", "Esbo", "Population at year end", 314000.0, "ok")

    # Every HyteData indicator of the sample is there for Western Uusimaa and the country.
    for area in ("HVA03", "SSS", "KU049"):
        found = {row[0] for row in query(
            warehouse, "SELECT DISTINCT indicator_code FROM mart.fact_indicator_value "
            "WHERE area_code = $a", {"a": area})}
        assert {"sotkanet:127", "sotkanet:189", "sotkanet:3219", "sotkanet:187"} <= found
    hva03 = query(warehouse, "SELECT name_en, parent_area_code FROM mart.dim_area "
                  "WHERE area_code = 'HVA03'")
    assert hva03 == [("Western Uusimaa wellbeing services county", "SSS")]
    members = query(warehouse, "SELECT count(*) FROM mart.dim_area "
                    "WHERE wellbeing_county_code = 'HVA03' AND area_level = 'municipality'")
    assert members == [(10,)]

    accounting = query(warehouse, "SELECT source_file, rows_read, rows_loaded, rows_quarantined, "
                       "balanced FROM quality.row_accounting WHERE source = 'sotkanet'")
    # Four Sotkanet files: three shapes for a few areas, the CSV export for every area.
    assert len(accounting) == 4 and all(row[4] for row in accounting)
    raw_rows = sum(
        len(path.read_text().splitlines()) - 1 if path.suffix == ".csv"
        else len(json.loads(path.read_text()))
        for path in (sample_raw / SOTKANET).glob("sotkanet_*")
    )
    assert sum(row[1] for row in accounting) == raw_rows
    facts = query(warehouse, "SELECT count(*) FROM mart.fact_indicator_value "
                  "WHERE source = 'sotkanet'")[0][0]
    quarantined = query(warehouse, "SELECT rule, count(*) FROM quality.quarantine GROUP BY 1")
    assert quarantined == [("unknown_region", 2)]
    assert facts + 2 == raw_rows
    # Every file of every source is accounted for, and nothing is lost.
    unbalanced = query(warehouse, "SELECT source_file FROM quality.row_accounting "
                       "WHERE NOT balanced OR file_status <> 'loaded'")
    assert unbalanced == []


def test_published_tables_and_columns_are_documented(sample_raw, build, tmp_path) -> None:
    assert build(sample_raw).success
    warehouse = tmp_path / "warehouse"
    tables = query(warehouse, "SELECT schema_name, table_name, comment FROM duckdb_tables()")
    assert {(schema, table) for schema, table, _ in tables} == {
        ("mart", "dim_area"), ("mart", "dim_indicator"), ("mart", "dim_population_group"),
        ("mart", "fact_indicator_value"), ("quality", "quarantine"),
        ("quality", "row_accounting"),
        # A view in the work database, a table here (pipelines/publish/warehouse.py).
        ("mart", "fact_latest_value"),
        # The project register (tests/test_projects_build.py).
        ("mart", "dim_project"), ("mart", "dim_organization"), ("mart", "project_partner"),
        ("mart", "project_contact"), ("mart", "project_funding"), ("mart", "project_link"),
        ("mart", "project_field_source"), ("mart", "project_history"), ("mart", "project_name"),
        ("mart", "project_indicator"),
        ("quality", "project_warning"),
        # Area boundaries (tests/test_maps_build.py).
        ("mart", "dim_area_boundary"),
        # The youth pilot's indicator set (tests/test_youth_pilot_build.py).
        ("mart", "youth_pilot"), ("mart", "youth_pilot_indicator"),
        ("mart", "youth_pilot_input"), ("mart", "youth_pilot_source"),
        ("mart", "youth_pilot_follow_up"),
        # The welfare reports' settings, and their comparisons: a view in the work database,
        # a table here (tests/test_report_data_build.py).
        ("mart", "dim_peer_group"), ("mart", "peer_group_member"), ("mart", "area_peer_group"),
        ("mart", "dim_goal"), ("mart", "goal_project"), ("mart", "fact_comparison"),
    }
    assert all(comment for _, _, comment in tables)
    # Views are re-created from their SQL in the published file, with their comments.
    views = query(warehouse, "SELECT schema_name, view_name, comment FROM duckdb_views() "
                  "WHERE NOT internal")
    assert {(schema, view) for schema, view, _ in views} == {
        ("mart", "v_project_indicator_trend"),
        # For BI tools (tests/test_report.py).
        ("report", "latest_value"), ("report", "time_series"), ("report", "area_comparison"),
        ("report", "population_groups"), ("report", "project_targets"),
        ("report", "area_map"), ("report", "small_area_spread"),
        ("report", "youth_pilot_area"), ("report", "youth_language_gap"),
        ("report", "youth_service_need"),
        ("report", "indicator_comparison"), ("report", "goal_progress"),
    }
    assert all(comment for _, _, comment in views)
    undocumented = query(warehouse, "SELECT schema_name, table_name, column_name "
                         "FROM duckdb_columns() WHERE comment IS NULL "
                         "AND schema_name IN ('mart', 'quality', 'report')")
    assert undocumented == []
    # Written for DuckDB 1.x clients (BI drivers), not in the 2.x storage format.
    tags = query(warehouse, "SELECT tags FROM duckdb_databases() WHERE database_name = 'hytemart'")
    assert tags[0][0]["storage_version"].startswith("v1.4")


def test_bad_rows_are_quarantined_and_bad_files_reported(sample_raw, build, tmp_path) -> None:
    folder = sample_raw / SOTKANET
    (folder / "extra_2024.csv").write_text(
        HEADER
        + "189;20;2024;total;9.5;\n"  # line 2: good
        + "189;20;2024;male;9.5;\n"  # line 3: 189 has no sex breakdown
        + "3219;969;2024;total;104.0;\n"  # line 4: percentage over 100
        + "4242;20;2024;total;1.0;\n",  # line 5: indicator not in indicators.json
        encoding="utf-8",
    )
    (folder / "semicolons_forgotten.csv").write_text(
        "indicator,region,year,gender,primary value,absolute value\n189,20,2024,total,1,\n"
    )
    (folder / "truncated.json").write_text('[{"indicator": 189, "region": 20, "year": 20')
    result = build(sample_raw)
    assert result.success
    warehouse = tmp_path / "warehouse"
    quarantined = query(warehouse, "SELECT row_number, rule, message FROM quality.quarantine "
                        "WHERE source_file = 'indicators/sotkanet/extra_2024.csv' ORDER BY 1")
    assert [row[:2] for row in quarantined] == [
        (3, "sex_not_published"), (4, "value_out_of_unit_range"), (5, "unknown_indicator")]
    assert quarantined[2][2] == "indicator id '4242' is not in indicators.json"
    assert query(warehouse, "SELECT value FROM mart.fact_indicator_value WHERE area_code = "
                 "'KU049' AND indicator_code = 'sotkanet:189' AND period = '2024'") == [(9.5,)]
    unreadable = dict(query(warehouse, "SELECT source_file, error_message "
                            "FROM quality.row_accounting WHERE file_status = 'unreadable'"))
    assert set(unreadable) == {"indicators/sotkanet/semicolons_forgotten.csv",
                               "indicators/sotkanet/truncated.json"}
    assert "wrong delimiter" in unreadable["indicators/sotkanet/semicolons_forgotten.csv"]
    assert "truncated.json" in unreadable["indicators/sotkanet/truncated.json"]
    # The other files still loaded: the sample's four and extra_2024.csv.
    loaded = query(warehouse, "SELECT count(*) FROM quality.row_accounting "
                   "WHERE source = 'sotkanet' AND file_status = 'loaded' AND balanced")
    assert loaded == [(5,)]


def test_blocking_failure_keeps_the_published_mart(sample_raw, build, tmp_path) -> None:
    assert build(sample_raw).success
    published = tmp_path / "warehouse" / "hytemart.duckdb"
    before = digest(published)
    # The same values again in a second file: the grain is no longer unique.
    folder = sample_raw / SOTKANET
    shutil.copy(folder / "sotkanet_population_2015_2023.csv", folder / "population_again.csv")
    result = build(sample_raw)
    assert not result.success
    assert check_outcomes(result)["indicator_values_expectations"] is False
    evaluation = next(e for e in result.get_asset_check_evaluations()
                      if e.check_name == "indicator_values_expectations")
    assert "ExpectCompoundColumnsToBeUnique" in evaluation.description
    # Where: both files, and a key with the row of each that stages it.
    repeated = evaluation.metadata["repeated_keys"].value
    assert len(repeated) == 1
    assert (f"staged more than once by {SOTKANET}/population_again.csv and "
            f"{SOTKANET}/sotkanet_population_2015_2023.csv") in repeated[0]
    rows = re.findall(r"at (\S+) row (\d+), (\S+) row (\d+)", repeated[0])
    assert rows and rows[0][1] == rows[0][3]  # a copy: the same row in each
    materialized = {key.to_user_string() for key in
                    (event.asset_key for event in result.get_asset_materialization_events())}
    assert "warehouse/published_mart" not in materialized
    assert "mart/fact_indicator_value" not in materialized
    assert digest(published) == before
    assert query(tmp_path / "warehouse", "SELECT count(*) FROM mart.fact_indicator_value")[0][0] > 0


def test_rebuild_reads_only_changed_files_and_keeps_history(sample_raw, build, tmp_path) -> None:
    assert build(sample_raw).success
    again = build(sample_raw)
    assert again.success
    staged = next(
        event for event in again.get_asset_materialization_events()
        if event.asset_key.to_user_string() == "staging/sotkanet_values"
    ).materialization.metadata
    assert (staged["files_read"].value, staged["files_unchanged"].value) == (0, 4)
    assert (staged["rows_checked"].value, staged["all_rows_checked"].value) == (0, False)
    warehouse = tmp_path / "warehouse"
    quarantined = query(warehouse, "SELECT * EXCLUDE (run_id, quarantined_at) "
                        "FROM quality.quarantine ORDER BY ALL", restricted=True)

    csv = sample_raw / SOTKANET / "sotkanet_population_2015_2023.csv"
    csv.write_text(csv.read_text().replace("127;20;2023;total;314000;314000",
                                           "127;20;2023;total;314001;314001"))
    third = build(sample_raw)
    staged = next(
        event for event in third.get_asset_materialization_events()
        if event.asset_key.to_user_string() == "staging/sotkanet_values"
    ).materialization.metadata
    assert (staged["files_read"].value, staged["files_unchanged"].value) == (1, 3)
    # Only the changed file's rows were checked again; the others' checked rows and
    # quarantined rows were kept as they were.
    (csv_rows,) = query(warehouse, "SELECT rows_read FROM quality.row_accounting "
                        "WHERE source_file LIKE '%sotkanet_population_2015_2023.csv'")[0]
    assert (staged["rows_checked"].value, staged["all_rows_checked"].value) == (csv_rows, False)
    assert query(warehouse, "SELECT * EXCLUDE (run_id, quarantined_at) FROM quality.quarantine "
                 "ORDER BY ALL", restricted=True) == quarantined
    assert query(warehouse, "SELECT value FROM mart.fact_indicator_value WHERE area_code = "
                 "'KU049' AND indicator_code = 'sotkanet:127' AND period = '2023' AND "
                 "group_code = 'total.total.total'") == [(314001.0,)]
    history = sorted((warehouse / "history").glob("hytemart-*.duckdb"))
    assert len(history) == 2  # the two earlier publications, ready for a rollback
    old = duckdb.connect(str(history[0]), read_only=True)
    assert old.execute("SELECT count(*) FROM mart.fact_indicator_value").fetchone()[0] > 0
    old.close()


def test_changed_metadata_checks_every_row_again(sample_raw, build, tmp_path) -> None:
    assert build(sample_raw).success
    indicators = sample_raw / SOTKANET / "indicators.json"
    items = json.loads(indicators.read_text(encoding="utf-8"))
    kept = [item for item in items if item["id"] != 127]
    assert len(kept) == len(items) - 1
    indicators.write_text(json.dumps(kept), encoding="utf-8")
    result = build(sample_raw)
    staged = next(
        event for event in result.get_asset_materialization_events()
        if event.asset_key.to_user_string() == "staging/sotkanet_values"
    ).materialization.metadata
    # No data file changed, yet every row was checked against the new indicator list.
    assert (staged["files_read"].value, staged["all_rows_checked"].value) == (0, True)
    warehouse = tmp_path / "warehouse"
    assert query(warehouse, "SELECT count(*) FROM mart.fact_indicator_value "
                 "WHERE indicator_code = 'sotkanet:127'") == [(0,)]
    assert query(warehouse, "SELECT count(*) > 0 FROM quality.quarantine "
                 "WHERE rule = 'unknown_indicator'") == [(True,)]


def test_another_real_sotkanet_export_loads(realdata_dir, build, tmp_path) -> None:
    """A raw dir with the service's real 2016 metadata and a CSV export, no reference list."""
    raw = tmp_path / "other_raw"
    folder = raw / SOTKANET
    folder.mkdir(parents=True)
    shutil.copy(realdata_dir / "sotkanet" / "regions_2016.json", folder / "regions.json")
    shutil.copy(realdata_dir / "sotkanet" / "indicators_2016_subset.json",
                folder / "indicators.json")
    (folder / "export.csv").write_text(
        HEADER
        + "4;20;2012;total;3.4;9\n"
        + "4;20;2012;male;4.1;6\n"
        + "4;658;2012;total;3.1;3305\n"
        + "4;1007;2012;total;2.0;\n"  # a region of category EUROOPPA
        + "3074;20;2012;total;7.5;19330\n"
        + "3074;1234567;2012;total;1.0;\n",  # a region id the list lacks
        encoding="utf-8",
    )
    result = build(raw, tmp_path / "other_warehouse")
    assert result.success
    rows = query(tmp_path / "other_warehouse", """
        SELECT f.indicator_code, a.area_code, a.name_fi, f.group_code, f.value, f.absolute_value
        FROM mart.fact_indicator_value f JOIN mart.dim_area a USING (area_code)
        ORDER BY 1, 2, 4""")
    assert rows == [
        ("sotkanet:3074", "KU049", "Espoo", "total.total.total", 7.5, 19330.0),
        ("sotkanet:4", "KU049", "Espoo", "male.total.total", 4.1, 6.0),
        ("sotkanet:4", "KU049", "Espoo", "total.total.total", 3.4, 9.0),
        ("sotkanet:4", "SOTKANET_EUROOPPA_040", "Itävalta", "total.total.total", 2.0, None),
        ("sotkanet:4", "SSS", "Koko maa", "total.total.total", 3.1, 3305.0),
    ]
    assert query(tmp_path / "other_warehouse", "SELECT row_number, rule FROM quality.quarantine"
                 ) == [(7, "unknown_region")]


@pytest.mark.parametrize("missing", ["regions.json", "indicators.json"])
def test_missing_metadata_fails_with_a_clear_message(sample_raw, build, tmp_path, missing) -> None:
    (sample_raw / SOTKANET / missing).unlink()
    result = build(sample_raw)
    assert not result.success
    failure = next(event for event in result.all_events if event.is_step_failure)
    assert f"{missing} is missing" in str(failure.step_failure_data.error.message)
    assert not (tmp_path / "warehouse" / "hytemart.duckdb").exists()
