"""The youth pilot's combination rules (issue 25), on small crafted marts: the gap's sign with
the desirable direction, the survey intervals and the overlap rule, small groups never shown
as numbers, the change since the previous period, the pilot's areas, the service need; and the
report's reader (pipelines/outputs/pilot_data.py) on the same file.

The views are the real sql/outputs/report/youth_*.sql files, the pilot tables loaded by the
real sql/mart/youth_pilot.sql from a youth.yaml read by the real reader.
"""

from datetime import date
from pathlib import Path

import duckdb
import pytest

from pipelines.ingest.pilot_config import pilot_rows, read_pilot_config
from pipelines.outputs.pilot_data import latest_gaps, read_pilot_data
from pipelines.sqlfiles import run_sql_file

PILOT_VIEWS = ("youth_pilot_area", "youth_language_gap", "youth_service_need")
AREAS = [  # code, level, name, parent, county
    ("HVA03", "wellbeing_county", "Länsi-Uusimaa", "SSS", None),
    ("KU049", "municipality", "Espoo", "HVA03", "HVA03"),
    ("KU078", "municipality", "Hanko", "HVA03", "HVA03"),
    ("KU049-SA1", "district", "Suur-Leppävaara", "KU049", "HVA03"),
    ("KU737", "former_municipality", "Sammatti", "KU444", "HVA03"),
    ("KU091", "municipality", "Helsinki", "HVA90", "HVA90"),
    ("HVA90", "wellbeing_county", "Helsinki", "SSS", None),
]
HEADER = """\
pilot:
  county: HVA03
  reference_language: fi
  confidence: 0.95
  min_respondents: 10
  project_keywords: [nuor, youth]
sources:
  stat:
    publisher: {fi: Tilastokeskus, sv: Statistikcentralen, en: Statistics Finland}
    title: {fi: T, sv: T, en: T}
    files: [indicators/statfin/t.px]
indicators:
"""


def rate(indicator_id: str, count: str, population: str, direction: str = "lower",
         age: str = "15-24", theme: str = "exclusion", extra: str = "") -> str:
    return f"""\
  - id: {indicator_id}
    theme: {theme}
    name: {{fi: {indicator_id}, sv: {indicator_id}, en: {indicator_id}}}
    kind: register_rate
    age_band: "{age}"
    direction: {direction}
    count: [{count}]
    population: [{population}]
    per: 100
    sources: [stat]
{extra}"""


def survey(indicator_id: str, code: str, n_code: str, direction: str = "lower") -> str:
    return f"""\
  - id: {indicator_id}
    theme: exclusion
    kind: survey_share
    age_band: "14-16"
    direction: {direction}
    code: {code}
    sample_size: {n_code}
"""


class Mart:
    """A small mart in a DuckDB file: areas, groups, indicators, facts; then the pilot."""

    def __init__(self, path: Path) -> None:
        self.path = path
        self.con = duckdb.connect(str(path))
        for schema in ("mart", "quality", "report"):
            self.con.execute(f"CREATE SCHEMA {schema}")
        self.con.execute("CREATE TABLE mart.dim_area (area_code VARCHAR, area_level VARCHAR, "
                         "name_fi VARCHAR, name_sv VARCHAR, name_en VARCHAR, "
                         "parent_area_code VARCHAR, wellbeing_county_code VARCHAR)")
        for code, level, name, parent, county in AREAS:
            self.con.execute("INSERT INTO mart.dim_area VALUES (?, ?, ?, ?, ?, ?, ?)",
                             [code, level, name, name, name, parent, county])
        self.con.execute("CREATE TABLE mart.dim_indicator (indicator_code VARCHAR, "
                         "name_fi VARCHAR, name_sv VARCHAR, name_en VARCHAR, unit VARCHAR, "
                         "decimals INTEGER)")
        self.con.execute("CREATE TABLE mart.dim_population_group (group_code VARCHAR, "
                         "sex VARCHAR, age_group VARCHAR, language_group VARCHAR)")
        self.con.execute("CREATE TABLE mart.fact_indicator_value (indicator_code VARCHAR, "
                         "area_code VARCHAR, period VARCHAR, frequency VARCHAR, "
                         "period_start DATE, group_code VARCHAR, value DOUBLE, "
                         "absolute_value DOUBLE, status VARCHAR, source VARCHAR, "
                         "source_file VARCHAR)")
        self.con.execute("CREATE TABLE quality.row_accounting (source_file VARCHAR, "
                         "rows_read BIGINT, rows_loaded BIGINT)")
        self.con.execute("CREATE TABLE mart.dim_project (project_key VARCHAR, title VARCHAR, "
                         "status VARCHAR, summary VARCHAR, description VARCHAR)")
        self.con.execute("CREATE TABLE mart.project_indicator (project_key VARCHAR, "
                         "indicator_code VARCHAR, target_area_code VARCHAR)")

    def indicator(self, code: str, unit: str, decimals: int = 1) -> None:
        self.con.execute("INSERT INTO mart.dim_indicator VALUES (?, ?, ?, ?, ?, ?)",
                         [code, code, code, code, unit, decimals])

    def fact(self, code: str, area: str, period: str, language: str, value: float | None,
             status: str = "ok", sex: str = "total", age: str = "15-24",
             source_file: str = "indicators/statfin/t.px") -> None:
        group = f"{sex}.{age}.{language}"
        self.con.execute("INSERT INTO mart.dim_population_group SELECT ?, ?, ?, ? WHERE NOT "
                         "EXISTS (SELECT 1 FROM mart.dim_population_group WHERE group_code = ?)",
                         [group, sex, age, language, group])
        shown = value if status in ("ok", "zero") else None  # as the mart publishes them
        self.con.execute(
            "INSERT INTO mart.fact_indicator_value VALUES (?, ?, ?, 'annual', ?, ?, ?, NULL, ?, "
            "split_part(?, ':', 1), ?)",
            [code, area, period, date(int(period), 1, 1), group, shown, status, code,
             source_file])

    def pilot(self, tmp_path: Path, indicators: str) -> list[str]:
        """Load the pilot of youth.yaml (HEADER + indicators) and build its views; returns the
        reader's warnings."""
        path = tmp_path / "youth.yaml"
        path.write_text(HEADER + indicators, encoding="utf-8")
        config = read_pilot_config(path)
        run_sql_file(self.con, "mart/youth_pilot", pilot_rows(config))
        for view in PILOT_VIEWS:
            run_sql_file(self.con, f"outputs/report/{view}")
        known = [code for (code,) in self.con.execute(
            "SELECT indicator_code FROM mart.dim_indicator").fetchall()]
        return config.warnings(known, [area[0] for area in AREAS])

    def gap(self, indicator_id: str, area: str = "KU049", period: str = "2023",
            language: str = "other", sex: str = "total") -> dict:
        cursor = self.con.execute(
            "SELECT * FROM report.youth_language_gap WHERE indicator_id = ? AND area_code = ? "
            "AND period = ? AND language_group = ? AND sex = ?",
            [indicator_id, area, period, language, sex])
        rows = cursor.fetchall()
        assert len(rows) == 1, (indicator_id, area, period, language, rows)
        return dict(zip([column[0] for column in cursor.description], rows[0], strict=True))


@pytest.fixture()
def mart(tmp_path: Path) -> Mart:
    built = Mart(tmp_path / "published.duckdb")  # not mart.duckdb: the schema
    yield built
    built.con.close()


def rates(mart: Mart, name: str, area: str, period: str, counts: dict[str, float],
          populations: dict[str, float], statuses: dict[str, str] | None = None) -> None:
    """Count and population facts of one indicator by language group."""
    statuses = statuses or {}
    for language, count in counts.items():
        mart.fact(f"stat:{name}", area, period, language, count,
                  statuses.get(f"count.{language}", "ok"))
    for language, population in populations.items():
        mart.fact(f"stat:{name}_pop", area, period, language, population,
                  statuses.get(f"pop.{language}", "ok"))


def test_the_gap_says_behind_or_ahead_by_the_desirable_direction(mart, tmp_path) -> None:
    indicators = ""
    for direction in ("lower", "higher", "neither"):
        mart.indicator(f"stat:{direction}", "count", 0)
        mart.indicator(f"stat:{direction}_pop", "count", 0)
        indicators += rate(direction, f"stat:{direction}", f"stat:{direction}_pop", direction)
        # Other-language young people: 15 % in Espoo, 5 % in Hanko; Finnish speakers 10 %.
        rates(mart, direction, "KU049", "2023", {"fi": 100, "other": 30},
              {"fi": 1000, "other": 200})
        rates(mart, direction, "KU078", "2023", {"fi": 10, "other": 1 * 10},
              {"fi": 100, "other": 200})
    mart.pilot(tmp_path, indicators)
    expected = {("lower", "KU049"): "behind", ("lower", "KU078"): "ahead",
                ("higher", "KU049"): "ahead", ("higher", "KU078"): "behind",
                ("neither", "KU049"): "above", ("neither", "KU078"): "below"}
    for (direction, area), meaning in expected.items():
        row = mart.gap(direction, area)
        assert row["gap_direction"] == meaning, (direction, area)
        assert row["desirable_direction"] == direction
        assert row["peer_value"] == 10.0
        assert row["gap"] == (5.0 if area == "KU049" else -5.0)
        assert row["gap_ratio"] == (1.5 if area == "KU049" else 0.5)
        assert row["comparison_note"] is None
        assert row["count_value"] == (30 if area == "KU049" else 10)
    # The peers' own rows are there, without a gap.
    own = mart.gap("lower", "KU049", language="fi")
    assert (own["gap_direction"], own["gap"], own["value"]) == ("reference", None, 10.0)


def test_a_register_gap_below_min_gap_or_none_is_no_difference(mart, tmp_path) -> None:
    mart.indicator("stat:neet", "count", 0)
    mart.indicator("stat:neet_pop", "count", 0)
    rates(mart, "neet", "KU049", "2023", {"fi": 100, "sv": 104, "other": 110},
          {"fi": 1000, "sv": 1000, "other": 1000})
    rates(mart, "neet", "KU078", "2023", {"fi": 10, "sv": 10}, {"fi": 100, "sv": 100})
    mart.pilot(tmp_path, rate("neet", "stat:neet", "stat:neet_pop", extra="    min_gap: 0.5\n"))
    sv = mart.gap("neet", language="sv")  # 10.4 against 10.0: under 0.5 points
    assert (sv["gap"], sv["gap_direction"], sv["comparison_note"]) == (
        0.4, "no_difference", "within_min_gap")
    other = mart.gap("neet")  # 11.0 against 10.0
    assert (other["gap"], other["gap_direction"]) == (1.0, "behind")
    equal = mart.gap("neet", "KU078", language="sv")
    assert (equal["gap"], equal["gap_direction"], equal["comparison_note"]) == (
        0.0, "no_difference", "equal")


@pytest.mark.parametrize(("yes", "n", "low", "high"), [
    # Newcombe (1998), Stat Med 17:857-872, Table I: the Wilson score interval (method 3).
    (81, 263, 25.53, 36.62), (15, 148, 6.24, 16.05), (0, 20, 0.0, 16.11), (1, 29, 0.61, 17.18),
])
def test_survey_intervals_are_wilson_score_intervals(mart, tmp_path, yes, n, low, high) -> None:
    mart.indicator("ktk:lonely", "percent")
    mart.indicator("ktk:lonely_n", "count", 0)
    for language in ("fi", "other"):
        mart.fact("ktk:lonely", "KU049", "2023", language, 100 * yes / n, age="14-16")
        mart.fact("ktk:lonely_n", "KU049", "2023", language, n, age="14-16")
    mart.pilot(tmp_path, survey("lonely", "ktk:lonely", "ktk:lonely_n"))
    row = mart.gap("lonely")
    assert row["respondents"] == n
    assert row["ci_low"] == pytest.approx(low, abs=0.01)
    assert row["ci_high"] == pytest.approx(high, abs=0.01)
    assert row["peer_ci_low"] == row["ci_low"]


def test_a_survey_gap_is_no_gap_when_the_intervals_overlap(mart, tmp_path) -> None:
    mart.indicator("ktk:lonely", "percent")
    mart.indicator("ktk:lonely_n", "count", 0)
    cells = {  # area: {language: (share, n)}
        "KU049": {"fi": (12.0, 400), "sv": (16.0, 50), "other": (25.0, 400)},
        "KU078": {"fi": (12.0, 400), "other": (4.0, 400)},
    }
    for area, by_language in cells.items():
        for language, (share, n) in by_language.items():
            mart.fact("ktk:lonely", area, "2023", language, share, age="14-16")
            mart.fact("ktk:lonely_n", area, "2023", language, n, age="14-16")
    mart.pilot(tmp_path, survey("lonely", "ktk:lonely", "ktk:lonely_n"))
    overlapping = mart.gap("lonely", language="sv")  # 16 % of 50: about 8-29 %
    assert overlapping["ci_low"] < overlapping["peer_ci_high"]
    assert overlapping["gap"] == 4.0
    assert (overlapping["gap_direction"], overlapping["comparison_note"]) == (
        "no_difference", "intervals_overlap")
    apart = mart.gap("lonely")  # 25 % of 400 against 12 % of 400
    assert apart["ci_low"] > apart["peer_ci_high"]
    assert (apart["gap"], apart["gap_direction"]) == (13.0, "behind")
    better = mart.gap("lonely", "KU078")
    assert (better["gap"], better["gap_direction"]) == (-8.0, "ahead")


def test_small_or_hidden_groups_never_become_numbers(mart, tmp_path) -> None:
    mart.indicator("ktk:lonely", "percent")
    mart.indicator("ktk:lonely_n", "count", 0)
    mart.indicator("stat:neet", "count", 0)
    mart.indicator("stat:neet_pop", "count", 0)
    # Survey shares: 7 respondents (fewer than 10), respondents hidden, respondents absent.
    for area, language, share, n, n_status in [
        ("KU049", "fi", 12.0, 400, "ok"), ("KU049", "other", 40.0, 7, "ok"),
        ("KU078", "fi", 12.0, 400, "ok"), ("KU078", "other", 30.0, None, "suppressed"),
        ("KU078", "sv", 20.0, None, None),
    ]:
        mart.fact("ktk:lonely", area, "2023", language, share, age="14-16")
        if n_status is not None:
            mart.fact("ktk:lonely_n", area, "2023", language, n, n_status, age="14-16")
    # Rates: a hidden count, a hidden population, no population, an empty population, a hidden
    # peer.
    rates(mart, "neet", "KU049", "2023", {"fi": 100, "sv": 3, "other": 50},
          {"fi": 1000, "sv": 40, "other": 300},
          {"count.sv": "suppressed", "pop.other": "suppressed"})
    rates(mart, "neet", "KU078", "2023", {"fi": 10, "sv": 0, "other": 6}, {"fi": 100, "sv": 0},
          {"count.fi": "confidential"})
    mart.pilot(tmp_path, survey("lonely", "ktk:lonely", "ktk:lonely_n")
               + rate("neet", "stat:neet", "stat:neet_pop"))
    expected = {  # (indicator, area, language): (status, note)
        ("lonely", "KU049", "other"): ("suppressed", "too_few_respondents"),
        ("lonely", "KU078", "other"): ("suppressed", "sample_size_not_published"),
        ("lonely", "KU078", "sv"): ("suppressed", "sample_size_not_published"),
        ("neet", "KU049", "sv"): ("suppressed", "value_not_published"),
        ("neet", "KU049", "other"): ("suppressed", "value_not_published"),
        ("neet", "KU078", "other"): ("missing", "value_not_published"),
        ("neet", "KU078", "sv"): ("not_applicable", "value_not_published"),
    }
    for (indicator, area, language), (status, note) in expected.items():
        row = mart.gap(indicator, area, language=language)
        assert (row["value"], row["status"], row["comparison_note"]) == (None, status, note), (
            indicator, area, language)
        assert row["gap"] is None and row["gap_direction"] == "not_comparable"
        assert row["ci_low"] is None and row["count_value"] is None
    # A hidden peer hides the gap, not the group's own value.
    peerless = mart.gap("neet", "KU078", language="fi")
    assert (peerless["value"], peerless["status"]) == (None, "confidential")
    # Nowhere in the pilot's relations is a cell that is not a number given a value (the
    # peers' value is the peers' cell, with its own status; respondents are their own cell,
    # a published count, shown beside a share withheld for too few of them).
    for view, status, columns in (
            ("youth_language_gap", "status", ("value", "count_value", "population", "gap",
                                              "ci_low", "ci_high")),
            ("youth_language_gap", "peer_status", ("peer_value", "peer_ci_low")),
            ("youth_service_need", "status", ("value",)),
            ("youth_service_need", "rate_status", ("rate", "gap"))):
        leaks = mart.con.execute(
            f"SELECT count(*) FROM report.{view} WHERE {status} NOT IN ('ok', 'zero') AND "
            f"({' OR '.join(f'{column} IS NOT NULL' for column in columns)})").fetchone()[0]
        assert leaks == 0, (view, status)
    hidden = mart.con.execute(
        "SELECT value, status FROM report.youth_service_need WHERE indicator_id = 'neet' "
        "AND area_code = 'KU049' AND language_group = 'sv'").fetchall()
    assert hidden == [(None, "suppressed")]


def test_the_gap_change_since_the_previous_period(mart, tmp_path) -> None:
    mart.indicator("stat:neet", "count", 0)
    mart.indicator("stat:neet_pop", "count", 0)
    for period, other in (("2021", 160), ("2022", 130), ("2023", None)):
        rates(mart, "neet", "KU049", period, {"fi": 100, "other": other or 0},
              {"fi": 1000, "other": 1000},
              {"count.other": "suppressed"} if other is None else None)
    mart.pilot(tmp_path, rate("neet", "stat:neet", "stat:neet_pop"))
    first, second, third = (mart.gap("neet", period=period) for period in ("2021", "2022", "2023"))
    assert (first["gap"], first["previous_period"], first["gap_change"]) == (6.0, None, None)
    assert (second["gap"], second["previous_gap"], second["gap_change"]) == (3.0, 6.0, -3.0)
    assert second["previous_gap_direction"] == "behind"
    assert (third["gap"], third["previous_gap"], third["gap_change"]) == (None, 3.0, None)


def test_counts_are_shown_and_not_compared(mart, tmp_path) -> None:
    mart.indicator("ngo:participants", "count", 0)
    for language, value in (("fi", 40), ("other", 60), ("total", 100)):
        mart.fact("ngo:participants", "KU049-SA1", "2024", language, value, age="13-24",
                  source_file="indicators/ngo/p.csv")
    mart.pilot(tmp_path, """\
  - id: ngo
    theme: service
    kind: count
    age_band: "13-24"
    direction: neither
    code: ngo:participants
""")
    row = mart.gap("ngo", "KU049-SA1", "2024")
    assert (row["value"], row["peer_value"], row["gap"], row["gap_ratio"]) == (60, 40, None, None)
    assert (row["gap_direction"], row["comparison_note"]) == (
        "not_comparable", "count_not_compared")
    assert (row["area_role"], row["source_id"]) == ("sub_area", None)
    services = mart.con.execute(
        "SELECT language_group, value, is_latest FROM report.youth_service_need "
        "WHERE role = 'service' ORDER BY 1").fetchall()
    assert services == [("fi", 40, True), ("other", 60, True), ("total", 100, True)]


def test_the_pilot_areas_and_inputs(mart, tmp_path) -> None:
    """The county, its municipalities and their sub-areas, not another county's; a second
    input gives the districts, the first wins where both give a cell."""
    mart.indicator("stat:neet", "count", 0)
    mart.indicator("stat:neet_pop", "count", 0)
    mart.indicator("espoo:neet", "count", 0)
    mart.indicator("espoo:neet_pop", "count", 0)
    for area in ("HVA03", "KU049", "KU091"):
        rates(mart, "neet", area, "2023", {"fi": 100, "other": 20}, {"fi": 1000, "other": 100})
    for area, other in (("KU049", 99), ("KU049-SA1", 30)):
        mart.fact("espoo:neet", area, "2023", "fi", 50, source_file="indicators/county/e.csv")
        mart.fact("espoo:neet", area, "2023", "other", other,
                  source_file="indicators/county/e.csv")
        for language in ("fi", "other"):
            mart.fact("espoo:neet_pop", area, "2023", language, 500 if language == "fi" else 200,
                      source_file="indicators/county/e.csv")
    mart.pilot(tmp_path, """\
  - id: neet
    theme: exclusion
    name: {fi: NEET, sv: NEET, en: NEET}
    kind: register_rate
    age_band: "15-24"
    direction: lower
    count: [stat:neet, espoo:neet]
    population: [stat:neet_pop, espoo:neet_pop]
    sources: [stat]
""")
    areas = dict(mart.con.execute(
        "SELECT area_code, area_role FROM report.youth_pilot_area").fetchall())
    assert areas == {"HVA03": "county", "KU049": "municipality", "KU078": "municipality",
                     "KU049-SA1": "sub_area"}
    espoo = mart.gap("neet")
    assert (espoo["value"], espoo["indicator_code"], espoo["source_id"]) == (
        20.0, "stat:neet", "stat")
    district = mart.gap("neet", "KU049-SA1")
    assert (district["value"], district["peer_value"], district["indicator_code"]) == (
        15.0, 10.0, "espoo:neet")
    assert mart.con.execute("SELECT count(*) FROM report.youth_language_gap "
                            "WHERE area_code = 'KU091'").fetchone() == (0,)


def test_service_need_beside_the_gap_with_the_projects(mart, tmp_path) -> None:
    mart.indicator("stat:neet", "count", 0)
    mart.indicator("stat:neet_pop", "count", 0)
    mart.indicator("county:visits", "count", 0)
    mart.indicator("county:visits_pop", "count", 0)
    for period in ("2022", "2023"):
        rates(mart, "neet", "KU049", period, {"fi": 100, "other": 40, "total": 140},
              {"fi": 1000, "other": 200, "total": 1200})
    for language, visits, people in (("fi", 450, 1000), ("other", 50, 200)):
        mart.fact("county:visits", "KU049", "2023", language, visits, age="13-24")
        mart.fact("county:visits_pop", "KU049", "2023", language, people, age="13-24")
    mart.con.execute("INSERT INTO mart.dim_project VALUES "
                     "('pilot', 'Pilot', 'ongoing', 'Data on youth', NULL), "
                     "('linked', 'Linked', 'ended', NULL, NULL), "
                     "('other', 'Roads', 'ongoing', 'Streets', 'Asphalt')")
    mart.con.execute("INSERT INTO mart.project_indicator VALUES "
                     "('linked', 'stat:neet', 'KU049'), ('other', 'stat:roads', 'KU049')")
    mart.pilot(tmp_path, rate("neet", "stat:neet", "stat:neet_pop")
               + rate("visits", "county:visits", "county:visits_pop", "neither", "13-24",
                      "service"))
    latest = mart.con.execute(
        "SELECT role, indicator_id, count_indicator_code, period, language_group, value, rate, "
        "gap, gap_direction FROM report.youth_service_need WHERE is_latest AND role <> "
        "'project' AND language_group = 'other'").fetchall()
    assert sorted(latest) == [
        ("need", "neet", "stat:neet", "2023", "other", 40.0, 20.0, 10.0, "behind"),
        ("service", "visits", "county:visits", "2023", "other", 50.0, 25.0, -20.0, "below")]
    projects = mart.con.execute(
        "SELECT project_key, area_code FROM report.youth_service_need WHERE role = 'project' "
        "ORDER BY 1").fetchall()
    # Linked to a pilot count (its card's area) or naming young people (no area).
    assert projects == [("linked", "KU049"), ("pilot", None)]


def test_the_report_reads_what_the_data_cannot_tell(mart, tmp_path) -> None:
    mart.indicator("stat:neet", "count", 0)
    mart.indicator("stat:neet_pop", "count", 0)
    mart.indicator("sotkanet:3219", "percent")
    for area in ("HVA03", "KU049"):
        rates(mart, "neet", area, "2023", {"fi": 100, "other": 3},
              {"fi": 1000, "other": 100}, {"count.other": "suppressed"})
        mart.fact("sotkanet:3219", area, "2023", "total", 7.0, age="total")
    warnings = mart.pilot(tmp_path, rate("neet", "stat:neet", "stat:neet_pop") + """\
  - id: outside
    theme: exclusion
    kind: register_rate
    age_band: "17-24"
    age_group: total
    direction: lower
    code: sotkanet:3219
  - id: dropout
    theme: exclusion
    kind: register_rate
    age_band: "16-24"
    direction: lower
    code: vipunen:dropout
""")
    written = (tmp_path / "youth.yaml").read_text(encoding="utf-8").splitlines()
    line = written.index("    code: vipunen:dropout") + 1
    assert warnings == [f"{tmp_path / 'youth.yaml'} line {line}: "
                        "indicator 'vipunen:dropout' is not in mart.dim_indicator; the pilot "
                        "has no values from it until a source publishes it"]
    mart.con.close()
    data = read_pilot_data(mart.path)
    assert data is not None and data.method.county_code == "HVA03"
    assert [area.code for area in data.areas] == ["HVA03", "KU049", "KU078"]
    missing = {(item.indicator_id, item.missing): item.area_codes
               for item in data.cannot_tell.missing}
    assert missing[("outside", "no_language_breakdown")] == ("HVA03", "KU049")
    assert missing[("neet", "no_values")] == ("KU078",)
    assert missing[("neet", "no_sex_breakdown")] == ("HVA03", "KU049")
    assert ("neet", "no_sub_area_values") in missing
    hidden = {(item.indicator_id, item.area_code): (item.status, item.language_groups)
              for item in data.cannot_tell.hidden}
    assert hidden == {("neet", "HVA03"): ("suppressed", ("other",)),
                      ("neet", "KU049"): ("suppressed", ("other",))}
    assert data.cannot_tell.not_in_mart == ("dropout",)
    shown = latest_gaps(data.gaps)
    assert {(gap.indicator_id, gap.area_code, gap.language_group) for gap in shown} == {
        ("neet", area, language) for area in ("HVA03", "KU049") for language in ("fi", "other")
    } | {("outside", "HVA03", "total"), ("outside", "KU049", "total")}
    assert all(gap.value is None for gap in shown if gap.status != "ok")
