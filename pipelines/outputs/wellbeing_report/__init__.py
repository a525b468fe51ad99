"""The wellbeing report: one static HTML page per area and language (fi, sv, en), from the
published mart, with an index page. Plain functions, no Dagster: the asset in
pipelines/assets/report.py calls write_wellbeing_reports.

- data.py reads the published file (read-only; sql/outputs/wellbeing/) into dataclasses,
- themes.py reads the analyst-editable raw/report/themes.yaml,
- render.py turns them into HTML with plotly charts (plotly.js in one file beside the pages,
  plotly-<version>.min.js: the folder works offline),
- texts.py holds the words in each language; templates/ the pages.

Every page is rendered to a temporary file first; only when all are rendered is each renamed
over the old one, the index last: a reader never sees half a page, and a failure leaves the
folder as it was. The rendering modules (jinja2, babel, plotly) are imported only when reports are
written, so importing this package (the code location does) stays cheap.
"""

import os
import re
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path

import duckdb

from pipelines.outputs.wellbeing_report.data import (
    UnknownAreaError,
    read_area,
    read_groups,
    read_known_indicators,
    read_projects,
    read_quality,
    read_series,
    read_sources,
)
from pipelines.outputs.wellbeing_report.texts import LANGUAGES
from pipelines.outputs.wellbeing_report.themes import ThemesError, assign_indicators, read_themes

__all__ = ["ReportFile", "ThemesError", "UnknownAreaError", "WellbeingReportResult",
           "report_name", "write_wellbeing_reports"]

INDEX_NAME = "index.html"
# Written beside the reports by pipelines.outputs.dictionary.
DICTIONARY_NAME = "data_dictionary.html"
AREAS_VARIABLE = "HYTEMART_REPORT_AREAS"
_REPORT_FILE = re.compile(r"^wellbeing_.+_(fi|sv|en)\.html$")
# The temporary files of write_temporary, of this report's pages and index only.
_TEMPORARY_FILE = re.compile(
    r"^\.((wellbeing_.+_(fi|sv|en)|index)\.html|plotly-.+\.min\.js)\.(?P<pid>\d+)\.tmp$")
_PLOTLY_FILE = re.compile(r"^plotly-.+\.min\.js$")


def report_name(area_code: str, lang: str) -> str:
    return f"wellbeing_{area_code}_{lang}.html"


@dataclass(frozen=True)
class ReportFile:
    area_code: str
    lang: str
    path: Path
    bytes: int
    charts: int


@dataclass(frozen=True)
class WellbeingReportResult:
    directory: Path
    index: Path
    files: list[ReportFile]
    warnings: list[str] = field(default_factory=list)
    removed: list[Path] = field(default_factory=list)  # pages of areas no longer configured
    seconds: float = 0.0


def write_wellbeing_reports(
    published: Path,
    out_dir: Path,
    areas: list[str],
    themes_file: Path | None = None,
    log: Callable[[str], None] | None = None,
    config: dict[str, str] | None = None,
) -> WellbeingReportResult:
    """Write wellbeing_<area>_<lang>.html for every area and language, and index.html, into
    out_dir, from the published mart (opened read-only). config is DuckDB's (memory_limit,
    temp_directory), as for the exports: at national scale the queries may need to spill.

    Every area is looked up before anything is written: an area the mart does not have fails
    the whole call with a message naming it (and HYTEMART_REPORT_AREAS), and leaves the pages
    as they were. So does a failure while rendering: every page is rendered to a temporary
    file first, and only when all are, each is renamed into place, the index last. Unknown
    indicator codes in themes_file are warnings, not errors."""
    from pipelines.outputs.wellbeing_report import render  # jinja2, babel: only when writing

    started = time.perf_counter()
    log = log or (lambda message: None)
    areas = list(dict.fromkeys(code.strip() for code in areas if code.strip()))
    themes = read_themes(themes_file)
    listed = [item.code for theme in themes.themes for item in theme.indicators]
    published_at = datetime.fromtimestamp(published.stat().st_mtime, UTC)
    generated_at = datetime.now(UTC)
    files: list[ReportFile] = []
    warnings: dict[str, None] = {}  # ordered, without repeats: areas share the themes file
    index_entries = []
    staged: list[tuple[Path, Path]] = []  # (temporary file, page) of this call, in order
    con = duckdb.connect(str(published), read_only=True, config=config or {})
    try:
        loaded = {}
        for code in areas:
            try:
                loaded[code] = read_area(con, code)
            except UnknownAreaError:
                raise UnknownAreaError(
                    f"report area '{code}' is not in mart.dim_area of {published}; set "
                    f"{AREAS_VARIABLE} to comma-separated area codes the mart has (e.g. KU049)"
                ) from None
        known = read_known_indicators(con, listed)
        sources = read_sources(con)  # the same for every area
        out_dir.mkdir(parents=True, exist_ok=True)  # also when no area is configured
        remove_leftovers(out_dir)
        # plotly.js once for every page, before the pages that load it; kept when it is there.
        script = out_dir / render.plotly_js_name()
        if loaded and not script.is_file():
            staged.append((write_temporary(script, render.plotly_js())[0], script))
        for code, data in loaded.items():
            themed, theme_warnings = assign_indicators(themes, known, data.latest)
            warnings.update(dict.fromkeys(theme_warnings))
            charted = [indicator for theme in themed for indicator in theme.charted]
            series = read_series(con, data, charted)
            groups = read_groups(con, data, charted)
            projects, untargeted = read_projects(con, data)
            quality = read_quality(con, data, sources)
            names = {lang: report_name(code, lang) for lang in LANGUAGES}
            for lang in LANGUAGES:
                fmt = render.Formatter(lang)
                page = render.Page(
                    lang=lang, data=data,
                    themes=render.build_views(fmt, data, themed, series, groups, known),
                    projects=projects, projects_without_targets=untargeted, quality=quality,
                    published_file=published.name, published_at=published_at,
                    generated_at=generated_at, files=names,
                )
                path = out_dir / names[lang]
                # A page's HTML is about 5 MB: staged on disk, not held for every area.
                tmp, size = write_temporary(path, render.render_page(page))
                staged.append((tmp, path))
                files.append(ReportFile(code, lang, path, size, page.charts))
                log(f"wellbeing report {code} ({data.area.names['en']}), {lang}: {path.name}, "
                    f"{page.charts} charts, {size / 1e6:.1f} MB")
            index_entries.append(render.IndexEntry(code, data.area.names, names))
        index = out_dir / INDEX_NAME
        html = render.render_index(index_entries, DICTIONARY_NAME, generated_at)
        staged.append((write_temporary(index, html)[0], index))
        # All rendered: into place, each page by a rename (a reader never sees half a page),
        # the index last so that it never links a page not yet written.
        for tmp, path in staged:
            os.replace(tmp, path)
    finally:
        con.close()
        for tmp, _ in staged:  # left only when something failed before the renames
            tmp.unlink(missing_ok=True)
    # Pages of areas no longer configured would otherwise linger, unlinked from the index.
    current = {file.path.name for file in files}
    if files:
        current.add(render.plotly_js_name())
    removed = [path for path in sorted(out_dir.iterdir())
               if (_REPORT_FILE.match(path.name) or _PLOTLY_FILE.match(path.name))
               and path.name not in current]
    for path in removed:
        path.unlink()
    return WellbeingReportResult(out_dir, index, files, list(warnings), removed,
                                 time.perf_counter() - started)


def write_temporary(path: Path, content: str) -> tuple[Path, int]:
    """Write content to a temporary file beside path (synced to disk); returns it and the
    bytes. The caller renames it over path (os.replace: atomic) or removes it."""
    data = content.encode("utf-8")
    tmp = path.with_name(f".{path.name}.{os.getpid()}.tmp")
    try:
        with open(tmp, "wb") as handle:
            handle.write(data)
            handle.flush()
            os.fsync(handle.fileno())
    except BaseException:
        tmp.unlink(missing_ok=True)
        raise
    return tmp, len(data)


def remove_leftovers(out_dir: Path) -> list[Path]:
    """Remove the temporary files (.<page>.<pid>.tmp) that a killed run left in out_dir; not
    those of a process still running, which may be writing them now."""
    removed = []
    for path in out_dir.iterdir():
        match = _TEMPORARY_FILE.match(path.name)
        if match and not _running(int(match["pid"])):
            path.unlink(missing_ok=True)
            removed.append(path)
    return removed


def _running(pid: int) -> bool:
    if pid == os.getpid():
        return False  # this call's own files are not written yet: any found are a leftover
    try:
        os.kill(pid, 0)  # signal 0: only asks whether the process exists
    except (ProcessLookupError, OverflowError):  # no such process (or no such pid at all)
        return False
    except PermissionError:
        pass  # exists, another user's
    return True
