"""The youth pilot's indicator set, from the analyst-edited raw/pilot/youth.yaml (issue 25).

The file names the pilot's county, the language group every other is compared with, the
survey interval's confidence, and each indicator: where its values come from (a mart indicator
code, or counts over a population), its age band, its desirable direction, its kind (a survey
share with its sample size, a register rate, a count), its theme and its sources; then the
follow-up indicators the pilot proposes. docs/youth-pilot.md describes it; the file's own
header is the short form.

The file is read with its lines kept, as table descriptions are: an unknown or repeated key,
a value out of its set, a source id not listed under `sources:`, is a SourceFormatError naming
the file and line. Codes the mart does not have are only known after the build's facts, so
`unknown_codes` returns them as warnings (file and line), as themes.yaml's are.
"""

import math
import re
from collections.abc import Collection
from dataclasses import dataclass, field
from pathlib import Path
from statistics import NormalDist

import yaml

from pipelines.ingest import limits

# The descriptions' YAML reader: keys with their lines, unknown and repeated keys refused.
from pipelines.ingest.descriptions import _Reader as YamlReader
from pipelines.ingest.errors import SourceFormatError

LANGUAGES = ("fi", "sv", "en")
THEMES = ("exclusion", "service")
KINDS = ("survey_share", "register_rate", "count")
DIRECTIONS = ("higher", "lower", "neither")
LANGUAGE_GROUPS = ("fi", "sv", "other")
PER = {"100": ("percent", 100), "1000": ("per_1000", 1000)}
DEFAULT_RATE_DECIMALS = 1
DEFAULT_MIN_RESPONDENTS = 10
DEFAULT_CONFIDENCE = 0.95

_TOP = frozenset({"pilot", "sources", "indicators", "follow_up"})
_PILOT = frozenset({"county", "reference_language", "confidence", "min_respondents",
                    "project_keywords"})
_SOURCE = frozenset({"publisher", "title", "files", "url", "sample"})
_INDICATOR = frozenset({"id", "theme", "name", "kind", "age_band", "age_group", "direction",
                        "code", "count", "population", "per", "decimals", "sample_size",
                        "min_gap", "sources"})
_FOLLOW_UP = frozenset({"id", "name", "why", "source", "code"})
_ID = re.compile(r"[a-z][a-z0-9_]*")
_CODE = re.compile(r"[a-z][a-z0-9_]*:[A-Za-z0-9][A-Za-z0-9_.-]*")
_NUMBER = re.compile(r"[0-9]+(\.[0-9]+)?")


@dataclass(frozen=True)
class PilotSource:
    id: str
    publisher: dict[str, str]  # language -> text
    title: dict[str, str]
    files: tuple[str, ...]  # relative to the raw directory, as quality.row_accounting names them
    url: str | None
    sample: bool  # illustrative figures, not official statistics
    line: int


@dataclass(frozen=True)
class PilotInput:
    """One source of an indicator's values: a mart indicator, or a count over a population
    (published in the same area, period and group)."""

    value_code: str
    population_code: str | None = None
    sample_size_code: str | None = None


@dataclass(frozen=True)
class PilotIndicator:
    id: str
    position: int
    theme: str
    kind: str
    names: dict[str, str] | None  # None: the mart's names of its code
    age_band: str
    age_group: str  # the population group's age part the values are published under
    direction: str
    inputs: tuple[PilotInput, ...]
    per: int | None  # counts over a population: 100 (%) or 1000
    unit: str | None  # counts over a population: percent or per_1000; else the mart's
    decimals: int | None
    min_gap: float  # a register rate's gap smaller than this is no difference
    sources: tuple[str, ...]
    line: int

    @property
    def is_ratio(self) -> bool:
        return self.per is not None


@dataclass(frozen=True)
class FollowUp:
    id: str
    position: int
    names: dict[str, str]
    why: dict[str, str]
    source: dict[str, str]
    code: str | None
    line: int


@dataclass(frozen=True)
class PilotConfig:
    path: Path | None
    county: str | None
    reference_language: str = "fi"
    confidence: float = DEFAULT_CONFIDENCE
    min_respondents: int = DEFAULT_MIN_RESPONDENTS
    project_keywords: tuple[str, ...] = ()
    sources: tuple[PilotSource, ...] = ()
    indicators: tuple[PilotIndicator, ...] = ()
    follow_up: tuple[FollowUp, ...] = ()
    county_line: int | None = None
    # Every mart code the file names -> the line it is named on.
    code_lines: dict[str, int] = field(default_factory=dict, repr=False, compare=False)

    @property
    def z(self) -> float:
        """The normal quantile of the two-sided interval (1.96 for 95 %)."""
        return NormalDist().inv_cdf(1 - (1 - self.confidence) / 2)

    def warnings(self, known_codes: Collection[str], known_areas: Collection[str]) -> list[str]:
        """What the mart lacks of what the file names (its county, indicator codes), each
        naming the file and line."""
        where = self.path or "youth.yaml"
        found = []
        if self.county is not None and self.county not in known_areas:
            found.append(f"{where} line {self.county_line}: county '{self.county}' is not in "
                         "mart.dim_area; the pilot has no areas")
        found += [f"{where} line {line}: indicator '{code}' is not in mart.dim_indicator; "
                  "the pilot has no values from it until a source publishes it"
                  for code, line in sorted(self.code_lines.items(), key=lambda item: item[1])
                  if code not in known_codes]
        return found


def read_pilot_config(path: Path | None) -> PilotConfig:
    """The pilot of the YAML file at path; an empty one (no indicators) when there is none."""
    if path is None or not path.is_file():
        return PilotConfig(path=None, county=None)
    path = Path(path)
    text = limits.read_text(path, limits.MAX_TEXT_BYTES)
    root = limits.parse_yaml(path, text)
    if root is None:
        return PilotConfig(path=path, county=None)
    return _Parser(path).config(root)


def _line(node: yaml.Node) -> int:
    return node.start_mark.line + 1


class _Parser:
    def __init__(self, path: Path) -> None:
        self.path = path
        self.yaml = YamlReader(path)
        self.code_lines: dict[str, int] = {}

    def error(self, node: yaml.Node | None, message: str) -> SourceFormatError:
        return self.yaml.error(node, message)

    def config(self, root: yaml.Node) -> PilotConfig:
        top = self.yaml.mapping(root, "youth.yaml", _TOP)
        if "pilot" not in top:
            raise self.error(root, "required key 'pilot' is missing (county, reference_language)")
        pilot = self.yaml.mapping(top["pilot"][1], "pilot", _PILOT)
        if "county" not in pilot:
            raise self.error(top["pilot"][1], "pilot: required key 'county' is missing")
        county = self.yaml.text(pilot["county"][1], "pilot.county").strip()
        reference = (self.yaml.choice(pilot["reference_language"][1], "pilot.reference_language",
                                      LANGUAGE_GROUPS)
                     if "reference_language" in pilot else "fi")
        confidence = (self.fraction(pilot["confidence"][1], "pilot.confidence")
                      if "confidence" in pilot else DEFAULT_CONFIDENCE)
        min_respondents = (self.yaml.integer(pilot["min_respondents"][1],
                                             "pilot.min_respondents", 1)
                           if "min_respondents" in pilot else DEFAULT_MIN_RESPONDENTS)
        keywords = (self.texts(pilot["project_keywords"][1], "pilot.project_keywords")
                    if "project_keywords" in pilot else ())
        sources = self.sources(top["sources"][1]) if "sources" in top else ()
        source_ids = {source.id for source in sources}
        if "indicators" not in top:
            raise self.error(root, "required key 'indicators' is missing")
        indicators = self.indicators(top["indicators"][1], source_ids)
        follow_up = self.follow_ups(top["follow_up"][1]) if "follow_up" in top else ()
        return PilotConfig(path=self.path, county=county, reference_language=reference,
                           confidence=confidence, min_respondents=min_respondents,
                           project_keywords=keywords, sources=sources, indicators=indicators,
                           follow_up=follow_up, county_line=_line(pilot["county"][1]),
                           code_lines=self.code_lines)

    # --- parts -------------------------------------------------------------------------------

    def sources(self, node: yaml.Node) -> tuple[PilotSource, ...]:
        found = []
        for source_id, (key_node, value) in self.yaml.mapping(node, "sources", None).items():
            if not _ID.fullmatch(source_id):
                raise self.error(key_node, f"sources: id {source_id!r} must match [a-z][a-z0-9_]*")
            what = f"sources.{source_id}"
            fields = self.yaml.mapping(value, what, _SOURCE)
            for key in ("publisher", "title", "files"):
                if key not in fields:
                    raise self.error(value, f"{what}: required key {key!r} is missing")
            found.append(PilotSource(
                id=source_id,
                publisher=self.languages(fields["publisher"][1], f"{what}.publisher"),
                title=self.languages(fields["title"][1], f"{what}.title"),
                files=self.texts(fields["files"][1], f"{what}.files"),
                url=(self.yaml.text(fields["url"][1], f"{what}.url").strip()
                     if "url" in fields else None),
                sample=(self.yaml.boolean(fields["sample"][1], f"{what}.sample")
                        if "sample" in fields else False),
                line=_line(key_node),
            ))
        return tuple(found)

    def indicators(self, node: yaml.Node, source_ids: set[str]) -> tuple[PilotIndicator, ...]:
        if not isinstance(node, yaml.SequenceNode):
            raise self.error(node, "indicators: expected a list (lines starting with '- id:')")
        found: list[PilotIndicator] = []
        seen: dict[str, int] = {}
        for position, item in enumerate(node.value, start=1):
            indicator = self.indicator(item, position, source_ids)
            if indicator.id in seen:
                raise self.error(item, f"indicators: id {indicator.id!r} is used twice "
                                 f"(first on line {seen[indicator.id]})")
            seen[indicator.id] = indicator.line
            found.append(indicator)
        return tuple(found)

    def indicator(self, node: yaml.Node, position: int, source_ids: set[str]) -> PilotIndicator:
        fields = self.yaml.mapping(node, "an indicator", _INDICATOR)
        for key in ("id", "theme", "kind", "age_band", "direction"):
            if key not in fields:
                raise self.error(node, f"an indicator: required key {key!r} is missing")
        indicator_id = self.yaml.text(fields["id"][1], "id").strip()
        if not _ID.fullmatch(indicator_id):
            raise self.error(fields["id"][1], f"id {indicator_id!r} must match [a-z][a-z0-9_]*")
        what = f"indicator {indicator_id}"

        def value(key: str) -> yaml.Node:
            return fields[key][1]

        kind = self.yaml.choice(value("kind"), f"{what}: kind", KINDS)
        has_code, has_counts = "code" in fields, "count" in fields or "population" in fields
        if has_code == has_counts:
            raise self.error(node, f"{what}: give either code: (a mart indicator) or count: and "
                             "population: (counts over a population), not both or neither")
        if "sample_size" in fields and kind != "survey_share":
            raise self.error(value("sample_size"), f"{what}: sample_size is for kind "
                             "survey_share only")
        if kind == "survey_share" and ("sample_size" not in fields or not has_code):
            raise self.error(node, f"{what}: a survey_share needs code: (the share) and "
                             "sample_size: (the respondents' count), for its interval")
        if kind == "count" and not has_code:
            raise self.error(node, f"{what}: a count takes code:, not count: and population:")
        for key in ("per", "decimals"):
            if key in fields and not has_counts:
                raise self.error(value(key), f"{what}: {key} is for count: and population: only")
        if has_code:
            inputs = (PilotInput(
                self.code(value("code"), f"{what}: code"),
                sample_size_code=(self.code(value("sample_size"), f"{what}: sample_size")
                                  if "sample_size" in fields else None)),)
        else:
            inputs = self.ratio_inputs(node, fields, what)
        unit, per = PER["100"]
        if "per" in fields:
            per_text = self.yaml.choice(value("per"), f"{what}: per", tuple(PER))
            unit, per = PER[per_text]
        if "name" not in fields and has_counts:
            raise self.error(node, f"{what}: a rate worked out from counts needs a name "
                             "(fi, sv, en)")
        sources = self.texts(value("sources"), f"{what}: sources") if "sources" in fields else ()
        for source in sources:
            if source not in source_ids:
                raise self.error(value("sources"), f"{what}: source {source!r} is not under "
                                 "sources:")
        age_band = self.yaml.text(value("age_band"), f"{what}: age_band").strip()
        return PilotIndicator(
            id=indicator_id,
            position=position,
            theme=self.yaml.choice(value("theme"), f"{what}: theme", THEMES),
            kind=kind,
            names=self.languages(value("name"), f"{what}: name") if "name" in fields else None,
            age_band=age_band,
            age_group=(self.yaml.text(value("age_group"), f"{what}: age_group").strip()
                       if "age_group" in fields else age_band),
            direction=self.yaml.choice(value("direction"), f"{what}: direction", DIRECTIONS),
            inputs=inputs,
            per=per if has_counts else None,
            unit=unit if has_counts else None,
            decimals=(self.yaml.integer(value("decimals"), f"{what}: decimals", 0, 6)
                      if "decimals" in fields else
                      DEFAULT_RATE_DECIMALS if has_counts else None),
            min_gap=(self.number(value("min_gap"), f"{what}: min_gap")
                     if "min_gap" in fields else 0.0),
            sources=sources,
            line=_line(node),
        )

    def ratio_inputs(self, node: yaml.Node, fields: dict, what: str) -> tuple[PilotInput, ...]:
        if "count" not in fields or "population" not in fields:
            raise self.error(node, f"{what}: count: and population: go together")
        counts = self.code_list(fields["count"][1], f"{what}: count")
        populations = self.code_list(fields["population"][1], f"{what}: population")
        if len(counts) != len(populations):
            raise self.error(fields["population"][1], f"{what}: population lists "
                             f"{len(populations)} codes, count {len(counts)}; they are paired "
                             "in order")
        return tuple(PilotInput(count, population)
                     for count, population in zip(counts, populations, strict=True))

    def follow_ups(self, node: yaml.Node) -> tuple[FollowUp, ...]:
        if not isinstance(node, yaml.SequenceNode):
            raise self.error(node, "follow_up: expected a list (lines starting with '- id:')")
        found: list[FollowUp] = []
        seen: set[str] = set()
        for position, item in enumerate(node.value, start=1):
            fields = self.yaml.mapping(item, "a follow-up indicator", _FOLLOW_UP)
            for key in ("id", "name", "why", "source"):
                if key not in fields:
                    raise self.error(item, f"a follow-up indicator: required key {key!r} is "
                                     "missing")
            follow_id = self.yaml.text(fields["id"][1], "id").strip()
            if not _ID.fullmatch(follow_id) or follow_id in seen:
                raise self.error(fields["id"][1], f"follow_up: id {follow_id!r} must match "
                                 "[a-z][a-z0-9_]* and be used once")
            seen.add(follow_id)
            what = f"follow_up {follow_id}"
            found.append(FollowUp(
                id=follow_id, position=position,
                names=self.languages(fields["name"][1], f"{what}: name"),
                why=self.languages(fields["why"][1], f"{what}: why"),
                source=self.languages(fields["source"][1], f"{what}: source"),
                code=self.code(fields["code"][1], f"{what}: code") if "code" in fields else None,
                line=_line(item),
            ))
        return tuple(found)

    # --- values ------------------------------------------------------------------------------

    def code(self, node: yaml.Node, what: str) -> str:
        code = self.yaml.text(node, what).strip()
        if not _CODE.fullmatch(code):
            raise self.error(node, f"{what}: {code!r} is not an indicator code (source:id, "
                             "e.g. sotkanet:3219)")
        self.code_lines.setdefault(code, _line(node))
        return code

    def code_list(self, node: yaml.Node, what: str) -> tuple[str, ...]:
        if isinstance(node, yaml.ScalarNode):
            return (self.code(node, what),)
        if not isinstance(node, yaml.SequenceNode) or not node.value:
            raise self.error(node, f"{what}: expected a code or a list of codes")
        return tuple(self.code(item, what) for item in node.value)

    def texts(self, node: yaml.Node, what: str) -> tuple[str, ...]:
        if not isinstance(node, yaml.SequenceNode):
            raise self.error(node, f"{what}: expected a list, e.g. [a, b]")
        return tuple(self.yaml.text(item, what).strip() for item in node.value)

    def languages(self, node: yaml.Node, what: str) -> dict[str, str]:
        fields = self.yaml.mapping(node, what, frozenset(LANGUAGES))
        missing = [lang for lang in LANGUAGES if lang not in fields]
        if missing:
            raise self.error(node, f"{what}: needs a text in {', '.join(missing)} too")
        return {lang: self.yaml.text(fields[lang][1], f"{what}.{lang}").strip()
                for lang in LANGUAGES}

    def number(self, node: yaml.Node, what: str) -> float:
        text = (self.yaml.scalar(node, what) or "").strip()
        if not _NUMBER.fullmatch(text):
            raise self.error(node, f"{what}: expected a number of at least 0, got {text!r}")
        return float(text)

    def fraction(self, node: yaml.Node, what: str) -> float:
        text = (self.yaml.scalar(node, what) or "").strip()
        value = float(text) if _NUMBER.fullmatch(text) else math.nan
        if not 0.5 <= value < 1:
            raise self.error(node, f"{what}: expected a level such as 0.95 (from 0.5 to below "
                             f"1), got {text!r}")
        return value


def pilot_rows(config: PilotConfig, config_file: str | None = None) -> dict[str, list[dict]]:
    """The pilot as rows of the mart's youth_pilot tables (sql/mart/youth_pilot.sql binds
    them): the settings (none without a file), the indicators, their inputs, the sources and
    the follow-up indicators. `config_file`: how to name the file (relative to the raw
    directory, say); its path by default."""
    def texts(prefix: str, values: dict[str, str] | None) -> dict[str, str | None]:
        return {f"{prefix}_{lang}": (values or {}).get(lang) for lang in LANGUAGES}

    settings = [] if config.county is None else [{
        "config_file": config_file or str(config.path), "county_area_code": config.county,
        "reference_language": config.reference_language,
        "confidence_level": config.confidence, "z": config.z,
        "min_respondents": config.min_respondents,
        "project_keywords": list(config.project_keywords),
    }]
    indicators = [{
        "indicator_id": item.id, "position": item.position, "theme": item.theme,
        "kind": item.kind, **texts("name", item.names), "age_band": item.age_band,
        "age_group": item.age_group, "desirable_direction": item.direction, "per": item.per,
        "unit": item.unit, "decimals": item.decimals, "min_gap": item.min_gap,
        "source_ids": list(item.sources), "defined_on_line": item.line,
    } for item in config.indicators]
    inputs = [{
        "indicator_id": item.id, "position": position, "value_code": source.value_code,
        "population_code": source.population_code, "sample_size_code": source.sample_size_code,
    } for item in config.indicators for position, source in enumerate(item.inputs, start=1)]
    sources = [{
        "source_id": source.id, **texts("publisher", source.publisher),
        **texts("title", source.title), "files": list(source.files), "url": source.url,
        "sample": source.sample,
    } for source in config.sources]
    follow_up = [{
        "follow_up_id": item.id, "position": item.position, **texts("name", item.names),
        **texts("why", item.why), **texts("source", item.source), "indicator_code": item.code,
    } for item in config.follow_up]
    return {"settings": settings, "indicators": indicators, "inputs": inputs,
            "sources": sources, "follow_up": follow_up}
