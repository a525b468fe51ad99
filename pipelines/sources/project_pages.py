"""Development-project register from the city's "Ongoing development" web page.

The page (plain text or HTML) lists projects under section headings
("International projects", "National projects", "Espoo's projects"). It has no
per-project headings in its text form: a project is a run of paragraphs closed
by a contact block ("Further information:", "For more information:", "More
information:", "Enquiries:"), sometimes followed by "Downloadable files". So the
extractor:

1. splits the lines into segments: body lines, then a contact block, then files;
   the first line that is prose again starts the next project;
2. glues a trailing segment without a contact block to the project before it
   when it names that project ("The HyteData 2.0 project is a continuation ...");
3. reads title, partners, funding, period, contacts, links and files from each
   segment with small documented rules.

Whatever a rule sees but cannot read (a date phrase, a contact line, an amount)
becomes a warning on that project, prefixed with the field it concerns
("period: ...", "contacts: ..."), never a silent gap.

Date convention: a start date is the first day of its unit and an end date the
last day of its unit ("autumn 2022" starts 2022-09-01, "by the end of 2026" ends
2026-12-31); a date derived from a duration is the anchor +/- the duration
(+/- one day), at the anchor's precision. Seasons are meteorological
(spring = Mar-May, summer = Jun-Aug, autumn = Sep-Nov, winter = Dec-Feb).
"""

import calendar
import re
import unicodedata
from collections import Counter
from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from pathlib import Path
from typing import Literal

import phonenumbers
from dateparser.date import DateDataParser
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

__all__ = [
    "Contact",
    "ExtractedProject",
    "FileRef",
    "Funding",
    "Link",
    "Organization",
    "extract_projects_from_text",
    "html_to_text",
    "parse_date_phrase",
    "read_project_page",
    "slugify",
]

Level = Literal["international", "national", "city"]
Precision = Literal["day", "month", "season", "year"]
Status = Literal["planned", "ongoing", "ended", "unknown"]
FundingBound = Literal["exact", "at_least", "at_most", "approx"]

# Coarsest last: the precision of a period is the coarser of its two ends.
PRECISION_ORDER: tuple[Precision, ...] = ("day", "month", "season", "year")

EXTERNAL_MARKER = "(external link, opens in a new window)"


@dataclass(frozen=True)
class Funding:
    amount_eur: int
    context: str  # the sentence that states the amount
    bound: FundingBound = "exact"  # "more than EUR 3 million" -> at_least
    funder: str | None = None


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


# ---------------------------------------------------------------------------
# Reading files


def read_project_page(path: Path, build_date: date) -> list[ExtractedProject]:
    """Extract projects from a saved page: .txt as the text form, .html/.htm as HTML."""
    path = Path(path)
    content = limits.read_text(path, encoding="utf-8")
    suffix = path.suffix.lower()
    if suffix in {".txt", ".text"}:
        return extract_projects_from_text(content, path.name, build_date)
    if suffix in {".html", ".htm"}:
        text, urls = html_to_text(content)
        return extract_projects_from_text(text, path.name, build_date, link_urls=urls)
    raise SourceFormatError(path, None, f"unsupported project page type {suffix!r} (.txt, .html)")


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

    def flush(self) -> None:
        text = " ".join("".join(self.buf).split())
        self.buf.clear()
        if text:
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
            _walk_html(child, out)
            out.flush()
        else:
            _walk_html(child, out)


def html_to_text(html: str) -> tuple[str, dict[str, str]]:
    """Render a page as the site's text form, one block per line, list items as "- ".

    Returns the text and a map from link text to href, so the text extractor can
    give links and files their URLs.
    """
    tree = LexborHTMLParser(html)
    # The text form is the page's main content; fall back to the whole body.
    root = tree.css_first("main") or tree.body or tree.root
    out = _TextBuilder()
    if root is not None:
        _walk_html(root, out)
    out.flush()
    return "\n".join(out.lines) + "\n", out.urls


# ---------------------------------------------------------------------------
# Line classification

_SECTION_HEADINGS: tuple[tuple[re.Pattern[str], Level], ...] = (
    (re.compile(r"^international projects$", re.I), "international"),
    (re.compile(r"^national projects$", re.I), "national"),
    (
        re.compile(r"^(?:espoo['’]s|city of espoo['’]s|the city['’]s|city|own) projects$", re.I),
        "city",
    ),
    (re.compile(r"^kansainväliset hankkeet$", re.I), "international"),
    (re.compile(r"^kansalliset hankkeet$", re.I), "national"),
    (re.compile(r"^espoon (?:omat )?hankkeet$", re.I), "city"),
)
_CONTACT_HEADER_RE = re.compile(
    r"^(?:further information|for more information|more information|enquiries|inquiries"
    r"|contacts?|contact information|contact details|contact persons?|lisätietoja|lisätiedot)"
    r"\s*:?$",
    re.I,
)
_FILES_HEADER_RE = re.compile(
    r"^(?:downloadable files|downloads|attachments|ladattavat tiedostot|liitteet)\s*:?$", re.I
)
_BULLET_RE = re.compile(r"^[-•*–]\s+")
_MARKER_RE = re.compile(r"\s?\(external link, opens in a new window\)", re.I)
_EMAIL_RE = re.compile(r"[A-Za-z0-9._%+-]+@[A-Za-z0-9-]+(?:\.[A-Za-z0-9-]+)*\.[A-Za-z]{2,}")
_PHONE_LABEL_RE = re.compile(r"\b(?:tel|puh|phone|mobile|gsm)\b\.?:?", re.I)
_SENTENCE_END_RE = re.compile(r"[.!?]$|[.!?]\s")

# A prose line has at least this many words and a sentence end.
_PROSE_MIN_WORDS = 8
# A title or a contact line (name, job title) has at most this many words.
_SHORT_MAX_WORDS = 8


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


def _section_level(line: str) -> Level | None:
    for pattern, level in _SECTION_HEADINGS:
        if pattern.match(line):
            return level
    return None


def _is_prose(line: str | None) -> bool:
    if line is None or _is_bullet(line):
        return False
    return _words(line) >= _PROSE_MIN_WORDS and bool(_SENTENCE_END_RE.search(line))


def _has_phone(line: str) -> bool:
    if _PHONE_LABEL_RE.search(line):
        return True
    return any(True for _ in phonenumbers.PhoneNumberMatcher(line, "FI"))


def _is_title_line(line: str, nxt: str | None) -> bool:
    """A short heading-like line right before prose, e.g. an HTML <h3> project title."""
    return (
        not _is_bullet(line)
        and _words(line) <= _SHORT_MAX_WORDS
        and not line.endswith((".", ":", ";", ",", "!", "?"))
        and not _EMAIL_RE.search(line)
        and not _MARKER_RE.search(line)
        and not _CONTACT_HEADER_RE.match(line)
        and not _FILES_HEADER_RE.match(line)
        and _is_prose(nxt)
    )


def _continues_contact(line: str, nxt: str | None) -> bool:
    if _is_bullet(line) or _EMAIL_RE.search(line) or _MARKER_RE.search(line):
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
    has_contact_header: bool = False
    state: Literal["body", "contact", "files"] = "body"
    closed: bool = False

    def all_lines(self) -> list[str]:
        return ([self.heading] if self.heading else []) + self.body + self.contact + self.files


def _segment(text: str) -> list[_Segment]:
    lines = [_clean(raw) for raw in text.splitlines()]
    segments: list[_Segment] = []
    level: Level | None = None
    seg: _Segment | None = None

    def next_nonblank(i: int) -> str | None:
        return next((ln for ln in lines[i + 1 :] if ln), None)

    i = 0
    while i < len(lines):
        line = lines[i]
        if not line:
            if seg is not None and seg.state != "body":
                seg.closed = True  # a blank line ends a contact block
            i += 1
            continue
        section = _section_level(line)
        if section is not None:
            level, seg = section, None
            i += 1
            continue
        nxt = next_nonblank(i)
        if seg is None or seg.closed:
            seg = _Segment(level=level, first_line=i + 1)
            segments.append(seg)
            if _is_title_line(line, nxt):
                seg.heading = line
                i += 1
                continue
        if _CONTACT_HEADER_RE.match(line):
            seg.state, seg.has_contact_header = "contact", True
        elif _FILES_HEADER_RE.match(line):
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
    return segments


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
        if m:
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


def _parse_person(text: str) -> tuple[Contact, list[str]]:
    warnings: list[str] = []
    email = None
    m = _EMAIL_RE.search(text)
    if m:
        try:
            email = validate_email(m.group(0), check_deliverability=False).normalized
        except EmailNotValidError as exc:
            warnings.append(f"contacts: invalid e-mail {m.group(0)!r} ({exc}) in {text!r}")
        text = text[: m.start()] + " " + text[m.end() :]
    phone, text, phone_warnings = _take_phone(text)
    warnings += phone_warnings
    name, job_title = _split_name_title(text, email)
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
        has_email = bool(_EMAIL_RE.search(body))
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
_NUMBER_WORDS = {
    "a": 1,
    "an": 1,
    "one": 1,
    "two": 2,
    "three": 3,
    "four": 4,
    "five": 5,
    "six": 6,
    "seven": 7,
    "eight": 8,
    "nine": 9,
    "ten": 10,
    "eleven": 11,
    "twelve": 12,
}
_PARTNER_COUNT_RE = re.compile(
    r"\b(?:of|between|with) (\d+|" + "|".join(_NUMBER_WORDS) + r") partners\b"
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
            stated = int(m.group(1)) if m.group(1).isdigit() else _NUMBER_WORDS[m.group(1)]
            listed = sum(o.role not in {"funder", "steering_group"} for o in partners)
            listed += coordinator is not None
            if stated != listed:
                warnings.append(
                    f"partners: page says {stated} partners, {listed} found: {sentence!r}"
                )
    return coordinator, partners, warnings


# ---------------------------------------------------------------------------
# Funding

_AMOUNT_RE = re.compile(
    r"(?:(?:EUR|€)\s?(?P<n1>\d{1,3}(?:[ ,.]\d{3})+(?:[.,]\d+)?|\d+(?:[.,]\d+)?)"
    r"(?:\s?(?P<m1>million|billion|thousand|mn|m|bn|k)\b)?"
    r"|(?P<n2>\d{1,3}(?:[ ,.]\d{3})+(?:[.,]\d+)?|\d+(?:[.,]\d+)?)"
    r"\s?(?P<m2>million|billion|thousand)?\s?(?:euros?\b|EUR\b|€))"
)
_MULTIPLIERS = {
    "thousand": 1_000,
    "k": 1_000,
    "million": 1_000_000,
    "mn": 1_000_000,
    "m": 1_000_000,
    "billion": 1_000_000_000,
    "bn": 1_000_000_000,
}
_BOUNDS: tuple[tuple[str, FundingBound], ...] = (
    (r"(?:more than|over|at least|in excess of|upwards of|over)\s*$", "at_least"),
    (r"(?:up to|less than|under|at most|a maximum of|maximum of)\s*$", "at_most"),
    (r"(?:approximately|about|around|some|nearly|almost|roughly|approx\.|circa|c\.)\s*$", "approx"),
)
_FUNDER_RE = re.compile(
    r"\bfrom (?:the )?(?P<f>[A-ZÄÖÅ][^,.;]*?)(?=,|\.|;| allocated| under| through|$)"
)


def _to_number(digits: str, multiplier: str | None) -> int:
    if multiplier:
        # "3.5 million" / "3,5 million": one separator before 1-2 digits is a decimal.
        m = re.fullmatch(r"(\d+)[.,](\d{1,2})", digits)
        value = float(f"{m.group(1)}.{m.group(2)}") if m else float(re.sub(r"[ ,.]", "", digits))
        return round(value * _MULTIPLIERS[multiplier.lower()])
    m = re.fullmatch(r"(.+)[.,](\d{2})", digits)
    if m and not re.fullmatch(r"\d{1,3}(?:[ ,.]\d{3})+", digits):
        return round(float(re.sub(r"[ ,.]", "", m.group(1)) + "." + m.group(2)))
    return int(re.sub(r"[ ,.]", "", digits))


def _find_fundings(sentences: list[str]) -> tuple[list[Funding], list[str]]:
    fundings: list[Funding] = []
    warnings: list[str] = []
    for sentence in sentences:
        matches = list(_AMOUNT_RE.finditer(sentence))
        if not matches:
            if re.search(r"\bEUR\b|€|\beuros?\b", sentence):
                warnings.append(f"funding: euro amount not understood in {sentence!r}")
            continue
        funder_m = _FUNDER_RE.search(sentence, matches[0].end())
        funder = funder_m["f"].strip() if funder_m else None
        for m in matches:
            digits, mult = (m["n1"], m["m1"]) if m["n1"] else (m["n2"], m["m2"])
            bound: FundingBound = "exact"
            for pattern, name in _BOUNDS:
                if re.search(pattern, sentence[: m.start()], re.I):
                    bound = name
                    break
            fundings.append(Funding(_to_number(digits, mult), sentence, bound, funder))
    return fundings, warnings


# ---------------------------------------------------------------------------
# Period

_MONTHS = (
    r"(?:January|February|March|April|May|June|July|August|September|October|November"
    r"|December|Jan|Feb|Mar|Apr|Jun|Jul|Aug|Sep|Sept|Oct|Nov|Dec)\.?"
)
_DAY = r"\d{1,2}(?:st|nd|rd|th)?"
_EXPLICIT = (
    rf"(?:{_DAY}\s+(?:of\s+)?{_MONTHS},?\s+\d{{4}}|{_MONTHS}\s+{_DAY},?\s+\d{{4}}"
    rf"|{_MONTHS}\s+\d{{4}}|\d{{1,2}}\.\d{{1,2}}\.\d{{4}}|\d{{4}}-\d{{2}}-\d{{2}})"
)
_SEASON = r"(?:the\s+)?(?i:spring|summer|autumn|fall|winter)\s+(?:of\s+)?\d{4}"
_EDGE = r"(?:the\s+)?(?i:beginning|start|end|turn)\s+of\s+(?:the\s+year\s+)?\d{4}"
# A year, but not the "20" of "2.0" nor digits of a longer number; "2019." is a year.
_YEAR = r"(?<!\d)(?<!\d\.)(?:19|20)\d{2}(?!\d|\.\d)"
_POINT = rf"(?:{_EXPLICIT}|{_SEASON}|{_EDGE}|{_YEAR})"
_NUM = r"(?:\d+|" + "|".join(_NUMBER_WORDS) + ")"

_RANGE_RES = (
    re.compile(rf"(?i:\bfrom)\s+(?P<a>{_POINT}),?\s+(?i:to|until|till|through)\s+(?P<b>{_POINT})"),
    re.compile(rf"(?i:\bbetween)\s+(?P<a>{_POINT})\s+and\s+(?P<b>{_POINT})"),
    re.compile(rf"(?P<a>{_POINT})\s*[–—]\s*(?P<b>{_POINT})"),
)
_START_RES = (
    re.compile(
        r"(?i:\b(?:start(?:s|ed)?|began|begins?|launch(?:es|ed)?|commenc(?:es|ed)"
        rf"|kick(?:s|ed)?\s+off))\s+(?:(?:in|on|at|during)\s+)?(?P<a>{_POINT})"
    ),
    re.compile(rf"(?i:\bsince)\s+(?P<a>{_POINT})"),
    re.compile(rf"(?i:\bfrom)\s+(?P<a>{_POINT})\s+(?i:onwards?)"),
)
_END_RES = (
    re.compile(
        r"(?i:\b(?:end(?:s|ed)?|finish(?:es|ed)?|conclud(?:es|ed)|complet(?:es|ed)|close[sd]?"
        r"|(?:run(?:s|ning)?|last(?:s|ing)?|continu(?:es|ing))\s+until|until|till))"
        rf"\s+(?:(?:by|in|on|at)\s+)*(?P<b>{_POINT})"
    ),
)
_DURATION_RES = (
    re.compile(
        r"(?i:\b(?:last(?:s|ing)?|run(?:s|ning)?|continu(?:es|ing))\s+(?:for\s+)?"
        rf"(?:about\s+|approximately\s+|around\s+)?(?P<n>{_NUM})\s+(?P<u>years?|months?))\b"
    ),
    re.compile(rf"(?i:\bduring\s+(?:the|its)\s+first\s+(?P<n>{_NUM})\s+(?P<u>years?|months?))\b"),
    re.compile(rf"(?i:\b(?P<n>{_NUM})-(?P<u>year|month)\s+(?:project|programme|period))\b"),
)
_CUE_RE = re.compile(
    r"(?i:\b(?:start\w*|began|begin\w*|launch\w*|commenc\w*|since|until|till|ends?|ended"
    r"|end of|finish\w*|complet\w*|conclud\w*|last(?:s|ing)?|run(?:s|ning)?|continu\w*"
    r"|schedule\w*|duration|period|time ?frame)\b|\bfrom\b.*\b(?:to|until|till)\b)"
)
_DATEISH_RE = re.compile(
    rf"{_YEAR}|\b{_MONTHS}(?!\w)|(?i:\b(?:spring|summer|autumn|fall|winter)\b)"
    rf"|\b\d{{1,2}}(?:st|nd|rd|th)\b"
    rf"|(?i:\b(?:{_NUM}|few|several|couple of)\s+(?:years?|months?|weeks?)\b)"
)
_SEASONS = {
    "spring": ((3, 1), (5, 31)),
    "summer": ((6, 1), (8, 31)),
    "autumn": ((9, 1), (11, 30)),
    "fall": ((9, 1), (11, 30)),
}

_date_parser: DateDataParser | None = None


def _parser() -> DateDataParser:
    # Built once: dateparser loads its language data on first use.
    global _date_parser
    if _date_parser is None:
        _date_parser = DateDataParser(
            languages=["en", "fi"],
            settings={
                "PREFER_DAY_OF_MONTH": "first",
                "REQUIRE_PARTS": ["year"],
                "PARSERS": ["absolute-time"],  # "a year" must not become "a year ago"
                "DATE_ORDER": "DMY",  # 1.10.2019 is 1 October in Finland
                "RELATIVE_BASE": datetime(2000, 1, 1),
            },
        )
    return _date_parser


@dataclass(frozen=True)
class _Point:
    first: date
    last: date
    precision: Precision


def _last_day(year: int, month: int) -> date:
    return date(year, month, calendar.monthrange(year, month)[1])


def _add_months(d: date, months: int) -> date:
    year, month0 = divmod(d.month - 1 + months, 12)
    year += d.year
    return date(year, month0 + 1, min(d.day, calendar.monthrange(year, month0 + 1)[1]))


def _parse_point(text: str, warnings: list[str], sentence: str) -> _Point | None:
    phrase = re.sub(r"^the\s+", "", text.strip(), flags=re.I)
    m = re.fullmatch(r"(?i:(spring|summer|autumn|fall|winter))\s+(?:of\s+)?(\d{4})", phrase)
    if m:
        season, year = m.group(1).lower(), int(m.group(2))
        if season == "winter":
            warnings.append(
                f"period: read 'winter {year}' as Dec {year} - Feb {year + 1}: {sentence!r}"
            )
            return _Point(date(year, 12, 1), _last_day(year + 1, 2), "season")
        (m1, d1), (m2, d2) = _SEASONS[season]
        return _Point(date(year, m1, d1), date(year, m2, d2), "season")
    m = re.fullmatch(r"(?i:(beginning|start|end|turn))\s+of\s+(?:the\s+year\s+)?(\d{4})", phrase)
    if m:
        year = int(m.group(2))
        edge = (
            date(year, 1, 1) if m.group(1).lower() in {"beginning", "start"} else date(year, 12, 31)
        )
        return _Point(edge, edge, "year")
    if re.fullmatch(_YEAR, phrase):
        year = int(phrase)
        return _Point(date(year, 1, 1), date(year, 12, 31), "year")
    data = _parser().get_date_data(phrase)
    if data.date_obj is None:
        warnings.append(f"period: could not parse date {phrase!r} in {sentence!r}")
        return None
    d = data.date_obj.date()
    if data.period == "day":
        return _Point(d, d, "day")
    if data.period == "month":
        return _Point(d.replace(day=1), _last_day(d.year, d.month), "month")
    return _Point(date(d.year, 1, 1), date(d.year, 12, 31), "year")


def parse_date_phrase(text: str) -> tuple[date, date, Precision] | None:
    """First and last day of a date phrase ("2022-09", "autumn 2022", "1 October 2019",
    "the end of 2026") and its precision; None when not understood."""
    phrase = text.strip()
    m = re.fullmatch(r"(\d{4})-(\d{2})", phrase)
    if m:
        year, month = int(m.group(1)), int(m.group(2))
        return (date(year, month, 1), _last_day(year, month), "month") if 1 <= month <= 12 else None
    point = _parse_point(phrase, [], phrase)
    return (point.first, point.last, point.precision) if point else None


@dataclass
class _Period:
    start: _Point | None = None
    end: _Point | None = None
    start_precision: Precision | None = None
    end_precision: Precision | None = None
    start_date: date | None = None
    end_date: date | None = None
    text: list[str] = field(default_factory=list)


def _duration_months(m: re.Match[str]) -> int:
    n = m["n"].lower()
    count = int(n) if n.isdigit() else _NUMBER_WORDS[n]
    return count * 12 if m["u"].lower().startswith("year") else count


def _find_period(sentences: list[str]) -> tuple[_Period, list[str]]:
    warnings: list[str] = []
    period = _Period()
    ranges: list[tuple[_Point, _Point, str]] = []
    starts: list[tuple[_Point, str]] = []
    ends: list[tuple[_Point, str]] = []
    durations: list[tuple[int, str]] = []
    for sentence in sentences:
        if not (_CUE_RE.search(sentence) and _DATEISH_RE.search(sentence)):
            continue
        before = len(warnings)
        understood = False
        for pattern in _RANGE_RES:
            for m in pattern.finditer(sentence):
                a = _parse_point(m["a"], warnings, sentence)
                b = _parse_point(m["b"], warnings, sentence)
                if a and b:
                    ranges.append((a, b, sentence))
                elif a:  # keep the half that was read; the other is already a warning
                    starts.append((a, sentence))
                elif b:
                    ends.append((b, sentence))
                understood = understood or bool(a or b)
        for pattern in _START_RES:
            for m in pattern.finditer(sentence):
                point = _parse_point(m["a"], warnings, sentence)
                if point:
                    starts.append((point, sentence))
                    understood = True
        for pattern in _END_RES:
            for m in pattern.finditer(sentence):
                point = _parse_point(m["b"], warnings, sentence)
                if point:
                    ends.append((point, sentence))
                    understood = True
        for pattern in _DURATION_RES:
            for m in pattern.finditer(sentence):
                durations.append((_duration_months(m), sentence))
                understood = True
        if not understood and len(warnings) == before:
            warnings.append(f"period: could not parse date phrase in {sentence!r}")

    if ranges:
        a, b, sentence = ranges[0]
        period.start, period.end = a, b
        period.text.append(sentence)
    else:
        if starts:
            period.start = starts[0][0]
            period.text.append(starts[0][1])
        if ends:
            period.end = ends[0][0]
            if ends[0][1] not in period.text:
                period.text.append(ends[0][1])
    # Only the first date of each kind is used; a different one is worth a look.
    for side, found, kept in (("start", starts, period.start), ("end", ends, period.end)):
        for point, sentence in found if ranges else found[1:]:
            if kept is not None and point != kept:
                warnings.append(f"period: ignored a second {side} date in {sentence!r}")
    if period.start:
        period.start_date, period.start_precision = period.start.first, period.start.precision
    if period.end:
        period.end_date, period.end_precision = period.end.last, period.end.precision
    if durations and (period.start is None) != (period.end is None):
        months, sentence = durations[0]
        if sentence not in period.text:
            period.text.append(sentence)
        if period.start is not None:
            period.end_date = _add_months(period.start.first, months) - timedelta(days=1)
            period.end_precision = period.start.precision
        elif period.end is not None:
            period.start_date = _add_months(period.end.last + timedelta(days=1), -months)
            period.start_precision = period.end.precision
    elif durations and period.start is None and period.end is None:
        warnings.append(f"period: a duration but no date to anchor it in {durations[0][1]!r}")
    if period.start_date is None and period.end_date is None:
        warnings.append("period: no start or end date stated on the page")
    return period, warnings


def _coarsest(*precisions: Precision | None) -> Precision | None:
    present = [p for p in precisions if p is not None]
    return max(present, key=PRECISION_ORDER.index) if present else None


def _status(start: date | None, end: date | None, build_date: date) -> Status:
    if start is not None and start > build_date:
        return "planned"
    if end is not None and end < build_date:
        return "ended"
    if start is not None or end is not None:
        return "ongoing"
    return "unknown"


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


def _merge_trailing(segments: list[_Segment]) -> list[_Segment]:
    """Glue a contact-less segment to the project before it when it names that project."""
    out: list[_Segment] = []
    for seg in segments:
        if (
            out
            and not seg.has_contact_header
            and seg.heading is None
            and seg.level == out[-1].level
        ):
            prev = out[-1]
            prev_prose, _ = _body_text(prev, {})
            if _mentions(" ".join(seg.body), _find_title(prev, prev_prose)):
                prev.body.extend(seg.body)
                prev.files.extend(seg.files)
                continue
        out.append(seg)
    return out


def _build_project(
    seg: _Segment, source_file: str, build_date: date, urls: Mapping[str, str]
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
    fundings, funding_warnings = _find_fundings(sentences)
    warnings += funding_warnings
    period, period_warnings = _find_period(sentences)
    warnings += period_warnings
    if seg.level is None:
        warnings.append("level: project appears before any section heading")

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
        period_precision=_coarsest(period.start_precision, period.end_precision),
        period_text=" ".join(period.text) or None,
        status=_status(period.start_date, period.end_date, build_date),
        contacts=contacts,
        links=links,
        files=files,
        warnings=warnings,
        first_line=seg.first_line,
    )


def extract_projects_from_text(
    text: str,
    source_file: str,
    build_date: date,
    link_urls: Mapping[str, str] | None = None,
) -> list[ExtractedProject]:
    """Extract the projects of a page in its text form.

    `link_urls` maps link text to URL (from `html_to_text`); the plain-text form
    has none, so its links keep url None unless the text is a host name.
    Lines before the first section heading are the page title and intro; they
    are kept out unless they hold a contact block (then level is None, warned).
    """
    urls = link_urls or {}
    segments = [s for s in _segment(text) if s.level is not None or s.has_contact_header]
    projects = [
        _build_project(seg, source_file, build_date, urls) for seg in _merge_trailing(segments)
    ]
    seen: Counter[str] = Counter()
    for project in projects:
        seen[project.key] += 1
        if seen[project.key] > 1:
            # Keys must be unique; a clash means two projects got the same name.
            new_key = f"{project.key}-{seen[project.key]}"
            project.warnings.append(f"title: key {project.key!r} already used; renamed {new_key!r}")
            project.key = new_key
    return projects
