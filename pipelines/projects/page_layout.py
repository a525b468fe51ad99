"""The layout of a project page in its text form: what each line is (prose, a heading by its
shape, a bullet, a caption, a contact or marker line) and the segments the page splits into
(a heading, body lines, a contact block, files, logo lines), with what the structure leaves
outside every project. No project's fields are read here (pipelines/projects/fields.py)."""

import re
import unicodedata
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Literal

import phonenumbers

from pipelines.projects.markers import (
    CONTACT_HEADER_RE,
    CONTACT_INLINE_RE,
    FILES_HEADER_RE,
    LOGO_LINE_RE,
    PAGE_TITLE_WORDS_RE,
    Level,
    section_level,
)

_BULLET_RE = re.compile(r"^[-•*–]\s+")
MARKER_RE = re.compile(r"\s?\(external link, opens in a new window\)", re.I)
EMAIL_RE = re.compile(r"[A-Za-z0-9._%+-]+@[A-Za-z0-9-]+(?:\.[A-Za-z0-9-]+)*\.[A-Za-z]{2,}")
# An address as pages write it: whole, obfuscated ("name(at)espoo.fi") or cut short
# ("name(at)", "name@espoo"); whole ones are also matched by EMAIL_RE.
ADDRESS_RE = re.compile(
    r"(?P<local>[A-Za-z0-9._%+-]*[A-Za-z0-9])\s*(?P<at>@|\((?:at|a)\)|\[(?:at|a)\]|\{at\})"
    r"\s*(?P<domain>[A-Za-z0-9-]+(?:\.[A-Za-z0-9-]+)*)?",
    re.I,
)
PHONE_LABEL_RE = re.compile(r"\b(?:tel|puh|phone|mobile|gsm)\b\.?:?", re.I)
SENTENCE_END_RE = re.compile(r"[.!?]$|[.!?]\s")

# A prose line has at least this many words and a sentence end.
_PROSE_MIN_WORDS = 8
# A contact line (name, job title) has at most this many words.
_SHORT_MAX_WORDS = 8
# A heading has at most this many words (Swedish and Finnish titles run long).
_HEADING_MAX_WORDS = 14


def clean_line(line: str) -> str:
    line = unicodedata.normalize("NFC", line).replace("\u00a0", " ").replace("\u200b", "")
    line = " ".join(line.split())
    return _BULLET_RE.sub("- ", line)


def is_bullet(line: str) -> bool:
    return line.startswith("- ")


def unbullet(line: str) -> str:
    return line[2:] if is_bullet(line) else line


def word_count(line: str) -> int:
    return len(line.split())


def is_prose(line: str | None) -> bool:
    if line is None or is_bullet(line):
        return False
    return word_count(line) >= _PROSE_MIN_WORDS and bool(SENTENCE_END_RE.search(line))


def _reads_as_text(line: str | None) -> bool:
    """Prose, or a short paragraph of whole sentences ("Suunnitelmat valmiit. Rakentaminen
    2018-19.") as the text under a heading is."""
    if line is None or is_bullet(line):
        return False
    return is_prose(line) or (word_count(line) >= 4 and line.endswith((".", "!", "?")))


def has_phone(line: str) -> bool:
    if re.search(r"\b(?:tel|puh|phone|mobile|gsm)\b", line, re.I):
        return True
    return any(True for _ in phonenumbers.PhoneNumberMatcher(line, "FI"))


def is_marker_line(line: str) -> bool:
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
        not is_bullet(line)
        and not _CAPTION_RE.match(line)
        and not _DATE_LINE_RE.match(line)
        and word_count(line) <= _HEADING_MAX_WORDS
        and not line.endswith((".", ":", ";", ",", "!", "?"))
        and not re.search(r"[.!?]\s", line)
        and not ADDRESS_RE.search(line)
        and not MARKER_RE.search(line)
        and not is_marker_line(line)
    )


def _is_title_line(line: str, nxt: str | None) -> bool:
    """A heading by its shape: a short line without a final full stop, followed by text."""
    return _heading_shaped(line) and _reads_as_text(nxt)


def _is_page_title(line: str, nxt: str | None) -> bool:
    """The page's own name on its first line: followed by no text, a word or two ("Hankkeet",
    "Vantaa"), or naming a list of projects ("Ongoing development")."""
    if is_prose(line) or ADDRESS_RE.search(line) or is_marker_line(line):
        return False
    return (
        not _reads_as_text(nxt)
        or word_count(line) <= 2
        or bool(PAGE_TITLE_WORDS_RE.search(line))
    )


def _continues_contact(line: str, nxt: str | None) -> bool:
    if is_bullet(line) or ADDRESS_RE.search(line) or MARKER_RE.search(line):
        return True
    if is_prose(line):
        return False  # even with a number in it: the next project has begun
    if has_phone(line):
        return True
    if _is_title_line(line, nxt):
        return False
    # Unbulleted blocks put name and job title on lines of their own.
    return word_count(line) <= _SHORT_MAX_WORDS and not line.endswith(".")


@dataclass
class Segment:
    level: Level | None
    first_line: int
    heading: str | None = None
    body: list[str] = field(default_factory=list)
    contact: list[str] = field(default_factory=list)
    files: list[str] = field(default_factory=list)
    logos: list[str] = field(default_factory=list)  # the lists of "Logos: ..." lines
    captions: list[str] = field(default_factory=list)  # a picture's caption or alt text
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
class Layout:
    segments: list[Segment]
    page_title: str | None
    notes: list[str]  # what the page's structure says about lines that are no project's


_CONTENT_WORD = re.compile(r"[^\W\d_]{4,}")


def _content_words(line: str) -> set[str]:
    return {word.casefold() for word in _CONTENT_WORD.findall(line)}


def heading_runs(lines: list[str], skip: set[int]) -> dict[int, str]:
    """Runs of two or more heading-shaped lines (logo lines among them) right before a
    project's text: which line is the heading and what the others are.

    A picture sits between a project's heading and its text, and in a page's text form its
    caption or alt text is a short line of its own ("Cyclists in Nuuksio"): two short lines,
    then the text. Of such a run the heading is the line that shares the most words with the
    text that follows (the first on a tie: the picture comes after the heading), the lines
    after it are captions, and the lines before it headings above the project's (a section).
    Returns line index -> "heading", "caption" or "above"."""
    roles: dict[int, str] = {}
    run: list[int] = []
    for index, line in enumerate(lines):
        if not line or index in skip:
            continue
        if LOGO_LINE_RE.match(line):
            continue  # a row of logos may sit in the run: it stays the project's
        if _heading_shaped(line) and not is_prose(line):
            run.append(index)
            continue
        if len(run) >= 2 and _reads_as_text(line):
            text = _content_words(line)
            overlap = [len(_content_words(lines[at]) & text) for at in run]
            title = run[overlap.index(max(overlap))]
            for at in run:
                roles[at] = ("heading" if at == title else "caption" if at > title
                             else "above")
        run = []
    return roles


def segment_page(text: str, html_headings: Mapping[int, int] | None = None) -> Layout:
    """Split the page into segments: a heading (HTML <h2>-<h6>, or a line shaped like one),
    body lines, a contact block (closed by a blank line or by text), files, logo lines."""
    lines = [clean_line(raw) for raw in text.splitlines()]
    segments: list[Segment] = []
    notes: list[str] = []
    level: Level | None = None
    seg: Segment | None = None

    def next_nonblank(i: int) -> str | None:
        return next((ln for ln in lines[i + 1 :] if ln), None)

    def is_heading(i: int, line: str, nxt: str | None) -> bool:
        if html_headings is not None:
            return html_headings.get(i, 0) >= 2 and not is_marker_line(line)
        return runs.get(i) == "heading" or (i not in runs and _is_title_line(line, nxt))

    first = next((i for i, ln in enumerate(lines) if ln), None)
    page_title = None
    if first is not None and (
        (html_headings or {}).get(first) == 1
        or (html_headings is None and _is_page_title(lines[first], next_nonblank(first)))
    ):
        page_title = lines[first]

    # The text form only: HTML says which lines are headings.
    runs = heading_runs(lines, {first} if page_title is not None else set()) if (
        html_headings is None) else {}
    i = 0
    while i < len(lines):
        line = lines[i]
        if runs.get(i) in ("caption", "above"):
            if runs[i] == "caption" and seg is not None:
                seg.captions.append(line)
            else:
                notes.append(f"line {i + 1}: a heading above the project's: {line!r}")
            i += 1
            continue
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
            seg = Segment(level=level, first_line=i + 1, heading=line, last_line=i + 1)
            segments.append(seg)
            i += 1
            continue
        if seg is None or seg.closed:
            seg = Segment(level=level, first_line=i + 1)
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
            if not is_bullet(line):
                seg.closed = True
                continue
            seg.files.append(line)
        else:
            seg.body.append(line)
        i += 1
    return Layout(segments, page_title, notes)


def truncation(text: str) -> str | None:
    """The page's last line when it stops mid-sentence: the saved page may be cut short."""
    lines = [clean_line(raw) for raw in text.splitlines() if raw.strip()]
    if not lines:
        return None
    last = lines[-1]
    if (
        last.endswith((".", "!", "?", ")", "”", '"', "»", ":"))
        or ADDRESS_RE.search(last)
        or MARKER_RE.search(last)
        or has_phone(last)
        or is_bullet(last)
        or is_marker_line(last)
    ):
        return None
    return last
