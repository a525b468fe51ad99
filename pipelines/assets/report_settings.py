"""The welfare reports' settings in the mart (issue 23): raw/report/indicators.yaml,
peer_groups.yaml and goals.yaml (read by pipelines/ingest/report_config.py).

- `staging/indicator_direction`, built in the mart's step before mart.dim_indicator: each
  indicator's desirable direction, from indicators.yaml, else a table description's
  `direction:`; codes the mart lacks are warnings.
- The `report_settings` step: mart.dim_peer_group, peer_group_member, area_peer_group,
  dim_goal and goal_project. A member, area, indicator, group or project the mart lacks, or a
  file not of its shape, is an error naming the file and line that stops the build (the
  published mart stays as it was); goals without data and the like are warnings, shown by the
  non-blocking check `report_settings_warnings`.

Keys of the mart's assets are named here, not imported: pipelines/assets/mart.py imports this
module for the direction table.
"""

from collections.abc import Sequence
from pathlib import Path
from typing import Any

import dagster as dg
import duckdb
import pandas as pd

from pipelines.assets.metadata import table_metadata
from pipelines.assets.resources import HytemartResource
from pipelines.assets.steps import Table, sql_table, tables_step
from pipelines.assets.tables import described_tables
from pipelines.checks.results import Check
from pipelines.ingest import report_config
from pipelines.ingest.errors import SourceFormatError
from pipelines.ingest.raw_paths import escape_error
from pipelines.sqlfiles import query_sql_file, run_sql_file

REPORT_DIR = "report"
INDICATORS_FILE, PEER_GROUPS_FILE, GOALS_FILE = "indicators.yaml", "peer_groups.yaml", "goals.yaml"

INDICATOR_VALUES = dg.AssetKey(["staging", "indicator_values"])
TABLE_VALUES = dg.AssetKey(["staging", "table_values"])
INDICATOR_DIRECTION = dg.AssetKey(["staging", "indicator_direction"])
DIM_AREA = dg.AssetKey(["mart", "dim_area"])
DIM_INDICATOR = dg.AssetKey(["mart", "dim_indicator"])
DIM_POPULATION_GROUP = dg.AssetKey(["mart", "dim_population_group"])
FACTS = dg.AssetKey(["mart", "fact_indicator_value"])
DIM_PROJECT = dg.AssetKey(["mart", "dim_project"])
PROJECT_HISTORY = dg.AssetKey(["mart", "project_history"])
DIM_PEER_GROUP = dg.AssetKey(["mart", "dim_peer_group"])
PEER_GROUP_MEMBER = dg.AssetKey(["mart", "peer_group_member"])
DIM_GOAL = dg.AssetKey(["mart", "dim_goal"])

WARNINGS_DDL = ("CREATE TABLE IF NOT EXISTS staging.report_setting_warning "
                "(file VARCHAR, message VARCHAR)")


def _settings_file(context: dg.AssetExecutionContext, name: str) -> tuple[Path, str]:
    """The file in <raw>/report/ and its name as the mart records it (report/<name>)."""
    hytemart: HytemartResource = context.resources.hytemart
    path = hytemart.raw_path / REPORT_DIR / name
    if (escape := escape_error(path, hytemart.raw_path)) is not None:
        raise dg.Failure(description=str(escape))
    return path, f"{REPORT_DIR}/{name}"


def _fail(errors: Sequence[SourceFormatError | str]) -> None:
    if errors:
        raise dg.Failure(description="; ".join(str(error) for error in errors[:20])
                         + (f"; and {len(errors) - 20} more" if len(errors) > 20 else ""))


def _read(read: Any, path: Path) -> Any:
    """A reader's result; a file not of its shape fails the step, naming file and line."""
    try:
        return read(path)
    except SourceFormatError as exc:
        raise dg.Failure(description=str(exc)) from exc


def _replace(con: duckdb.DuckDBPyConnection, table: str, frame: pd.DataFrame) -> None:
    con.register("report_settings_input", frame)
    try:
        con.execute(f"CREATE OR REPLACE TABLE {table} AS SELECT * FROM report_settings_input")
    finally:
        con.unregister("report_settings_input")


def _warn(context: dg.AssetExecutionContext, con: duckdb.DuckDBPyConnection, file: str,
          warnings: list[str]) -> None:
    """Replace the warnings of one settings file (shown by report_settings_warnings)."""
    con.execute(WARNINGS_DDL)
    con.execute("DELETE FROM staging.report_setting_warning WHERE file = $f", {"f": file})
    for warning in warnings:
        context.log.warning(warning)
        con.execute("INSERT INTO staging.report_setting_warning VALUES ($f, $m)",
                    {"f": file, "m": warning})


# --- desirable directions -------------------------------------------------------------------


def _indicator_directions(context: dg.AssetExecutionContext,
                          con: duckdb.DuckDBPyConnection) -> dict[str, Any]:
    hytemart: HytemartResource = context.resources.hytemart
    path, name = _settings_file(context, INDICATORS_FILE)
    settings = _read(report_config.read_indicator_settings, path)
    known = {code for (code,) in con.execute(
        "SELECT indicator_code FROM staging.all_indicators").fetchall()}
    warnings = report_config.check_indicator_settings(path, settings, known)
    directions: dict[str, tuple[str, str]] = {}  # code -> (direction, defined in)
    # Descriptions first (broken ones are the table_values asset's to report), the file wins.
    descriptions, _, _ = described_tables(hytemart.raw_path)
    for description in descriptions:
        where = description.path.relative_to(hytemart.raw_path).as_posix()
        for indicator_id, meta in description.indicators.items():
            if meta.direction is None:
                continue
            code = f"{description.source}:{indicator_id}"
            line = description.line(f"indicators.{indicator_id}")
            if code in directions and directions[code][0] != meta.direction:
                warnings.append(f"{description.path}:{line}: direction of '{code}' is "
                                f"{meta.direction}, {directions[code][1]} says "
                                f"{directions[code][0]}; the first is used")
                continue
            directions.setdefault(code, (meta.direction, f"{where} line {line}"))
    for setting in settings:
        directions[setting.code] = (setting.direction, f"{name} line {setting.line}")
    _replace(con, "staging.indicator_direction", pd.DataFrame(
        [(code, direction, where) for code, (direction, where) in sorted(directions.items())],
        columns=["indicator_code", "direction", "defined_in"]).astype(str))
    _warn(context, con, name, warnings)
    metadata = table_metadata(con, "staging", "indicator_direction", preview_rows=30)
    metadata["warnings"] = dg.MetadataValue.json(warnings)
    return metadata


# Built in the mart's step (pipelines/assets/mart.py), before mart.dim_indicator.
indicator_direction_table = Table(
    INDICATOR_DIRECTION, "Desirable direction (higher, lower, neither) per indicator, from "
    "raw/report/indicators.yaml and the tables' descriptions (direction:).",
    [INDICATOR_VALUES, TABLE_VALUES], _indicator_directions)


# --- peer groups ----------------------------------------------------------------------------


def _peer_groups(context: dg.AssetExecutionContext,
                 con: duckdb.DuckDBPyConnection) -> dict[str, Any]:
    path, name = _settings_file(context, PEER_GROUPS_FILE)
    peer_groups = _read(report_config.read_peer_groups, path)
    areas = dict(con.execute("SELECT area_code, area_level FROM mart.dim_area").fetchall())
    indicators = {code for (code,) in con.execute(
        "SELECT indicator_code FROM mart.dim_indicator").fetchall()}
    _fail(report_config.check_peer_groups(peer_groups, areas, indicators))
    rows, members = [], []
    for position, group in enumerate(peer_groups.groups):
        rows.append((group.id, position, group.kind, group.names["fi"], group.names["sv"],
                     group.names["en"], group.population_from, group.population_below,
                     peer_groups.population_indicator if group.kind == "size_class" else None,
                     f"{name} line {group.line}" if group.line else "built-in"))
        members += [(group.id, member) for member in group.members]
    _replace(con, "staging.peer_group_input", pd.DataFrame(rows, columns=[
        "peer_group_id", "position", "kind", "name_fi", "name_sv", "name_en",
        "population_from", "population_below", "population_indicator", "defined_in"]).astype(
        {"population_from": "Int64", "population_below": "Int64",
         "population_indicator": "string"}))
    _replace(con, "staging.peer_group_member_input", pd.DataFrame(
        members, columns=["peer_group_id", "area_code"]).astype(str))
    _replace(con, "staging.peer_group_assignment_input", pd.DataFrame(
        [(area, group_id, f"{name} line {line}")
         for area, (group_id, line) in peer_groups.assigned.items()],
        columns=["area_code", "peer_group_id", "defined_in"]).astype(str))
    run_sql_file(con, "mart/dim_peer_group")
    return table_metadata(con, "mart", "dim_peer_group", preview_rows=20)


def _area_peer_group(context: dg.AssetExecutionContext,
                     con: duckdb.DuckDBPyConnection) -> dict[str, Any]:
    run_sql_file(con, "mart/area_peer_group")
    _, name = _settings_file(context, PEER_GROUPS_FILE)
    missing = [code for (code,) in con.execute(
        "SELECT area_code FROM mart.dim_area WHERE area_level = 'municipality' AND area_code "
        "NOT IN (SELECT area_code FROM mart.area_peer_group) ORDER BY 1").fetchall()]
    _warn(context, con, name, [
        f"{len(missing)} municipalities have no value of the population indicator and so no "
        f"size class or peer group (e.g. {', '.join(missing[:10])})"] if missing else [])
    return table_metadata(con, "mart", "area_peer_group", preview_rows=20)


# --- goals ----------------------------------------------------------------------------------


def _goals(context: dg.AssetExecutionContext, con: duckdb.DuckDBPyConnection) -> dict[str, Any]:
    path, name = _settings_file(context, GOALS_FILE)
    goals = _read(report_config.read_goals, path)

    def codes(sql: str) -> set[str]:
        return {code for (code,) in con.execute(sql).fetchall()}

    registered = codes("SELECT project_key FROM mart.dim_project")
    _fail(report_config.check_goals(
        path, goals, codes("SELECT area_code FROM mart.dim_area"),
        codes("SELECT indicator_code FROM mart.dim_indicator"),
        codes("SELECT group_code FROM mart.dim_population_group"),
        # A project the pages name but this build quarantined is known: a warning, below.
        registered | codes("SELECT project_key FROM mart.project_history")))
    left_out = report_config.unregistered_projects(path, goals, registered)
    _replace(con, "staging.goal_input", pd.DataFrame(
        [(goal.id, position, goal.area, goal.indicator, goal.group, goal.texts["fi"],
          goal.texts["sv"], goal.texts["en"], goal.target_value, goal.target_year,
          goal.baseline_period, goal.responsible_unit, f"{name} line {goal.line}")
         for position, goal in enumerate(goals)],
        columns=["goal_id", "position", "area_code", "indicator_code", "group_code", "goal_fi",
                 "goal_sv", "goal_en", "target_value", "target_year", "baseline_period",
                 "responsible_unit", "defined_in"]).astype(
        {"goal_id": "string", "area_code": "string", "indicator_code": "string",
         "group_code": "string", "goal_fi": "string", "goal_sv": "string", "goal_en": "string",
         "target_value": "float64", "target_year": "Int64", "baseline_period": "string",
         "responsible_unit": "string", "defined_in": "string", "position": "Int64"}))
    dropped = {(goal_id, project) for goal_id, project, _ in left_out}
    _replace(con, "staging.goal_project_input", pd.DataFrame(
        [(goal.id, project, position + 1) for goal in goals
         for position, project in enumerate(goal.projects) if (goal.id, project) not in dropped],
        columns=["goal_id", "project_key", "position"]).astype(
        {"goal_id": "string", "project_key": "string", "position": "Int64"}))
    run_sql_file(con, "mart/dim_goal")
    lines = {goal.id: goal.line for goal in goals}
    _warn(context, con, name, [warning for _, _, warning in left_out] + [
        f"{path}:{lines[goal_id]}: goal {goal_id}: {message}"
        for goal_id, message in query_sql_file(con, "checks/goal_warnings")])
    return table_metadata(con, "mart", "dim_goal", preview_rows=20)


def report_settings_warnings(con: duckdb.DuckDBPyConnection) -> dg.AssetCheckResult:
    con.execute(WARNINGS_DDL)
    found = con.execute("SELECT file, message FROM staging.report_setting_warning "
                        "ORDER BY ALL").df()
    return dg.AssetCheckResult(
        passed=found.empty, severity=dg.AssetCheckSeverity.WARN,
        description="the report settings hold" if found.empty else
        f"{len(found)} warnings: " + "; ".join(found["message"].head(5)),
        metadata={"warnings": dg.MetadataValue.int(len(found)),
                  "examples": dg.MetadataValue.md(found.head(50).to_markdown(index=False)
                                                  if len(found) else "none")})


report_settings = tables_step("report_settings", "mart", [
    Table(DIM_PEER_GROUP, "Peer groups: the municipal size classes, the wellbeing services "
          "counties and the groups of raw/report/peer_groups.yaml.", [DIM_AREA, DIM_INDICATOR],
          _peer_groups),
    sql_table("mart", "peer_group_member", "The areas of each peer group (a municipality in "
              "the size class of its latest population).", [DIM_PEER_GROUP, DIM_AREA, FACTS]),
    Table(dg.AssetKey(["mart", "area_peer_group"]), "The peer group each municipality and "
          "wellbeing services county is compared with.", [PEER_GROUP_MEMBER, DIM_AREA],
          _area_peer_group),
    Table(DIM_GOAL, "Goals of the welfare plans (raw/report/goals.yaml), checked against the "
          "mart.", [DIM_AREA, DIM_INDICATOR, DIM_POPULATION_GROUP, DIM_PROJECT, PROJECT_HISTORY,
                    FACTS], _goals),
    sql_table("mart", "goal_project", "The register's projects that work on each goal.",
              [DIM_GOAL, DIM_PROJECT]),
], [Check(dg.AssetCheckSpec(
    "report_settings_warnings", asset=DIM_GOAL, blocking=False,
    description="raw/report/indicators.yaml, peer_groups.yaml and goals.yaml: what does not "
    "stop the build but should be looked at (an indicator the mart lacks, a municipality "
    "without a population, a goal without data or with its target on the unfavourable side "
    "of its baseline, a goal's project the register quarantined this build). Errors "
    "(unknown areas, indicators, groups or projects, bad years or values, a missing "
    "language) stop the build instead."), report_settings_warnings)])

REPORT_SETTINGS_ASSETS = [report_settings]
