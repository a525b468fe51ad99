"""The hyte management reports: for a wellbeing services county and each of its
municipalities, in Finnish, Swedish and English, as an HTML page and an A4 PDF printed from
it, with an index page that puts the municipalities side by side. Plain functions, no
Dagster: the asset in pipelines/assets/report.py calls write_reports.

- data.py reads the published file (read-only; sql/outputs/reports/) into dataclasses, once
  per area for all three languages,
- themes.py reads the analyst-editable raw/report/themes.yaml (the contents by life stage),
- summary.py writes the summary from the data, render.py the page (templates/),
  charts.py the static SVG charts, pdf.py the PDF.

Every file is written to a temporary file first; only when all are written is each renamed
over the old one, the index last: a reader never sees half a page, and a failure leaves the
folder as it was. The rendering modules (jinja2, babel, the PDF renderer) are imported only
when reports are written, so importing this package (the code location does) stays cheap.
"""

import os
import re
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import TYPE_CHECKING

import duckdb

if TYPE_CHECKING:
    from pipelines.outputs.reports import render

from pipelines.outputs.reports.data import (
    UnknownAreaError,
    county_areas,
    read_area,
    read_area_data,
    read_headline,
    read_indicators,
    read_sources,
)
from pipelines.outputs.reports.texts import LANGUAGES
from pipelines.outputs.reports.themes import ThemesError, assign_indicators, read_themes

__all__ = ["ReportFile", "ReportsResult", "ThemesError", "UnknownAreaError", "report_name",
           "write_reports"]

INDEX_NAME = "index.html"
# Written beside the reports by pipelines.outputs.dictionary.
DICTIONARY_NAME = "data_dictionary.html"
AREAS_VARIABLE = "HYTEMART_REPORT_AREAS"
_REPORT_FILE = re.compile(r"^(wellbeing_.+|youth_pilot)_(fi|sv|en)\.(html|pdf)$")
# The temporary files of write_temporary, of the reports and the index only.
_TEMPORARY_FILE = re.compile(
    r"^\.(((wellbeing_.+|youth_pilot)_(fi|sv|en)\.(html|pdf|print\.html))|index\.html)"
    r"\.(?P<pid>\d+)\.tmp$")


def report_name(area_code: str, lang: str, suffix: str = "html") -> str:
    return f"wellbeing_{area_code}_{lang}.{suffix}"


@dataclass(frozen=True)
class ReportFile:
    area_code: str
    lang: str
    path: Path
    bytes: int
    charts: int
    pdf: Path | None = None
    pdf_bytes: int = 0
    pdf_pages: int = 0


@dataclass(frozen=True)
class ReportsResult:
    directory: Path
    index: Path
    files: list[ReportFile]
    warnings: list[str] = field(default_factory=list)
    removed: list[Path] = field(default_factory=list)  # files of areas no longer configured
    seconds: float = 0.0
    pdf_seconds: float = 0.0


def report_areas(con: duckdb.DuckDBPyConnection, areas: list[str], county: str) -> list[str]:
    """The configured areas, or by default the county and its municipalities as the area
    reference says."""
    chosen = list(dict.fromkeys(code.strip() for code in areas if code.strip()))
    return chosen or county_areas(con, county)


def write_reports(
    published: Path,
    out_dir: Path,
    areas: list[str],
    county: str = "HVA03",
    themes_file: Path | None = None,
    log: Callable[[str], None] | None = None,
    config: dict[str, str] | None = None,
    pdf: bool = True,
) -> ReportsResult:
    """Write wellbeing_<area>_<lang>.html and .pdf for every area and language, and
    index.html, into out_dir, from the published mart (opened read-only). `areas` empty:
    `county` and its municipalities. config is DuckDB's (memory_limit, temp_directory), as
    for the exports: at national scale the queries may need to spill.

    Every area is looked up before anything is written: an area the mart does not have fails
    the whole call with a message naming it (and HYTEMART_REPORT_AREAS), and leaves the files
    as they were. So does a failure while rendering or printing. Unknown indicator codes in
    themes_file are warnings, not errors."""
    from pipelines.outputs.reports import index as index_page  # jinja2, babel: when writing
    from pipelines.outputs.reports import render

    started = time.perf_counter()
    log = log or (lambda message: None)
    themes = read_themes(themes_file)
    published_at = datetime.fromtimestamp(published.stat().st_mtime, UTC)
    generated_at = datetime.now(UTC)
    files: list[ReportFile] = []
    warnings: dict[str, None] = {}  # ordered, without repeats: areas share the themes file
    staged: list[tuple[Path, Path]] = []  # (temporary file, final file) of this call, in order
    pages: list[tuple[Path, Path]] = []  # (temporary HTML, temporary PDF) to print
    scratch: list[Path] = []  # the HTML the PDFs are printed from, removed at the end
    con = duckdb.connect(str(published), read_only=True, config=config or {})
    try:
        codes = report_areas(con, areas, county)
        for code in codes:
            try:
                read_area(con, code)
            except UnknownAreaError:
                raise UnknownAreaError(
                    f"report area '{code}' is not in mart.dim_area of {published}; set "
                    f"{AREAS_VARIABLE} to comma-separated area codes the mart has (e.g. "
                    "HVA03,KU049), or leave it unset for the county and its municipalities"
                ) from None
        indicators = read_indicators(con)
        group_labels = _group_labels(con)
        titles = _project_titles(con)
        make_map = _map_maker(con)
        sources = read_sources(con)
        out_dir.mkdir(parents=True, exist_ok=True)  # also when no area is configured
        remove_leftovers(out_dir)
        entries = []
        for code in codes:
            data = read_area_data(con, code, indicators, themes.codes())
            assigned, theme_warnings = assign_indicators(themes, indicators, data.latest)
            warnings.update(dict.fromkeys(theme_warnings))
            names = {lang: report_name(code, lang) for lang in LANGUAGES}
            written = []  # one line of progress per area: a page renders in milliseconds
            for lang in LANGUAGES:
                pdf_name = report_name(code, lang, "pdf") if pdf else None
                page = render.build_page(lang, data, themes, assigned, group_labels, titles,
                                         published.name, published_at, generated_at, names,
                                         pdf_name, make_map, sources)
                path = out_dir / names[lang]
                tmp, size = write_temporary(path, render.render_page(page))
                staged.append((tmp, path))
                pdf_path = out_dir / pdf_name if pdf_name else None
                if pdf_path is not None:
                    pdf_tmp = pdf_path.with_name(f".{pdf_path.name}.{os.getpid()}.tmp")
                    # Printed from the same template without what print hides.
                    print_html, _ = write_temporary(
                        out_dir / report_name(code, lang, "print.html"),
                        render.render_page(page, for_print=True))
                    scratch.append(print_html)
                    pages.append((print_html, pdf_tmp))
                    staged.append((pdf_tmp, pdf_path))
                files.append(ReportFile(code, lang, path, size, page.charts, pdf_path))
                written.append(f"{path.name} ({page.charts} charts, {size / 1e6:.1f} MB)")
            log(f"report {code} ({data.area.names['en']}): {', '.join(written)}")
            entries.append(index_page.Entry(code, data.area.level, data.area.names, names,
                                            {lang: report_name(code, lang, "pdf")
                                             for lang in LANGUAGES} if pdf else {}))
        headline_codes = [item.code for item in themes.headline if item.code in indicators]
        headline = read_headline(con, county, headline_codes) if headline_codes else {}
        pilot = _pilot_pages(con, out_dir, pdf, generated_at, log)
        for tmp, path, pdf_pair in pilot:
            staged.append((tmp, path))
            if pdf_pair is not None:
                pages.append(pdf_pair)
                staged.append((pdf_pair[1], path.with_suffix(".pdf")))
    finally:
        con.close()
    pdf_started = time.perf_counter()
    try:
        if pages:
            from pipelines.outputs.reports.pdf import print_pdfs

            printed = print_pdfs(pages, log)
            files = [_with_pdf(file, printed) for file in files]
        index = out_dir / INDEX_NAME
        html = index_page.render_index(entries, headline, headline_codes, indicators,
                                       county, DICTIONARY_NAME, generated_at,
                                       pilot=bool(pilot), pdf=pdf)
        staged.append((write_temporary(index, html)[0], index))
        # All written: into place, each file by a rename (a reader never sees half a page),
        # the index last so that it never links a page not yet written.
        for tmp, path in staged:
            os.replace(tmp, path)
    finally:
        for tmp, _ in staged:  # left only when something failed before the renames
            tmp.unlink(missing_ok=True)
        for tmp in scratch:
            tmp.unlink(missing_ok=True)
    pdf_seconds = time.perf_counter() - pdf_started
    # Files of areas no longer configured would otherwise linger, unlinked from the index.
    current = {path.name for _, path in staged}
    removed = [path for path in sorted(out_dir.iterdir())
               if _REPORT_FILE.match(path.name) and path.name not in current]
    for path in removed:
        path.unlink()
    return ReportsResult(out_dir, out_dir / INDEX_NAME, files, list(warnings), removed,
                         time.perf_counter() - started, pdf_seconds)


def _pilot_pages(con: duckdb.DuckDBPyConnection, out_dir: Path, pdf: bool,
                 generated_at: datetime, log: Callable[[str], None]
                 ) -> list[tuple[Path, Path, tuple[Path, Path] | None]]:
    """The youth pilot's page in each language, when the published file holds the pilot
    (raw/pilot/youth.yaml was in the build): (temporary HTML, page, (HTML, temporary PDF))."""
    if not con.execute("SELECT count(*) FROM duckdb_tables() WHERE schema_name = 'mart' "
                       "AND table_name = 'youth_pilot'").fetchone()[0]:
        return []  # a build without raw/pilot/youth.yaml
    from pipelines.outputs import pilot_data
    from pipelines.outputs.reports import pilot

    method = pilot_data.read_method(con)
    if method is None:
        return []
    data = pilot_data.PilotData(
        method=method, areas=pilot_data.read_areas(con),
        indicators=pilot_data.read_indicators(con), gaps=pilot_data.read_gaps(con),
        service_need=pilot_data.read_service_need(con),
        cannot_tell=pilot_data.read_cannot_tell(con),
        follow_up=pilot_data.read_follow_up(con), sources=pilot_data.read_sources(con))
    files = {lang: pilot.pilot_name(lang) for lang in LANGUAGES}
    written = []
    for lang in LANGUAGES:
        page = pilot.build_pilot_page(lang, data, generated_at, files,
                                      pilot.pilot_name(lang, "pdf") if pdf else None, con)
        path = out_dir / files[lang]
        tmp, size = write_temporary(path, pilot.render_pilot(page))
        pdf_tmp = out_dir / f".{pilot.pilot_name(lang, 'pdf')}.{os.getpid()}.tmp"
        written.append((tmp, path, (tmp, pdf_tmp) if pdf else None))
        log(f"youth pilot, {lang}: {path.name}, {len(page.indicators)} indicators, "
            f"{page.maps} maps, {size / 1e6:.1f} MB")
    return written


def _with_pdf(file: ReportFile, printed: dict[Path, tuple[int, int]]) -> ReportFile:
    if file.pdf is None:
        return file
    tmp = file.pdf.with_name(f".{file.pdf.name}.{os.getpid()}.tmp")
    size, pages = printed.get(tmp, (0, 0))
    return ReportFile(file.area_code, file.lang, file.path, file.bytes, file.charts,
                      file.pdf, size, pages)


def _group_labels(con: duckdb.DuckDBPyConnection) -> dict[str, dict[str, str]]:
    return {code: {"fi": fi, "sv": sv or fi, "en": en or fi} for code, fi, sv, en in
            con.execute("SELECT group_code, label_fi, label_sv, label_en "
                        "FROM mart.dim_population_group").fetchall()}


def _project_titles(con: duckdb.DuckDBPyConnection) -> dict[str, str]:
    return dict(con.execute("SELECT project_key, title FROM mart.dim_project").fetchall())


def _map_maker(con: duckdb.DuckDBPyConnection) -> "render.MapMaker | None":
    """Draws the reports' choropleth maps when the published file holds boundaries."""
    from pipelines.outputs.reports.maps import map_maker  # the maps' numpy: when writing

    return map_maker(con)


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
    """Remove the temporary files (.<file>.<pid>.tmp) that a killed run left in out_dir; not
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
