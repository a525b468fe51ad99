"""The data dictionary: one self-contained HTML page describing the published mart.

Every schema, table, view and column of the published file, with its type and its
`COMMENT ON` text (read from the file itself, so the page says what the BI tools see), and
the quality rules that guard each table: the asset checks, the Great Expectations suites
(their expectations listed from pipelines/checks/suites.py) and the row rules that send rows
to quality.quarantine. The page has inline CSS and no scripts, and opens offline.
"""

import html
import os
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path

import duckdb

from pipelines.checks.suites import project_register_suite, staged_values_suite
from pipelines.publish.warehouse import PUBLISHED_SCHEMAS
from pipelines.sqlfiles import quote_ident

DICTIONARY_NAME = "data_dictionary.html"

SCHEMA_DESCRIPTIONS = {
    "mart": "The data mart: indicator values with their areas, indicators and population "
            "groups, and the development-project register.",
    "quality": "What the checks found: rows that broke a rule, and per source file the rows "
               "read, loaded and quarantined.",
    "report": "Views for BI tools, with names in Finnish, Swedish and English: latest values, "
              "time series, area comparisons, population-group breakdowns, project targets, "
              "and the welfare reports' comparisons (ranks, classes, peers, trends; a table "
              "computed in the file) and goal progress. They read the mart tables, so the "
              "mart's rules guard them too.",
}


@dataclass(frozen=True)
class Rule:
    name: str
    kind: str  # blocking check, warning check or quarantine (row rules)
    description: str
    expectations: tuple[str, ...] = ()


@dataclass(frozen=True)
class Column:
    name: str
    data_type: str
    comment: str | None


@dataclass(frozen=True)
class Relation:
    schema: str
    name: str
    kind: str  # table or view
    comment: str | None
    rows: int | None  # tables only: counting a view would run it
    columns: list[Column] = field(default_factory=list)

    @property
    def qualified(self) -> str:
        return f"{self.schema}.{self.name}"


@dataclass(frozen=True)
class DictionaryResult:
    path: Path
    tables: int
    views: int
    columns: int


# ---------------------------------------------------------------------------
# The rules that guard each published table. The check names are the asset checks of
# pipelines/checks/ (tests/test_report.py keeps this list and theirs the same).

VALUE_ROW_RULES = ("malformed_row", "unknown_indicator", "unknown_region", "unknown_area",
                   "ambiguous_area", "year_not_integer", "year_out_of_range", "invalid_period",
                   "invalid_sex", "sex_not_published", "invalid_age_group",
                   "invalid_language_group", "value_not_numeric", "absolute_value_not_numeric",
                   "value_out_of_unit_range", "absolute_value_negative")
PROJECT_LINK_ROW_RULES = ("unknown_indicator", "unknown_area", "unknown_population_group",
                          "duplicate_link")
PROJECT_FILE_RULES = ("unreadable_page", "page_without_projects", "invalid_card")
PROJECT_RULES = ("project_without_title", "project_without_contact",
                 "project_ends_before_start", "non_positive_amount")


def _labels(specs: Iterable) -> tuple[str, ...]:
    return tuple(spec.label() for spec in specs)


def _value_rules() -> list[Rule]:
    # Only the expectations' names are shown: the value sets are filled in at check time.
    suite = staged_values_suite(known_areas=[], known_indicators=[], min_year=0, max_year=0)
    return [
        Rule("row rules", "quarantine",
             "A staged row that breaks one goes to quality.quarantine with its first broken rule "
             "(sql/ingest/sotkanet_values.sql, sql/ingest/table_values.sql): "
             + ", ".join(VALUE_ROW_RULES) + "."),
        Rule("indicator_values_expectations", "blocking check",
             "Great Expectations suite on every staged row the table is built from "
             "(staging.indicator_values): columns and types, known codes, plausible years, "
             "values within their unit, value present exactly when the status says so, one "
             "value per cell.", _labels(suite)),
        Rule("fact_keys_resolve", "blocking check",
             "Every row's area, indicator and population group is in its dimension (one row "
             "per indicator x area x period x group: the suite above)."),
        Rule("rows_quarantined", "warning check",
             "Rows that broke a row rule, by rule, with examples; files that could not be read."),
        Rule("published_totals_add_up", "warning check",
             "For counts, male + female and fi + sv + other add up to their published totals, "
             "within rounding."),
        Rule("hidden_counts_not_recoverable", "blocking check",
             "The protection audit: no hidden small count can be worked out exactly from the "
             "published counts through the sex, language and every area hierarchy's equations "
             "at once (linear programming), nor narrowed to less than the protection interval "
             "on a side (a warning); see docs/protection.md in the repository."),
    ]


def _register_rules(staged_table: str | None, extra: str = "") -> list[Rule]:
    rules = []
    if staged_table:
        specs = project_register_suite()[staged_table]
        rules.append(Rule("project_register_expectations", "blocking check",
                          f"Great Expectations suite on the staged register (staging."
                          f"{staged_table}) the table is built from.{extra}", _labels(specs)))
    rules.append(Rule("project_keys_resolve", "blocking check",
                      "Every register row names a known project and organisation, indicator "
                      "links resolve to their dimensions, keys are unique."))
    return rules


def _report_settings_rules(file: str) -> list[Rule]:
    """The welfare reports' settings (raw/report/, pipelines/ingest/report_config.py)."""
    return [
        Rule("report settings", "build error",
             f"raw/report/{file}: a file not of its shape (an unknown or repeated key, a missing "
             "language, a value or year that is not one), or one naming an area, indicator, "
             "population group or project the mart does not have, stops the build with an error "
             "naming the file and line; the published mart stays as it was."),
        Rule("report_settings_warnings", "warning check",
             "What only needs a look: indicators of indicators.yaml the mart lacks, "
             "municipalities without a population (no size class), goals without data or with "
             "a target on the unfavourable side of the baseline, a goal's project quarantined "
             "this build."),
    ]


def quality_rules() -> dict[str, list[Rule]]:
    """Published table -> the rules that guard it."""
    dimension = Rule("fact_keys_resolve", "blocking check",
                     "Every row of mart.fact_indicator_value resolves to this dimension.")
    return {
        "mart.dim_peer_group": _report_settings_rules("peer_groups.yaml"),
        "mart.area_peer_group": _report_settings_rules("peer_groups.yaml"),
        "mart.dim_goal": _report_settings_rules("goals.yaml"),
        "mart.goal_project": _report_settings_rules("goals.yaml"),
        "mart.fact_indicator_value": _value_rules(),
        "mart.dim_area": [dimension],
        "mart.dim_indicator": [dimension, *_report_settings_rules("indicators.yaml")[1:]],
        "mart.dim_population_group": [dimension],
        "mart.dim_area_boundary": [
            Rule("boundaries_match_areas", "warning check",
                 "Every boundary file listed in boundaries.yaml is read and every boundary's "
                 "code is an area of mart.dim_area; the areas with values but no boundary are "
                 "listed."),
            Rule("boundary files", "refused file",
                 "A GeoJSON file whose feature lacks its code, names a code twice, is not a "
                 "Polygon or MultiPolygon, has an open ring or coordinates that are not WGS84 "
                 "lon/lat is left out whole, with the file, line and rule in the check."),
        ],
        "quality.row_accounting": [
            Rule("rows_accounted_for", "blocking check",
                 "For every source file, rows read = rows loaded + rows quarantined + rows "
                 "filtered (left out on purpose by the table's description: keep:/drop:)."),
        ],
        "quality.quarantine": [
            Rule("rows_quarantined", "warning check",
                 "Quarantined indicator rows by rule, with examples."),
            Rule("project_rows_quarantined", "warning check",
                 "Quarantined project pages, cards and indicator links."),
        ],
        "mart.dim_project": [
            Rule("project rules", "quarantine",
                 "A project that breaks one is quarantined whole (quality.quarantine, source "
                 "projects) and the rest of the register and the mart are published: "
                 + ", ".join(PROJECT_RULES) + " (sql/ingest/project_rules.sql)."),
            *_register_rules("project"),
        ],
        "mart.project_history": _register_rules(None),
        "mart.project_name": _register_rules(None),
        "mart.project_contact": _register_rules("project_contact"),
        "mart.project_funding": _register_rules("project_funding"),
        "mart.project_partner": _register_rules("project_partner"),
        "mart.dim_organization": _register_rules(
            "project_partner", " Organisation types and roles are known."),
        "mart.project_link": _register_rules(None),
        "mart.project_field_source": _register_rules(None),
        "mart.project_indicator": [
            Rule("row rules", "quarantine",
                 "A card's indicator link that breaks one goes to quality.quarantine (source "
                 "projects) instead: " + ", ".join(PROJECT_LINK_ROW_RULES) + "; so do pages and "
                 "cards that cannot be used: " + ", ".join(PROJECT_FILE_RULES) + "."),
            *_register_rules(None),
            Rule("project_rows_quarantined", "warning check",
                 "Indicator links, pages and cards in the quarantine."),
        ],
        "quality.project_warning": [
            Rule("project_warnings_open", "warning check",
                 "What the extractor could not read on the page and no card settled."),
        ],
    }


# ---------------------------------------------------------------------------
# The catalog of the published file


def read_catalog(con: duckdb.DuckDBPyConnection) -> list[Relation]:
    """Tables and views of the published schemas, with their columns, in schema order."""
    found = con.execute(
        "SELECT schema_name, table_name, 'table' AS kind, comment FROM duckdb_tables() "
        "WHERE database_name = current_database() AND schema_name IN (SELECT unnest($schemas)) "
        "UNION ALL "
        "SELECT schema_name, view_name, 'view', comment FROM duckdb_views() "
        "WHERE database_name = current_database() AND NOT internal "
        "AND schema_name IN (SELECT unnest($schemas))",
        {"schemas": list(PUBLISHED_SCHEMAS)},
    ).fetchall()
    order = {schema: index for index, schema in enumerate(PUBLISHED_SCHEMAS)}
    found.sort(key=lambda row: (order[row[0]], row[2], row[1]))
    return [
        Relation(schema, name, kind, comment, _row_count(con, schema, name, kind),
                 _columns(con, schema, name))
        for schema, name, kind, comment in found
    ]


def _row_count(con: duckdb.DuckDBPyConnection, schema: str, name: str, kind: str) -> int | None:
    if kind != "table":
        return None
    return con.execute(
        f"SELECT count(*) FROM {quote_ident(schema)}.{quote_ident(name)}").fetchone()[0]


def _columns(con: duckdb.DuckDBPyConnection, schema: str, name: str) -> list[Column]:
    rows = con.execute(
        "SELECT column_name, data_type, comment FROM duckdb_columns() "
        "WHERE database_name = current_database() AND schema_name = $schema "
        "AND table_name = $name ORDER BY column_index",
        {"schema": schema, "name": name},
    ).fetchall()
    return [Column(*row) for row in rows]


# ---------------------------------------------------------------------------
# HTML

CSS = """
body { font-family: system-ui, -apple-system, "Segoe UI", Roboto, sans-serif; margin: 0 auto;
       max-width: 72rem; padding: 1rem 2rem 4rem; color: #1b1f24; line-height: 1.45; }
h1 { margin-bottom: .2rem; } h2 { border-bottom: 2px solid #0b5cad; padding-bottom: .2rem;
  margin-top: 2.5rem; } h3 { margin: 2rem 0 .3rem; } h4 { margin: 1rem 0 .3rem; }
code, .name { font-family: ui-monospace, "SFMono-Regular", Consolas, monospace; }
.meta { color: #57606a; } .kind { font-size: .75rem; font-weight: normal; color: #fff;
  background: #0b5cad; border-radius: .6rem; padding: .1rem .5rem; vertical-align: middle; }
.kind.view { background: #6f42c1; }
table { border-collapse: collapse; width: 100%; font-size: .92rem; }
th, td { text-align: left; vertical-align: top; border-bottom: 1px solid #d0d7de;
  padding: .3rem .5rem; }
th { background: #f6f8fa; } td.type { color: #57606a; white-space: nowrap; }
.missing { color: #b42318; font-style: italic; }
ul.rules li { margin-bottom: .4rem; } .blocking { color: #b42318; font-weight: 600; }
.warning { color: #9a6700; font-weight: 600; } .row { color: #0b5cad; font-weight: 600; }
nav ul { columns: 2; } article { border-top: 1px solid #d0d7de; }
"""


def _e(text: object) -> str:
    return html.escape(str(text), quote=True)


def _comment(text: str | None) -> str:
    return _e(text) if text else '<span class="missing">no description</span>'


def _rule_item(rule: Rule) -> str:
    css = {"blocking check": "blocking", "warning check": "warning"}.get(rule.kind, "row")
    item = (f'<li><code>{_e(rule.name)}</code> <span class="{css}">{_e(rule.kind)}</span>: '
            f"{_e(rule.description)}")
    if rule.expectations:
        expectations = "".join(f"<li><code>{_e(label)}</code></li>" for label in rule.expectations)
        item += (f"<details><summary>{len(rule.expectations)} expectations</summary>"
                 f"<ul>{expectations}</ul></details>")
    return item + "</li>"


def _relation_html(relation: Relation, rules: list[Rule]) -> str:
    rows = "" if relation.rows is None else f" &middot; {relation.rows:,} rows"
    columns = "".join(
        f'<tr><td class="name">{_e(c.name)}</td><td class="type">{_e(c.data_type)}</td>'
        f"<td>{_comment(c.comment)}</td></tr>"
        for c in relation.columns
    )
    if rules:
        guarded = '<ul class="rules">' + "".join(_rule_item(rule) for rule in rules) + "</ul>"
    elif relation.kind == "view":
        guarded = "<p>None of its own: it reads the mart tables, whose rules guard it.</p>"
    else:
        guarded = "<p>None.</p>"
    return (
        f'<article id="{_e(relation.qualified)}">'
        f'<h3><span class="name">{_e(relation.qualified)}</span> '
        f'<span class="kind {_e(relation.kind)}">{_e(relation.kind)}</span></h3>'
        f"<p>{_comment(relation.comment)}</p>"
        f'<p class="meta">{len(relation.columns)} columns{rows}</p>'
        "<table><thead><tr><th>Column</th><th>Type</th><th>Description</th></tr></thead>"
        f"<tbody>{columns}</tbody></table>"
        f"<h4>Quality rules</h4>{guarded}</article>"
    )


def render_html(relations: list[Relation], rules: dict[str, list[Rule]], source: str) -> str:
    """The dictionary page: a table of contents, then each schema with its tables and views."""
    schemas = list(dict.fromkeys(relation.schema for relation in relations))
    contents = "".join(
        f"<li>{_e(schema)}<ul>"
        + "".join(f'<li><a href="#{_e(r.qualified)}">{_e(r.qualified)}</a> ({_e(r.kind)})</li>'
                  for r in relations if r.schema == schema)
        + "</ul></li>"
        for schema in schemas
    )
    sections = "".join(
        f'<section id="schema-{_e(schema)}"><h2>Schema {_e(schema)}</h2>'
        f"<p>{_e(SCHEMA_DESCRIPTIONS.get(schema, ''))}</p>"
        + "".join(_relation_html(r, rules.get(r.qualified, []))
                  for r in relations if r.schema == schema)
        + "</section>"
        for schema in schemas
    )
    generated = datetime.now(UTC).isoformat(timespec="seconds")
    return (
        '<!DOCTYPE html>\n<html lang="en"><head><meta charset="utf-8">'
        '<meta name="viewport" content="width=device-width, initial-scale=1">'
        f"<title>hytemart data dictionary</title><style>{CSS}</style></head><body>"
        "<h1>hytemart data dictionary</h1>"
        f'<p class="meta">Every schema, table, view and column of {_e(source)}, with the '
        "descriptions stored in the file (COMMENT ON) and the quality rules that guard each "
        f"table. Generated {_e(generated)}. Open the file read-only.</p>"
        f"<nav><h2>Contents</h2><ul>{contents}</ul></nav>{sections}</body></html>\n"
    )


def write_dictionary(published: Path, target: Path) -> DictionaryResult:
    """Write the dictionary of the published file to target (replaced whole, never half)."""
    con = duckdb.connect(str(published), read_only=True)
    try:
        relations = read_catalog(con)
    finally:
        con.close()
    page = render_html(relations, quality_rules(), published.name)
    target.parent.mkdir(parents=True, exist_ok=True)
    tmp = target.with_name(f".{target.name}.tmp")
    tmp.write_text(page, encoding="utf-8")
    os.replace(tmp, target)
    return DictionaryResult(
        path=target,
        tables=sum(r.kind == "table" for r in relations),
        views=sum(r.kind == "view" for r in relations),
        columns=sum(len(r.columns) for r in relations),
    )
