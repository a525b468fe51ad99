"""What one area's wellbeing report shows, read from the published mart into plain dataclasses.

Every query is a file in sql/outputs/wellbeing/, run with bound parameters, and filters by the
report's area and the areas it is compared with (its municipality for a sub-municipal area, its
wellbeing services county, the whole country), so at national scale (tens of millions of
facts) each reads only those areas' rows. Nothing loads a whole fact table.

A cell's number is used only when its status says it is one ('ok', 'zero'): a suppressed,
confidential or missing cell has no value here even if a column beside it ever held one.
"""

from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date, datetime
from typing import Any

import duckdb

from pipelines.sqlfiles import query_sql_file

NUMBER_STATUSES = frozenset({"ok", "zero"})


class UnknownAreaError(ValueError):
    """A report area that mart.dim_area does not have."""


def rows(con: duckdb.DuckDBPyConnection, name: str, params: dict[str, Any] | None = None
         ) -> list[dict[str, Any]]:
    """Rows of sql/<name>.sql (one statement, parameters bound by query_sql_file) as dicts."""
    found = query_sql_file(con, name, params)
    columns = [column[0] for column in con.description]  # of the query just run
    return [dict(zip(columns, row, strict=True)) for row in found]


def _names(row: dict[str, Any], prefix: str) -> dict[str, str]:
    """{'fi': row[prefix_fi], ...}; a missing translation falls back to another language."""
    names = {lang: row.get(f"{prefix}_{lang}") for lang in ("fi", "sv", "en")}
    fallback = next((name for name in names.values() if name), "")
    return {lang: name or fallback for lang, name in names.items()}


@dataclass(frozen=True)
class Cell:
    """One value with its status; value is None unless the status is a number."""

    value: float | None
    status: str

    @classmethod
    def of(cls, value: float | None, status: str | None) -> "Cell | None":
        if status is None:
            return None
        return cls(value if status in NUMBER_STATUSES else None, status)

    @property
    def has_value(self) -> bool:
        return self.value is not None


def _both_have_values(first: Cell | None, second: Cell | None) -> bool:
    return first is not None and first.has_value and second is not None and second.has_value


@dataclass(frozen=True)
class Area:
    code: str
    level: str
    role: str  # area, municipality, wellbeing_county or country (sql/outputs/wellbeing/areas.sql)
    names: dict[str, str]


@dataclass(frozen=True)
class Indicator:
    code: str
    names: dict[str, str]
    unit: str | None
    decimals: int | None


@dataclass(frozen=True)
class Latest:
    """An indicator's headline series in the area: its latest cell, the previous one, the
    change, and the comparison areas' cells in the same period and group."""

    indicator: Indicator
    group_code: str
    group_labels: dict[str, str]
    frequency: str
    period: str
    cell: Cell
    previous_period: str | None
    previous: Cell | None
    change: float | None
    relative_change_percent: float | None
    comparisons: dict[str, Cell]  # area code -> cell


@dataclass(frozen=True)
class Point:
    period: str
    period_start: date
    cell: Cell


@dataclass(frozen=True)
class GroupValue:
    breakdown: str
    group_code: str
    labels: dict[str, str]
    cell: Cell


@dataclass(frozen=True)
class Groups:
    period: str
    values: list[GroupValue]


@dataclass(frozen=True)
class ProjectTarget:
    indicator: Indicator
    area_code: str
    group_code: str | None
    group_labels: dict[str, str]
    baseline_period: str | None
    baseline: Cell | None  # None: no baseline (start unknown, nothing before it)
    latest_period: str | None
    latest: Cell | None
    change: float | None  # only between two numbers by status


@dataclass(frozen=True)
class Project:
    key: str
    title: str
    acronym: str | None
    status: str | None
    start_date: date | None
    end_date: date | None
    coordinator: str | None
    targets: list[ProjectTarget] = field(default_factory=list)


@dataclass(frozen=True)
class SourceFile:
    source: str
    file: str
    file_format: str | None
    file_status: str
    error: str | None
    rows_read: int
    rows_loaded: int
    rows_quarantined: int
    staged_at: datetime | None


@dataclass(frozen=True)
class SourceLoad:
    """One source's files added up (quality.row_accounting)."""

    source: str
    files: int
    unreadable_files: int
    rows_read: int
    rows_loaded: int
    rows_quarantined: int
    last_loaded: datetime | None


@dataclass(frozen=True)
class StatusCount:
    source: str
    indicator_code: str
    indicator_names: dict[str, str]
    area_code: str
    status: str
    cells: int


@dataclass(frozen=True)
class Sources:
    """The data-quality parts that do not depend on the area."""

    sources: list[SourceLoad]
    files: list[SourceFile]
    quarantine: list[tuple[str, str, int]]  # source, rule, rows


@dataclass(frozen=True)
class Quality:
    sources: list[SourceLoad]
    files: list[SourceFile]
    quarantine: list[tuple[str, str, int]]  # source, rule, rows
    statuses: list[str]  # every status counted, numbers first
    by_source: dict[str, dict[str, int]]  # source -> status -> cells, the report's areas
    without_value: list[StatusCount]  # cells without a number, per indicator and area


@dataclass(frozen=True)
class AreaData:
    """Everything one area's report shows except the charts' series (read for the charted
    indicators only, see read_series and read_groups)."""

    area: Area
    comparisons: list[Area]  # without the area itself
    latest: dict[str, Latest]  # indicator code -> headline, in code order

    @property
    def areas(self) -> list[Area]:
        return [self.area, *self.comparisons]

    def params(self) -> dict[str, str | None]:
        """The area parameters of the sql/outputs/wellbeing/ files ($area, $municipality, ...)."""
        by_role = {area.role: area.code for area in self.comparisons}
        return {"area": self.area.code, "municipality": by_role.get("municipality"),
                "county": by_role.get("wellbeing_county"), "country": by_role.get("country")}


def read_area(con: duckdb.DuckDBPyConnection, area_code: str) -> AreaData:
    """The area, its comparison areas and the latest value of each indicator it publishes."""
    found = rows(con, "outputs/wellbeing/areas", {"area": area_code})
    if not found:
        raise UnknownAreaError(area_code)
    areas = [Area(row["area_code"], row["area_level"], row["role"], _names(row, "name"))
             for row in found]
    data = AreaData(areas[0], areas[1:], {})
    latest: dict[str, Latest] = {}
    for row in rows(con, "outputs/wellbeing/latest_values", data.params()):
        code = row["indicator_code"]
        if code not in latest:
            indicator = Indicator(code, _names(row, "indicator_name"), row["unit"],
                                  row["decimals"])
            cell = Cell.of(row["latest_value"], row["latest_status"])
            previous = Cell.of(row["previous_value"], row["previous_status"])
            # A change only between two numbers by status: one computed from a suppressed or
            # confidential cell's value would disclose it.
            both = _both_have_values(cell, previous)
            latest[code] = Latest(
                indicator=indicator,
                group_code=row["group_code"],
                group_labels=_names(row, "group_label"),
                frequency=row["frequency"],
                period=row["latest_period"],
                cell=cell,
                previous_period=row["previous_period"],
                previous=previous,
                change=row["change_from_previous"] if both else None,
                relative_change_percent=(row["relative_change_from_previous_percent"]
                                         if both else None),
                comparisons={},
            )
        comparison = Cell.of(row["comparison_value"], row["comparison_status"])
        if row["comparison_area_code"] is not None and comparison is not None:
            latest[code].comparisons[row["comparison_area_code"]] = comparison
    return AreaData(data.area, data.comparisons, latest)


def read_series(con: duckdb.DuckDBPyConnection, data: AreaData, codes: list[str]
                ) -> dict[str, dict[str, list[Point]]]:
    """indicator code -> area code -> the headline series, oldest first, for the area and its
    comparison areas."""
    series: dict[str, dict[str, list[Point]]] = {code: {} for code in codes}
    if not codes:
        return series
    params = {**data.params(), "indicators": codes,
              "groups": [data.latest[code].group_code for code in codes],
              "frequencies": [data.latest[code].frequency for code in codes]}
    for row in rows(con, "outputs/wellbeing/time_series", params):
        point = Point(row["period"], row["period_start"], Cell.of(row["value"], row["status"]))
        series[row["indicator_code"]].setdefault(row["area_code"], []).append(point)
    return series


def read_groups(con: duckdb.DuckDBPyConnection, data: AreaData, codes: list[str]
                ) -> dict[str, Groups]:
    """indicator code -> the area's population groups in the latest period published by group
    (indicators not so published have no entry)."""
    groups: dict[str, Groups] = {}
    if not codes:
        return groups
    params = {"area": data.area.code, "indicators": codes,
              "frequencies": [data.latest[code].frequency for code in codes]}
    for row in rows(con, "outputs/wellbeing/population_groups", params):
        entry = groups.setdefault(row["indicator_code"], Groups(row["period"], []))
        entry.values.append(GroupValue(row["breakdown"], row["group_code"],
                                       _names(row, "group_label"),
                                       Cell.of(row["value"], row["status"])))
    return groups


def read_projects(con: duckdb.DuckDBPyConnection, data: AreaData
                  ) -> tuple[list[Project], list[Project]]:
    """Projects that target the report's areas (with those targets), and the projects of the
    register that name no indicator."""
    projects: dict[str, Project] = {}
    for row in rows(con, "outputs/wellbeing/projects", data.params()):
        project = projects.setdefault(row["project_key"], Project(
            row["project_key"], row["project_title"], row["project_acronym"],
            row["project_status"], row["project_start_date"], row["project_end_date"],
            row["project_coordinator"]))
        if row["indicator_code"] is not None:
            baseline = Cell.of(row["baseline_value"], row["baseline_status"])
            latest = Cell.of(row["latest_value"], row["latest_status"])
            project.targets.append(ProjectTarget(
                indicator=Indicator(row["indicator_code"], _names(row, "indicator_name"),
                                    row["unit"], row["decimals"]),
                area_code=row["target_area_code"],
                group_code=row["target_group_code"],
                group_labels=_names(row, "target_group_label"),
                baseline_period=row["baseline_period"],
                baseline=baseline,
                latest_period=row["latest_period"],
                latest=latest,
                change=(row["change_since_baseline"] if _both_have_values(baseline, latest)
                        else None),
            ))
    targeted = [project for project in projects.values() if project.targets]
    untargeted = [project for project in projects.values() if not project.targets]
    return targeted, untargeted


def read_sources(con: duckdb.DuckDBPyConnection) -> Sources:
    """Sources and their files (rows read, loaded, quarantined, when staged) and quarantined
    rows by rule: the same for every area, so read once per report run."""
    files = [
        SourceFile(row["source"], row["source_file"], row["file_format"], row["file_status"],
                   row["error_message"], row["rows_read"] or 0, row["rows_loaded"] or 0,
                   row["rows_quarantined"] or 0, row["staged_at"])
        for row in rows(con, "outputs/wellbeing/source_files")
    ]
    by_source_files: dict[str, list[SourceFile]] = defaultdict(list)
    for item in files:
        by_source_files[item.source].append(item)
    loads = [
        SourceLoad(
            source=source,
            files=len(items),
            unreadable_files=sum(item.file_status != "loaded" for item in items),
            rows_read=sum(item.rows_read for item in items),
            rows_loaded=sum(item.rows_loaded for item in items),
            rows_quarantined=sum(item.rows_quarantined for item in items),
            last_loaded=max((item.staged_at for item in items if item.staged_at), default=None),
        )
        for source, items in by_source_files.items()
    ]
    quarantine = [(row["source"], row["rule"], row["rows_quarantined"])
                  for row in rows(con, "outputs/wellbeing/quarantine_rules")]
    return Sources(loads, files, quarantine)


def read_quality(con: duckdb.DuckDBPyConnection, data: AreaData, sources: Sources) -> Quality:
    """The sources (read_sources) with the report's areas' cells by status."""
    by_source: dict[str, dict[str, int]] = defaultdict(lambda: defaultdict(int))
    without_value = []
    for row in rows(con, "outputs/wellbeing/status_counts", data.params()):
        by_source[row["source"]][row["status"]] += row["cells"]
        if row["status"] not in NUMBER_STATUSES:
            without_value.append(StatusCount(row["source"], row["indicator_code"],
                                             _names(row, "name"), row["area_code"],
                                             row["status"], row["cells"]))
    seen = {status for counts in by_source.values() for status in counts}
    statuses = [s for s in ("ok", "zero") if s in seen] + sorted(seen - NUMBER_STATUSES)
    return Quality(sources.sources, sources.files, sources.quarantine, statuses,
                   {source: dict(counts) for source, counts in by_source.items()}, without_value)


def read_known_indicators(con: duckdb.DuckDBPyConnection, codes: list[str]
                          ) -> dict[str, dict[str, str]]:
    """Those of codes that mart.dim_indicator has, with their names (language -> name)."""
    if not codes:
        return {}
    return {row["indicator_code"]: _names(row, "name")
            for row in rows(con, "outputs/wellbeing/indicators", {"codes": codes})}
