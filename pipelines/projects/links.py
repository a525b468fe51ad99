"""Links and downloadable files of a project: link lines, links inside prose (the text form
marks where a link ends, not where it starts), bare host names as URLs, file lists with
their language notes."""

import re
from collections.abc import Mapping
from dataclasses import dataclass

from pipelines.projects.page_layout import MARKER_RE, SENTENCE_END_RE, unbullet, word_count


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


def link_text(line: str) -> str:
    return MARKER_RE.sub("", unbullet(line)).strip()


def standalone_link(line: str) -> bool:
    """A line that is only a link, e.g. "FAIR EDIH(external link, ...)"."""
    body = unbullet(line)
    m = MARKER_RE.search(body)
    if m is None or body[m.end() :].strip():
        return False
    before = body[: m.start()].strip()
    # "... Tampere University. trustmproject.aalto.fi(...)" is a link inside prose.
    return bool(before) and word_count(before) <= 12 and not SENTENCE_END_RE.search(before + " ")


def infer_url(title: str) -> str | None:
    """A bare host name as link text ("trustmproject.aalto.fi") is its own URL."""
    if re.fullmatch(r"(?:https?://)?[\w-]+(?:\.[\w-]+)+(?:/\S*)?", title):
        return title if title.startswith("http") else f"https://{title}"
    return None


def inline_links(line: str, urls: Mapping[str, str]) -> tuple[str, list[Link]]:
    """Strip link markers from a prose line; name each marked link.

    The text form does not show where a link starts: take the HTML anchor text
    that ends there when known, else the host name or capitalised run before it.
    """
    links: list[Link] = []
    for m in MARKER_RE.finditer(line):
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
            links.append(Link(title, urls.get(title) or infer_url(title)))
    return MARKER_RE.sub("", line), links


_FILE_RE = re.compile(
    r"^(?P<name>.+?\.(?:pdf|docx?|xlsx?|pptx?|odt|ods|odp|csv|txt|zip))(?P<note>.*)$", re.I
)

_LANGUAGES = {"finnish": "fi", "swedish": "sv", "english": "en", "suomeksi": "fi"}


def parse_files(lines: list[str], urls: Mapping[str, str]) -> tuple[list[FileRef], list[str]]:
    files: list[FileRef] = []
    warnings: list[str] = []
    for line in lines:
        body = MARKER_RE.sub("", unbullet(line)).strip()
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
