"""The reports' contents, from the analyst-editable raw/report/themes.yaml.

The mart has no theme column: the file names the themes, their titles in Finnish, Swedish and
English, the life stage each belongs to (the welfare report's structure: the population, then
children and families, young people, working age, older people, and the whole population)
and the indicator codes in each, in the order the reports show them; and the headline
indicators the county's index page puts side by side. Indicators no theme names are listed
in the appendix only. The file is read with its line numbers, so a
code the mart does not have is reported as a warning naming the file and line; the report is
still written. A file that is not valid YAML, or not in this shape (an unknown or repeated key,
a theme id other than letters, digits, '-' and '_'), is an error naming its line.

    max_charts: 6                 # charts per theme, in the order listed; the rest in a table
    headline: [sotkanet:181, sotkanet:3219]   # the index page's columns
    themes:
      - id: work
        life_stage: working_age   # population, children, young, working_age, older or all
        title: {fi: Työ ja toimeentulo, sv: Arbete och försörjning, en: Work and livelihood}
        max_charts: 4             # optional, this theme only
        indicators:
          - sotkanet:181
"""

import re
from collections.abc import Collection, Iterable
from dataclasses import dataclass, field
from pathlib import Path

import yaml

from pipelines.ingest import limits
from pipelines.ingest.errors import SourceFormatError
from pipelines.outputs.reports.texts import LANGUAGES

DEFAULT_MAX_CHARTS = 6
TOP_KEYS = frozenset({"max_charts", "headline", "small_areas", "themes"})
THEME_KEYS = frozenset({"id", "title", "life_stage", "max_charts", "indicators"})
# The welfare report's order (THL's suggested headings): the population first, then the
# life stages, then what concerns the whole population.
LIFE_STAGES = ("population", "children", "young", "working_age", "older", "all")
# A theme's id is part of a link (#theme-<id>) and an HTML id: no spaces, quotes or markup.
THEME_ID = re.compile(r"^[A-Za-z0-9_-]+$")


class ThemesError(ValueError):
    """themes.yaml cannot be used; the message names the file and line."""


@dataclass(frozen=True)
class ThemeIndicator:
    code: str
    line: int  # in themes.yaml, for warnings


@dataclass(frozen=True)
class Theme:
    id: str
    titles: dict[str, str]  # language -> title
    indicators: tuple[ThemeIndicator, ...]
    max_charts: int
    life_stage: str = "all"


@dataclass(frozen=True)
class Themes:
    themes: tuple[Theme, ...]
    max_charts: int = DEFAULT_MAX_CHARTS
    source: Path | None = None
    headline: tuple[ThemeIndicator, ...] = ()
    # Indicators published by small area (postal code areas, districts) that the differences
    # between areas show on maps, beside those of the themes that have small areas.
    small_areas: tuple[ThemeIndicator, ...] = ()

    def codes(self) -> list[str]:
        """Every indicator code the file names, in its order, once."""
        return list(dict.fromkeys(item.code for theme in self.themes
                                  for item in theme.indicators))


@dataclass(frozen=True)
class ThemeIndicators:
    """One theme as one area's report shows it."""

    theme: Theme
    charted: list[str] = field(default_factory=list)  # with a chart, in the order listed
    tabled: list[str] = field(default_factory=list)  # beyond max_charts: a table row each
    without_data: list[str] = field(default_factory=list)  # known, but the area has no value


def read_themes(path: Path | None) -> Themes:
    """Themes of the YAML file at path; none (all in "other") when the file does not exist."""
    if path is None or not path.is_file():
        return Themes((), DEFAULT_MAX_CHARTS, None)
    try:
        root = limits.compose_yaml(path, limits.read_text(path, limits.MAX_TEXT_BYTES, "utf-8"))
    except SourceFormatError as exc:
        raise ThemesError(str(exc)) from None
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        line = f" line {mark.line + 1}" if mark else ""
        raise ThemesError(f"{path}{line}: not valid YAML: {exc.problem}") from exc
    if root is None:
        return Themes((), DEFAULT_MAX_CHARTS, path)
    top = _mapping(path, root, "the file")
    # A typo ("theme:") must not silently leave every indicator out.
    _no_unknown_keys(path, root, TOP_KEYS,
                     "the file has themes and optionally max_charts and headline")
    max_charts = _positive_int(path, top["max_charts"]) if "max_charts" in top else (
        DEFAULT_MAX_CHARTS)
    themes, seen_ids = [], set()
    theme_nodes = top.get("themes")
    if theme_nodes is not None:
        if not isinstance(theme_nodes, yaml.SequenceNode):
            raise ThemesError(f"{_where(path, theme_nodes)}: themes must be a list")
        for node in theme_nodes.value:
            theme = _theme(path, node, max_charts)
            if theme.id in seen_ids:
                raise ThemesError(f"{_where(path, node)}: theme id '{theme.id}' is used twice "
                                  f"or reserved")
            seen_ids.add(theme.id)
            themes.append(theme)
    return Themes(tuple(themes), max_charts, path, _codes(path, top, "headline"),
                  _codes(path, top, "small_areas"))


def _codes(path: Path, top: dict[str, yaml.Node], key: str) -> tuple[ThemeIndicator, ...]:
    """A top-level list of indicator codes, with their lines."""
    node = top.get(key)
    if node is None:
        return ()
    if not isinstance(node, yaml.SequenceNode):
        raise ThemesError(f"{_where(path, node)}: {key} must be a list of codes")
    return tuple(ThemeIndicator(_scalar(path, item), item.start_mark.line + 1)
                 for item in node.value)


def assign_indicators(
    themes: Themes, known: Collection[str], with_data: Iterable[str]
) -> tuple[list[ThemeIndicators], list[str]]:
    """Each theme's indicators for one area, and the warnings: codes the mart does not have
    (file and line), codes listed twice.

    known: every indicator code of the mart that the file names; with_data: the codes the area
    has a latest value for."""
    has_data = set(with_data)
    warnings, placed, result = [], set(), []
    where = themes.source or "themes.yaml"
    for theme in themes.themes:
        shown = ThemeIndicators(theme)
        for item in theme.indicators:
            if item.code not in known:
                warnings.append(f"{where} line {item.line}: indicator '{item.code}' is not in "
                                f"mart.dim_indicator; left out of theme '{theme.id}'")
                continue
            if item.code in placed:
                warnings.append(f"{where} line {item.line}: indicator '{item.code}' is already "
                                f"in an earlier theme; shown there only")
                continue
            placed.add(item.code)
            if item.code not in has_data:
                shown.without_data.append(item.code)
            elif len(shown.charted) < theme.max_charts:
                shown.charted.append(item.code)
            else:
                shown.tabled.append(item.code)
        result.append(shown)
    for item in themes.headline:
        if item.code not in known:
            warnings.append(f"{where} line {item.line}: headline indicator '{item.code}' is "
                            "not in mart.dim_indicator; left out of the index page")
    for item in themes.small_areas:
        if item.code not in known:
            warnings.append(f"{where} line {item.line}: small-area indicator '{item.code}' is "
                            "not in mart.dim_indicator; left out of the differences between "
                            "areas")
    return result, warnings


# ---------------------------------------------------------------------------
# YAML nodes, with their lines


def _where(path: Path, node: yaml.Node) -> str:
    return f"{path} line {node.start_mark.line + 1}"


def _mapping(path: Path, node: yaml.Node, what: str) -> dict[str, yaml.Node]:
    """The mapping's keys and value nodes; a key given twice is an error (YAML would keep the
    last one silently)."""
    if not isinstance(node, yaml.MappingNode):
        raise ThemesError(f"{_where(path, node)}: {what} must be a mapping (key: value)")
    fields: dict[str, yaml.Node] = {}
    first_lines: dict[str, int] = {}
    for key_node, value in node.value:
        key = _scalar(path, key_node)
        if key in fields:
            raise ThemesError(f"{_where(path, key_node)}: '{key}' is given twice in {what} "
                              f"(first on line {first_lines[key]})")
        fields[key] = value
        first_lines[key] = key_node.start_mark.line + 1
    return fields


def _no_unknown_keys(path: Path, node: yaml.Node, allowed: frozenset[str], hint: str) -> None:
    """Fail on the first key of the mapping node (checked by _mapping) that is not allowed,
    naming its line."""
    for key_node, _ in node.value:
        key = _scalar(path, key_node)
        if key not in allowed:
            raise ThemesError(f"{_where(path, key_node)}: unknown key '{key}'; {hint}")


def _scalar(path: Path, node: yaml.Node) -> str:
    if not isinstance(node, yaml.ScalarNode) or not str(node.value).strip():
        raise ThemesError(f"{_where(path, node)}: expected a single value")
    return str(node.value).strip()


def _positive_int(path: Path, node: yaml.Node) -> int:
    value = _scalar(path, node)
    if not value.isdigit() or int(value) < 1:
        raise ThemesError(f"{_where(path, node)}: max_charts must be a whole number from 1 up")
    return int(value)


def _theme(path: Path, node: yaml.Node, default_max_charts: int) -> Theme:
    fields = _mapping(path, node, "a theme")
    _no_unknown_keys(path, node, THEME_KEYS,
                     "a theme has id, title, life_stage, indicators and optionally max_charts")
    if "id" not in fields:
        raise ThemesError(f"{_where(path, node)}: a theme needs an id")
    theme_id = _scalar(path, fields["id"])
    if not THEME_ID.match(theme_id):
        raise ThemesError(f"{_where(path, fields['id'])}: theme id '{theme_id}' may hold only "
                          "letters, digits, '-' and '_' (it is part of the page's links)")
    if "title" not in fields:
        raise ThemesError(f"{_where(path, node)}: theme '{theme_id}' needs a title")
    title_fields = _mapping(path, fields["title"], "title")
    _no_unknown_keys(path, fields["title"], frozenset(LANGUAGES),
                     f"a title has {', '.join(LANGUAGES)}")
    titles = {lang: _scalar(path, value) for lang, value in title_fields.items()}
    missing = [lang for lang in LANGUAGES if lang not in titles]
    if missing:
        raise ThemesError(f"{_where(path, fields['title'])}: theme '{theme_id}' needs a title "
                          f"in {', '.join(missing)}")
    codes_node = fields.get("indicators")
    if codes_node is not None and not isinstance(codes_node, yaml.SequenceNode):
        raise ThemesError(f"{_where(path, codes_node)}: indicators must be a list of codes")
    indicators = tuple(
        ThemeIndicator(_scalar(path, item), item.start_mark.line + 1)
        for item in (codes_node.value if codes_node is not None else [])
    )
    max_charts = (_positive_int(path, fields["max_charts"]) if "max_charts" in fields
                  else default_max_charts)
    stage = _scalar(path, fields["life_stage"]) if "life_stage" in fields else "all"
    if stage not in LIFE_STAGES:
        raise ThemesError(f"{_where(path, fields['life_stage'])}: life_stage '{stage}' is not "
                          f"one of {', '.join(LIFE_STAGES)}")
    return Theme(theme_id, {lang: titles[lang] for lang in LANGUAGES}, indicators, max_charts,
                 stage)
