"""A project's fields from its segment of the page: its title (a heading, a link naming it,
"the X project", an opening phrase), acronym and full name, sentences, coordinator and
partners, funders (prose and logo lines). Money and periods have modules of their own
(pipelines/projects/money.py, periods.py)."""

import re
import unicodedata
from collections import Counter
from collections.abc import Mapping
from dataclasses import dataclass

from pipelines.projects.funders import find_funders, read_logo_line
from pipelines.projects.links import Link, infer_url, inline_links, link_text, standalone_link
from pipelines.projects.organizations import (
    Organization,
    OrgRole,
    OrgType,
    normalize_org,
    split_org_list,
)
from pipelines.projects.page_layout import EMAIL_RE, Segment, is_bullet, unbullet
from pipelines.projects.page_text import words_of
from pipelines.projects.periods import (
    NUMBER_WORDS,
)


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
_NOT_NAMES = words_of(
    "EU The This That These Espoo Espoo's Espoo’s City European National "
    "International New Joint Each Our Pilot Development"
)
_SENTENCE_START_STOP = words_of(
    "The This These Those That In It Its Our We When As For A An Their Further During "
    "Together Key Increasingly Solutions Developing There Here"
)
_ACRONYM_RE = re.compile(r"^(?P<full>.+?)\s*\((?P<acr>[^()]+)\)$")
_SHORT_FOR_RE = re.compile(r"\(short for [‘'\"“](?P<full>[^’'\"”]+)[’'\"”]")


@dataclass(frozen=True)
class Title:
    title: str
    basis: str
    acronym: str | None = None
    full_name: str | None = None


def find_title(seg: Segment, prose: list[str]) -> Title:
    if seg.heading:
        m = _ACRONYM_RE.match(seg.heading)
        # "Trust-M (TM)" spells an acronym; "(Tikkurilan osaamiskampus)" is another name.
        if m and " " not in m["acr"].strip():
            return Title(seg.heading, "heading", m["acr"], m["full"])
        return Title(seg.heading, "heading")

    # 1. A link line standing on its own that names the project: its text recurs
    #    elsewhere in the project ("Project Manager for FAIR EDIH"), or it spells
    #    out an acronym ("Kansallinen Metaversumi verkosto (FINverse)").
    link_lines = [ln for ln in seg.body if standalone_link(ln)]
    link_lines += [
        ln
        for ln in seg.contact
        if standalone_link(ln) or (is_bullet(ln) and not EMAIL_RE.search(ln))
    ]
    for line in link_lines:
        text = link_text(line)
        if not text or not text[0].isupper():
            continue
        m = _ACRONYM_RE.match(text)
        if m and " " not in m["acr"]:
            return Title(m["acr"], "link naming an acronym", m["acr"], m["full"])
        others = "\n".join(ln for ln in seg.all_lines() if ln != line)
        if re.search(rf"(?<!\w){re.escape(text)}(?!\w)", others):
            return Title(text, "link named again in the project")

    # 2. "the SPARCS project", "project called UserCentriCities", "Trust-M is a
    #    partnership": the most frequent name wins, the first seen on a tie.
    counts: Counter[str] = Counter()
    for sentence in split_sentences(" ".join(prose)):
        for pattern in _NAMED_PROJECT_RES:
            for m in pattern.finditer(sentence):
                if m.group(1) not in _NOT_NAMES:
                    counts[m.group(1)] += 1
    if counts:
        name = counts.most_common(1)[0][0]
        return Title(name, "named as a project in the text")

    # 3. A two-word phrase that opens two or more sentences ("Impact leadership is ...").
    starts: Counter[str] = Counter()
    for sentence in split_sentences(" ".join(prose)):
        m = re.match(r"([A-ZÄÖÅ][a-zäöå]+ [a-zäöå-]+)\b", sentence)
        if m and m.group(1).split()[0] not in _SENTENCE_START_STOP:
            starts[m.group(1)] += 1
    if starts and starts.most_common(1)[0][1] >= 2:
        return Title(starts.most_common(1)[0][0], "phrase opening several sentences")

    opening = " ".join((prose[0] if prose else "untitled project").split()[:6]).rstrip(".,")
    return Title(opening, "opening words (no name found)")


def acronym_and_full_name(title: Title, prose: str) -> tuple[str | None, str | None]:
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


_ABBREVIATIONS = ("e.g.", "i.e.", "etc.", "approx.", "incl.", "Dr.", "Mr.", "Ms.", "no.", "vs.")


def split_sentences(text: str) -> list[str]:
    parts = re.split(r"(?<=[.!?])\s+(?=\S)", text)
    out: list[str] = []
    for part in parts:
        if out and out[-1].endswith(_ABBREVIATIONS):
            out[-1] += " " + part
        else:
            out.append(part)
    return [p.strip() for p in out if p.strip()]


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


def find_organizations(
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


def body_text(seg: Segment, urls: Mapping[str, str]) -> tuple[list[str], list[Link]]:
    """Description lines (markers stripped, link-only lines left out) and body links."""
    lines: list[str] = []
    links: list[Link] = []
    for line in seg.body:
        if standalone_link(line):
            title = link_text(line)
            links.append(Link(title, urls.get(title) or infer_url(title)))
            continue
        text, inline = inline_links(line, urls)
        links.extend(inline)
        lines.append(text)
    return lines, links


def mentions(text: str, title: Title) -> bool:
    names = {title.title, title.acronym} - {None}
    return any(re.search(rf"(?<!\w){re.escape(n)}(?!\w)", text) for n in names if n)


def title_of(seg: Segment) -> Title:
    prose, _ = body_text(seg, {})
    return find_title(seg, [unbullet(ln) for ln in prose])


def with_funders(sentences: list[str], logos: list[str], partners: list[Organization]
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
