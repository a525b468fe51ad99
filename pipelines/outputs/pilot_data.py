"""What the multilingual youth pilot's report shows, read from the published mart (issue 25).

Plain functions, no Dagster: each reads one of the pilot's relations from the published file
(read-only; the queries are files in sql/outputs/pilot/, run with bound parameters) into
dataclasses the report renders. Everything is worked out from the data of the run: the gaps by
area and indicator (report.youth_language_gap), the service need per area
(report.youth_service_need), what the data cannot tell (breakdowns no source publishes for an
area, cells that are not numbers and why), the follow-up indicators and the method and sources
(mart.youth_pilot*). docs/youth-pilot.md describes the relations.

    data = read_pilot_data(Path("warehouse/hytemart.duckdb"))
    for gap in latest_gaps(data.gaps, sex="total"):
        ...

A cell that is not a number has value None and its status, whatever it is: the relations
never turn a hidden or missing cell into a number, and nothing here does either.
"""

from collections import defaultdict
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Any

import duckdb

from pipelines.outputs.languages import by_language
from pipelines.sqlfiles import query_sql_dicts

QUERIES = "outputs/pilot"


def _rows(con: duckdb.DuckDBPyConnection, name: str, params: dict[str, Any] | None = None
          ) -> list[dict[str, Any]]:
    return query_sql_dicts(con, f"{QUERIES}/{name}", params)


@dataclass(frozen=True)
class Method:
    """How the gaps are worked out: the pilot's settings (mart.youth_pilot)."""

    county_code: str
    county_names: dict[str, str]
    reference_language: str  # the peers' language group, fi
    confidence: float  # of the survey shares' intervals, e.g. 0.95
    z: float
    min_respondents: int  # survey shares of fewer respondents are not shown
    config_file: str
    interval: str = "wilson"  # Wilson score interval
    # A survey gap is no_difference when the two intervals overlap; a register rate's when it
    # is 0 or smaller than the indicator's min_gap.


@dataclass(frozen=True)
class Area:
    code: str
    names: dict[str, str]
    level: str
    role: str  # county, municipality or sub_area
    parent_code: str | None
    rows: int  # the pilot's rows for the area (report.youth_language_gap)


@dataclass(frozen=True)
class Indicator:
    id: str
    names: dict[str, str]
    theme: str  # exclusion or service
    kind: str  # survey_share, register_rate or count
    age_band: str
    direction: str  # higher, lower or neither
    unit: str | None
    decimals: int | None
    per: int | None  # a rate worked out from counts: 100 or 1000
    min_gap: float
    source_ids: tuple[str, ...]
    value_codes: tuple[str, ...]  # the mart indicators of its values (or counts)
    population_codes: tuple[str, ...]
    sample_size_codes: tuple[str, ...]
    in_mart: bool  # every code is in mart.dim_indicator


@dataclass(frozen=True)
class Gap:
    """One row of report.youth_language_gap: a group's value beside its peers'."""

    indicator_id: str
    area_code: str
    area_role: str
    period: str
    period_start: date
    sex: str
    language_group: str
    value: float | None
    status: str
    count_value: float | None
    population: float | None
    respondents: float | None
    ci: tuple[float, float] | None  # survey shares: (low, high)
    peer_value: float | None
    peer_status: str
    peer_respondents: float | None
    peer_ci: tuple[float, float] | None
    gap: float | None
    gap_ratio: float | None
    gap_direction: str  # behind, ahead, above, below, no_difference, reference, not_comparable
    comparison_note: str | None
    previous_period: str | None
    previous_gap: float | None
    previous_gap_direction: str | None
    gap_change: float | None
    indicator_code: str
    source_id: str | None
    source_file: str


@dataclass(frozen=True)
class NeedRow:
    """A count of young people falling behind (role need) or of a service (role service),
    latest period, with the rate's gap where the pilot works one out."""

    role: str
    indicator_id: str
    count_code: str
    count_names: dict[str, str]
    unit: str | None
    age_band: str
    period: str
    sex: str
    language_group: str
    value: float | None
    status: str
    rate: float | None
    rate_unit: str | None
    rate_status: str | None
    peer_rate: float | None
    gap: float | None
    gap_direction: str | None
    comparison_note: str | None


@dataclass(frozen=True)
class Project:
    key: str
    title: str
    status: str


@dataclass(frozen=True)
class AreaNeed:
    """One area's service need: how many fall behind, the services, the projects."""

    area_code: str | None  # None: projects whose cards name no target area
    role: str | None  # county, municipality, sub_area
    needs: tuple[NeedRow, ...]
    services: tuple[NeedRow, ...]
    projects: tuple[Project, ...]


@dataclass(frozen=True)
class MissingBreakdown:
    """A breakdown no source publishes: for the listed areas (none: for every sub-area)."""

    indicator_id: str
    missing: str  # no_values, no_language_breakdown, no_sex_breakdown, no_sub_area_values
    area_codes: tuple[str, ...]


@dataclass(frozen=True)
class HiddenCells:
    """Cells of one indicator and area that are not numbers, and why (status)."""

    indicator_id: str
    area_code: str
    status: str  # suppressed (small-number protection), confidential, missing, ...
    cells: int
    language_groups: tuple[str, ...]
    periods: tuple[str, ...]


@dataclass(frozen=True)
class CannotTell:
    missing: tuple[MissingBreakdown, ...]
    hidden: tuple[HiddenCells, ...]
    not_in_mart: tuple[str, ...]  # the pilot's indicators no source of the build publishes


@dataclass(frozen=True)
class FollowUp:
    id: str
    names: dict[str, str]
    why: dict[str, str]
    source: dict[str, str]
    indicator_code: str | None
    in_mart: bool | None


@dataclass(frozen=True)
class Source:
    id: str
    publisher: dict[str, str]
    title: dict[str, str]
    files: tuple[str, ...]
    url: str | None
    sample: bool  # illustrative figures
    rows_read: int
    rows_loaded: int
    files_read: int  # of files; fewer: a file is missing from the raw directory


@dataclass(frozen=True)
class PilotData:
    method: Method
    areas: tuple[Area, ...]
    indicators: tuple[Indicator, ...]
    gaps: tuple[Gap, ...]
    service_need: tuple[AreaNeed, ...]
    cannot_tell: CannotTell
    follow_up: tuple[FollowUp, ...]
    sources: tuple[Source, ...]


@contextmanager
def connect(published: Path, config: dict[str, Any] | None = None
            ) -> Iterator[duckdb.DuckDBPyConnection]:
    """The published file, read-only (a build is never blocked by the report)."""
    if not Path(published).is_file():
        raise FileNotFoundError(f"no published mart at {published}")
    con = duckdb.connect(str(published), read_only=True, config=config or {})
    try:
        yield con
    finally:
        con.close()


def read_pilot_data(published: Path, config: dict[str, Any] | None = None
                    ) -> PilotData | None:
    """Everything the pilot report shows; None when the published file has no pilot (no
    raw/pilot/youth.yaml in the build)."""
    with connect(published, config) as con:
        method = read_method(con)
        if method is None:
            return None
        return PilotData(
            method=method,
            areas=read_areas(con),
            indicators=read_indicators(con),
            gaps=read_gaps(con),
            service_need=read_service_need(con),
            cannot_tell=read_cannot_tell(con),
            follow_up=read_follow_up(con),
            sources=read_sources(con),
        )


def read_method(con: duckdb.DuckDBPyConnection) -> Method | None:
    found = _rows(con, "settings")
    if not found:
        return None
    row = found[0]
    return Method(
        county_code=row["county_area_code"], county_names=by_language(row, "county_name"),
        reference_language=row["reference_language"], confidence=row["confidence_level"],
        z=row["z"], min_respondents=row["min_respondents"], config_file=row["config_file"],
    )


def read_areas(con: duckdb.DuckDBPyConnection) -> tuple[Area, ...]:
    """The county, its municipalities, and the sub-areas any source has values for."""
    return tuple(Area(row["area_code"], by_language(row, "area_name"), row["area_level"],
                      row["area_role"], row["parent_area_code"], row["pilot_rows"])
                 for row in _rows(con, "areas"))


def read_indicators(con: duckdb.DuckDBPyConnection) -> tuple[Indicator, ...]:
    return tuple(Indicator(
        id=row["indicator_id"], names=by_language(row, "name"), theme=row["theme"],
        kind=row["kind"], age_band=row["age_band"], direction=row["desirable_direction"],
        unit=row["unit"], decimals=row["decimals"], per=row["per"], min_gap=row["min_gap"],
        source_ids=tuple(row["source_ids"] or ()), value_codes=tuple(row["value_codes"]),
        population_codes=tuple(row["population_codes"] or ()),
        sample_size_codes=tuple(row["sample_size_codes"] or ()), in_mart=bool(row["in_mart"]),
    ) for row in _rows(con, "indicators"))


def _interval(low: float | None, high: float | None) -> tuple[float, float] | None:
    return (low, high) if low is not None and high is not None else None


def read_gaps(con: duckdb.DuckDBPyConnection, area_code: str | None = None,
              indicator_id: str | None = None) -> tuple[Gap, ...]:
    """Rows of report.youth_language_gap, of one area and/or indicator (None: all)."""
    rows = _rows(con, "gaps", {"area_code": area_code, "indicator_id": indicator_id})
    return tuple(Gap(
        indicator_id=row["indicator_id"], area_code=row["area_code"],
        area_role=row["area_role"], period=row["period"], period_start=row["period_start"],
        sex=row["sex"], language_group=row["language_group"], value=row["value"],
        status=row["status"], count_value=row["count_value"], population=row["population"],
        respondents=row["respondents"], ci=_interval(row["ci_low"], row["ci_high"]),
        peer_value=row["peer_value"], peer_status=row["peer_status"],
        peer_respondents=row["peer_respondents"],
        peer_ci=_interval(row["peer_ci_low"], row["peer_ci_high"]), gap=row["gap"],
        gap_ratio=row["gap_ratio"], gap_direction=row["gap_direction"],
        comparison_note=row["comparison_note"], previous_period=row["previous_period"],
        previous_gap=row["previous_gap"],
        previous_gap_direction=row["previous_gap_direction"], gap_change=row["gap_change"],
        indicator_code=row["indicator_code"], source_id=row["source_id"],
        source_file=row["source_file"],
    ) for row in rows)


def latest_gaps(gaps: Iterable[Gap], sex: str | None = "total") -> list[Gap]:
    """The latest period's row of each indicator, area, sex and language group (of one sex
    only, unless sex is None), in the order given."""
    gaps = [gap for gap in gaps if sex is None or gap.sex == sex]
    latest: dict[tuple, date] = {}
    for gap in gaps:
        key = (gap.indicator_id, gap.area_code, gap.sex, gap.language_group)
        latest[key] = max(latest.get(key, gap.period_start), gap.period_start)
    return [gap for gap in gaps if gap.period_start == latest[
        (gap.indicator_id, gap.area_code, gap.sex, gap.language_group)]]


def read_service_need(con: duckdb.DuckDBPyConnection, area_code: str | None = None
                      ) -> tuple[AreaNeed, ...]:
    """Per area (of one area, or all), the latest period's counts of young people falling
    behind and of the services, every language group and sex, and the projects."""
    by_area: dict[str | None, dict[str, list]] = defaultdict(
        lambda: {"need": [], "service": [], "project": []})
    roles: dict[str | None, str | None] = {}
    for row in _rows(con, "service_need", {"area_code": area_code}):
        area = row["area_code"]
        roles[area] = row["area_role"]
        if row["role"] == "project":
            by_area[area]["project"].append(
                Project(row["project_key"], row["project_title"], row["project_status"]))
            continue
        by_area[area][row["role"]].append(NeedRow(
            role=row["role"], indicator_id=row["indicator_id"],
            count_code=row["count_indicator_code"], count_names=by_language(row, "count_name"),
            unit=row["unit"], age_band=row["age_band"], period=row["period"], sex=row["sex"],
            language_group=row["language_group"], value=row["value"], status=row["status"],
            rate=row["rate"], rate_unit=row["rate_unit"], rate_status=row["rate_status"],
            peer_rate=row["peer_rate"], gap=row["gap"], gap_direction=row["gap_direction"],
            comparison_note=row["comparison_note"],
        ))
    return tuple(AreaNeed(area, roles[area], tuple(parts["need"]), tuple(parts["service"]),
                          tuple(parts["project"])) for area, parts in by_area.items())


def read_cannot_tell(con: duckdb.DuckDBPyConnection) -> CannotTell:
    """What the data cannot tell: breakdowns no source publishes (by indicator, with the
    areas), cells that are not numbers (by indicator, area and status), and the pilot's
    indicators the build has no source for."""
    grouped: dict[tuple[str, str], list[str]] = defaultdict(list)
    for row in _rows(con, "data_gaps"):
        areas = grouped[(row["indicator_id"], row["missing"])]
        if row["area_code"] is not None:
            areas.append(row["area_code"])
    missing = tuple(MissingBreakdown(indicator, what, tuple(areas))
                    for (indicator, what), areas in grouped.items())
    hidden = tuple(HiddenCells(row["indicator_id"], row["area_code"], row["status"],
                               row["cells"], tuple(row["language_groups"]),
                               tuple(row["periods"]))
                   for row in _rows(con, "hidden_cells"))
    not_in_mart = tuple(item.id for item in read_indicators(con) if not item.in_mart)
    return CannotTell(missing, hidden, not_in_mart)


def read_follow_up(con: duckdb.DuckDBPyConnection) -> tuple[FollowUp, ...]:
    return tuple(FollowUp(row["follow_up_id"], by_language(row, "name"), by_language(row, "why"),
                          by_language(row, "source"), row["indicator_code"], row["in_mart"])
                 for row in _rows(con, "follow_up"))


def read_sources(con: duckdb.DuckDBPyConnection) -> tuple[Source, ...]:
    return tuple(Source(row["source_id"], by_language(row, "publisher"), by_language(row, "title"),
                        tuple(row["files"]), row["url"], bool(row["sample"]),
                        row["rows_read"], row["rows_loaded"], row["files_read"])
                 for row in _rows(con, "sources"))
