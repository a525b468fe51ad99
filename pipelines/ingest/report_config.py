"""The analyst-edited settings of the welfare reports, in raw/report/ (issue 23):

- `indicators.yaml`: per indicator code, its desirable direction (`higher`, `lower` or
  `neither`), overriding what a table's description says;
- `peer_groups.yaml`: named groups of areas to compare with, and the areas that use one instead
  of the default (a municipality: the municipalities of its size class; a wellbeing services
  county: the other counties);
- `goals.yaml`: the goals of the welfare plans, each an area, indicator and group with a
  target value and year, a text in Finnish, Swedish and English, the responsible unit and the
  register's projects that work on it.

Plain functions, no Dagster. Each file is composed, not loaded, so every value keeps its line
and its text as written (`049` stays "049"); a file that is not of its shape is a
SourceFormatError naming the file and line. What needs the mart (is the area, indicator,
group or project known?) is checked by `check_*` against the codes given, with the same kind
of messages; unknown indicator codes in indicators.yaml are warnings (a raw directory may lack
an indicator the file names), everything else is an error.
"""

import math
import re
from collections.abc import Collection, Iterator
from dataclasses import dataclass
from pathlib import Path

import yaml

from pipelines.ingest import limits
from pipelines.ingest.errors import SourceFormatError
from pipelines.ingest.periods import parse_period

DIRECTIONS = ("higher", "lower", "neither")
DEFAULT_DIRECTION = "neither"
LANGUAGES = ("fi", "sv", "en")
TOTAL_GROUP = "total.total.total"
# The municipality's size class is by its population: this indicator, its latest value.
POPULATION_INDICATOR = "sotkanet:127"
# Ids: part of links and file names in the reports.
ID = re.compile(r"[A-Za-z0-9][A-Za-z0-9_-]*")
GROUP_CODE = re.compile(r"[^.\s]+\.[^.\s]+\.[^.\s]+")
NUMBER = re.compile(r"[+-]?([0-9]+(\.[0-9]*)?|\.[0-9]+)([eE][+-]?[0-9]+)?")
YEARS = (2000, 2100)


@dataclass(frozen=True)
class PeerGroup:
    id: str
    names: dict[str, str]  # language -> name
    kind: str  # size_class, wellbeing_counties or custom
    members: tuple[str, ...] = ()  # custom groups: area codes
    # size classes: inhabitants from (inclusive) and below (exclusive; None: no upper bound)
    population_from: int | None = None
    population_below: int | None = None
    line: int | None = None


def _size_class(group_id: str, low: int, high: int | None, fi: str, sv: str, en: str
                ) -> PeerGroup:
    return PeerGroup(group_id, {"fi": fi, "sv": sv, "en": en}, "size_class",
                     population_from=low, population_below=high)


# Statistics Finland's municipal size classes (kuntakokoluokka) by inhabitants, and the group
# of every wellbeing services county: the defaults, always there; the file adds its own.
BUILT_IN_GROUPS = (
    _size_class("size_under_5000", 0, 5000, "Alle 5 000 asukkaan kunnat",
                "Kommuner med under 5 000 invånare", "Municipalities under 5,000 inhabitants"),
    _size_class("size_5000_9999", 5000, 10000, "5 000–9 999 asukkaan kunnat",
                "Kommuner med 5 000–9 999 invånare", "Municipalities of 5,000–9,999"),
    _size_class("size_10000_19999", 10000, 20000, "10 000–19 999 asukkaan kunnat",
                "Kommuner med 10 000–19 999 invånare", "Municipalities of 10,000–19,999"),
    _size_class("size_20000_49999", 20000, 50000, "20 000–49 999 asukkaan kunnat",
                "Kommuner med 20 000–49 999 invånare", "Municipalities of 20,000–49,999"),
    _size_class("size_50000_99999", 50000, 100000, "50 000–99 999 asukkaan kunnat",
                "Kommuner med 50 000–99 999 invånare", "Municipalities of 50,000–99,999"),
    _size_class("size_100000_plus", 100000, None, "Vähintään 100 000 asukkaan kunnat",
                "Kommuner med minst 100 000 invånare",
                "Municipalities of 100,000 inhabitants or more"),
    PeerGroup("wellbeing_counties", {"fi": "Hyvinvointialueet", "sv": "Välfärdsområdena",
                                     "en": "Wellbeing services counties"}, "wellbeing_counties"),
)


@dataclass(frozen=True)
class IndicatorSetting:
    code: str
    direction: str
    line: int


@dataclass(frozen=True)
class PeerGroups:
    groups: tuple[PeerGroup, ...]  # the built-in ones first
    assigned: dict[str, tuple[str, int]]  # area code -> (group id, line)
    population_indicator: str = POPULATION_INDICATOR
    source: Path | None = None
    population_indicator_line: int | None = None  # where the file names it


@dataclass(frozen=True)
class Goal:
    id: str
    area: str
    indicator: str
    group: str
    texts: dict[str, str]  # language -> text
    target_value: float
    target_year: int
    baseline_period: str | None
    responsible_unit: str
    projects: tuple[str, ...]
    line: int
    lines: dict[str, int]  # key -> line, for the checks against the mart


# --- the files ------------------------------------------------------------------------------


def read_indicator_settings(path: Path) -> list[IndicatorSetting]:
    """indicators.yaml: `indicators:` maps a code to its settings, `{direction: lower}`, or
    to its direction alone (`sotkanet:181: lower`). No file: no settings."""
    nodes = _Nodes.load(path)
    if nodes is None:
        return []
    top = nodes.mapping(nodes.root, "the file", ("indicators",))
    entries = (nodes.mapping(top["indicators"][1], "indicators", None) if "indicators" in top
               else {})
    settings = []
    for code, (key, value) in entries.items():
        if not isinstance(value, yaml.ScalarNode):
            fields = nodes.mapping(value, f"indicator {code}", ("direction",))
            value = nodes.require(fields, value, "direction", f"indicator {code}")
        direction = nodes.choice(value, f"indicator {code} direction", DIRECTIONS)
        settings.append(IndicatorSetting(code, direction, _line(key)))
    return settings


def read_peer_groups(path: Path) -> PeerGroups:
    """peer_groups.yaml: `groups:` (id, name in fi/sv/en, members), `areas:` (area code ->
    group id) and optionally `population_indicator:`. No file: the built-in groups only."""
    nodes = _Nodes.load(path)
    built_in = {group.id for group in BUILT_IN_GROUPS}
    if nodes is None:
        return PeerGroups(BUILT_IN_GROUPS, {}, POPULATION_INDICATOR, None)
    top = nodes.mapping(nodes.root, "the file", ("groups", "areas", "population_indicator"))
    groups = list(BUILT_IN_GROUPS)
    for item in nodes.sequence(top, "groups"):
        fields = nodes.mapping(item, "a group", ("id", "name", "members"))
        group_id = nodes.identifier(nodes.require(fields, item, "id", "a group"), "group id")
        if group_id in {group.id for group in groups}:
            what = "a built-in group's" if group_id in built_in else "another group's"
            raise nodes.error(fields["id"][1], f"group id '{group_id}' is {what} id")
        names = nodes.languages(nodes.require(fields, item, "name", f"group {group_id}"),
                                f"group {group_id} name")
        members = [nodes.text(member, f"group {group_id} member") for member in
                   nodes.sequence(fields, "members")]
        if not members:
            raise nodes.error(item, f"group {group_id}: list its members (area codes)")
        if len(set(members)) < len(members):
            raise nodes.error(fields["members"][1], f"group {group_id}: a member is listed "
                              "twice")
        groups.append(PeerGroup(group_id, names, "custom", tuple(members),
                                line=_line(item)))
    known = {group.id for group in groups}
    assigned = {}
    if "areas" in top:
        for area, (key, value) in nodes.mapping(top["areas"][1], "areas", None).items():
            group_id = nodes.text(value, f"area {area}")
            if group_id not in known:
                raise nodes.error(value, f"area {area}: no group '{group_id}'; groups: "
                                  + ", ".join(sorted(known)))
            assigned[area] = (group_id, _line(key))
    if "population_indicator" not in top:
        return PeerGroups(tuple(groups), assigned, POPULATION_INDICATOR, path)
    node = top["population_indicator"][1]
    return PeerGroups(tuple(groups), assigned, nodes.text(node, "population_indicator"), path,
                      _line(node))


GOAL_KEYS = ("id", "area", "indicator", "group", "text", "target_value", "target_year",
             "baseline_period", "responsible_unit", "projects")


def read_goals(path: Path) -> list[Goal]:
    """goals.yaml: `goals:`, a list of goals (GOAL_KEYS; group, baseline_period and projects
    optional). No file: no goals."""
    nodes = _Nodes.load(path)
    if nodes is None:
        return []
    top = nodes.mapping(nodes.root, "the file", ("goals",))
    goals: list[Goal] = []
    for item in nodes.sequence(top, "goals"):
        fields = nodes.mapping(item, "a goal", GOAL_KEYS)
        goal_id = nodes.identifier(nodes.require(fields, item, "id", "a goal"), "goal id")
        if goal_id in {goal.id for goal in goals}:
            raise nodes.error(fields["id"][1], f"goal id '{goal_id}' is used twice")
        what = f"goal {goal_id}"

        def required(key: str, fields: dict = fields, item: yaml.Node = item,
                     what: str = what) -> yaml.Node:
            return nodes.require(fields, item, key, what)

        group = (nodes.text(fields["group"][1], f"{what} group") if "group" in fields
                 else TOTAL_GROUP)
        if not GROUP_CODE.fullmatch(group):
            raise nodes.error(fields["group"][1], f"{what}: group '{group}' is not a group "
                              "code <sex>.<age group>.<language group>, e.g. total.total.total")
        baseline = None
        if "baseline_period" in fields:
            baseline = nodes.text(fields["baseline_period"][1], f"{what} baseline_period")
            try:
                baseline = parse_period(baseline).code
            except ValueError as exc:
                raise nodes.error(fields["baseline_period"][1], f"{what}: {exc}") from None
        target_year = nodes.year(required("target_year"), f"{what} target_year")
        if baseline is not None and target_year <= int(baseline[:4]):
            raise nodes.error(fields["target_year"][1], f"{what}: target_year {target_year} "
                              f"is not after the baseline period {baseline}")
        goals.append(Goal(
            id=goal_id,
            area=nodes.text(required("area"), f"{what} area"),
            indicator=nodes.text(required("indicator"), f"{what} indicator"),
            group=group,
            texts=nodes.languages(required("text"), f"{what} text"),
            target_value=nodes.number(required("target_value"), f"{what} target_value"),
            target_year=target_year,
            baseline_period=baseline,
            responsible_unit=nodes.text(required("responsible_unit"),
                                        f"{what} responsible_unit"),
            projects=tuple(nodes.text(project, f"{what} project") for project in
                           nodes.sequence(fields, "projects")),
            line=_line(item),
            lines={key: _line(value) for key, (_, value) in fields.items()},
        ))
    return goals


# --- against the mart -----------------------------------------------------------------------


def check_indicator_settings(path: Path, settings: list[IndicatorSetting],
                             known: Collection[str]) -> list[str]:
    """Warnings: codes the mart does not have (their settings are not used)."""
    return [f"{path}:{setting.line}: indicator '{setting.code}' is not in the mart; its "
            "direction is not used" for setting in settings if setting.code not in known]


def check_peer_groups(peer_groups: PeerGroups, areas: dict[str, str],
                      indicators: Collection[str]) -> list[SourceFormatError]:
    """Errors: a member or assigned area the mart does not have, or not a municipality or
    wellbeing services county; a group whose members are of both levels; a population
    indicator the mart does not have. `areas`: area code -> level."""
    path, errors = peer_groups.source or Path("peer_groups.yaml"), []
    if (peer_groups.population_indicator_line is not None
            and peer_groups.population_indicator not in indicators):
        errors.append(SourceFormatError(
            path, peer_groups.population_indicator_line, "population_indicator "
            f"'{peer_groups.population_indicator}' is not in mart.dim_indicator"))
    usable = ("municipality", "wellbeing_county")
    for group in peer_groups.groups:
        if group.kind != "custom":
            continue
        for member in group.members:
            if areas.get(member) not in usable:
                errors.append(SourceFormatError(path, group.line, _not_usable(
                    f"group {group.id}: member", member, areas)))
        levels = {areas.get(member) for member in group.members} & set(usable)
        if len(levels) > 1:
            errors.append(SourceFormatError(path, group.line, f"group {group.id}: members "
                                            "are municipalities and counties; compare like "
                                            "with like"))
    for area, (_, line) in peer_groups.assigned.items():
        if areas.get(area) not in usable:
            errors.append(SourceFormatError(path, line, _not_usable("area", area, areas)))
    return errors


def _not_usable(what: str, area: str, areas: dict[str, str]) -> str:
    if area not in areas:
        return f"{what} '{area}' is not in mart.dim_area"
    return (f"{what} '{area}' is a {areas[area]}, not a municipality or wellbeing services "
            "county")


def check_goals(path: Path, goals: list[Goal], areas: Collection[str],
                indicators: Collection[str], groups: Collection[str],
                projects: Collection[str]) -> list[SourceFormatError]:
    """Errors: an area, indicator, group or project the mart does not have (`projects`:
    every project the register's pages and cards name, quarantined ones too)."""
    errors = []
    for goal in goals:
        what = f"goal {goal.id}"
        for key, value, known, table in (
                ("area", goal.area, areas, "mart.dim_area"),
                ("indicator", goal.indicator, indicators, "mart.dim_indicator"),
                ("group", goal.group, groups, "mart.dim_population_group")):
            if value not in known:
                errors.append(SourceFormatError(path, goal.lines.get(key, goal.line),
                                                f"{what}: {key} '{value}' is not in {table}"))
        for project in goal.projects:
            if project not in projects:
                errors.append(SourceFormatError(
                    path, goal.lines["projects"], f"{what}: project '{project}' is not in "
                    "mart.dim_project (project_key)"))
    return errors


def unregistered_projects(path: Path, goals: list[Goal], registered: Collection[str]
                          ) -> list[tuple[str, str, str]]:
    """(goal id, project key, warning) for each project a goal names that the register knows
    but left out of this build (quarantined for a broken rule): the goal keeps its other
    projects."""
    return [(goal.id, project, f"{path}:{goal.lines['projects']}: goal {goal.id}: project "
             f"'{project}' is not in the register this build (quarantined: see "
             "quality.quarantine); left out of the goal's projects")
            for goal in goals for project in goal.projects if project not in registered]


# --- YAML nodes, with their lines -----------------------------------------------------------


def _line(node: yaml.Node) -> int:
    return node.start_mark.line + 1


class _Nodes:
    """One file's YAML nodes and the errors naming its lines."""

    def __init__(self, path: Path, root: yaml.Node) -> None:
        self.path, self.root = path, root

    @classmethod
    def load(cls, path: Path) -> "_Nodes | None":
        """None when the file does not exist or holds nothing."""
        if not path.is_file():
            return None
        text = limits.read_text(path, limits.MAX_TEXT_BYTES)
        root = limits.parse_yaml(path, text)
        return None if root is None else cls(path, root)

    def error(self, node: yaml.Node, message: str) -> SourceFormatError:
        return SourceFormatError(self.path, _line(node), message)

    def mapping(self, node: yaml.Node, what: str, allowed: tuple[str, ...] | None
                ) -> dict[str, tuple[yaml.Node, yaml.Node]]:
        """key -> (key node, value node); a repeated or (with `allowed`) unknown key is an
        error: YAML would keep the last of two silently, and a typo must not pass."""
        if not isinstance(node, yaml.MappingNode):
            raise self.error(node, f"{what} must be a mapping (key: value)")
        entries: dict[str, tuple[yaml.Node, yaml.Node]] = {}
        for key_node, value in node.value:
            key = self.text(key_node, f"a key of {what}")
            if key in entries:
                raise self.error(key_node, f"'{key}' is given twice in {what} (first on line "
                                 f"{_line(entries[key][0])})")
            if allowed is not None and key not in allowed:
                raise self.error(key_node, f"unknown key '{key}' in {what}; allowed: "
                                 + ", ".join(allowed))
            entries[key] = (key_node, value)
        return entries

    def sequence(self, fields: dict[str, tuple[yaml.Node, yaml.Node]], key: str
                 ) -> Iterator[yaml.Node]:
        """The items of the list under `key`; none when the key is absent or empty."""
        if key not in fields:
            return iter(())
        node = fields[key][1]
        if isinstance(node, yaml.ScalarNode) and node.tag == "tag:yaml.org,2002:null":
            return iter(())
        if not isinstance(node, yaml.SequenceNode):
            raise self.error(node, f"{key} must be a list")
        return iter(node.value)

    def require(self, fields: dict[str, tuple[yaml.Node, yaml.Node]], parent: yaml.Node,
                key: str, what: str) -> yaml.Node:
        if key not in fields:
            raise self.error(parent, f"{what} needs {key}")
        return fields[key][1]

    def text(self, node: yaml.Node, what: str) -> str:
        if not isinstance(node, yaml.ScalarNode) or not str(node.value).strip():
            raise self.error(node, f"{what}: expected a single value")
        return str(node.value).strip()

    def identifier(self, node: yaml.Node, what: str) -> str:
        value = self.text(node, what)
        if not ID.fullmatch(value):
            raise self.error(node, f"{what} '{value}' may hold only letters, digits, '-' and "
                             "'_' (it is part of links in the reports)")
        return value

    def choice(self, node: yaml.Node, what: str, choices: tuple[str, ...]) -> str:
        value = self.text(node, what)
        if value not in choices:
            raise self.error(node, f"{what}: '{value}' is not one of {', '.join(choices)}")
        return value

    def languages(self, node: yaml.Node, what: str) -> dict[str, str]:
        fields = self.mapping(node, what, LANGUAGES)
        missing = [language for language in LANGUAGES if language not in fields]
        if missing:
            raise self.error(node, f"{what}: missing in {', '.join(missing)} (give fi, sv "
                             "and en)")
        return {language: self.text(fields[language][1], f"{what} ({language})")
                for language in LANGUAGES}

    def number(self, node: yaml.Node, what: str) -> float:
        value = self.text(node, what)
        if not NUMBER.fullmatch(value) or not math.isfinite(float(value)):
            raise self.error(node, f"{what}: '{value}' is not a number (use '.' for decimals)")
        return float(value)

    def year(self, node: yaml.Node, what: str) -> int:
        value = self.text(node, what)
        if not value.isdigit() or not YEARS[0] <= int(value) <= YEARS[1]:
            raise self.error(node, f"{what}: '{value}' is not a year from {YEARS[0]} to "
                             f"{YEARS[1]}")
        return int(value)
