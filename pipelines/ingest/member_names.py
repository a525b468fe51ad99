"""How a described table's members and indicators are named: the error for a member the
table lacks, the check of an indicator id, the names by language. Shared by the readers of
cube tables (pipelines/ingest/stat_tables.py) and of grids (pipelines/ingest/table_cells.py).
"""

from pipelines.ingest.descriptions import _INDICATOR_ID_RE, TableDescription


def unknown_member_message(what: str, member: str, members: list[str]) -> str:
    shown = ", ".join(repr(item) for item in members[:12])
    more = f" and {len(members) - 12} more" if len(members) > 12 else ""
    return f"{what}: {member!r} is not among its members ({shown}{more})"


def check_indicator_id(description: TableDescription, indicator: str) -> str:
    if not _INDICATOR_ID_RE.fullmatch(indicator):
        raise description.error("indicator", f"indicator: id {indicator!r} must be letters, "
                                "digits, '_', '.' or '-'")
    return indicator


def names_by_language(
    description: TableDescription, labels: dict[str, str], main: str | None
) -> dict[str, str | None]:
    """{name_fi, name_sv, name_en} from labels by language; the labels of the description's
    `language` (else the file's main language, else Finnish) stand for that language."""
    language = description.language or (main if main in ("fi", "sv", "en") else "fi")
    chosen = {lang: text for lang, text in labels.items() if lang != main}
    if main is not None and main in labels:
        chosen[language] = labels[main]
    return {f"name_{lang}": chosen.get(lang) for lang in ("fi", "sv", "en")}
