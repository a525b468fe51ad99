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

import re
import unicodedata
from collections import Counter
from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import Literal

import phonenumbers
from email_validator import EmailNotValidError, validate_email
from selectolax.lexbor import LexborHTMLParser

from pipelines.sources import limits
from pipelines.sources.errors import SourceFormatError
from pipelines.sources.organizations import (
    Organization,
    OrgRole,
    OrgType,
    normalize_org,
    split_org_list,
)
from pipelines.sources.page_markers import (
    CONTACT_HEADER_RE,
    CONTACT_INLINE_RE,
    EMAIL_LABEL_RE,
    FILES_HEADER_RE,
    LOGO_LINE_RE,
    PAGE_TITLE_WORDS_RE,
    Language,
    Level,
    detect_language,
    section_level,
)
from pipelines.sources.project_funders import find_funders, read_logo_line
from pipelines.sources.project_money import Funding, FundingBound, find_fundings
from pipelines.sources.project_periods import (
    NUMBER_WORDS,
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

EXTERNAL_MARKER = "(external link, opens in a new window)"


@dataclass(frozen=True)
class Contact:
    name: str | None
    job_title: str | None
    email: str | None
    phone_e164: str | None


@dataclass(frozen=True)
class Link:
    title: str
    url: str | None  # None where the page gives only the link text (plain-text form)


@dataclass(frozen=True)
class FileRef:
    name: str
    url: str | None
    note: str | None = None  # e.g. "File is only available in Finnish"
    language: str | None = None  # ISO 639-1 from the note


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


# ---------------------------------------------------------------------------
# Reading files


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


# ---------------------------------------------------------------------------
# HTML to the text form


def _words_of(text: str) -> frozenset[str]:
    """A set of words written as one string, to keep long keyword tables compact."""
    return frozenset(text.split())


_BLOCK_TAGS = _words_of(
    "address article aside blockquote body dd details div dl dt fieldset figcaption "
    "figure footer form h1 h2 h3 h4 h5 h6 header hr html li main nav ol p pre section "
    "summary table tbody td tfoot th thead tr ul"
)
# Site chrome around the content is not part of the text form.
_SKIP_TAGS = _words_of("script style noscript template head svg button nav footer")


class _TextBuilder:
    def __init__(self) -> None:
        self.lines: list[str] = []
        self.buf: list[str] = []
        self.prefix = ""
        self.urls: dict[str, str] = {}
        self.heading: int | None = None  # the level of the <hN> being written
        self.headings: dict[int, int] = {}  # line index -> heading level

    def flush(self) -> None:
        text = " ".join("".join(self.buf).split())
        self.buf.clear()
        if text:
            if self.heading is not None:
                self.headings[len(self.lines)] = self.heading
            self.lines.append(self.prefix + text)
            self.prefix = ""


def _walk_html(node, out: _TextBuilder) -> None:  # noqa: ANN001 (selectolax node)
    for child in node.iter(include_text=True):
        tag = child.tag
        if tag == "-text":
            out.buf.append(child.text(deep=False))
        elif tag in _SKIP_TAGS or tag.startswith(("-", "_", "!")):
            continue
        elif tag == "br":
            out.flush()
        elif tag == "a":
            text = " ".join(child.text(deep=True).split())
            href = (child.attributes.get("href") or "").strip()
            bare = text.replace(EXTERNAL_MARKER, "").strip()
            if href and not href.startswith(("mailto:", "tel:", "#")) and bare:
                out.urls.setdefault(bare, href)
            out.buf.append(text)
            # The site marks links that open a new window; the text form shows it.
            if child.attributes.get("target") == "_blank" and EXTERNAL_MARKER not in text:
                out.buf.append(EXTERNAL_MARKER)
        elif tag in _BLOCK_TAGS:
            out.flush()
            if tag == "li":
                out.prefix = "- "
            outer = out.heading
            if re.fullmatch(r"h[1-6]", tag):
                out.heading = int(tag[1])
            _walk_html(child, out)
            out.flush()
            out.heading = outer
        else:
            _walk_html(child, out)


@dataclass(frozen=True)
class HtmlText:
    text: str  # the site's text form: one block per line, list items as "- "
    urls: dict[str, str]  # link text -> href
    headings: dict[int, int]  # 0-based line of the text -> heading level (1 for <h1>)


def html_to_page(html: str) -> HtmlText:
    """Render a page as the site's text form, with its links' URLs and where its headings
    are: the page's own structure, which the text form loses."""
    tree = LexborHTMLParser(html)
    # The text form is the page's main content; fall back to the whole body.
    root = tree.css_first("main") or tree.body or tree.root
    out = _TextBuilder()
    if root is not None:
        _walk_html(root, out)
    out.flush()
    return HtmlText("\n".join(out.lines) + "\n", out.urls, out.headings)


def html_to_text(html: str) -> tuple[str, dict[str, str]]:
    """The text form of a page and a map from link text to href (see html_to_page)."""
    page = html_to_page(html)
    return page.text, page.urls


# ---------------------------------------------------------------------------
# Line classification

_BULLET_RE = re.compile(r"^[-•*–]\s+")
_MARKER_RE = re.compile(r"\s?\(external link, opens in a new window\)", re.I)
_EMAIL_RE = re.compile(r"[A-Za-z0-9._%+-]+@[A-Za-z0-9-]+(?:\.[A-Za-z0-9-]+)*\.[A-Za-z]{2,}")
# An address as pages write it: whole, obfuscated ("name(at)espoo.fi") or cut short
# ("name(at)", "name@espoo"); whole ones are also matched by _EMAIL_RE.
_ADDRESS_RE = re.compile(
    r"(?P<local>[A-Za-z0-9._%+-]*[A-Za-z0-9])\s*(?P<at>@|\((?:at|a)\)|\[(?:at|a)\]|\{at\})"
    r"\s*(?P<domain>[A-Za-z0-9-]+(?:\.[A-Za-z0-9-]+)*)?",
    re.I,
)
_PHONE_LABEL_RE = re.compile(r"\b(?:tel|puh|phone|mobile|gsm)\b\.?:?", re.I)
_SENTENCE_END_RE = re.compile(r"[.!?]$|[.!?]\s")

# A prose line has at least this many words and a sentence end.
_PROSE_MIN_WORDS = 8
# A contact line (name, job title) has at most this many words.
_SHORT_MAX_WORDS = 8
# A heading has at most this many words (Swedish and Finnish titles run long).
_HEADING_MAX_WORDS = 14


def _clean(line: str) -> str:
    line = unicodedata.normalize("NFC", line).replace("\u00a0", " ").replace("\u200b", "")
    line = " ".join(line.split())
    return _BULLET_RE.sub("- ", line)


def _is_bullet(line: str) -> bool:
    return line.startswith("- ")


def _unbullet(line: str) -> str:
    return line[2:] if _is_bullet(line) else line


def _words(line: str) -> int:
    return len(line.split())


def _is_prose(line: str | None) -> bool:
    if line is None or _is_bullet(line):
        return False
    return _words(line) >= _PROSE_MIN_WORDS and bool(_SENTENCE_END_RE.search(line))


def _reads_as_text(line: str | None) -> bool:
    """Prose, or a short paragraph of whole sentences ("Suunnitelmat valmiit. Rakentaminen
    2018-19.") as the text under a heading is."""
    if line is None or _is_bullet(line):
        return False
    return _is_prose(line) or (_words(line) >= 4 and line.endswith((".", "!", "?")))


def _has_phone(line: str) -> bool:
    if re.search(r"\b(?:tel|puh|phone|mobile|gsm)\b", line, re.I):
        return True
    return any(True for _ in phonenumbers.PhoneNumberMatcher(line, "FI"))


def _is_marker_line(line: str) -> bool:
    return bool(
        CONTACT_HEADER_RE.match(line)
        or CONTACT_INLINE_RE.match(line)
        or FILES_HEADER_RE.match(line)
        or LOGO_LINE_RE.match(line)
        or section_level(line)
    )


# A caption or credit under an image or video ("Photo: SPARCS project", "Kuva: ..."), or a
# publication date and time ("2019-10-07 8:30", "2.3.2018 klo 13.59"): not headings.
_CAPTION_RE = re.compile(
    r"^(?:photo|image|picture|author|source|video|kuva|kuvaaja|lähde|video|foto|bild|källa)"
    r"\b\s*:", re.I
)
_DATE_LINE_RE = re.compile(
    r"^(?:\w+\s+)?(?:\d{4}-\d{2}-\d{2}|\d{1,2}\.\d{1,2}\.\d{4})(?:\s+(?:klo|kl\.?)?\s*"
    r"\d{1,2}[.:]\d{2}(?:[.:]\d{2})?)?(?:\s*\|.*)?$", re.I
)


def _heading_shaped(line: str) -> bool:
    """Short, no final punctuation, no sentence break, no address or link marker."""
    return (
        not _is_bullet(line)
        and not _CAPTION_RE.match(line)
        and not _DATE_LINE_RE.match(line)
        and _words(line) <= _HEADING_MAX_WORDS
        and not line.endswith((".", ":", ";", ",", "!", "?"))
        and not re.search(r"[.!?]\s", line)
        and not _ADDRESS_RE.search(line)
        and not _MARKER_RE.search(line)
        and not _is_marker_line(line)
    )


def _is_title_line(line: str, nxt: str | None) -> bool:
    """A heading by its shape: a short line without a final full stop, followed by text."""
    return _heading_shaped(line) and _reads_as_text(nxt)


def _is_page_title(line: str, nxt: str | None) -> bool:
    """The page's own name on its first line: followed by no text, a word or two ("Hankkeet",
    "Vantaa"), or naming a list of projects ("Ongoing development")."""
    if _is_prose(line) or _ADDRESS_RE.search(line) or _is_marker_line(line):
        return False
    return (
        not _reads_as_text(nxt)
        or _words(line) <= 2
        or bool(PAGE_TITLE_WORDS_RE.search(line))
    )


def _continues_contact(line: str, nxt: str | None) -> bool:
    if _is_bullet(line) or _ADDRESS_RE.search(line) or _MARKER_RE.search(line):
        return True
    if _is_prose(line):
        return False  # even with a number in it: the next project has begun
    if _has_phone(line):
        return True
    if _is_title_line(line, nxt):
        return False
    # Unbulleted blocks put name and job title on lines of their own.
    return _words(line) <= _SHORT_MAX_WORDS and not line.endswith(".")


# ---------------------------------------------------------------------------
# Segmentation


@dataclass
class _Segment:
    level: Level | None
    first_line: int
    heading: str | None = None
    body: list[str] = field(default_factory=list)
    contact: list[str] = field(default_factory=list)
    files: list[str] = field(default_factory=list)
    logos: list[str] = field(default_factory=list)  # the lists of "Logos: ..." lines
    has_contact_header: bool = False
    state: Literal["body", "contact", "files"] = "body"
    closed: bool = False
    last_line: int = 0

    def all_lines(self) -> list[str]:
        return ([self.heading] if self.heading else []) + self.body + self.contact + self.files

    def is_candidate(self) -> bool:
        """A project by the page's structure: under a heading or a section, or with contacts."""
        return self.heading is not None or self.level is not None or self.has_contact_header


@dataclass
class _Layout:
    segments: list[_Segment]
    page_title: str | None
    notes: list[str]  # what the page's structure says about lines that are no project's


def _segment(text: str, html_headings: Mapping[int, int] | None = None) -> _Layout:
    """Split the page into segments: a heading (HTML <h2>-<h6>, or a line shaped like one),
    body lines, a contact block (closed by a blank line or by text), files, logo lines."""
    lines = [_clean(raw) for raw in text.splitlines()]
    segments: list[_Segment] = []
    notes: list[str] = []
    level: Level | None = None
    seg: _Segment | None = None

    def next_nonblank(i: int) -> str | None:
        return next((ln for ln in lines[i + 1 :] if ln), None)

    def is_heading(i: int, line: str, nxt: str | None) -> bool:
        if html_headings is not None:
            return html_headings.get(i, 0) >= 2 and not _is_marker_line(line)
        return _is_title_line(line, nxt)

    first = next((i for i, ln in enumerate(lines) if ln), None)
    page_title = None
    if first is not None and (
        (html_headings or {}).get(first) == 1
        or (html_headings is None and _is_page_title(lines[first], next_nonblank(first)))
    ):
        page_title = lines[first]

    i = 0
    while i < len(lines):
        line = lines[i]
        if not line or i == first and page_title is not None:
            if seg is not None and seg.state != "body":
                seg.closed = True  # a blank line ends a contact block
            i += 1
            continue
        section = section_level(line)
        if section is not None:
            level, seg = section, None
            i += 1
            continue
        nxt = next_nonblank(i)
        logo = LOGO_LINE_RE.match(line)
        if logo:
            if seg is None:
                notes.append(f"line {i + 1}: logo line before any project: {line!r}")
            else:
                seg.logos.append(logo["rest"])
            i += 1
            continue
        if is_heading(i, line, nxt):
            if page_title and line.startswith(page_title):
                # "Hankkeet ja projektit etusivun kuva": the page's header image caption.
                notes.append(f"line {i + 1}: heading repeats the page title: {line!r}")
                i += 1
                continue
            seg = _Segment(level=level, first_line=i + 1, heading=line, last_line=i + 1)
            segments.append(seg)
            i += 1
            continue
        if seg is None or seg.closed:
            seg = _Segment(level=level, first_line=i + 1)
            segments.append(seg)
        seg.last_line = i + 1
        inline = CONTACT_INLINE_RE.match(line)
        if inline:
            # "Contact person: Analyst N.N., email: ..." opens the block and is its first line.
            seg.state, seg.has_contact_header = "contact", True
            seg.contact.append(inline["rest"])
        elif CONTACT_HEADER_RE.match(line):
            seg.state, seg.has_contact_header = "contact", True
        elif FILES_HEADER_RE.match(line):
            seg.state = "files"
        elif seg.state == "contact":
            if not _continues_contact(line, nxt):
                seg.closed = True
                continue  # the same line starts the next project
            seg.contact.append(line)
        elif seg.state == "files":
            if not _is_bullet(line):
                seg.closed = True
                continue
            seg.files.append(line)
        else:
            seg.body.append(line)
        i += 1
    return _Layout(segments, page_title, notes)


def _truncation(text: str) -> str | None:
    """The page's last line when it stops mid-sentence: the saved page may be cut short."""
    lines = [_clean(raw) for raw in text.splitlines() if raw.strip()]
    if not lines:
        return None
    last = lines[-1]
    if (
        last.endswith((".", "!", "?", ")", "”", '"', "»", ":"))
        or _ADDRESS_RE.search(last)
        or _MARKER_RE.search(last)
        or _has_phone(last)
        or _is_bullet(last)
        or _is_marker_line(last)
    ):
        return None
    return last


# ---------------------------------------------------------------------------
# Titles


def slugify(text: str) -> str:
    """Stable project key: ASCII, lower case, runs of other characters as "-"."""
    ascii_text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()
    return re.sub(r"[^a-z0-9]+", "-", ascii_text.lower()).strip("-")


_NAME = r"[A-ZÄÖÅ][\w’'-]*\w(?:\s\d+(?:\.\d+)*)?"
_NAMED_PROJECT_RES = (
    re.compile(rf"\b({_NAME}) project\b"),
    re.compile(rf"\bproject called ({_NAME})"),
    re.compile(rf"\b({_NAME}) is an? (?:partnership|project|joint project|consortium)\b"),
    re.compile(rf"\b({_NAME}) \(short for\b"),
)
_NOT_NAMES = _words_of(
    "EU The This That These Espoo Espoo's Espoo’s City European National "
    "International New Joint Each Our Pilot Development"
)
_SENTENCE_START_STOP = _words_of(
    "The This These Those That In It Its Our We When As For A An Their Further During "
    "Together Key Increasingly Solutions Developing There Here"
)
_ACRONYM_RE = re.compile(r"^(?P<full>.+?)\s*\((?P<acr>[^()]+)\)$")
_SHORT_FOR_RE = re.compile(r"\(short for [‘'\"“](?P<full>[^’'\"”]+)[’'\"”]")


@dataclass(frozen=True)
class _Title:
    title: str
    basis: str
    acronym: str | None = None
    full_name: str | None = None


def _link_text(line: str) -> str:
    return _MARKER_RE.sub("", _unbullet(line)).strip()


def _standalone_link(line: str) -> bool:
    """A line that is only a link, e.g. "FAIR EDIH(external link, ...)"."""
    body = _unbullet(line)
    m = _MARKER_RE.search(body)
    if m is None or body[m.end() :].strip():
        return False
    before = body[: m.start()].strip()
    # "... Tampere University. trustmproject.aalto.fi(...)" is a link inside prose.
    return bool(before) and _words(before) <= 12 and not _SENTENCE_END_RE.search(before + " ")


def _find_title(seg: _Segment, prose: list[str]) -> _Title:
    if seg.heading:
        m = _ACRONYM_RE.match(seg.heading)
        # "Trust-M (TM)" spells an acronym; "(Tikkurilan osaamiskampus)" is another name.
        if m and " " not in m["acr"].strip():
            return _Title(seg.heading, "heading", m["acr"], m["full"])
        return _Title(seg.heading, "heading")

    # 1. A link line standing on its own that names the project: its text recurs
    #    elsewhere in the project ("Project Manager for FAIR EDIH"), or it spells
    #    out an acronym ("Kansallinen Metaversumi verkosto (FINverse)").
    link_lines = [ln for ln in seg.body if _standalone_link(ln)]
    link_lines += [
        ln
        for ln in seg.contact
        if _standalone_link(ln) or (_is_bullet(ln) and not _EMAIL_RE.search(ln))
    ]
    for line in link_lines:
        text = _link_text(line)
        if not text or not text[0].isupper():
            continue
        m = _ACRONYM_RE.match(text)
        if m and " " not in m["acr"]:
            return _Title(m["acr"], "link naming an acronym", m["acr"], m["full"])
        others = "\n".join(ln for ln in seg.all_lines() if ln != line)
        if re.search(rf"(?<!\w){re.escape(text)}(?!\w)", others):
            return _Title(text, "link named again in the project")

    # 2. "the SPARCS project", "project called UserCentriCities", "Trust-M is a
    #    partnership": the most frequent name wins, the first seen on a tie.
    counts: Counter[str] = Counter()
    for sentence in _sentences(" ".join(prose)):
        for pattern in _NAMED_PROJECT_RES:
            for m in pattern.finditer(sentence):
                if m.group(1) not in _NOT_NAMES:
                    counts[m.group(1)] += 1
    if counts:
        name = counts.most_common(1)[0][0]
        return _Title(name, "named as a project in the text")

    # 3. A two-word phrase that opens two or more sentences ("Impact leadership is ...").
    starts: Counter[str] = Counter()
    for sentence in _sentences(" ".join(prose)):
        m = re.match(r"([A-ZÄÖÅ][a-zäöå]+ [a-zäöå-]+)\b", sentence)
        if m and m.group(1).split()[0] not in _SENTENCE_START_STOP:
            starts[m.group(1)] += 1
    if starts and starts.most_common(1)[0][1] >= 2:
        return _Title(starts.most_common(1)[0][0], "phrase opening several sentences")

    opening = " ".join((prose[0] if prose else "untitled project").split()[:6]).rstrip(".,")
    return _Title(opening, "opening words (no name found)")


def _acronym_and_full_name(title: _Title, prose: str) -> tuple[str | None, str | None]:
    acronym, full_name = title.acronym, title.full_name
    m = _SHORT_FOR_RE.search(prose)
    if full_name is None and m:
        full_name = m["full"].strip()
    if acronym is None:
        # "The Finnish AI Region (FAIR) innovation hub" defines FAIR of "FAIR EDIH".
        first = title.title.split()[0]
        m = re.search(rf"((?:[A-ZÄÖÅ][\w-]*\s+)+)\({re.escape(first)}\)", prose)
        if m:
            acronym = first
            words = m.group(1).split()
            while words and words[0] in {"The", "A", "An"}:
                words.pop(0)
            full_name = full_name or " ".join(words) or None
    return acronym, full_name


# ---------------------------------------------------------------------------
# Sentences, links


_ABBREVIATIONS = ("e.g.", "i.e.", "etc.", "approx.", "incl.", "Dr.", "Mr.", "Ms.", "no.", "vs.")


def _sentences(text: str) -> list[str]:
    parts = re.split(r"(?<=[.!?])\s+(?=\S)", text)
    out: list[str] = []
    for part in parts:
        if out and out[-1].endswith(_ABBREVIATIONS):
            out[-1] += " " + part
        else:
            out.append(part)
    return [p.strip() for p in out if p.strip()]


def _infer_url(title: str) -> str | None:
    """A bare host name as link text ("trustmproject.aalto.fi") is its own URL."""
    if re.fullmatch(r"(?:https?://)?[\w-]+(?:\.[\w-]+)+(?:/\S*)?", title):
        return title if title.startswith("http") else f"https://{title}"
    return None


def _inline_links(line: str, urls: Mapping[str, str]) -> tuple[str, list[Link]]:
    """Strip link markers from a prose line; name each marked link.

    The text form does not show where a link starts: take the HTML anchor text
    that ends there when known, else the host name or capitalised run before it.
    """
    links: list[Link] = []
    for m in _MARKER_RE.finditer(line):
        before = line[: m.start()]
        known = [t for t in urls if before.endswith(t)]
        if known:
            title = max(known, key=len)
        else:
            guess = (
                re.search(r"(\S+\.\S+)$", before)  # a host name
                or re.search(r"((?:[A-ZÄÖÅ0-9][\w’'&.-]*\s+)*[A-ZÄÖÅ0-9][\w’'&.-]*)$", before)
                or re.search(r"(\S+)$", before)  # the last word
            )
            title = guess.group(1) if guess else ""
        title = title.strip(" ,;:(")
        if title:
            links.append(Link(title, urls.get(title) or _infer_url(title)))
    return _MARKER_RE.sub("", line), links


# ---------------------------------------------------------------------------
# Contacts

_TITLE_WORDS = _words_of(
    "manager director specialist consultant coordinator officer head chief advisor "
    "adviser expert researcher planner analyst designer lead architect secretary "
    "assistant engineer developer producer owner president professor"
)
_TITLE_SUFFIXES = ("päällikkö", "johtaja", "asiantuntija", "suunnittelija", "koordinaattori")


def _fold(text: str) -> str:
    return unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode().lower()


def _is_title_word(word: str) -> bool:
    w = word.strip(",()").lower()
    return w in _TITLE_WORDS or w.endswith(_TITLE_SUFFIXES)


def _name_like(text: str) -> bool:
    words = text.split()
    return 2 <= len(words) <= 4 and all(
        w[0].isupper() and not any(c.isdigit() for c in w) and not _is_title_word(w) for w in words
    )


def _tidy(text: str) -> str:
    text = re.sub(r"\s+,", ",", " ".join(text.split()))
    return re.sub(r"(?:,\s*){2,}", ", ", text).strip(" ,;:-")


def _split_name_title(text: str, email: str | None) -> tuple[str | None, str | None]:
    text = _tidy(text)
    if not text:
        return None, None
    # The e-mail local part spells the name: piia.wollsten -> "Piia Wollsten".
    if email:
        tokens = [t for t in re.split(r"[._]", email.split("@")[0].lower()) if t]
        words = text.split()
        hits = [i for i, w in enumerate(words) if _fold(w.strip(",()")) in tokens]
        if len(hits) >= 2 or (len(hits) == 1 and len(tokens) == 1):
            name = " ".join(words[i].strip(",") for i in hits)
            rest = " ".join(w for i, w in enumerate(words) if i not in hits)
            return name, _tidy(rest) or None
    parts = [p.strip() for p in text.split(",") if p.strip()]
    if len(parts) > 1:
        for i, part in enumerate(parts):
            if _name_like(part):
                return part, ", ".join(parts[:i] + parts[i + 1 :]) or None
    words = text.split()
    title_idx = [i for i, w in enumerate(words) if _is_title_word(w)]
    if title_idx:
        after = " ".join(words[title_idx[-1] + 1 :])
        if _name_like(after):
            # Job title first: "Development Manager Piia Wollsten".
            return after, " ".join(words[: title_idx[-1] + 1])
        if title_idx[0] >= 2 and _name_like(" ".join(words[:2])):
            # Name first: "Piia Wollsten Development Manager" (two-word names assumed).
            return " ".join(words[:2]), " ".join(words[2:])
        if title_idx[0] < len(words) - 2 and _name_like(" ".join(words[-2:])):
            # "Head of Unit Maija Meikäläinen": the last two words.
            return " ".join(words[-2:]), " ".join(words[:-2])
    if _name_like(text):
        return text, None
    return None, text


def _name_from_address(local: str) -> str | None:
    """"hanna-maria.urjankangas" -> "Hanna-Maria Urjankangas" (first.last addresses only)."""
    parts = [p for p in re.split(r"[._]", local) if p]
    if len(parts) < 2 or any(not p.replace("-", "").isalpha() for p in parts):
        return None
    return " ".join("-".join(w.capitalize() for w in p.split("-")) for p in parts)


def _take_address(text: str) -> tuple[str | None, str | None, str, list[str]]:
    """(e-mail, local part, text without it, warnings): a whole address is validated; an
    obfuscated one ("name(at)espoo.fi") is read back; one cut short ("name(at)",
    "name@espoo") is no address, but a warning that keeps what it shows."""
    m = _EMAIL_RE.search(text)
    if m:
        rest = text[: m.start()] + " " + text[m.end() :]
        local = m.group(0).split("@")[0]
        try:
            return validate_email(m.group(0), check_deliverability=False).normalized, local, \
                rest, []
        except EmailNotValidError as exc:
            return None, local, rest, [f"contacts: invalid e-mail {m.group(0)!r} ({exc})"]
    m = _ADDRESS_RE.search(text)
    if m is None:
        if EMAIL_LABEL_RE.search(text) and not re.search(r"\w", EMAIL_LABEL_RE.split(text)[-1]):
            return None, None, EMAIL_LABEL_RE.sub(" ", text), [
                f"contacts: an e-mail label without an address in {text.strip()!r}"]
        return None, None, text, []
    rest = text[: m.start()] + " " + text[m.end() :]
    written, local, domain = m.group(0).strip(), m["local"], m["domain"]
    if domain and "." in domain and m["at"] != "@":
        address = f"{local}@{domain}"
        try:
            email = validate_email(address, check_deliverability=False).normalized
        except EmailNotValidError as exc:
            return None, local, rest, [f"contacts: invalid e-mail {written!r} ({exc})"]
        return email, local, rest, [
            f"contacts: obfuscated address {written!r} read as {email}"]
    return None, local, rest, [
        f"contacts: e-mail address cut short on the page: {written!r}; the person is kept "
        "without an address"]


def _parse_person(text: str) -> tuple[Contact, list[str]]:
    email, local, text, warnings = _take_address(text)
    text = EMAIL_LABEL_RE.sub(" ", text)
    phone, text, phone_warnings = _take_phone(text)
    warnings += phone_warnings
    name, job_title = _split_name_title(text, email or (f"{local}@x" if local else None))
    if name is None and local and _name_from_address(local):
        name = _name_from_address(local)
        warnings.append(f"contacts: name {name!r} read from the address {local!r}")
    if name is None:
        warnings.append(f"contacts: could not find a person's name in {text.strip()!r}")
    return Contact(name, job_title, email, phone), warnings


def _take_phone(text: str) -> tuple[str | None, str, list[str]]:
    """Find a phone number (region FI), return it as E.164 and the text without it."""
    for match in phonenumbers.PhoneNumberMatcher(text, "FI"):
        e164 = phonenumbers.format_number(match.number, phonenumbers.PhoneNumberFormat.E164)
        rest = text[: match.start] + " " + text[match.end :]
        return e164, _PHONE_LABEL_RE.sub(" ", rest), []
    bad = re.search(
        _PHONE_LABEL_RE.pattern + r"\s*[+\d][\d\s()/-]*\d|" + _PHONE_LABEL_RE.pattern, text, re.I
    )
    if bad:
        # Keep the unreadable number out of the job title, and say so.
        rest = text[: bad.start()] + " " + text[bad.end() :]
        return None, rest, [f"contacts: could not read phone number {bad.group(0).strip()!r}"]
    return None, text, []


def _parse_contact_block(
    lines: list[str], urls: Mapping[str, str]
) -> tuple[list[Contact], list[Link], list[str]]:
    """Bulleted lines are one record each; unbulleted lines gather until an e-mail."""
    contacts: list[Contact] = []
    links: list[Link] = []
    warnings: list[str] = []
    pending: list[str] = []

    def flush_pending() -> None:
        if not pending:
            return
        joined = ", ".join(pending)
        if _name_like(pending[0]) or any(_is_title_word(w) for w in joined.split()):
            contact, extra = _parse_person(joined)
            contacts.append(contact)
            warnings.extend(extra)
            warnings.append(f"contacts: no e-mail address for {joined!r}")
        else:
            warnings.append(f"contacts: could not parse contact line {joined!r}")
        pending.clear()

    for line in lines:
        body = _unbullet(line)
        if _MARKER_RE.search(body):
            flush_pending()
            title = _link_text(body)
            links.append(Link(title, urls.get(title) or _infer_url(title)))
            continue
        has_email = bool(_ADDRESS_RE.search(body))
        if _is_bullet(line):
            flush_pending()
            if has_email or _has_phone(body):
                contact, extra = _parse_person(body)
                contacts.append(contact)
                warnings.extend(extra)
            elif any(_is_title_word(w) for w in body.split()):
                # A person without an e-mail; a capitalised link text alone is not one.
                contact, extra = _parse_person(body)
                contacts.append(contact)
                warnings.extend(extra)
                warnings.append(f"contacts: no e-mail address for {body!r}")
            else:
                # An internal link (the text form drops its URL): "- Digital Agenda".
                links.append(Link(body, urls.get(body) or _infer_url(body)))
            continue
        if has_email:
            contact, extra = _parse_person(", ".join([*pending, body]))
            pending.clear()
            contacts.append(contact)
            warnings.extend(extra)
            continue
        phone, rest, extra = _take_phone(body)
        if phone and not _tidy(rest) and not pending and contacts:
            # "tel +358 ..." on its own line belongs to the person above it.
            last = contacts[-1]
            if last.phone_e164 is None:
                contacts[-1] = Contact(last.name, last.job_title, last.email, phone)
            else:
                warnings.append(f"contacts: second phone number {body!r} for {last.name}")
            continue
        pending.append(body)  # read again, phone and all, when the block's person closes
    flush_pending()
    return contacts, links, warnings


# ---------------------------------------------------------------------------
# Files

_FILE_RE = re.compile(
    r"^(?P<name>.+?\.(?:pdf|docx?|xlsx?|pptx?|odt|ods|odp|csv|txt|zip))(?P<note>.*)$", re.I
)
_LANGUAGES = {"finnish": "fi", "swedish": "sv", "english": "en", "suomeksi": "fi"}


def _parse_files(lines: list[str], urls: Mapping[str, str]) -> tuple[list[FileRef], list[str]]:
    files: list[FileRef] = []
    warnings: list[str] = []
    for line in lines:
        body = _MARKER_RE.sub("", _unbullet(line)).strip()
        m = _FILE_RE.match(body)
        if not m:
            files.append(FileRef(body, urls.get(body)))
            warnings.append(f"files: no file name with an extension in {body!r}")
            continue
        name, note = m["name"].strip(), m["note"].strip(" -–()") or None
        language = None
        if note:
            lang = re.search(r"\b(finnish|swedish|english|suomeksi)\b", note, re.I)
            language = _LANGUAGES[lang.group(1).lower()] if lang else None
        files.append(FileRef(name, urls.get(name), note, language))
    return files, warnings


# ---------------------------------------------------------------------------
# Organisations

_ORG = r"[A-ZÄÖÅ][^,.;]*?"
_ORG_PATTERNS: tuple[tuple[re.Pattern[str], OrgRole, str, OrgType | None], ...] = (
    # (pattern, role, "one" | "list", default type); coordinators first.
    (
        re.compile(
            rf"\bcoordinated by (?:the )?(?P<x>{_ORG})(?=[,.;]|\s(?:is|and|in|with|which)\b)"
        ),
        "coordinator",
        "one",
        None,
    ),
    (
        re.compile(rf"\b(?:is|was) led by (?:the )?(?P<x>{_ORG})(?= and |[,.;]|$)"),
        "coordinator",
        "one",
        None,
    ),
    (
        re.compile(rf"\bimplemented by (?:the )?(?P<x>{_ORG}) in (?:collaboration|cooperation)"),
        "coordinator",
        "one",
        None,
    ),
    (
        re.compile(r"\bin (?:collaboration|cooperation|partnership) with (?P<x>[^.;]+)"),
        "partner",
        "list",
        None,
    ),
    (
        re.compile(r"^In (?:collaboration|cooperation|partnership) with (?P<x>[^,]+),"),
        "partner",
        "list",
        None,
    ),
    (re.compile(r"\bis a partnership (?:between|of) (?P<x>[^.;]+)"), "partner", "list", None),
    (
        re.compile(r"\bpartners (?:involved )?(?:in the project )?(?:are|include) (?P<x>[^.;]+)"),
        "partner",
        "list",
        None,
    ),
    (re.compile(r"\bmembers include (?P<x>[^.;]+)"), "member", "list", None),
    (
        re.compile(
            r"^In addition to (?P<x>(?:the )?cities of [^,]+(?:, [^,]+)*? and \w+|[^,]+),"
            r"(?=.*\bmembers\b)"
        ),
        "member",
        "list",
        None,
    ),
    (
        re.compile(r"^In addition to (?P<x>(?:the )?cities of [^,]+(?:, [^,]+)*? and \w+|[^,]+),"),
        "partner",
        "list",
        None,
    ),
    (
        re.compile(
            r"\b[Ll]ighthouse cities(?: of the project)?,? (?P<x>[A-ZÄÖÅ][\w-]*"
            r"(?:, [A-ZÄÖÅ][\w-]*)* and [A-ZÄÖÅ][\w-]*)"
        ),
        "lighthouse_city",
        "list",
        "city",
    ),
    (re.compile(rf"^(?P<x>{_ORG}) is also involved\b"), "partner", "one", None),
    (
        re.compile(
            r"\bfunding from (?:the )?(?P<x>[A-ZÄÖÅ][^,.;]*?)(?=,|\.|;| allocated| under"
            r"| through|$)"
        ),
        "funder",
        "one",
        None,
    ),
    (
        re.compile(r"\bsteering group that includes representatives (?:from|of) (?P<x>[^.;]+)"),
        "steering_group",
        "list",
        None,
    ),
)
_ROLE_SUFFIX_RE = re.compile(
    r"\s+as (?:an? )?(?P<role>affiliate partner|associate partner|partner|member)$"
)
_PARTNER_COUNT_RE = re.compile(
    r"\b(?:of|between|with) (\d+|" + "|".join(NUMBER_WORDS) + r") partners\b"
)


def _find_organizations(
    sentences: list[str],
) -> tuple[Organization | None, list[Organization], list[str]]:
    # (sentence, offset, role, phrase, default type): kept in page order so the
    # first mention decides an organisation's role.
    hits: list[tuple[int, int, OrgRole, str, OrgType | None]] = []
    for s_idx, sentence in enumerate(sentences):
        for pattern, role, arity, default_type in _ORG_PATTERNS:
            m = pattern.search(sentence)
            if not m:
                continue
            phrases = [m["x"]] if arity == "one" else split_org_list(m["x"])
            for phrase in phrases:
                hits.append((s_idx, m.start("x"), role, phrase, default_type))
    hits.sort(key=lambda h: (h[2] != "coordinator", h[0], h[1]))

    coordinator: Organization | None = None
    found: dict[str, Organization] = {}
    warnings: list[str] = []
    for s_idx, _, role, phrase, default_type in hits:
        item_role: OrgRole = role
        suffix = _ROLE_SUFFIX_RE.search(phrase)
        if suffix:
            phrase = phrase[: suffix.start()]
            item_role = "affiliate_partner" if "affiliate" in suffix["role"] else role
        org = normalize_org(phrase, item_role, default_type)
        if org is None:
            continue
        if role == "coordinator":
            coordinator = coordinator or org
            continue
        if org.name in found or (coordinator is not None and org.name == coordinator.name):
            continue
        found[org.name] = org
        if org.type is None:
            warnings.append(
                f"partners: unknown organisation type for {org.name!r} in {sentences[s_idx]!r}"
            )
    partners = [o for o in found.values() if coordinator is None or o.name != coordinator.name]
    # "a joint project of nine partners" is a check on the list read.
    for sentence in sentences:
        m = _PARTNER_COUNT_RE.search(sentence)
        if m:
            stated = int(m.group(1)) if m.group(1).isdigit() else NUMBER_WORDS[m.group(1)]
            listed = sum(o.role not in {"funder", "steering_group"} for o in partners)
            listed += coordinator is not None
            if stated != listed:
                warnings.append(
                    f"partners: page says {stated} partners, {listed} found: {sentence!r}"
                )
    return coordinator, partners, warnings


# ---------------------------------------------------------------------------
# Putting it together


def _body_text(seg: _Segment, urls: Mapping[str, str]) -> tuple[list[str], list[Link]]:
    """Description lines (markers stripped, link-only lines left out) and body links."""
    lines: list[str] = []
    links: list[Link] = []
    for line in seg.body:
        if _standalone_link(line):
            title = _link_text(line)
            links.append(Link(title, urls.get(title) or _infer_url(title)))
            continue
        text, inline = _inline_links(line, urls)
        links.extend(inline)
        lines.append(text)
    return lines, links


def _mentions(text: str, title: _Title) -> bool:
    names = {title.title, title.acronym} - {None}
    return any(re.search(rf"(?<!\w){re.escape(n)}(?!\w)", text) for n in names if n)


def _title_of(seg: _Segment) -> _Title:
    prose, _ = _body_text(seg, {})
    return _find_title(seg, [_unbullet(ln) for ln in prose])


def _merge_related(segments: list[_Segment]) -> list[_Segment]:
    """Glue to the project before it a segment that names it and has no contact of its own
    (the project is still open: its contact block has not come yet): a subsection under
    its own heading ("Objectives of HyteData 2.0 project") or a trailing paragraph ("The
    HyteData 2.0 project is a continuation ..."). A trailing paragraph may also come after
    the contact block."""
    out: list[_Segment] = []
    for seg in segments:
        if out and seg.level == out[-1].level:
            prev = out[-1]
            text = " ".join(([seg.heading] if seg.heading else []) + seg.body)
            subsection = seg.heading is not None and not prev.has_contact_header
            trailing = seg.heading is None and not seg.has_contact_header
            if (subsection or trailing) and _mentions(text, _title_of(prev)):
                prev.body.extend(([seg.heading] if seg.heading else []) + seg.body)
                prev.contact.extend(seg.contact)
                prev.has_contact_header = prev.has_contact_header or seg.has_contact_header
                prev.files.extend(seg.files)
                prev.logos.extend(seg.logos)
                prev.last_line = max(prev.last_line, seg.last_line)
                continue
        out.append(seg)
    return out


def _funders(sentences: list[str], logos: list[str], partners: list[Organization]
             ) -> tuple[list[Organization], list[str]]:
    """Partners with the funders and programmes the text and the logo lines name: a funder
    the page names in prose ("the EU's Horizon 2020 programme") takes its canonical name."""
    warnings: list[str] = []
    out: list[Organization] = []
    for org in partners:
        known = find_funders(org.name) if org.role == "funder" else []
        out.append(known[0] if known else org)
    for org in find_funders(" ".join(sentences), agencies_only_with_money=True):
        if all(o.name != org.name for o in out):
            out.append(org)
    for rest in logos:
        orgs, logo_warnings = read_logo_line(rest)
        warnings += logo_warnings
        out.extend(o for o in orgs if all(x.name != o.name for x in out))
    return out, warnings


def _build_project(
    seg: _Segment, source_file: str, build_date: date, urls: Mapping[str, str],
    page_language: Language | None,
) -> ExtractedProject:
    warnings: list[str] = []
    desc_lines, body_links = _body_text(seg, urls)
    prose = [_unbullet(ln) for ln in desc_lines]
    title = _find_title(seg, prose)
    if title.basis.startswith("opening words"):
        warnings.append(f"title: no project name found; used the opening words {title.title!r}")
    prose_text = " ".join(prose)
    acronym, full_name = _acronym_and_full_name(title, prose_text)
    sentences = _sentences(prose_text)

    contacts, contact_links, contact_warnings = _parse_contact_block(seg.contact, urls)
    warnings += contact_warnings
    if not seg.has_contact_header:
        warnings.append("contacts: no contact block (Further information: ...) for this project")
    elif not contacts:
        warnings.append("contacts: contact block has no person in it")
    files, file_warnings = _parse_files(seg.files, urls)
    warnings += file_warnings
    coordinator, partners, org_warnings = _find_organizations(sentences)
    warnings += org_warnings
    partners, funder_warnings = _funders(sentences, seg.logos, partners)
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


def _share_page_contact(candidates: list[_Segment], warnings: list[str]) -> None:
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
    layout = _segment(text, html_headings)
    page_language = detect_language(text)
    warnings = [f"page: {note}" for note in layout.notes]
    candidates = [s for s in layout.segments if s.is_candidate()]
    lead = next((s for s in layout.segments if not s.is_candidate()), None)
    if (
        lead is not None
        and (not candidates or lead.first_line < candidates[0].first_line)
        and _title_of(lead).basis == "named as a project in the text"
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
    cut = _truncation(text)
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


def _no_project_reason(layout: _Layout, language: Language | None) -> str:
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
