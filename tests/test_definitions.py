"""The code location loads, with the assets, checks, job, schedule and sensor we expect.

A snapshot of names, so that a rename never goes unnoticed by the schedules and BI users.
"""

import subprocess
import sys
from pathlib import Path

import dagster as dg
import pytest

from pipelines.definitions import build_definitions
from pipelines.orchestration.automation import changed_files, raw_snapshot
from pipelines.settings import Settings


def definitions(tmp_path: Path) -> dg.Definitions:
    return build_definitions(Settings(raw_dir=tmp_path / "raw", warehouse_dir=tmp_path / "wh",
                                      keep_published=5, duckdb_memory_limit="1GB"))


def test_assets_checks_job_schedule_and_sensor(tmp_path: Path) -> None:
    defs = definitions(tmp_path)
    graph = defs.resolve_asset_graph()
    assert {key.to_user_string() for key in graph.get_all_asset_keys()} == {
        "staging/reference_areas", "staging/sotkanet_metadata", "staging/sotkanet_values",
        "staging/table_values", "staging/indicator_values",
        "mart/dim_area", "mart/dim_indicator", "mart/dim_population_group",
        "mart/fact_indicator_value", "quality/row_accounting", "protected/fact_indicator_value",
        "mart/youth_pilot",
        "warehouse/published_mart",
        "staging/project_register", "mart/dim_project", "mart/dim_organization",
        "mart/project_partner", "mart/project_contact", "mart/project_funding",
        "mart/project_link", "mart/project_field_source", "mart/project_history",
        "mart/project_name", "mart/project_indicator",
        "mart/v_project_indicator_trend", "quality/project_warning",
        "report/views", "warehouse/exports", "warehouse/data_dictionary",
        "warehouse/wellbeing_report", "fetch/sotkanet", "fetch/statfin",
        "mart/dim_area_boundary",
        "staging/indicator_direction", "mart/dim_peer_group", "mart/peer_group_member",
        "mart/area_peer_group", "mart/dim_goal", "mart/goal_project",
    }
    checks = {(key.asset_key.to_user_string(), key.name): graph.get_check_spec(key).blocking
              for key in graph.asset_check_keys}
    assert checks == {
        ("staging/indicator_values", "indicator_values_expectations"): True,
        ("staging/indicator_values", "rows_quarantined"): False,
        ("staging/indicator_values", "published_totals_add_up"): False,
        ("mart/fact_indicator_value", "fact_keys_resolve"): True,
        ("protected/fact_indicator_value", "hidden_counts_not_recoverable"): True,
        ("quality/row_accounting", "rows_accounted_for"): True,
        ("staging/project_register", "project_register_expectations"): True,
        ("mart/project_indicator", "project_keys_resolve"): True,
        ("quality/project_warning", "project_warnings_open"): False,
        ("mart/project_indicator", "project_rows_quarantined"): False,
        ("mart/dim_area_boundary", "boundaries_match_areas"): False,
        ("fetch/sotkanet", "sotkanet_fresh"): False,
        ("fetch/statfin", "statfin_fresh"): False,
        ("mart/dim_goal", "report_settings_warnings"): False,
    }
    job = defs.resolve_job_def("build_hytemart")
    assert job.executor_def.name == "in_process"
    schedule = defs.resolve_schedule_def("build_hytemart_daily")
    assert schedule.cron_schedule == "0 5 * * *"
    assert schedule.default_status == dg.DefaultScheduleStatus.RUNNING
    sensor = defs.resolve_sensor_def("raw_files_sensor")
    assert sensor.default_status == dg.DefaultSensorStatus.RUNNING
    assert sensor.job_name == "build_hytemart"
    # Fetching is its own job, scheduled before the build and not part of it.
    fetch = defs.resolve_job_def("fetch_hytemart")
    assert {key.to_user_string() for key in fetch.asset_layer.selected_asset_keys} == {
        "fetch/sotkanet", "fetch/statfin"}
    assert not {key.to_user_string() for key in job.asset_layer.selected_asset_keys} & {
        "fetch/sotkanet", "fetch/statfin"}
    fetch_schedule = defs.resolve_schedule_def("fetch_hytemart_daily")
    assert (fetch_schedule.cron_schedule, fetch_schedule.job_name) == (
        "30 4 * * *", "fetch_hytemart")
    assert fetch_schedule.default_status == dg.DefaultScheduleStatus.RUNNING
    # Exports and the dictionary run as their own job, started after every successful build.
    export = defs.resolve_job_def("export_hytemart")
    exported = {key.to_user_string() for key in export.asset_layer.selected_asset_keys}
    assert exported == {"warehouse/exports", "warehouse/data_dictionary",
                        "warehouse/wellbeing_report"}
    assert export.executor_def.name == "in_process"  # unless HYTEMART_EXPORT_PROCESSES > 1
    built = {key.to_user_string() for key in job.asset_layer.selected_asset_keys}
    assert not built & exported and "warehouse/published_mart" in built
    after = defs.resolve_sensor_def("exports_after_build")
    assert after.default_status == dg.DefaultSensorStatus.RUNNING
    # Failed runs of either job are reported (tests/test_alerts.py, tests/test_daemon.py).
    failures = defs.resolve_sensor_def("report_run_failures")
    assert failures.default_status == dg.DefaultSensorStatus.RUNNING


def test_published_mart_depends_on_every_mart_table(tmp_path: Path) -> None:
    graph = definitions(tmp_path).resolve_asset_graph()
    upstream = graph.get(dg.AssetKey(["warehouse", "published_mart"])).parent_keys
    assert {key.to_user_string() for key in upstream} == {
        "mart/dim_area", "mart/dim_indicator", "mart/dim_population_group",
        "mart/fact_indicator_value", "quality/row_accounting",
        "mart/dim_project", "mart/dim_organization", "mart/project_partner",
        "mart/project_contact", "mart/project_funding", "mart/project_link",
        "mart/project_field_source", "mart/project_history", "mart/project_name",
        "mart/project_indicator", "mart/v_project_indicator_trend",
        "quality/project_warning", "report/views", "protected/fact_indicator_value",
        "mart/dim_area_boundary",
        "mart/youth_pilot",
        "staging/indicator_direction", "mart/dim_peer_group", "mart/peer_group_member",
        "mart/area_peer_group", "mart/dim_goal", "mart/goal_project",
    }


def test_report_views_wait_for_the_mart_and_exports_for_the_published_file(
    tmp_path: Path,
) -> None:
    graph = definitions(tmp_path).resolve_asset_graph()

    def parents(key: str) -> set[str]:
        return {k.to_user_string() for k in graph.get(dg.AssetKey(key.split("/"))).parent_keys}

    mart = parents("warehouse/published_mart") - {"report/views",
                                                   "protected/fact_indicator_value"}
    assert parents("report/views") == mart
    assert parents("warehouse/exports") == {"warehouse/published_mart"}
    assert parents("warehouse/data_dictionary") == {"warehouse/published_mart"}
    assert parents("warehouse/wellbeing_report") == {"warehouse/published_mart"}


def test_project_register_waits_for_the_indicator_data(tmp_path: Path) -> None:
    graph = definitions(tmp_path).resolve_asset_graph()

    def parents(key: str) -> set[str]:
        return {k.to_user_string() for k in graph.get(dg.AssetKey(key.split("/"))).parent_keys}

    assert "mart/dim_indicator" in parents("mart/project_indicator")
    assert {"mart/fact_indicator_value", "mart/project_indicator"} <= parents(
        "mart/v_project_indicator_trend")


def test_code_location_loads_without_great_expectations() -> None:
    """GE costs seconds to import; the UI and the daemon load the code location often."""
    code = ("import sys, pipelines.definitions; "
            "print('great_expectations' in sys.modules)")
    output = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                            check=True).stdout.strip()
    assert output == "False"


def test_sensor_starts_a_build_when_a_raw_file_changes(tmp_path: Path) -> None:
    defs = definitions(tmp_path)
    sensor = defs.resolve_sensor_def("raw_files_sensor")
    raw = tmp_path / "raw"
    (raw / "indicators").mkdir(parents=True)
    (raw / "indicators" / "a.csv").write_text("x")
    resources = {"hytemart": defs.resources["hytemart"]}

    with dg.build_sensor_context(resources=resources) as context:
        first = sensor(context)  # nothing published yet: build
    assert len(first.run_requests) == 1
    with dg.build_sensor_context(cursor=first.cursor, resources=resources) as context:
        assert isinstance(sensor(context), dg.SkipReason)
    (raw / "indicators" / "b.json").write_text("[]")
    with dg.build_sensor_context(cursor=first.cursor, resources=resources) as context:
        changed = sensor(context)
    assert len(changed.run_requests) == 1
    assert changed.run_requests[0].tags["hytemart/changed_files"] == "indicators/b.json"


def test_changed_files_lists_added_changed_and_removed() -> None:
    assert changed_files({"a": "1:1", "b": "1:1"}, {"a": "1:2", "c": "1:1"}) == ["a", "b", "c"]


def test_raw_snapshot_of_missing_directory_is_empty(tmp_path: Path) -> None:
    assert raw_snapshot(tmp_path / "nowhere") == {}


def test_settings_read_the_environment_and_name_a_bad_value() -> None:
    settings = Settings.from_env({"HYTEMART_SUPPRESSION_THRESHOLD": "10",
                                  "HYTEMART_REPORT_AREAS": " KU049, HVA03 ,"})
    assert (settings.suppression_threshold, settings.report_areas) == (10, ("KU049", "HVA03"))
    assert (Settings.from_env({}).suppression_threshold, Settings.from_env({}).keep_published,
            Settings.from_env({}).report_areas) == (5, 5, ("KU049",))
    for environ, named in [({"HYTEMART_SUPPRESSION_THRESHOLD": "five"}, "THRESHOLD='five'"),
                           ({"HYTEMART_SUPPRESSION_THRESHOLD": "0"}, "at least 1"),
                           ({"HYTEMART_KEEP_PUBLISHED": "-1"}, "KEEP_PUBLISHED='-1'"),
                           ({"HYTEMART_REPORT_AREAS": " , "}, "REPORT_AREAS names no area")]:
        with pytest.raises(ValueError, match=named):
            Settings.from_env(environ)
