"""Development-project register from a city's project pages, in any of their shapes.

Pages (plain text or HTML) list projects in several ways, and the extractor reads them
all with one set of rules:

- **Sections and contact blocks** (Espoo's current "Ongoing development"): projects
  under section headings ("International projects", "Kansainväliset hankkeet"), each a
  run of paragraphs closed by a contact block ("Further information:", "Lisätietoja:",
  "Mer information:"), sometimes followed by "Downloadable files".
- **A heading per project** (Espoo's earlier pages, Vantaa's and most cities' listings):
  an HTML <h2>-<h6>, or in the text form a line shaped like a heading (short, no final
  full stop, followed by text), then the project's text and perhaps an inline contact
  ("Contact person: Development Consultant N.N., name@espoo") and a logo line ("Logos:
  6Aika, ... European Regional Development Fund").
- **One project per page** (a project's own page or a news item): the text that names
  "the X project" is the project.

Steps: split the lines into segments (_segment); glue to a project the segments that are
its subsections or its trailing paragraph, i.e. that name it and have no contact of their
own (_merge_related); read title, partners, funders, money, period, contacts, links and
files from each with small documented rules, in English, Finnish and Swedish
(page_markers.py, project_periods.py, project_money.py, project_funders.py).

Nothing is dropped in silence: whatever a rule sees but cannot read (a date phrase, an
address cut short, an amount) is a warning on the project, prefixed with its field
("period: ...", "contacts: ..."); what the page's structure leaves outside every project,
a page cut short mid-sentence, or a page with no project at all is a page warning
(PageExtract.warnings, PageExtract.no_project_reason).
"""

from collections import Counter
from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path

from pipelines.ingest import limits
from pipelines.ingest.errors import SourceFormatError
from pipelines.projects.contacts import Contact, parse_contact_block
from pipelines.projects.fields import (
    acronym_and_full_name,
    body_text,
    find_organizations,
    find_title,
    mentions,
    slugify,
    split_sentences,
    title_of,
    with_funders,
)
from pipelines.projects.links import FileRef, Link, parse_files
from pipelines.projects.markers import (
    Language,
    Level,
    detect_language,
)
from pipelines.projects.money import Funding, FundingBound, find_fundings
from pipelines.projects.organizations import (
    Organization,
)
from pipelines.projects.page_layout import Layout, Segment, segment_page, truncation, unbullet
from pipelines.projects.page_text import html_to_page, html_to_text
from pipelines.projects.periods import (
    PRECISION_ORDER,
    Precision,
    Status,
    coarsest,
    find_period,
    parse_date_phrase,
    status_of,
)

__all__ = [
    "PRECISION_ORDER",
    "Contact",
    "ExtractedProject",
    "FileRef",
    "Funding",
    "FundingBound",
    "Language",
    "Level",
    "Link",
    "Organization",
    "PageExtract",
    "Precision",
    "extract_page",
    "extract_projects_from_text",
    "html_to_page",
    "html_to_text",
    "parse_date_phrase",
    "read_page",
    "read_project_page",
    "slugify",
]


@dataclass
class ExtractedProject:
    key: str
    title: str
    level: Level | None
    summary: str
    description: str
    source_file: str
    acronym: str | None = None
    full_name: str | None = None
    title_basis: str = ""  # which rule named the project, for review
    coordinator: Organization | None = None
    partners: list[Organization] = field(default_factory=list)
    fundings: list[Funding] = field(default_factory=list)
    start_date: date | None = None
    end_date: date | None = None
    start_precision: Precision | None = None
    end_precision: Precision | None = None
    period_precision: Precision | None = None
    period_text: str | None = None  # the sentences the period was read from
    status: Status = "unknown"  # against build_date
    contacts: list[Contact] = field(default_factory=list)
    links: list[Link] = field(default_factory=list)
    files: list[FileRef] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)
    first_line: int = 0  # 1-based line of the project's first line in the text form
    language: Language | None = None  # of the project's text: en, fi or sv


@dataclass
class PageExtract:
    """What one page gave: its projects, and what it says about itself."""

    projects: list[ExtractedProject]
    source_file: str
    title: str | None  # the page's own title (its first line or <h1>)
    language: Language | None
    warnings: list[str] = field(default_factory=list)  # "page: ..." about no project's text
    no_project_reason: str | None = None  # why no project was found, when none was


def read_page(path: Path, build_date: date) -> PageExtract:
    """Extract a saved page: .txt as the text form, .html/.htm as HTML (its headings and
    link URLs are used)."""
    path = Path(path)
    content = limits.read_text(path, encoding="utf-8")
    suffix = path.suffix.lower()
    if suffix in {".txt", ".text"}:
        return extract_page(content, path.name, build_date)
    if suffix in {".html", ".htm"}:
        page = html_to_page(content)
        return extract_page(page.text, path.name, build_date, page.urls, page.headings)
    raise SourceFormatError(path, None, f"unsupported project page type {suffix!r} (.txt, .html)")


def read_project_page(path: Path, build_date: date) -> list[ExtractedProject]:
    """The projects of a saved page (see read_page)."""
    return read_page(path, build_date).projects


def _merge_related(segments: list[Segment]) -> list[Segment]:
    """Glue to the project before it a segment that names it and has no contact of its own
    (the project is still open: its contact block has not come yet): a subsection under
    its own heading ("Objectives of HyteData 2.0 project") or a trailing paragraph ("The
    HyteData 2.0 project is a continuation ..."). A trailing paragraph may also come after
    the contact block."""
    out: list[Segment] = []
    for seg in segments:
        if out and seg.level == out[-1].level:
            prev = out[-1]
            text = " ".join(([seg.heading] if seg.heading else []) + seg.body)
            subsection = seg.heading is not None and not prev.has_contact_header
            trailing = seg.heading is None and not seg.has_contact_header
            if (subsection or trailing) and mentions(text, title_of(prev)):
                prev.body.extend(([seg.heading] if seg.heading else []) + seg.body)
                prev.contact.extend(seg.contact)
                prev.has_contact_header = prev.has_contact_header or seg.has_contact_header
                prev.files.extend(seg.files)
                prev.logos.extend(seg.logos)
                prev.last_line = max(prev.last_line, seg.last_line)
                continue
        out.append(seg)
    return out


def _build_project(
    seg: Segment, source_file: str, build_date: date, urls: Mapping[str, str],
    page_language: Language | None,
) -> ExtractedProject:
    warnings: list[str] = []
    desc_lines, body_links = body_text(seg, urls)
    prose = [unbullet(ln) for ln in desc_lines]
    title = find_title(seg, prose)
    if title.basis.startswith("opening words"):
        warnings.append(f"title: no project name found; used the opening words {title.title!r}")
    prose_text = " ".join(prose)
    acronym, full_name = acronym_and_full_name(title, prose_text)
    sentences = split_sentences(prose_text)

    contacts, contact_links, contact_warnings = parse_contact_block(seg.contact, urls)
    warnings += contact_warnings
    if not seg.has_contact_header:
        warnings.append("contacts: no contact block (Further information: ...) for this project")
    elif not contacts:
        warnings.append("contacts: contact block has no person in it")
    files, file_warnings = parse_files(seg.files, urls)
    warnings += file_warnings
    coordinator, partners, org_warnings = find_organizations(sentences)
    warnings += org_warnings
    partners, funder_warnings = with_funders(sentences, seg.logos, partners)
    warnings += funder_warnings
    fundings, funding_warnings = find_fundings(sentences)
    warnings += funding_warnings
    period, period_warnings = find_period(sentences)
    warnings += period_warnings
    if seg.level is None:
        warnings.append("level: the page does not say (no section heading above the project)")

    links: list[Link] = []
    for link in body_links + contact_links:
        if link not in links:
            links.append(link)
    return ExtractedProject(
        key=slugify(title.title),
        title=title.title,
        level=seg.level,
        summary=prose[0] if prose else "",
        description="\n".join(desc_lines),
        source_file=source_file,
        acronym=acronym,
        full_name=full_name,
        title_basis=title.basis,
        coordinator=coordinator,
        partners=partners,
        fundings=fundings,
        start_date=period.start_date,
        end_date=period.end_date,
        start_precision=period.start_precision,
        end_precision=period.end_precision,
        period_precision=coarsest(period.start_precision, period.end_precision),
        period_text=" ".join(period.text) or None,
        status=status_of(period.start_date, period.end_date, build_date),
        contacts=contacts,
        links=links,
        files=files,
        warnings=warnings,
        first_line=seg.first_line,
        language=detect_language(" ".join(seg.all_lines())) or page_language,
    )


def _share_page_contact(candidates: list[Segment], warnings: list[str]) -> None:
    """A page whose only contact block closes it, after projects that have none, gives the
    contact for all of them ("Lisätiedot: ..." under a list of a city's projects)."""
    with_contact = [s for s in candidates if s.has_contact_header]
    if len(candidates) < 2 or len(with_contact) != 1 or with_contact[0] is not candidates[-1]:
        return
    last = candidates[-1]
    for seg in candidates[:-1]:
        seg.contact = list(last.contact)
        seg.has_contact_header = True
    warnings.append(
        f"page: its only contact block ({'; '.join(last.contact)!r}) comes after the last "
        f"of {len(candidates)} projects; given to each of them"
    )


def extract_page(
    text: str,
    source_file: str,
    build_date: date,
    link_urls: Mapping[str, str] | None = None,
    html_headings: Mapping[int, int] | None = None,
) -> PageExtract:
    """Extract the projects of a page in its text form, and what the page says about itself.

    `link_urls` maps link text to URL and `html_headings` the heading lines (both from
    `html_to_page`); the plain-text form has neither: its headings are found by shape and
    its links keep url None unless the text is a host name. The page's title and the
    text before its first project (its introduction) belong to no project.
    """
    urls = link_urls or {}
    layout = segment_page(text, html_headings)
    page_language = detect_language(text)
    warnings = [f"page: {note}" for note in layout.notes]
    candidates = [s for s in layout.segments if s.is_candidate()]
    lead = next((s for s in layout.segments if not s.is_candidate()), None)
    if (
        lead is not None
        and (not candidates or lead.first_line < candidates[0].first_line)
        and title_of(lead).basis == "named as a project in the text"
    ):
        # A project's own page opens with the text that names "the X project"; headings
        # further down are its subsections (merged below when they name it).
        candidates.insert(0, lead)
    merged = _merge_related(layout.segments if candidates else [])
    projects_segs = [s for s in merged if s.is_candidate() or any(s is c for c in candidates)]
    first_project = projects_segs[0].first_line if projects_segs else None
    for seg in merged:
        if any(seg is p for p in projects_segs) or (
            first_project is not None and seg.first_line < first_project
        ):
            continue  # a project, or the page's introduction
        warnings.append(f"page: text at line {seg.first_line} belongs to no project: "
                        f"{' '.join(seg.all_lines())[:120]!r}")
    _share_page_contact(projects_segs, warnings)
    projects = [_build_project(seg, source_file, build_date, urls, page_language)
                for seg in projects_segs]
    cut = truncation(text)
    if cut is not None:
        warnings.append(f"page: ends mid-sentence ({cut[-60:]!r}): the saved page may be cut "
                        "short")
        if projects and projects[-1].first_line <= len(text.splitlines()):
            projects[-1].warnings.append(
                f"description: the page ends mid-sentence here ({cut[-60:]!r}); the rest of "
                "the project's description may be missing")
    seen: Counter[str] = Counter()
    for project in projects:
        seen[project.key] += 1
        if seen[project.key] > 1:
            # Keys must be unique; a clash means two projects got the same name.
            new_key = f"{project.key}-{seen[project.key]}"
            project.warnings.append(f"title: key {project.key!r} already used; renamed {new_key!r}")
            project.key = new_key
    reason = None if projects else _no_project_reason(layout, page_language)
    return PageExtract(projects, source_file, layout.page_title, page_language, warnings, reason)


def _no_project_reason(layout: Layout, language: Language | None) -> str:
    lines = sum(len(s.all_lines()) for s in layout.segments)
    return (
        f"no project found in {lines} lines of text (language {language or 'unknown'}): no "
        "section heading (International projects, Kansainväliset hankkeet, ...), no heading "
        "followed by text, no contact block (Further information:, Lisätietoja:, "
        "Kontaktperson: ...) and no sentence naming a project (the X project)"
        + (f"; {'; '.join(layout.notes)}" if layout.notes else "")
    )


def extract_projects_from_text(
    text: str,
    source_file: str,
    build_date: date,
    link_urls: Mapping[str, str] | None = None,
) -> list[ExtractedProject]:
    """The projects of a page in its text form (see extract_page)."""
    return extract_page(text, source_file, build_date, link_urls).projects
