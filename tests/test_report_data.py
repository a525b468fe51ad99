"""The welfare reports' data layer (issue 23): the settings files of raw/report/ and their
errors, the rules of report.indicator_comparison and report.goal_progress on small crafted
marts, and the bundled sample that feeds them. The same relations on the sample's published
file, and a build stopped by a bad goal: tests/test_report_data_build.py."""

import csv
import json
import random
import statistics
import subprocess
import sys
from collections import defaultdict
from datetime import date
from pathlib import Path

import duckdb
import pandas as pd
import pytest

from pipelines.ingest import report_config
from pipelines.ingest.descriptions import load_description
from pipelines.ingest.errors import SourceFormatError
from pipelines.sqlfiles import run_sql_file

REPO_ROOT = Path(__file__).resolve().parents[1]
REPORT = REPO_ROOT / "raw" / "report"
SOTKANET = REPO_ROOT / "raw" / "indicators" / "sotkanet"
WESTERN_UUSIMAA = {"KU049", "KU078", "KU149", "KU224", "KU235", "KU257", "KU444", "KU710",
                   "KU755", "KU927"}


# --- the settings files ---------------------------------------------------------------------


def test_the_sample_settings_read_with_their_lines() -> None:
    settings = report_config.read_indicator_settings(REPORT / "indicators.yaml")
    directions = {setting.code: setting.direction for setting in settings}
    assert directions["sotkanet:181"] == "lower" and directions["sotkanet:127"] == "neither"
    assert set(directions.values()) == {"lower", "neither"}  # higher: in a description
    lines = (REPORT / "indicators.yaml").read_text(encoding="utf-8").splitlines()
    for setting in settings:
        assert lines[setting.line - 1].strip().startswith(f"{setting.code}:")

    peers = report_config.read_peer_groups(REPORT / "peer_groups.yaml")
    groups = {group.id: group for group in peers.groups}
    assert set(groups["six_largest"].members) == {"KU091", "KU049", "KU837", "KU092", "KU564",
                                                  "KU853"}
    assert peers.assigned["KU049"][0] == "six_largest"
    assert [group.id for group in peers.groups[:7]] == [
        group.id for group in report_config.BUILT_IN_GROUPS]

    goals = report_config.read_goals(REPORT / "goals.yaml")
    by_area = defaultdict(list)
    for goal in goals:
        by_area[goal.area].append(goal)
        assert set(goal.texts) == {"fi", "sv", "en"} and goal.responsible_unit
    # The county and each of its ten municipalities have two or three goals.
    assert set(by_area) == WESTERN_UUSIMAA | {"HVA03"}
    assert all(2 <= len(area_goals) <= 3 for area_goals in by_area.values())
    trusted = next(goal for goal in goals if goal.indicator == "county:trusted_adult")
    assert trusted.group == "total.14-16.other" and trusted.projects == ("trust-m",
                                                                         "hytedata-2-0")


def test_a_description_gives_a_direction_and_a_bad_one_is_an_error(tmp_path: Path) -> None:
    survey = load_description(REPO_ROOT / "raw/indicators/county/school_survey_2023.yaml")
    assert survey.indicators["trusted_adult"].direction == "higher"
    assert survey.indicators["lonely"].direction == "lower"
    text = (REPO_ROOT / "raw/indicators/county/school_survey_2023.yaml").read_text("utf-8")
    (tmp_path / "school_survey_2023.csv").write_text("x", encoding="utf-8")
    broken = tmp_path / "school_survey_2023.yaml"
    broken.write_text(text.replace("direction: higher", "direction: up"), encoding="utf-8")
    line = text[:text.index("direction: higher")].count("\n") + 1
    with pytest.raises(SourceFormatError, match="'up' is not one of") as error:
        load_description(broken)
    assert error.value.line == line


def write(tmp_path: Path, text: str, name: str = "settings.yaml") -> Path:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


GOAL = """goals:
  - id: g1
    area: KU049
    indicator: sotkanet:189
    text: {fi: Tavoite, sv: Mål, en: Goal}
    target_value: 9.5
    target_year: 2027
    baseline_period: "2019"
    responsible_unit: Nuorisopalvelut
    projects: [hytedata-2-0]
"""


@pytest.mark.parametrize(("reader", "text", "line", "message"), [
    ("indicators", "indicators:\n  sotkanet:181: better\n", 2, "'better' is not one of"),
    ("indicators", "indicators:\n  sotkanet:181: {direction: lower, colour: red}\n", 2,
     "unknown key 'colour'"),
    ("indicators", "indicators:\n  sotkanet:181: lower\n  sotkanet:181: higher\n", 3,
     "'sotkanet:181' is given twice"),
    ("indicators", "indicator:\n  sotkanet:181: lower\n", 1, "unknown key 'indicator'"),
    ("indicators", "indicators:\n  sotkanet:181: [lower\n", 3, "not valid YAML"),
    ("peer_groups", "groups:\n  - id: size_under_5000\n    name: {fi: a, sv: b, en: c}\n"
     "    members: [KU049]\n", 2, "a built-in group's id"),
    ("peer_groups", "groups:\n  - id: big\n    name: {fi: a, en: c}\n    members: [KU049]\n",
     3, "missing in sv"),
    ("peer_groups", "groups:\n  - id: big\n    name: {fi: a, sv: b, en: c}\n"
     "    members: [KU049, KU049]\n", 4, "listed twice"),
    ("peer_groups", "areas:\n  KU049: six_biggest\n", 2, "no group 'six_biggest'"),
    ("peer_groups", "groups:\n  - id: two words\n    name: {fi: a, sv: b, en: c}\n", 2,
     "may hold only letters"),
    ("goals", GOAL.replace("2027", "20x7"), 7, "'20x7' is not a year"),
    ("goals", GOAL.replace("9.5", "9,5"), 6, "'9,5' is not a number"),
    ("goals", GOAL.replace(", sv: Mål", ""), 5, "missing in sv"),
    ("goals", GOAL.replace("target_value:", "targt_value:"), 6, "unknown key 'targt_value'"),
    ("goals", GOAL.replace('"2019"', '"2019X"'), 8, "unrecognised period code"),
    ("goals", GOAL.replace('"2019"', '"2028"'), 7, "is not after the baseline period"),
    ("goals", GOAL.replace("    area: KU049\n", ""), 2, "goal g1 needs area"),
    ("goals", GOAL + GOAL.replace("goals:\n", ""), 11, "goal id 'g1' is used twice"),
    ("goals", GOAL.replace("    projects", "    group: everyone\n    projects"), 10,
     "is not a group code"),
])
def test_a_settings_file_not_of_its_shape_is_an_error_naming_file_and_line(
    tmp_path: Path, reader: str, text: str, line: int, message: str,
) -> None:
    read = {"indicators": report_config.read_indicator_settings,
            "peer_groups": report_config.read_peer_groups,
            "goals": report_config.read_goals}[reader]
    path = write(tmp_path, text)
    with pytest.raises(SourceFormatError, match=message) as error:
        read(path)
    assert (error.value.path, error.value.line) == (str(path), line)
    assert str(error.value).startswith(f"{path}:{line}: ")


def test_missing_or_empty_files_mean_no_settings(tmp_path: Path) -> None:
    assert report_config.read_indicator_settings(tmp_path / "absent.yaml") == []
    assert report_config.read_goals(write(tmp_path, "# nothing yet\n")) == []
    peers = report_config.read_peer_groups(tmp_path / "absent.yaml")
    assert peers.groups == report_config.BUILT_IN_GROUPS and peers.assigned == {}


def test_codes_the_mart_lacks_are_errors_naming_the_line_or_warnings(tmp_path: Path) -> None:
    goals_path = write(tmp_path, GOAL.replace("KU049", "KU999").replace(
        "[hytedata-2-0]", "[hytedata-2-0, no-such-project]"))
    goals = report_config.read_goals(goals_path)
    errors = report_config.check_goals(
        goals_path, goals, areas={"KU049"}, indicators={"sotkanet:189"},
        groups={"total.total.total"}, projects={"hytedata-2-0"})
    assert [str(error) for error in errors] == [
        f"{goals_path}:3: goal g1: area 'KU999' is not in mart.dim_area",
        f"{goals_path}:10: goal g1: project 'no-such-project' is not in mart.dim_project "
        "(project_key)"]
    assert report_config.check_goals(goals_path, goals, {"KU999"}, {"x"}, {"total.total.total"},
                                     {"hytedata-2-0", "no-such-project"})[0].line == 4
    # A project the pages name but this build quarantined: a warning, the link left out.
    assert report_config.unregistered_projects(goals_path, goals, {"hytedata-2-0"}) == [
        ("g1", "no-such-project", f"{goals_path}:10: goal g1: project 'no-such-project' is not "
         "in the register this build (quarantined: see quality.quarantine); left out of the "
         "goal's projects")]

    peers_path = write(tmp_path, "population_indicator: statfin:population\ngroups:\n"
                       "  - id: mixed\n    name: {fi: a, sv: b, en: c}\n"
                       "    members: [KU049, HVA03, KU998]\nareas:\n  MK01: mixed\n",
                       "peers.yaml")
    peers = report_config.read_peer_groups(peers_path)
    areas = {"KU049": "municipality", "HVA03": "wellbeing_county", "MK01": "region"}
    assert [str(error) for error in report_config.check_peer_groups(peers, areas, {"x"})] == [
        f"{peers_path}:1: population_indicator 'statfin:population' is not in "
        "mart.dim_indicator",
        f"{peers_path}:3: group mixed: member 'KU998' is not in mart.dim_area",
        f"{peers_path}:3: group mixed: members are municipalities and counties; compare like "
        "with like",
        f"{peers_path}:7: area 'MK01' is a region, not a municipality or wellbeing services "
        "county"]

    indicators_path = write(tmp_path, "indicators:\n  sotkanet:181: lower\n  x:1: higher\n",
                            "indicators.yaml")
    settings = report_config.read_indicator_settings(indicators_path)
    assert report_config.check_indicator_settings(indicators_path, settings,
                                                   {"sotkanet:181"}) == [
        f"{indicators_path}:3: indicator 'x:1' is not in the mart; its direction is not used"]


# --- the rules, on small marts --------------------------------------------------------------

GROUPS = ("total.total.total",)


def small_mart(areas: list[tuple[str, str, str | None, int | None]],
               facts: list[tuple], directions: dict[str, str],
               units: dict[str, str] | None = None,
               peers: report_config.PeerGroups | None = None) -> duckdb.DuckDBPyConnection:
    """A work database with the mart tables the report relations read, and the peer groups
    built by their own SQL. `areas`: (code, level, county, population: the latest value of
    sotkanet:127); `facts`: (indicator, area, period, value, status); `peers`: as read from a
    peer_groups.yaml (default: the built-in groups)."""
    con = duckdb.connect()
    for schema in ("staging", "mart"):
        con.execute(f"CREATE SCHEMA {schema}")
    con.execute("CREATE TABLE mart.dim_area (area_code VARCHAR, area_level VARCHAR, "
                "name_fi VARCHAR, name_sv VARCHAR, name_en VARCHAR, wellbeing_county_code "
                "VARCHAR)")
    con.executemany("INSERT INTO mart.dim_area VALUES (?, ?, ?, ?, ?, ?)",
                    [(code, level, code, code, code, county) for code, level, county, _ in areas])
    con.execute("CREATE TABLE mart.dim_indicator (indicator_code VARCHAR, name_fi VARCHAR, "
                "name_sv VARCHAR, name_en VARCHAR, unit VARCHAR, decimals INTEGER, "
                "desirable_direction VARCHAR)")
    con.executemany("INSERT INTO mart.dim_indicator VALUES (?, ?, ?, ?, ?, 1, ?)",
                    [(code, code, code, code, (units or {}).get(code, "percent"), direction)
                     for code, direction in directions.items()])
    con.execute("CREATE TABLE mart.dim_population_group (group_code VARCHAR, label_fi VARCHAR, "
                "label_sv VARCHAR, label_en VARCHAR)")
    con.executemany("INSERT INTO mart.dim_population_group VALUES (?, ?, ?, ?)",
                    [(group, group, group, group) for group in GROUPS])
    rows = [(indicator, area, "total.total.total", "annual", period,
             date(int(period), 1, 1), value, status)
            for indicator, area, period, value, status in facts]
    rows += [("sotkanet:127", code, "total.total.total", "annual", "2023", date(2023, 1, 1),
              float(population), "ok") for code, _, _, population in areas if population]
    con.execute("CREATE TABLE mart.fact_indicator_value (indicator_code VARCHAR, area_code "
                "VARCHAR, group_code VARCHAR, frequency VARCHAR, period VARCHAR, period_start "
                "DATE, value DOUBLE, status VARCHAR)")
    con.executemany("INSERT INTO mart.fact_indicator_value VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
                    rows)
    stage_peer_groups(con, peers or report_config.PeerGroups(report_config.BUILT_IN_GROUPS, {}))
    for name in ("dim_peer_group", "peer_group_member", "area_peer_group", "fact_comparison"):
        run_sql_file(con, f"mart/{name}")
    run_sql_file(con, "outputs/report/indicator_comparison")
    return con


def stage_peer_groups(con: duckdb.DuckDBPyConnection, peers: report_config.PeerGroups) -> None:
    """What pipelines/assets/report_settings.py stages, for these groups."""
    groups = pd.DataFrame([
        (group.id, position, group.kind, group.names["fi"], group.names["sv"],
         group.names["en"], group.population_from, group.population_below,
         peers.population_indicator if group.kind == "size_class" else None, "test")
        for position, group in enumerate(peers.groups)],
        columns=["peer_group_id", "position", "kind", "name_fi", "name_sv", "name_en",
                 "population_from", "population_below", "population_indicator", "defined_in"]
    ).astype({"population_from": "Int64", "population_below": "Int64"})
    members = pd.DataFrame([(group.id, member) for group in peers.groups
                            for member in group.members], columns=["peer_group_id",
                                                                    "area_code"], dtype=str)
    assignments = {area: group for area, (group, _) in peers.assigned.items()}
    assignment = pd.DataFrame([(area, group, "test") for area, group in assignments.items()],
                              columns=["area_code", "peer_group_id", "defined_in"], dtype=str)
    for name, frame in (("peer_group_input", groups), ("peer_group_member_input", members),
                        ("peer_group_assignment_input", assignment)):
        con.register("frame", frame)
        con.execute(f"CREATE OR REPLACE TABLE staging.{name} AS SELECT * FROM frame")
        con.unregister("frame")


def comparison(con: duckdb.DuckDBPyConnection, where: str = "true") -> dict[tuple, dict]:
    frame = con.execute(f"SELECT * FROM report.indicator_comparison WHERE {where}").df()
    return {(row["area_code"], row["indicator_code"], row["period"]): row
            for row in frame.to_dict("records")}


def municipalities(count: int, population: int = 10000, county: str = "HVA01"
                   ) -> list[tuple[str, str, str | None, int | None]]:
    return [(f"KU{index:03d}", "municipality", county, population + index)
            for index in range(1, count + 1)]


def test_class_and_rank_turn_with_the_direction() -> None:
    areas = municipalities(10) + [("HVA01", "wellbeing_county", None, None),
                                  ("SSS", "country", None, None)]
    facts = [(code, f"KU{index:03d}", "2023", float(index), "ok")
             for code in ("x:higher", "x:lower", "x:neither") for index in range(1, 11)]
    con = small_mart(areas, facts, {"x:higher": "higher", "x:lower": "lower",
                                    "x:neither": "neither"})
    rows = comparison(con, "area_level = 'municipality'")
    for code in ("x:higher", "x:lower", "x:neither"):
        # The class is by value, whatever the direction: 2 of 10 in each 20 %.
        assert [rows[(f"KU{i:03d}", code, "2023")]["comparison_class"] for i in range(1, 11)] == (
            ["lowest_20"] * 2 + ["middle_60"] * 6 + ["highest_20"] * 2)
        assert {row["rank_count"] for key, row in rows.items() if key[1] == code} == {10}
    top, bottom = ("KU010", "KU001")
    assert rows[(top, "x:higher", "2023")]["strength_or_need"] == "strength"
    assert rows[(bottom, "x:higher", "2023")]["strength_or_need"] == "need"
    assert rows[(top, "x:lower", "2023")]["strength_or_need"] == "need"
    assert rows[(bottom, "x:lower", "2023")]["strength_or_need"] == "strength"
    assert rows[(top, "x:neither", "2023")]["strength_or_need"] == "neutral"
    assert rows[("KU005", "x:higher", "2023")]["strength_or_need"] == "neutral"
    # Rank 1 is the most favourable; by value, highest first, where neither way is better.
    assert rows[(top, "x:higher", "2023")]["rank"] == 1
    assert rows[(bottom, "x:lower", "2023")]["rank"] == 1
    assert rows[(top, "x:neither", "2023")]["rank"] == 1
    assert rows[(top, "x:lower", "2023")]["rank"] == 10


def test_ties_share_a_rank_and_few_areas_get_no_class() -> None:
    areas = municipalities(6)
    facts = [("x:1", code, "2023", value, "ok") for (code, *_), value in
             zip(areas, [5.0, 5.0, 5.0, 5.0, 5.0, 1.0], strict=True)]
    facts += [("x:2", code, "2023", float(index), "ok") for index, (code, *_) in
              enumerate(areas[:4])]
    con = small_mart(areas, facts, {"x:1": "higher", "x:2": "higher"})
    rows = comparison(con)
    tied = [rows[(f"KU00{i}", "x:1", "2023")] for i in range(1, 6)]
    assert {row["rank"] for row in tied} == {1}
    # Five tie at the top: none of the six has a higher value and one (under 20 %) a lower
    # one, so each is in both outer fifths at once: middle.
    assert {row["comparison_class"] for row in tied} == {"middle_60"}
    assert rows[("KU006", "x:1", "2023")]["rank"] == 6
    assert rows[("KU006", "x:1", "2023")]["comparison_class"] == "lowest_20"
    # Four areas with a value: ranked, not classed.
    assert all(pd.isna(rows[(f"KU00{i}", "x:2", "2023")]["comparison_class"])
               for i in range(1, 5))
    assert rows[("KU004", "x:2", "2023")]["rank"] == 1
    everyone = small_mart(areas, [("x:1", code, "2023", 3.0, "ok") for code, *_ in areas],
                          {"x:1": "higher"})
    assert {row["comparison_class"] for row in comparison(everyone).values()} == {"middle_60"}


def test_a_hidden_cell_is_never_ranked_classed_or_part_of_another_value() -> None:
    areas = municipalities(7) + [("HVA01", "wellbeing_county", None, None),
                                 ("HVA02", "wellbeing_county", None, None),
                                 ("SSS", "country", None, None)]
    facts = [("x:1", f"KU00{index}", "2023", float(index), "ok") for index in range(1, 7)]
    # KU007 holds the largest value but is suppressed (a value left in the column on purpose:
    # the status decides), and so is the county's; the country is confidential.
    facts += [("x:1", "KU007", "2023", 100.0, "suppressed"),
              ("x:1", "HVA01", "2023", 50.0, "suppressed"), ("x:1", "HVA02", "2023", 4.0, "ok"),
              ("x:1", "SSS", "2023", 9.0, "confidential")]
    con = small_mart(areas, facts, {"x:1": "higher"})
    rows = comparison(con)
    hidden = rows[("KU007", "x:1", "2023")]
    assert pd.isna(hidden["value"]) and hidden["status"] == "suppressed"
    for column in ("rank", "comparison_class", "strength_or_need", "trend"):
        assert pd.isna(hidden[column]), column
    shown = [rows[(f"KU00{index}", "x:1", "2023")] for index in range(1, 7)]
    assert {row["rank_count"] for row in shown + [hidden]} == {6}
    assert rows[("KU006", "x:1", "2023")]["rank"] == 1  # 100 is not above it
    # Every municipality is in one size class: KU007's hidden 100 is in no peer median.
    for row in shown:
        others = [float(index) for index in range(1, 7) if f"KU00{index}" != row["area_code"]]
        assert row["peer_group_value"] == statistics.median(others)
        assert row["peer_group_count"] == 5
        assert pd.isna(row["county_value"]) and pd.isna(row["country_value"])
    assert rows[("HVA02", "x:1", "2023")]["county_value"] == 4.0  # a county's own
    assert pd.isna(rows[("HVA02", "x:1", "2023")]["peer_group_value"])  # HVA01 is hidden


def test_the_peer_median_leaves_the_area_out_and_follows_the_groups(tmp_path: Path) -> None:
    rng = random.Random(7)
    sizes = [3000, 4999, 5000, 12000, 25000, 60000, 99999, 100000, 250000]
    areas = [(f"KU{index:03d}", "municipality", "HVA01", rng.choice(sizes))
             for index in range(1, 41)]
    areas += [(f"HVA{index:02d}", "wellbeing_county", None, None) for index in range(1, 6)]
    values = {code: round(rng.uniform(0, 20), 1) for code, *_ in areas}
    values["KU003"] = values["KU004"]  # a tie with the own value in the list
    facts = [("x:1", code, "2023", value, "ok") for code, value in values.items()]
    groups = ("groups:\n  - id: chosen\n    name: {fi: a, sv: b, en: c}\n"
              "    members: [KU001, KU002, KU003, KU004, KU005]\nareas:\n  KU003: chosen\n"
              "  KU040: chosen\n")
    peers = report_config.read_peer_groups(write(tmp_path, groups))
    con = small_mart(areas, facts, {"x:1": "lower"}, peers=peers)
    size_class = dict(con.execute("SELECT area_code, peer_group_id FROM mart.area_peer_group"
                                  ).fetchall())
    population = {code: population for code, _, _, population in areas}
    for code, group in size_class.items():
        if code.startswith("HVA"):
            assert group == "wellbeing_counties"
        elif code in ("KU003", "KU040"):
            assert group == "chosen"
        else:
            expected = next(g.id for g in report_config.BUILT_IN_GROUPS if g.kind == "size_class"
                            and g.population_from <= population[code]
                            and (g.population_below is None
                                 or population[code] < g.population_below))
            assert group == expected, (code, population[code])
    members = defaultdict(set)
    for group, code in con.execute("SELECT peer_group_id, area_code FROM mart.peer_group_member"
                                   ).fetchall():
        members[group].add(code)
    for key, row in comparison(con).items():
        peers = [values[code] for code in members[size_class[key[0]]] if code != key[0]]
        expected = statistics.median(peers) if peers else None
        assert row["peer_group_value"] == pytest.approx(expected), key
        assert row["peer_group_count"] == len(peers)
    # KU040 is compared with a group it is not in: all five members count.
    assert comparison(con)[("KU040", "x:1", "2023")]["peer_group_count"] == 5


def test_the_trend_rule() -> None:
    areas = municipalities(1)
    series = {
        "x:rising": [10, 11, 12, 13, 14, 15],  # +4 over the last five: 33 % of the mean
        # +0.4 over the last five: 10 % of the mean, but under 0.5 percentage points ...
        "x:flat": [4.0, 4.0, 4.1, 4.2, 4.3, 4.4],
        "x:small_rate": [4.0, 4.0, 4.1, 4.2, 4.3, 4.4],  # ... which only percentages have
        "x:rate": [200, 201, 202, 203, 204, 205],  # +4 per 1000: 2 % of the mean
        "x:neither": [5, 4, 3, 2, 1, 0.5],
        "x:gaps": [1, 2, None, None, None, 5],  # two values in the last five
    }
    facts = [(code, "KU001", str(2018 + year), value, "ok" if value is not None else "missing")
             for code, values in series.items() for year, value in enumerate(values)]
    con = small_mart(areas, facts, {"x:rising": "lower", "x:flat": "higher",
                                    "x:small_rate": "lower", "x:rate": "lower",
                                    "x:neither": "neither", "x:gaps": "higher"},
                     units={"x:rate": "per_1000", "x:small_rate": "per_1000"})
    rows = comparison(con)
    latest = {code: rows[("KU001", code, "2023")] for code in series}
    assert latest["x:rising"]["trend"] == "worsening"
    assert latest["x:rising"]["trend_change"] == pytest.approx(4.0)
    assert latest["x:rising"]["trend_periods"] == 5
    assert latest["x:flat"]["trend"] == "stable"
    assert latest["x:flat"]["trend_change"] == pytest.approx(0.4)
    assert latest["x:small_rate"]["trend"] == "worsening"
    assert latest["x:rate"]["trend"] == "stable"
    assert latest["x:neither"]["trend"] == "decreasing"
    assert latest["x:gaps"]["trend_periods"] == 2 and pd.isna(latest["x:gaps"]["trend"])
    assert pd.isna(latest["x:gaps"]["trend_change"])
    # The same rising series where higher is better, as of 2020 (three values).
    better = small_mart(areas, facts, {code: "higher" for code in series})
    early = comparison(better)[("KU001", "x:rising", "2020")]
    assert (early["trend"], early["trend_periods"]) == ("improving", 3)
    assert {key[2] for key, row in comparison(better).items() if row["is_latest"]} == {"2023"}


def test_goal_progress_rules() -> None:
    facts = [("x:lower", "KU001", str(year), value, "ok") for year, value in
             zip(range(2019, 2024), [10.0, 9.5, 9.0, 8.5, 8.0], strict=True)]
    facts += [("x:higher", "KU002", str(year), value, "ok") for year, value in
              zip(range(2019, 2024), [50.0, 50.5, 51.0, 51.0, 51.5], strict=True)]
    facts += [("x:lower", "KU003", "2019", 3.0, "suppressed"),
              ("x:lower", "KU003", "2023", 2.0, "ok"),
              ("x:higher", "KU003", "2022", 7.0, "ok"),
              ("x:higher", "KU003", "2023", 9.0, "suppressed")]
    areas = municipalities(3)
    con = small_mart(areas, facts, {"x:lower": "lower", "x:higher": "higher"})
    goals = pd.DataFrame([
        # id, area, indicator, target, year, baseline
        ("reached", "KU001", "x:lower", 8.0, 2025, "2019"),
        ("on_track", "KU001", "x:lower", 6.0, 2025, "2019"),  # 0.5 of the way, 0.67 expected?
        ("off_track", "KU002", "x:higher", 56.0, 2025, "2019"),
        ("late", "KU001", "x:lower", 7.0, 2023, "2019"),
        ("hidden_baseline", "KU003", "x:lower", 1.0, 2025, "2019"),
        ("latest_with_a_value", "KU003", "x:higher", 10.0, 2025, None),
        ("same_as_baseline", "KU002", "x:higher", 50.0, 2025, None),
    ], columns=["goal_id", "area_code", "indicator_code", "target_value", "target_year",
                "baseline_period"])
    goals.insert(1, "position", range(len(goals)))
    goals["group_code"] = "total.total.total"
    for column in ("goal_fi", "goal_sv", "goal_en", "responsible_unit", "defined_in"):
        goals[column] = "x"
    con.register("goals_frame", goals)
    con.execute("CREATE TABLE staging.goal_input AS SELECT * FROM goals_frame")
    con.execute("CREATE TABLE staging.goal_project_input (goal_id VARCHAR, project_key VARCHAR, "
                "position INTEGER)")
    con.execute("INSERT INTO staging.goal_project_input VALUES ('reached', 'p2', 2), "
                "('reached', 'p1', 1)")
    for name in ("dim_goal", "goal_project"):
        run_sql_file(con, f"mart/{name}")
    run_sql_file(con, "outputs/report/goal_progress")
    rows = {row["goal_id"]: row for row in con.execute(
        "SELECT * FROM report.goal_progress").df().to_dict("records")}
    assert list(rows) == list(goals["goal_id"])  # the file's order
    reached = rows["reached"]
    assert (reached["baseline_value"], reached["latest_period"], reached["latest_value"]) == (
        10.0, "2023", 8.0)
    assert reached["share_of_way"] == pytest.approx(1.0) and reached["progress"] == "reached"
    assert list(reached["project_keys"]) == ["p1", "p2"]
    # 2 of 4 points of the way in 4 of 6 years: behind a straight line.
    assert rows["on_track"]["share_of_way"] == pytest.approx(0.5)
    assert rows["on_track"]["expected_share_of_way"] == pytest.approx(4 / 6)
    assert rows["on_track"]["progress"] == "off_track"
    assert rows["off_track"]["share_of_way"] == pytest.approx(0.25)
    assert rows["off_track"]["progress"] == "off_track"
    assert rows["late"]["progress"] == "off_track"  # the target year is here, not reached
    assert rows["hidden_baseline"]["progress"] == "no_data"
    assert pd.isna(rows["hidden_baseline"]["baseline_value"])
    latest = rows["latest_with_a_value"]
    assert (latest["baseline_period"], latest["latest_period"], latest["latest_value"]) == (
        "2022", "2022", 7.0)
    assert (latest["latest_published_period"], latest["latest_published_status"]) == (
        "2023", "suppressed")
    assert latest["progress"] == "on_track"  # no time has passed since the baseline
    same = rows["same_as_baseline"]
    assert pd.isna(same["share_of_way"]) and same["progress"] == "reached"  # 51.5 >= 50
    assert list(rows["off_track"]["project_keys"]) == []


def test_on_track_means_at_least_as_far_as_a_straight_line() -> None:
    facts = [("x:lower", "KU001", str(year), value, "ok") for year, value in
             zip(range(2019, 2024), [10.0, 9.0, 8.0, 7.0, 7.0], strict=True)]
    con = small_mart(municipalities(1), facts, {"x:lower": "lower"})
    goals = pd.DataFrame([("g", 0, "KU001", "x:lower", "total.total.total", "x", "x", "x", 5.0,
                           2025, "2019", "x", "x")],
                         columns=["goal_id", "position", "area_code", "indicator_code",
                                  "group_code", "goal_fi", "goal_sv", "goal_en", "target_value",
                                  "target_year", "baseline_period", "responsible_unit",
                                  "defined_in"])
    con.register("goals_frame", goals)
    con.execute("CREATE TABLE staging.goal_input AS SELECT * FROM goals_frame")
    con.execute("CREATE TABLE staging.goal_project_input (goal_id VARCHAR, project_key VARCHAR, "
                "position INTEGER)")
    for name in ("dim_goal", "goal_project"):
        run_sql_file(con, f"mart/{name}")
    run_sql_file(con, "outputs/report/goal_progress")
    share, expected, progress = con.execute(
        "SELECT share_of_way, expected_share_of_way, progress FROM report.goal_progress"
    ).fetchone()
    assert (share, progress) == (pytest.approx(0.6), "off_track")  # 3 of 5 points, 4 of 6 yrs
    assert expected == pytest.approx(4 / 6)
    con.execute("UPDATE mart.dim_goal SET target_value = 6.0")
    assert con.execute("SELECT progress FROM report.goal_progress").fetchone()[0] == "on_track"


# --- the bundled sample ---------------------------------------------------------------------


def test_the_sample_is_what_its_script_writes() -> None:
    done = subprocess.run([sys.executable, str(REPO_ROOT / "bench/generate_sample_sotkanet.py"),
                           "--check"], capture_output=True, text=True, check=False)
    assert done.returncode == 0, done.stderr


def test_the_sample_covers_every_area_and_its_counts_add_up() -> None:
    with (REPO_ROOT / "raw/reference/areas.csv").open(encoding="utf-8") as handle:
        areas = list(csv.DictReader(handle))
    county = {area["area_code"]: area["wellbeing_county_code"] for area in areas
              if area["area_level"] == "municipality"}
    regions = json.loads((SOTKANET / "regions.json").read_text(encoding="utf-8"))
    code = {}
    for region in regions:
        if region["category"] == "KUNTA":
            code[region["id"]] = f"KU{region['code']}"
        elif region["category"] == "HYVINVOINTIALUE":
            code[region["id"]] = f"HVA{int(region['code']):02d}"
        elif region["category"] == "MAA":
            code[region["id"]] = "SSS"
    values: dict[tuple, float] = {}
    for path in sorted(SOTKANET.glob("sotkanet_*")):
        if path.suffix == ".csv":
            with path.open(encoding="utf-8") as handle:
                rows = list(csv.DictReader(handle, delimiter=";"))
        else:  # the current JSON shape (value, absValue) and the older one
            rows = [{"primary value": row.get("value", row.get("primary value")),
                     "absolute value": row.get("absValue", row.get("absolute value")), **row}
                    for row in json.loads(path.read_text(encoding="utf-8"))]
        for row in rows:
            value = row["absolute value"] or row["primary value"]
            if int(row["region"]) in code and value not in (None, ""):
                values[(str(row["indicator"]), code[int(row["region"])], str(row["year"]),
                        row["gender"])] = float(value)
    headline = ("127", "181", "189", "5", "3219", "4284", "187", "4", "186", "322", "1514")
    for indicator in ("127",):  # counts: every area, every year, adding up
        for year in [str(y) for y in range(2015, 2024)]:
            for sex in ("total", "male", "female"):
                municipal = {c: values[(indicator, c, year, sex)] for c in county}
                sums = defaultdict(float)
                for c, value in municipal.items():
                    sums[county[c]] += value
                for c, total in sums.items():
                    assert values[(indicator, c, year, sex)] == pytest.approx(total), (
                        indicator, c, year, sex)
                assert values[(indicator, "SSS", year, sex)] == pytest.approx(sum(sums.values()))
            for c in [*county, *sums, "SSS"]:
                assert values[(indicator, c, year, "total")] == pytest.approx(
                    values[(indicator, c, year, "male")] + values[(indicator, c, year,
                                                                    "female")])
    present = {(indicator, area) for indicator, area, _, _ in values}
    for indicator in headline:
        found = {area for ind, area in present if ind == indicator}
        # Survey indicators skip the smallest municipalities, the employment service's Åland.
        assert len({area for area in found if area.startswith("KU")}) >= 250, indicator
        assert {"SSS"} | {f"HVA{n:02d}" for n in (*range(1, 22), 90)} <= found, indicator
    # Rates correlate across years: this year's value tells next year's.
    pairs = [(values[("181", c, "2021", "total")], values[("181", c, "2022", "total")])
             for c in county if ("181", c, "2022", "total") in values
             and ("181", c, "2021", "total") in values]
    assert statistics.correlation(*zip(*pairs, strict=True)) > 0.8
