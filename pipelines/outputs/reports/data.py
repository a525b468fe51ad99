"""What one area's report shows, read from the published mart into plain dataclasses.

Every query is a file in sql/outputs/reports/, run with bound parameters on the published file
(read-only), and names the report's area (or its county and level), so at national scale each
reads the rows of the relations it needs for that area, not every fact. The comparisons come
from report.indicator_comparison and the goals from report.goal_progress, both computed from
the published, protected facts: a cell's number is used only when its status says it is one
('ok', 'zero'); a suppressed, confidential or missing cell has no value here.
"""

import re
from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date, datetime
from typing import Any

import duckdb

from pipelines.outputs.languages import by_language
from pipelines.sqlfiles import query_sql_dicts

TOTAL_GROUP = "total.total.total"
# Sex and language group total, any age band (total.14-16.total): the group an indicator
# published only for an age band is shown by.
AGE_BAND_TOTAL = re.compile(r"^total\.[^.]+\.total$")
NUMBER_STATUSES = frozenset({"ok", "zero"})


class UnknownAreaError(ValueError):
    """A report area that mart.dim_area does not have."""


def rows(con: duckdb.DuckDBPyConnection, name: str, params: dict[str, Any] | None = None
         ) -> list[dict[str, Any]]:
    """Rows of sql/outputs/reports/<name>.sql as dicts."""
    return query_sql_dicts(con, f"outputs/reports/{name}", params)


def number(value: Any, status: str | None) -> float | None:
    return float(value) if value is not None and status in NUMBER_STATUSES else None


@dataclass(frozen=True)
class Area:
    code: str
    level: str
    names: dict[str, str]
    county_code: str | None


@dataclass(frozen=True)
class Indicator:
    code: str
    source: str
    organization: str | None
    names: dict[str, str]
    unit: str | None
    decimals: int | None
    direction: str  # higher, lower, neither


@dataclass(frozen=True)
class Comparison:
    """One indicator and group at the area's latest period, with everything it is judged by."""

    indicator_code: str
    group_code: str
    frequency: str
    period: str
    period_start: date | None
    value: float | None
    status: str
    county_value: float | None
    country_value: float | None
    peer_group: dict[str, str] | None
    peer_value: float | None
    peer_count: int | None
    rank: int | None
    rank_count: int | None
    comparison_class: str | None
    strength_or_need: str | None
    trend: str | None
    trend_change: float | None
    trend_periods: int | None

    @property
    def has_value(self) -> bool:
        return self.value is not None


@dataclass(frozen=True)
class Point:
    period: str
    period_start: date | None
    value: float | None
    status: str
    county_value: float | None
    country_value: float | None
    peer_value: float | None


@dataclass(frozen=True)
class PlaceValue:
    """One area's value beside the report's area: for the rank strip, maps and tables."""

    area_code: str
    names: dict[str, str]
    value: float | None
    status: str
    comparison_class: str | None = None
    strength_or_need: str | None = None
    level: str = ""
    period: str = ""


@dataclass(frozen=True)
class Goal:
    goal_id: str
    indicator_code: str
    group_code: str
    texts: dict[str, str]
    responsible: str | None
    baseline_period: str | None
    baseline_value: float | None
    latest_period: str | None
    latest_value: float | None
    target_value: float | None
    target_year: int | None
    share_of_way: float | None
    progress: str
    project_keys: list[str]


@dataclass(frozen=True)
class Project:
    key: str
    title: str
    acronym: str | None
    status: str | None
    start_date: date | None
    end_date: date | None
    coordinator: str | None
    indicator_codes: list[str]


@dataclass(frozen=True)
class Spread:
    """One measure of how far apart a municipality's small areas are."""

    indicator_code: str
    level: str  # postal_code_area or district
    measure: str  # quintile_ratio or dissimilarity_index
    language_group: str | None
    period: str
    value: float
    areas_used: int
    areas_left_out: int


@dataclass
class AreaData:
    """Everything one area's report shows, in every language."""

    area: Area
    county: Area | None
    country: Area | None
    indicators: dict[str, Indicator]
    latest: dict[str, Comparison]  # indicator -> the whole population's comparison
    groups: dict[str, list[Comparison]]  # indicator -> the other groups, latest period
    series: dict[str, list[Point]]  # indicator -> points, oldest first
    same_level: dict[str, list[PlaceValue]]  # indicator -> every area of the level
    county_members: dict[str, list[PlaceValue]]  # indicator -> the county's municipalities
    sub_areas: dict[str, list[PlaceValue]]  # indicator -> districts, postal code areas
    goals: list[Goal]
    projects: list[Project]
    area_names: dict[str, dict[str, str]] = field(default_factory=dict)  # code -> names
    spread: list[Spread] = field(default_factory=list)


def read_area(con: duckdb.DuckDBPyConnection, code: str) -> Area:
    found = rows(con, "area", {"area": code})
    if not found:
        raise UnknownAreaError(f"area {code!r} is not in mart.dim_area")
    row = found[0]
    return Area(row["area_code"], row["area_level"], by_language(row, "name"), row["county_code"])


def county_areas(con: duckdb.DuckDBPyConnection, county: str) -> list[str]:
    """The county and its current municipalities, as the area reference says."""
    return [row["area_code"] for row in rows(con, "county_areas", {"county": county})]


def read_indicators(con: duckdb.DuckDBPyConnection) -> dict[str, Indicator]:
    return {
        row["indicator_code"]: Indicator(
            row["indicator_code"], row["source"], row["organization"], by_language(row, "name"),
            row["unit"], row["decimals"], row["desirable_direction"] or "neither")
        for row in rows(con, "indicators")
    }


def _comparison(row: dict[str, Any]) -> Comparison:
    status = row["status"]
    peer = by_language(row, "peer_group_name") if row["peer_group_id"] else None
    return Comparison(
        indicator_code=row["indicator_code"], group_code=row["group_code"],
        frequency=row["frequency"], period=row["period"], period_start=row["period_start"],
        value=number(row["value"], status), status=status,
        county_value=row["county_value"], country_value=row["country_value"],
        peer_group=peer, peer_value=row["peer_group_value"], peer_count=row["peer_group_count"],
        rank=row["rank"], rank_count=row["rank_count"],
        comparison_class=row["comparison_class"], strength_or_need=row["strength_or_need"],
        trend=row["trend"], trend_change=row["trend_change"],
        trend_periods=row["trend_periods"])


def main_group(groups: list[str]) -> str | None:
    """The group an indicator is shown by: the whole population where it is published for it,
    else the widest age band with sex and language total (the first in code order), else
    the first group."""
    if TOTAL_GROUP in groups:
        return TOTAL_GROUP
    bands = sorted(group for group in groups if AGE_BAND_TOTAL.match(group))
    return bands[0] if bands else (sorted(groups)[0] if groups else None)


def read_area_data(con: duckdb.DuckDBPyConnection, code: str,
                   indicators: dict[str, Indicator], codes: list[str]) -> AreaData:
    """One area's report data. `codes`: the indicators the report shows (series, strips and
    maps are read for these only); `indicators`: the mart's metadata of every indicator."""
    area = read_area(con, code)
    county = read_area(con, area.county_code) if area.county_code else None
    country = read_area(con, "SSS") if code != "SSS" else None
    by_indicator: dict[str, list[Comparison]] = defaultdict(list)
    for row in rows(con, "latest", {"area": code}):
        comparison = _comparison(row)
        by_indicator[comparison.indicator_code].append(comparison)
    latest: dict[str, Comparison] = {}
    groups: dict[str, list[Comparison]] = {}
    for indicator, found in by_indicator.items():
        main = main_group([item.group_code for item in found])
        latest[indicator] = next(item for item in found if item.group_code == main)
        groups[indicator] = [item for item in found if item.group_code != main]
    series: dict[str, list[Point]] = defaultdict(list)
    keys = [f"{c}|{latest[c].group_code}" for c in codes if c in latest]
    for row in rows(con, "series", {"area": code, "keys": keys}):
        if row["frequency"] != latest[row["indicator_code"]].frequency:
            continue  # one frequency per chart: the latest value's
        status = row["status"]
        series[row["indicator_code"]].append(Point(
            row["period"], row["period_start"], number(row["value"], status), status,
            row["county_value"], row["country_value"], row["peer_group_value"]))
    same_level: dict[str, list[PlaceValue]] = defaultdict(list)
    area_codes: set[str] = set()
    for row in rows(con, "same_level", {"area": code, "keys": keys, "level": area.level}):
        area_codes.add(row["area_code"])
        same_level[row["indicator_code"]].append(PlaceValue(
            row["area_code"], {}, number(row["value"], row["status"]), row["status"],
            row["comparison_class"], row["strength_or_need"], area.level))
    county_members: dict[str, list[PlaceValue]] = defaultdict(list)
    if area.county_code:
        for row in rows(con, "county_members", {"area": code, "county": area.county_code,
                                                "keys": keys}):
            county_members[row["indicator_code"]].append(PlaceValue(
                row["area_code"], by_language(row, "area_name"),
                number(row["value"], row["status"]), row["status"], row["comparison_class"],
                row["strength_or_need"],
                "municipality", row["period"]))
    sub_areas: dict[str, list[PlaceValue]] = defaultdict(list)
    for row in rows(con, "sub_areas", {"area": code, "total": TOTAL_GROUP}):
        sub_areas[row["indicator_code"]].append(PlaceValue(
            row["area_code"], by_language(row, "name"), number(row["value"], row["status"]),
            row["status"], level=row["area_level"], period=row["period"]))
    goals = [Goal(
        row["goal_id"], row["indicator_code"], row["group_code"], by_language(row, "goal"),
        row["responsible_unit"], row["baseline_period"], row["baseline_value"],
        row["latest_period"], row["latest_value"], row["target_value"], row["target_year"],
        row["share_of_way"], row["progress"], list(row["project_keys"] or []))
        for row in rows(con, "goals", {"area": code})]
    projects = [Project(
        row["project_key"], row["title"], row["acronym"], row["status"], row["start_date"],
        row["end_date"], row["coordinator"], list(row["indicator_codes"] or []))
        for row in rows(con, "projects", {"area": code, "county": area.county_code or code})]
    spread = [Spread(row["indicator_code"], row["small_area_level"], row["measure"],
                     row["language_group"], row["period"], row["value"], row["areas_used"],
                     row["areas_left_out"] or 0)
              for row in rows(con, "spread", {"area": code, "total": TOTAL_GROUP})]
    return AreaData(area, county, country, indicators, latest, groups, dict(series),
                    dict(same_level), dict(county_members), dict(sub_areas), goals, projects,
                    read_area_names(con, sorted(area_codes)), spread)



def read_area_names(con: duckdb.DuckDBPyConnection, codes: list[str]) -> dict[str, dict]:
    """Names of many areas at once (the strip's and the map's)."""
    if not codes:
        return {}
    found = con.execute(
        "SELECT area_code, name_fi, name_sv, name_en FROM mart.dim_area "
        "WHERE list_contains($codes, area_code)", {"codes": codes}).fetchall()
    return {code: {"fi": fi, "sv": sv or fi, "en": en or fi} for code, fi, sv, en in found}


@dataclass(frozen=True)
class SourceFile:
    """One source file as the quality record has it (quality.row_accounting)."""

    source: str
    name: str
    status: str
    error: str | None
    rows_read: int
    rows_loaded: int
    rows_quarantined: int
    staged_at: datetime | None


def read_sources(con: duckdb.DuckDBPyConnection) -> list[SourceFile]:
    return [SourceFile(row["source"], row["source_file"], row["file_status"],
                       row["error_message"], row["rows_read"] or 0, row["rows_loaded"] or 0,
                       row["rows_quarantined"] or 0, row["staged_at"])
            for row in rows(con, "source_files")]


@dataclass(frozen=True)
class HeadlineCell:
    value: float | None
    status: str
    period: str
    rank: int | None
    rank_count: int | None
    comparison_class: str | None
    strength_or_need: str | None


def read_headline(con: duckdb.DuckDBPyConnection, county: str, codes: list[str]
                  ) -> dict[tuple[str, str], HeadlineCell]:
    """(area, indicator) -> the latest value of the indicator's main group with its class,
    for the county and its municipalities: the index page's table."""
    found = rows(con, "headline", {"county": county, "codes": codes})
    groups: dict[str, set[str]] = defaultdict(set)
    for row in found:
        groups[row["indicator_code"]].add(row["group_code"])
    main = {indicator: main_group(list(codes)) for indicator, codes in groups.items()}
    return {
        (row["area_code"], row["indicator_code"]): HeadlineCell(
            number(row["value"], row["status"]), row["status"], row["period"], row["rank"],
            row["rank_count"], row["comparison_class"], row["strength_or_need"])
        for row in found if row["group_code"] == main[row["indicator_code"]]
    }
