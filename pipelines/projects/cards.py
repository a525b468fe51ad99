"""Project cards: hand-kept Markdown files that complete and correct the page.

A card is Markdown with YAML front matter, one project per file:

    ---
    project_key: hytedata-2-0        # required; must be a key the page yields
    acronym: HyteData                # any of CARD_FIELDS overrides the page
    indicators:                      # card only: indicators the project aims to move
      - code: sotkanet:3219
        target_area: KU049
        target_group: total.17-24.total   # sex.age_group.language_group
    ---
    Free text notes (kept as `notes`).

A card field wins over the extracted one, whole (a card's `partners` replaces the
page's list). The merged project records where each field came from, `page` or
`card:<file name>`. Page warnings about a field the card supplies move to
`resolved_warnings`. A card with invalid YAML, an unknown field, a bad value or
a project key the page does not have raises `CardError` naming the file.
"""

import re
from collections.abc import Collection, Iterable, Mapping
from dataclasses import dataclass, field, fields
from datetime import date, datetime
from pathlib import Path
from typing import Any, get_args

import frontmatter
import phonenumbers
import yaml
from email_validator import EmailNotValidError, validate_email

from pipelines.ingest import limits
from pipelines.ingest.errors import SourceFormatError
from pipelines.projects.organizations import (
    ORG_ROLES,
    ORG_TYPES,
    Organization,
    OrgRole,
    normalize_org,
    org_type_for,
)
from pipelines.projects.pages import (
    Contact,
    ExtractedProject,
    FileRef,
    Funding,
    FundingBound,
    Level,
    Link,
    Precision,
    parse_date_phrase,
)

__all__ = [
    "CARD_FIELDS",
    "CardError",
    "IndicatorTarget",
    "MergedProject",
    "ProjectCard",
    "merge_card",
    "merge_projects",
    "read_card",
    "read_cards",
]

# Extracted fields a card may set. Everything else in a card is an error, so a
# typo ("acronyn") cannot be silently ignored.
CARD_FIELDS: tuple[str, ...] = (
    "title",
    "acronym",
    "full_name",
    "level",
    "summary",
    "description",
    "coordinator",
    "partners",
    "fundings",
    "start_date",
    "end_date",
    "period_precision",
    "contacts",
    "links",
    "files",
)
_CARD_ONLY = ("project_key", "indicators")

# Warning prefix (see project_pages) -> the fields that settle it.
_WARNING_FIELDS: dict[str, frozenset[str]] = {
    "title": frozenset({"title"}),
    "level": frozenset({"level"}),
    "period": frozenset({"start_date", "end_date"}),
    "contacts": frozenset({"contacts"}),
    "funding": frozenset({"fundings"}),
    "partners": frozenset({"partners", "coordinator"}),
    "files": frozenset({"files"}),
    "links": frozenset({"links"}),
}

_INDICATOR_CODE_RE = re.compile(r"^[a-z][a-z0-9_]*:[A-Za-z0-9_.-]+$")
# Statistics Finland style: SSS whole country, else a level prefix and a number
# (KU049 municipality, HVA03 wellbeing services county, MK01 region, SK... sub-region).
_AREA_CODE_RE = re.compile(r"^(?:SSS|[A-Z]{2,5}\d{1,3})$")
_SEXES = frozenset({"total", "male", "female"})
_AGE_GROUP_RE = re.compile(r"^(?:total|\d+-\d+|\d+\+|\d+)$")
_LANGUAGE_GROUP_RE = re.compile(r"^[a-z][a-z_]*$")
DEFAULT_TARGET_GROUP = "total.total.total"


class CardError(SourceFormatError):
    """A project card that cannot be used: names the file (and the line for bad YAML)."""


@dataclass(frozen=True)
class IndicatorTarget:
    code: str  # "source:id", e.g. "sotkanet:3219"
    target_area: str  # "KU049", "HVA03", "SSS"
    target_group: str = DEFAULT_TARGET_GROUP  # "sex.age_group.language_group"


@dataclass
class ProjectCard:
    project_key: str
    path: Path
    values: dict[str, Any]  # CARD_FIELDS given, converted to the extracted types
    indicators: list[IndicatorTarget] = field(default_factory=list)
    notes: str = ""
    # Precision of card dates when the card gives no period_precision ("2022-09" -> month).
    date_precisions: dict[str, Precision] = field(default_factory=dict)

    @property
    def source(self) -> str:
        return f"card:{self.path.name}"


@dataclass
class MergedProject(ExtractedProject):
    indicators: list[IndicatorTarget] = field(default_factory=list)
    notes: str = ""
    card_file: str | None = None
    field_sources: dict[str, str] = field(default_factory=dict)  # field -> page | card:<file>
    resolved_warnings: list[str] = field(default_factory=list)  # page warnings a card settled


# ---------------------------------------------------------------------------
# Reading


def read_card(path: Path) -> ProjectCard:
    """Read and validate one card (the project key is checked by `read_cards`)."""
    path = Path(path)
    text = limits.read_text(path, limits.MAX_TEXT_BYTES)
    handler = frontmatter.default_handlers.YAMLHandler()
    if not handler.detect(text):
        raise CardError(path, 1, "no YAML front matter (the file must start with '---')")
    try:
        raw_front, body = handler.split(text)
        limits.compose_yaml(path, raw_front, first_line=2)  # nesting and aliases bounded
        meta = yaml.safe_load(raw_front)
    except (yaml.YAMLError, ValueError) as exc:
        mark = getattr(exc, "problem_mark", None)
        # The front matter text starts on the file's first line, after "---".
        line = mark.line + 1 if mark is not None else None
        raise CardError(path, line, f"invalid YAML front matter: {exc}") from exc
    if not isinstance(meta, dict):
        raise CardError(path, None, f"front matter must be a mapping of fields, got {meta!r}")
    unknown = sorted(set(map(str, meta)) - set(CARD_FIELDS) - set(_CARD_ONLY))
    if unknown:
        raise CardError(
            path,
            None,
            f"unknown field(s) {', '.join(unknown)}; allowed: "
            f"{', '.join(_CARD_ONLY + CARD_FIELDS)}",
        )
    key = meta.get("project_key")
    if not isinstance(key, str) or not key.strip():
        raise CardError(path, None, "project_key is missing or not a string")

    values: dict[str, Any] = {}
    precisions: dict[str, Precision] = {}
    try:
        for name in CARD_FIELDS:
            if name not in meta:
                continue
            if name in {"start_date", "end_date"}:
                values[name], precisions[name] = _card_date(meta[name], name)
            else:
                values[name] = _CONVERTERS[name](meta[name])
        indicators = [_indicator(item) for item in _as_list(meta.get("indicators") or [])]
    except (TypeError, ValueError) as exc:
        raise CardError(path, None, str(exc)) from exc
    return ProjectCard(key.strip(), path, values, indicators, body.strip(), precisions)


def read_cards(cards_dir: Path, known_keys: Collection[str]) -> dict[str, ProjectCard]:
    """Read every `*.md` card in a folder; a key the page lacks is an error."""
    cards: dict[str, ProjectCard] = {}
    for path in sorted(Path(cards_dir).glob("*.md")):
        card = read_card(path)
        if card.project_key not in known_keys:
            raise _unknown_key(card, known_keys)
        if card.project_key in cards:
            raise CardError(
                path,
                None,
                f"project_key {card.project_key!r} already has a card, "
                f"{cards[card.project_key].path.name}",
            )
        cards[card.project_key] = card
    return cards


def _unknown_key(card: ProjectCard, known_keys: Collection[str]) -> CardError:
    return CardError(
        card.path,
        None,
        f"unknown project_key {card.project_key!r}; the page has {', '.join(sorted(known_keys))}",
    )


# ---------------------------------------------------------------------------
# Field converters (raise ValueError / TypeError with a message naming the field)


def _as_list(value: Any) -> list[Any]:
    if not isinstance(value, list):
        raise TypeError(f"expected a list, got {value!r}")
    return value


def _as_mapping(value: Any, what: str, allowed: Iterable[str]) -> dict[str, Any]:
    if not isinstance(value, dict):
        raise TypeError(f"{what}: expected a mapping, got {value!r}")
    extra = sorted(set(value) - set(allowed))
    if extra:
        raise ValueError(f"{what}: unknown key(s) {', '.join(map(str, extra))} in {value!r}")
    return value


def _text(name: str) -> Any:
    def convert(value: Any) -> str:
        if not isinstance(value, str) or not value.strip():
            raise ValueError(f"{name} must be a non-empty string, got {value!r}")
        return value.strip()

    return convert


def _optional_text(value: Any, what: str) -> str | None:
    if value is None:
        return None
    if not isinstance(value, str):
        raise TypeError(f"{what} must be a string, got {value!r}")
    return value.strip() or None


def _level(value: Any) -> Level:
    if value not in get_args(Level):
        raise ValueError(f"level must be one of {', '.join(get_args(Level))}, got {value!r}")
    return value


def _precision(value: Any) -> Precision:
    if value not in get_args(Precision):
        raise ValueError(
            f"period_precision must be one of {', '.join(get_args(Precision))}, got {value!r}"
        )
    return value


def _card_date(value: Any, name: str) -> tuple[date | None, Precision]:
    """YAML date, "YYYY-MM-DD", "YYYY-MM", YYYY or a phrase ("autumn 2022")."""
    if value is None:
        return None, "day"  # a card may clear a date the page got wrong
    if isinstance(value, datetime):
        return value.date(), "day"
    if isinstance(value, date):
        return value, "day"
    parsed = parse_date_phrase(str(value))
    if parsed is None:
        raise ValueError(f"{name}: cannot read {value!r} as a date")
    first, last, precision = parsed
    # Same convention as the page: a start is its unit's first day, an end its last.
    return (first if name == "start_date" else last), precision


def _organization(value: Any, default_role: OrgRole) -> Organization:
    if isinstance(value, str):
        org = normalize_org(value, default_role)
        if org is None:
            raise ValueError(f"empty organisation name {value!r}")
        return org
    item = _as_mapping(value, "organisation", ("name", "role", "type", "country"))
    name = _text("organisation name")(item.get("name"))
    role = item.get("role", default_role)
    if role not in ORG_ROLES:
        raise ValueError(f"organisation role must be one of {', '.join(ORG_ROLES)}, got {role!r}")
    org_type = item.get("type") or org_type_for(name)
    if org_type is not None and org_type not in ORG_TYPES:
        raise ValueError(
            f"organisation type must be one of {', '.join(ORG_TYPES)}, got {org_type!r}"
        )
    return Organization(name, role, org_type, _optional_text(item.get("country"), "country"))


def _coordinator(value: Any) -> Organization | None:
    if value is None:
        return None
    org = _organization(value, "coordinator")
    return Organization(org.name, "coordinator", org.type, org.country)


def _partners(value: Any) -> list[Organization]:
    return [_organization(v, "partner") for v in _as_list(value)]


def _fundings(value: Any) -> list[Funding]:
    out = []
    for item in _as_list(value):
        item = _as_mapping(item, "funding", ("amount_eur", "context", "bound", "funder"))
        amount = item.get("amount_eur")
        if not isinstance(amount, int) or isinstance(amount, bool) or amount < 0:
            raise ValueError(f"funding amount_eur must be a whole number of euros, got {amount!r}")
        bound = item.get("bound", "exact")
        if bound not in get_args(FundingBound):
            raise ValueError(f"funding bound must be one of {', '.join(get_args(FundingBound))}")
        context = _optional_text(item.get("context"), "funding context") or ""
        out.append(Funding(amount, context, bound, _optional_text(item.get("funder"), "funder")))
    return out


def _contacts(value: Any) -> list[Contact]:
    out = []
    for item in _as_list(value):
        item = _as_mapping(item, "contact", ("name", "job_title", "email", "phone"))
        email = _optional_text(item.get("email"), "contact email")
        if email:
            try:
                email = validate_email(email, check_deliverability=False).normalized
            except EmailNotValidError as exc:
                raise ValueError(f"contact email {email!r}: {exc}") from exc
        phone = _optional_text(str(item["phone"]) if item.get("phone") else None, "phone")
        if phone:
            try:
                number = phonenumbers.parse(phone, "FI")
            except phonenumbers.NumberParseException as exc:
                raise ValueError(f"contact phone {phone!r}: {exc}") from exc
            if not phonenumbers.is_valid_number(number):
                raise ValueError(f"contact phone {phone!r} is not a valid number")
            phone = phonenumbers.format_number(number, phonenumbers.PhoneNumberFormat.E164)
        out.append(
            Contact(
                _optional_text(item.get("name"), "contact name"),
                _optional_text(item.get("job_title"), "contact job_title"),
                email,
                phone,
            )
        )
    return out


def _links(value: Any) -> list[Link]:
    out = []
    for item in _as_list(value):
        if isinstance(item, str):
            out.append(Link(item.strip(), None))
            continue
        item = _as_mapping(item, "link", ("title", "url"))
        out.append(
            Link(
                _text("link title")(item.get("title")), _optional_text(item.get("url"), "link url")
            )
        )
    return out


def _files(value: Any) -> list[FileRef]:
    out = []
    for item in _as_list(value):
        item = _as_mapping(item, "file", ("name", "url", "note", "language"))
        out.append(
            FileRef(
                _text("file name")(item.get("name")),
                _optional_text(item.get("url"), "file url"),
                _optional_text(item.get("note"), "file note"),
                _optional_text(item.get("language"), "file language"),
            )
        )
    return out


def _indicator(value: Any) -> IndicatorTarget:
    item = _as_mapping(value, "indicator", ("code", "target_area", "target_group"))
    code = str(item.get("code", "")).strip()
    if not _INDICATOR_CODE_RE.match(code):
        raise ValueError(f"indicator code must look like 'sotkanet:3219', got {code!r}")
    area = str(item.get("target_area", "")).strip()
    if not _AREA_CODE_RE.match(area):
        raise ValueError(
            f"indicator {code}: target_area must be an area code like KU049, "
            f"HVA03 or SSS, got {area!r}"
        )
    group = str(item.get("target_group") or DEFAULT_TARGET_GROUP).strip().replace("–", "-")
    parts = group.split(".")
    if (
        len(parts) != 3
        or parts[0] not in _SEXES
        or not _AGE_GROUP_RE.match(parts[1])
        or not _LANGUAGE_GROUP_RE.match(parts[2])
    ):
        raise ValueError(
            f"indicator {code}: target_group must be sex.age_group.language_group "
            f"like total.16-24.total, got {group!r}"
        )
    return IndicatorTarget(code, area, group)


_CONVERTERS: Mapping[str, Any] = {
    "title": _text("title"),
    "acronym": lambda v: _optional_text(v, "acronym"),
    "full_name": lambda v: _optional_text(v, "full_name"),
    "level": _level,
    "summary": _text("summary"),
    "description": _text("description"),
    "coordinator": _coordinator,
    "partners": _partners,
    "fundings": _fundings,
    "period_precision": _precision,
    "contacts": _contacts,
    "links": _links,
    "files": _files,
}


# ---------------------------------------------------------------------------
# Merging


def _coarsest(*precisions: Precision | None) -> Precision | None:
    order = get_args(Precision)
    present = [p for p in precisions if p is not None]
    return max(present, key=order.index) if present else None


def _status(start: date | None, end: date | None, build_date: date) -> str:
    if start is not None and start > build_date:
        return "planned"
    if end is not None and end < build_date:
        return "ended"
    return "ongoing" if start is not None or end is not None else "unknown"


def merge_card(
    project: ExtractedProject, card: ProjectCard | None, build_date: date | None = None
) -> MergedProject:
    """The project with the card's fields laid over it, each field's source recorded.

    Card dates recompute `status` against `build_date`; without one it is "unknown".
    """
    if card is not None and card.project_key != project.key:
        raise CardError(card.path, None, f"card is for {card.project_key!r}, not {project.key!r}")
    values = {f.name: getattr(project, f.name) for f in fields(ExtractedProject)}
    sources = {name: "page" for name in CARD_FIELDS}
    sources.update(start_precision="page", end_precision="page", status="page")
    warnings, resolved = list(project.warnings), []
    indicators: list[IndicatorTarget] = []
    notes, card_file = "", None
    if card is not None:
        card_file = card.path.name
        for name, value in card.values.items():
            values[name] = value
            sources[name] = card.source
        for side in ("start", "end"):
            if f"{side}_date" not in card.values:
                continue
            # A card date is as precise as written ("2022-09": month) unless the card
            # gives period_precision.
            precision = None
            if values[f"{side}_date"] is not None:
                precision = card.values.get("period_precision") or card.date_precisions.get(
                    f"{side}_date"
                )
            values[f"{side}_precision"] = precision
            sources[f"{side}_precision"] = card.source
        if "period_precision" not in card.values and {"start_date", "end_date"} & set(card.values):
            values["period_precision"] = _coarsest(
                values["start_precision"], values["end_precision"]
            )
            sources["period_precision"] = card.source
        if {"start_date", "end_date"} & set(card.values):
            values["status"] = (
                _status(values["start_date"], values["end_date"], build_date)
                if build_date is not None
                else "unknown"
            )
            sources["status"] = card.source
        indicators, notes = list(card.indicators), card.notes
        if indicators:
            sources["indicators"] = card.source
        settled = set(card.values)
        kept = []
        for warning in warnings:
            topic = warning.split(":", 1)[0]
            (resolved if _WARNING_FIELDS.get(topic, frozenset()) & settled else kept).append(
                warning
            )
        warnings = kept
    values["warnings"] = warnings
    return MergedProject(
        **values,
        indicators=indicators,
        notes=notes,
        card_file=card_file,
        field_sources=sources,
        resolved_warnings=resolved,
    )


def merge_projects(
    projects: Iterable[ExtractedProject],
    cards: Mapping[str, ProjectCard],
    build_date: date | None = None,
) -> list[MergedProject]:
    """Merge each project with its card (if any); a card for no project is an error."""
    projects = list(projects)
    keys = {p.key for p in projects}
    for key, card in cards.items():
        if key not in keys:
            raise _unknown_key(card, keys)
    return [merge_card(p, cards.get(p.key), build_date) for p in projects]
