"""One register from many pages: versions over time and the same project in other languages.

Every project found on every page file is a *sighting*. Sightings of one project are
matched into one register entry, on any page and in any language, when they share the
project key, an acronym (FINverse, SPARCS), a contact's e-mail address, or a title that
is nearly the same (difflib ratio >= 0.9 on the key). Each entry keeps:

- its description from one sighting: the newest version (an undated file counts as the
  newest of its page), preferring one with contacts, then English, then the file name;
  contacts the chosen sighting lacks are taken from another sighting, with a warning;
- its names in each language (the newest sighting's title per language);
- first_seen / last_seen: the earliest and latest dated version it was seen on;
- on_page: whether it is on the newest version of any page it was seen on; a project
  that an earlier version listed and the newest no longer does has *left the page*.
"""

from dataclasses import dataclass, field, replace
from datetime import date
from difflib import SequenceMatcher

from pipelines.projects.pages import ExtractedProject
from pipelines.projects.versions import PageVersion

_SIMILAR = 0.9


@dataclass(frozen=True)
class Sighting:
    project: ExtractedProject
    version: PageVersion
    source_file: str


@dataclass
class RegisterEntry:
    sightings: list[Sighting] = field(default_factory=list)
    project: ExtractedProject | None = None  # the description the register uses
    names: dict[str, tuple[str, str]] = field(default_factory=dict)  # lang -> (title, file)
    first_seen: date | None = None
    last_seen: date | None = None
    on_page: bool = True

    @property
    def key(self) -> str:
        assert self.project is not None
        return self.project.key


def _emails(project: ExtractedProject) -> set[str]:
    return {c.email.lower() for c in project.contacts if c.email}


def _same(a: ExtractedProject, b: ExtractedProject) -> bool:
    if a.key == b.key:
        return True
    acronyms = {x.lower() for x in (a.acronym, b.acronym) if x}
    if a.acronym and b.acronym and len(acronyms) == 1:
        return True
    if a.acronym and a.acronym.lower() == b.title.lower():
        return True
    if b.acronym and b.acronym.lower() == a.title.lower():
        return True
    if _emails(a) & _emails(b):
        return True
    return SequenceMatcher(None, a.key, b.key).ratio() >= _SIMILAR


def _newest(version: PageVersion) -> tuple[int, date]:
    """Sort key: undated versions count as newer than any dated one."""
    return (1, date.min) if version.version_date is None else (0, version.version_date)


def _preference(s: Sighting) -> tuple:
    return (
        _newest(s.version),
        bool(s.project.contacts),
        s.project.language == "en",
        s.project.level is not None,
    )


def build_register(sightings: list[Sighting]) -> list[RegisterEntry]:
    """Match sightings into register entries, in the order the entries were first seen."""
    ordered = sorted(sightings, key=lambda s: (_newest(s.version), s.source_file,
                                               s.project.first_line))
    entries: list[RegisterEntry] = []
    for sighting in ordered:
        entry = next((e for e in entries
                      if any(_same(sighting.project, s.project) for s in e.sightings)), None)
        if entry is None or any(s.source_file == sighting.source_file for s in entry.sightings):
            # Two projects of one page file are never one project.
            entry = RegisterEntry()
            entries.append(entry)
        entry.sightings.append(sighting)

    newest_version: dict[str, tuple[int, date]] = {}
    for s in sightings:
        newest_version[s.version.page_key] = max(
            newest_version.get(s.version.page_key, (0, date.min)), _newest(s.version))
    for entry in entries:
        _settle(entry, newest_version)
    return entries


def _settle(entry: RegisterEntry, newest_version: dict[str, tuple[int, date]]) -> None:
    chosen = max(entry.sightings, key=_preference)
    project = replace(chosen.project, source_file=chosen.source_file,
                      warnings=list(chosen.project.warnings))
    if not project.contacts:
        donor = next((s for s in sorted(entry.sightings, key=_preference, reverse=True)
                      if s.project.contacts), None)
        if donor is not None:
            project.contacts = list(donor.project.contacts)
            project.warnings.append(
                f"contacts: none on {chosen.source_file}; taken from {donor.source_file}")
    if project.level is None:
        project.level = next((s.project.level for s in entry.sightings if s.project.level), None)
    if len({s.source_file for s in entry.sightings}) > 1:
        others = sorted({s.source_file for s in entry.sightings} - {chosen.source_file})
        project.warnings.append(f"history: also on {', '.join(others)}; the description "
                                f"is from {chosen.source_file}")
    entry.project = project
    for s in sorted(entry.sightings, key=lambda s: _newest(s.version)):
        if s.project.language:
            entry.names[s.project.language] = (s.project.title, s.source_file)
    dated = [s.version.version_date for s in entry.sightings if s.version.version_date]
    entry.first_seen = min(dated, default=None)
    entry.last_seen = max(dated, default=None)
    entry.on_page = any(_newest(s.version) == newest_version[s.version.page_key]
                        for s in entry.sightings)
