"""The project register: the city's project pages and the analysts' project cards.

`staging/project_register` reads `<raw>/projects/pages/` (every page file: each version of
each page, .html or .txt) and `<raw>/projects/cards/*.md`, matches the projects of all pages
into one register (pipelines/projects/history.py), merges each project with its card
(pipelines/projects/cards.py) and stages small typed tables; sql/ingest/
project_rules.sql then takes out the projects and rows that break a rule and accounts for
every page. The mart tables are then built each by its SQL file in sql/mart/ (dim_project.sql,
...), the warnings by sql/checks/project_warning.sql.

One file per page version: the same page saved twice, as `x.html` and `x.txt`, is read once,
from the HTML (it carries the links' URLs and headings); the text file is recorded as
`skipped_duplicate`. A page or card that cannot be used at all, a page without projects and a
project that breaks a rule go to quality.quarantine (rules `unreadable_page`,
`page_without_projects`, `invalid_card`, `project_without_contact`, ...) and the rest of the
register still loads.
"""

import json
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from datetime import date, datetime
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

import dagster as dg
import duckdb
import pandas as pd

from pipelines.assets.mart import DIM_AREA, DIM_INDICATOR, DIM_POPULATION_GROUP, FACTS
from pipelines.assets.metadata import table_metadata
from pipelines.assets.resources import HytemartResource
from pipelines.assets.steps import VALIDATES_WITH_GE, Table, sql_table, tables_step
from pipelines.checks.project_checks import (
    PROJECT_TABLE_CHECKS,
    REGISTER_EXPECTATIONS,
    project_register_expectations,
)
from pipelines.checks.results import keyed
from pipelines.ingest.errors import SourceFormatError
from pipelines.ingest.raw_paths import check_inside, escape_error
from pipelines.projects.cards import CardError, MergedProject, ProjectCard, merge_projects
from pipelines.projects.cards import read_card as read_project_card
from pipelines.projects.history import RegisterEntry, Sighting, build_register
from pipelines.projects.organizations import Organization
from pipelines.projects.pages import read_page, slugify
from pipelines.projects.versions import page_version
from pipelines.sqlfiles import quote_ident, run_sql_file

PROJECTS_DIR = Path("projects")
PAGES_DIR = PROJECTS_DIR / "pages"
CARDS_DIR = PROJECTS_DIR / "cards"
# Page types by preference: of one page saved in several forms, the first suffix here wins.
PAGE_SUFFIXES = (".html", ".htm", ".txt", ".text")
# Project status is computed against the date in the city's time zone (the schedule's too).
TIME_ZONE = ZoneInfo("Europe/Helsinki")

# Columns of the staged tables, as sql/ingest/project_register.sql creates them.
STAGED_COLUMNS: dict[str, tuple[str, ...]] = {
    "project": (
        "project_key", "title", "acronym", "full_name", "level", "summary", "description",
        "start_date", "end_date", "start_precision", "end_precision", "period_precision",
        "period_text", "budget_eur", "budget_bound", "coordinator_name", "coordinator_key",
        "contact_count", "title_basis", "notes", "source_file", "card_file", "first_line",
        "language", "languages", "first_seen", "last_seen", "on_page",
    ),
    "project_sighting": (
        "project_key", "source_file", "page_key", "version_date", "title", "language",
        "first_line",
    ),
    "project_name": ("project_key", "language", "title", "source_file"),
    "project_page": (
        "source_file", "page_key", "version_date", "date_basis", "page_title", "language",
        "projects_found", "note",
    ),
    "project_partner": (
        "project_key", "position", "organization_key", "organization_name",
        "organization_type", "country", "role", "source", "source_file",
    ),
    "project_contact": (
        "project_key", "position", "name", "job_title", "email", "phone_e164", "source",
        "source_file",
    ),
    "project_funding": (
        "project_key", "position", "amount_eur", "bound", "funder", "context", "source",
        "source_file",
    ),
    "project_link": (
        "project_key", "position", "kind", "title", "url", "note", "language", "source",
        "source_file",
    ),
    "project_indicator_target": (
        "project_key", "position", "indicator_code", "target_area_code", "target_group_code",
        "source_file", "raw_record",
    ),
    "project_field_source": ("project_key", "field", "source", "source_file"),
    # project_key NULL: a warning about the page itself (text of no project, cut short).
    "project_warning": ("project_key", "source_file", "field", "message", "resolved_by"),
    "project_rejected": ("source_file", "row_number", "raw_record", "rule", "message"),
    "project_source_file": ("source_file", "kind", "file_status", "note"),
}


def build_date() -> date:
    """The date project status (planned, ongoing, ended) is judged against: today, in Espoo."""
    return datetime.now(TIME_ZONE).date()


# (source, source_file) a field of a merged project came from: ('page', page) or ('card', card).
Origin = Callable[[str], tuple[str, str]]


# ---------------------------------------------------------------------------
# Reading the register (no Dagster here: testable on its own)


@dataclass
class Register:
    """Rows of the staged tables, by table name (see STAGED_COLUMNS)."""

    rows: dict[str, list[dict[str, Any]]] = field(
        default_factory=lambda: {table: [] for table in STAGED_COLUMNS}
    )

    def add(self, table: str, **row: Any) -> None:
        unknown = set(row) - set(STAGED_COLUMNS[table])
        if unknown:
            raise KeyError(f"staging.{table} has no column(s) {sorted(unknown)}")
        self.rows[table].append(row)

    def frame(self, table: str) -> pd.DataFrame:
        return pd.DataFrame(self.rows[table], columns=list(STAGED_COLUMNS[table]))

    def reject(self, source_file: str, rule: str, message: str, raw_record: str | None) -> None:
        self.add("project_rejected", source_file=source_file, row_number=None,
                 raw_record=raw_record, rule=rule, message=message)


def choose_pages(folder: Path) -> tuple[list[Path], list[tuple[Path, Path]]]:
    """The page files to read, and (skipped, kept instead) for the same page saved twice.

    Files with the same stem are one page in several forms (`x.html`, `x.txt`); the form
    first in PAGE_SUFFIXES is read. Other files in the folder are ignored.
    """
    if not folder.is_dir():
        return [], []
    by_stem: dict[str, list[Path]] = {}
    for path in sorted(folder.iterdir()):
        if path.is_file() and path.suffix.lower() in PAGE_SUFFIXES:
            by_stem.setdefault(path.stem, []).append(path)
    chosen: list[Path] = []
    skipped: list[tuple[Path, Path]] = []
    for forms in by_stem.values():
        forms.sort(key=lambda p: PAGE_SUFFIXES.index(p.suffix.lower()))
        chosen.append(forms[0])
        skipped.extend((other, forms[0]) for other in forms[1:])
    return chosen, skipped


def read_register(raw_dir: Path, today: date) -> Register:
    """Read pages and cards under `<raw_dir>/projects/` into staged rows.

    A missing projects/ folder gives an empty register: other raw directories have none.
    """
    register = Register()
    if not (raw_dir / PROJECTS_DIR).is_dir():
        return register

    def rel(path: Path) -> str:
        return path.relative_to(raw_dir).as_posix()

    entries = _read_pages(raw_dir / PAGES_DIR, today, register, rel)
    by_key = {e.key: e for e in entries}
    projects = [e.project for e in entries if e.project is not None]
    cards = _read_cards(raw_dir / CARDS_DIR, set(by_key), register, rel)
    for project in merge_projects(projects, cards, today):
        _stage_project(project, register, by_key[project.key])
    return register


def _read_pages(
    folder: Path, today: date, register: Register, rel: Callable[[Path], str]
) -> list[RegisterEntry]:
    """Every page file (each version of each page), matched into one register."""
    pages, skipped = choose_pages(folder)
    for path, kept in skipped:
        register.add("project_source_file", source_file=rel(path), kind="page",
                     file_status="skipped_duplicate",
                     note=f"the same page as {kept.name}, which is read instead")
    sightings: list[Sighting] = []
    for path in pages:
        try:
            extract = read_page(check_inside(path, folder), today)
        except SourceFormatError as exc:
            register.reject(rel(path), "unreadable_page", _problem(exc), None)
            register.add("project_source_file", source_file=rel(path), kind="page",
                         file_status="rejected", note=_problem(exc))
            continue
        version = page_version(path.stem, path.read_text(encoding="utf-8"))
        found = len(extract.projects)
        register.add("project_source_file", source_file=rel(path), kind="page",
                     file_status="loaded" if found else "rejected",
                     note=f"{found} projects" if found else extract.no_project_reason)
        register.add("project_page", source_file=rel(path), page_key=version.page_key,
                     version_date=version.version_date, date_basis=version.date_basis,
                     page_title=extract.title, language=extract.language,
                     projects_found=found, note=extract.no_project_reason)
        for text in extract.warnings:
            topic, message = split_warning(text)
            register.add("project_warning", project_key=None, source_file=rel(path),
                         field=topic, message=message, resolved_by=None)
        if not found:
            register.reject(rel(path), "page_without_projects", extract.no_project_reason or "",
                            json.dumps({"page_title": extract.title,
                                        "language": extract.language}, ensure_ascii=False))
        for project in extract.projects:
            project.source_file = rel(path)
            sightings.append(Sighting(project, version, rel(path)))
    entries = build_register(sightings)
    for entry in entries:
        for s in entry.sightings:
            register.add("project_sighting", project_key=entry.key, source_file=s.source_file,
                         page_key=s.version.page_key, version_date=s.version.version_date,
                         title=s.project.title, language=s.project.language,
                         first_line=s.project.first_line)
        for language, (title, source_file) in sorted(entry.names.items()):
            register.add("project_name", project_key=entry.key, language=language,
                         title=title, source_file=source_file)
    return entries


def _read_cards(
    folder: Path, known_keys: set[str], register: Register, rel: Callable[[Path], str]
) -> dict[str, ProjectCard]:
    """Every card that can be used; a card that cannot is rejected, naming why."""
    cards: dict[str, ProjectCard] = {}
    for path in sorted(folder.glob("*.md")) if folder.is_dir() else []:
        try:
            card = read_project_card(check_inside(path, folder))
            if card.project_key not in known_keys:
                raise CardError(path, None, f"unknown project_key {card.project_key!r}; the "
                                f"pages have {', '.join(sorted(known_keys)) or 'no projects'}")
            if card.project_key in cards:
                raise CardError(path, None, f"project_key {card.project_key!r} already has a "
                                f"card, {cards[card.project_key].path.name}")
        except (SourceFormatError, UnicodeDecodeError) as exc:
            register.reject(rel(path), "invalid_card", _problem(exc), _card_text(path))
            register.add("project_source_file", source_file=rel(path), kind="card",
                         file_status="rejected", note=_problem(exc))
            continue
        cards[card.project_key] = card
        register.add("project_source_file", source_file=rel(path), kind="card",
                     file_status="loaded", note=f"card for {card.project_key}")
    return cards


def _problem(exc: Exception) -> str:
    """The reader's message without the absolute path (source_file names the file)."""
    if isinstance(exc, SourceFormatError):
        return f"line {exc.line}: {exc.message}" if exc.line is not None else exc.message
    return f"not UTF-8 text: {exc}"


def _card_text(path: Path) -> str | None:
    if escape_error(path, path.parent) is not None:
        return None  # never read a file outside the raw directory, not even for the record
    return path.read_bytes().decode("utf-8", errors="replace")


def _stage_project(project: MergedProject, register: Register, entry: RegisterEntry) -> None:
    # merge_card keeps the card's file name; cards all live in CARDS_DIR.
    card_file = (CARDS_DIR / project.card_file).as_posix() if project.card_file else None

    def origin(field_name: str) -> tuple[str, str]:
        """('page' | 'card', file) of a field of the merged project."""
        if project.field_sources.get(field_name, "page").startswith("card:"):
            return "card", card_file or ""
        return "page", project.source_file

    register.add("project", **_project_row(project, card_file), **_history_row(entry))
    for name in sorted(project.field_sources):
        source, source_file = origin(name)
        register.add("project_field_source", project_key=project.key, field=name,
                     source=source, source_file=source_file)
    _stage_organizations(project.key, project.coordinator, project.partners, register, origin)
    _stage_contacts_and_fundings(project, register, origin)
    _stage_links(project, register, origin)
    _stage_indicator_targets(project, register, card_file)
    _stage_warnings(project, register, card_file)


def _project_row(project: MergedProject, card_file: str | None) -> dict[str, Any]:
    # The largest amount stated is the budget: smaller ones are usually shares of it.
    budget = max(project.fundings, key=lambda f: f.amount_eur, default=None)
    coordinator = project.coordinator
    return {
        "project_key": project.key, "title": project.title, "acronym": project.acronym,
        "full_name": project.full_name, "level": project.level, "summary": project.summary,
        "description": project.description, "start_date": project.start_date,
        "end_date": project.end_date, "start_precision": project.start_precision,
        "end_precision": project.end_precision, "period_precision": project.period_precision,
        "period_text": project.period_text,
        "budget_eur": budget.amount_eur if budget else None,
        "budget_bound": budget.bound if budget else None,
        "coordinator_name": coordinator.name if coordinator else None,
        "coordinator_key": slugify(coordinator.name) if coordinator else None,
        "contact_count": len(project.contacts), "title_basis": project.title_basis,
        "notes": project.notes or None, "source_file": project.source_file,
        "card_file": card_file, "first_line": project.first_line,
    }


def _history_row(entry: RegisterEntry) -> dict[str, Any]:
    assert entry.project is not None
    return {
        "language": entry.project.language,
        "languages": ",".join(sorted(entry.names)) or None,
        "first_seen": entry.first_seen, "last_seen": entry.last_seen, "on_page": entry.on_page,
    }


def _stage_contacts_and_fundings(
    project: MergedProject, register: Register, origin: Origin
) -> None:
    source, source_file = origin("contacts")
    for position, contact in enumerate(project.contacts, start=1):
        register.add("project_contact", project_key=project.key, position=position,
                     name=contact.name, job_title=contact.job_title, email=contact.email,
                     phone_e164=contact.phone_e164, source=source, source_file=source_file)
    source, source_file = origin("fundings")
    for position, funding in enumerate(project.fundings, start=1):
        register.add("project_funding", project_key=project.key, position=position,
                     amount_eur=funding.amount_eur, bound=funding.bound, funder=funding.funder,
                     context=funding.context or None, source=source, source_file=source_file)


def _stage_indicator_targets(
    project: MergedProject, register: Register, card_file: str | None
) -> None:
    """Indicator links come from cards only; each keeps its position in the card's list and
    its record as written, for the quarantine."""
    for position, target in enumerate(project.indicators, start=1):
        record = {"project_key": project.key, "code": target.code,
                  "target_area": target.target_area, "target_group": target.target_group}
        register.add("project_indicator_target", project_key=project.key, position=position,
                     indicator_code=target.code, target_area_code=target.target_area,
                     target_group_code=target.target_group, source_file=card_file or "",
                     raw_record=json.dumps(record, ensure_ascii=False))


def _stage_organizations(
    key: str,
    coordinator: Organization | None,
    partners: Iterable[Organization],
    register: Register,
    origin: Origin,
) -> None:
    entries = [(coordinator, "coordinator")] if coordinator else []
    entries += [(org, "partners") for org in partners]
    seen: set[tuple[str, str]] = set()
    for position, (org, field_name) in enumerate(entries, start=1):
        org_key = slugify(org.name)
        if (org_key, org.role) in seen:
            continue  # a card listing one organisation twice in one role
        seen.add((org_key, org.role))
        source, source_file = origin(field_name)
        register.add("project_partner", project_key=key, position=position,
                     organization_key=org_key, organization_name=org.name,
                     organization_type=org.type, country=org.country, role=org.role,
                     source=source, source_file=source_file)


def _stage_links(project: MergedProject, register: Register, origin: Origin) -> None:
    position = 0
    source, source_file = origin("links")
    for link in project.links:
        position += 1
        register.add("project_link", project_key=project.key, position=position, kind="link",
                     title=link.title, url=link.url, note=None, language=None, source=source,
                     source_file=source_file)
    source, source_file = origin("files")
    for ref in project.files:
        position += 1
        register.add("project_link", project_key=project.key, position=position, kind="file",
                     title=ref.name, url=ref.url, note=ref.note, language=ref.language,
                     source=source, source_file=source_file)


def split_warning(text: str) -> tuple[str | None, str]:
    """'period: could not parse ...' -> ('period', 'could not parse ...')."""
    topic, sep, message = text.partition(": ")
    if sep and topic and " " not in topic:
        return topic, message
    return None, text


def _stage_warnings(project: MergedProject, register: Register, card_file: str | None) -> None:
    for text in project.warnings:
        topic, message = split_warning(text)
        register.add("project_warning", project_key=project.key,
                     source_file=project.source_file, field=topic, message=message,
                     resolved_by=None)
    for text in project.resolved_warnings:
        topic, message = split_warning(text)
        register.add("project_warning", project_key=project.key,
                     source_file=project.source_file, field=topic, message=message,
                     resolved_by=card_file)


# ---------------------------------------------------------------------------
# Assets


def write_register(
    con: duckdb.DuckDBPyConnection, register: Register, apply_rules: bool = True
) -> None:
    """Stage the register, then take out the projects and rows that break a rule
    (sql/ingest/project_rules.sql) and account for every page. `apply_rules=False` stages
    the rows as read, for testing the suite that backs the rules up."""
    run_sql_file(con, "ingest/project_register")
    for table in STAGED_COLUMNS:
        frame = register.frame(table)
        if frame.empty:
            continue  # the DDL left the table empty and typed
        view = f"{table}_input"
        con.register(view, frame)
        try:
            con.execute(f"INSERT INTO staging.{quote_ident(table)} BY NAME "
                        f"SELECT * FROM {quote_ident(view)}")
        finally:
            con.unregister(view)
    if apply_rules:
        run_sql_file(con, "ingest/project_rules")


def _markdown(frame: pd.DataFrame, empty: str = "none") -> dg.MetadataValue:
    return dg.MetadataValue.md(frame.to_markdown(index=False) if len(frame) else empty)


@dg.asset(key_prefix="staging", group_name="staging", check_specs=[REGISTER_EXPECTATIONS],
          op_tags=VALIDATES_WITH_GE)
def project_register(
    context: dg.AssetExecutionContext, hytemart: HytemartResource
) -> dg.MaterializeResult:
    """The project register: the city's development page (raw/projects/pages/, .html preferred
    over a .txt of the same page) merged with the project cards (raw/projects/cards/*.md),
    staged as small tables: projects, organisations, contacts, fundings, links, indicator
    targets, per-field sources and what the extractor could not read."""
    folder = hytemart.raw_path / PROJECTS_DIR
    today = build_date()
    if not folder.is_dir():
        context.log.info(f"no {folder}: the project register is empty")
    register = read_register(hytemart.raw_path, today)
    with hytemart.connect() as con:
        write_register(con, register)
        metadata = table_metadata(con, "staging", "project", preview_rows=20)
        counts = {
            table: con.execute(f"SELECT count(*) FROM staging.{quote_ident(table)}").fetchone()[0]
            for table in STAGED_COLUMNS
        }
        warnings = con.execute(
            "SELECT project_key, field, message FROM staging.project_warning "
            "WHERE resolved_by IS NULL ORDER BY project_key, field"
        ).df()
        files = con.execute(
            "SELECT source_file, kind, file_status, note FROM staging.project_source_file "
            "ORDER BY kind DESC, source_file"
        ).df()
        rejected = con.execute(
            "SELECT source_file, rule, message FROM staging.project_rejected ORDER BY 1"
        ).df()
        expectations = keyed(REGISTER_EXPECTATIONS, project_register_expectations(con))
    skipped = files[files["file_status"] == "skipped_duplicate"]
    context.log.info(
        f"project register: {counts['project']} projects from {len(files)} files "
        f"({len(skipped)} skipped as duplicates, {len(rejected)} rejected); "
        f"{len(warnings)} open extractor warnings"
    )
    metadata.update(
        {
            "rows_by_table": dg.MetadataValue.json(counts),
            "build_date": dg.MetadataValue.text(today.isoformat()),
            "files": _markdown(files),
            "skipped_files": dg.MetadataValue.json(skipped["source_file"].tolist()),
            "rejected_files": _markdown(rejected),
            "warnings": dg.MetadataValue.int(len(warnings)),
            "warning_list": _markdown(warnings),
        }
    )
    return dg.MaterializeResult(metadata=metadata, check_results=[expectations])


def _project_indicator(context: dg.AssetExecutionContext,
                       con: duckdb.DuckDBPyConnection) -> dict[str, Any]:
    run_sql_file(con, "checks/tables")
    run_sql_file(con, "mart/project_indicator", {"run_id": context.run.run_id})
    metadata = table_metadata(con, "mart", "project_indicator", preview_rows=20)
    quarantined = con.execute(
        "SELECT source_file, row_number, rule, message FROM quality.quarantine "
        "WHERE source = 'projects' ORDER BY source_file, row_number"
    ).df()
    metadata["rows_quarantined"] = dg.MetadataValue.int(len(quarantined))
    metadata["quarantined"] = _markdown(quarantined, "nothing quarantined")
    return metadata


REGISTER = project_register.key
DIM_ORGANIZATION = dg.AssetKey(["mart", "dim_organization"])
DIM_PROJECT = dg.AssetKey(["mart", "dim_project"])
PROJECT_INDICATOR = dg.AssetKey(["mart", "project_indicator"])

# The register's tables in the mart, each by its SQL file (the indicator links also
# quarantine what does not join), in one step with their checks (pipelines/assets/steps.py).
project_tables = tables_step("project_tables", "mart", [
    sql_table("mart", "dim_organization", "Organisations the projects name (coordinators, "
              "partners, members, funders), one row per organisation however many projects "
              "name it, with its type.", [REGISTER]),
    sql_table("mart", "dim_project", "Development projects: title, level, period, status "
              "(against the build date), budget and coordinator, each field from the page or "
              "the project's card.", [REGISTER, DIM_ORGANIZATION],
              lambda _: {"build_date": build_date()}),
    sql_table("mart", "project_partner", "Which organisation takes part in which project, in "
              "which role.", [REGISTER, DIM_PROJECT, DIM_ORGANIZATION]),
    sql_table("mart", "project_contact", "Contact persons of the projects: name, job title, "
              "e-mail, phone (E.164).", [REGISTER, DIM_PROJECT]),
    sql_table("mart", "project_funding", "Every amount of money a project's description "
              "states, with its funder and bound.", [REGISTER, DIM_PROJECT]),
    sql_table("mart", "project_link", "Links and downloadable files of the projects.",
              [REGISTER, DIM_PROJECT]),
    sql_table("mart", "project_field_source", "Where each field of each project came from: "
              "the page or the project's card.", [REGISTER, DIM_PROJECT]),
    sql_table("mart", "project_history", "Every project on every page file and version: "
              "which page listed it, when, under which title and in which language.",
              [REGISTER, DIM_PROJECT]),
    sql_table("mart", "project_name", "A project's name in each language it was seen in.",
              [REGISTER, DIM_PROJECT]),
    Table(PROJECT_INDICATOR, "Indicators the project cards say a project aims to move, by "
          "target area and group. A link to an indicator, area or group the mart does not "
          "have goes to quality.quarantine instead, with the pages and cards that could not "
          "be used at all.",
          [REGISTER, DIM_PROJECT, DIM_INDICATOR, DIM_AREA, DIM_POPULATION_GROUP],
          _project_indicator),
    sql_table("mart", "v_project_indicator_trend", "View: for each project, targeted "
              "indicator, area and group, the value in the project's start year, the latest "
              "value and the change between them.",
              [PROJECT_INDICATOR, DIM_PROJECT, FACTS, DIM_INDICATOR, DIM_AREA]),
    sql_table("quality", "project_warning", "What the extractor could not read on the page, "
              "per project and field (and which card settled it, if one did).", [REGISTER]),
], PROJECT_TABLE_CHECKS)

PROJECT_ASSETS = [project_register, project_tables]
# The register's tables in the published mart: published_mart waits for them.
PROJECT_MART_ASSETS = [project_tables]
