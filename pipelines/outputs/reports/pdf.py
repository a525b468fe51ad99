"""The reports as A4 PDF, printed from the same HTML pages with WeasyPrint.

Why WeasyPrint: it implements CSS paged media (page counters in the margins, a table of
contents whose entries show the page they point to through target-counter, PDF bookmarks from
the headings), embeds the fonts it uses and draws inline SVG as vector graphics, with no
browser and no JavaScript (the pages need none: charts and maps are static SVG). Chromium's
print is faster but has no target-counter, so its table of contents could not give pages.
It needs Pango from the system (Debian's libpango-1.0-0, installed by `make pdf-libs`).

The pages are printed in worker processes, one per core: each PDF is independent and a
report of 15 pages takes WeasyPrint a couple of seconds.
"""

import multiprocessing
import os
from collections.abc import Callable, Sequence
from concurrent.futures import ProcessPoolExecutor
from pathlib import Path

# Processes printing at once; by default one per core (at most four).
PROCESSES_VARIABLE = "HYTEMART_REPORT_PDF_PROCESSES"


def processes() -> int:
    text = os.environ.get(PROCESSES_VARIABLE, "").strip()
    if text:
        if not text.isdigit() or int(text) < 1:
            raise ValueError(f"{PROCESSES_VARIABLE}={text!r}: must be a whole number from 1")
        return int(text)
    return max(1, min(os.cpu_count() or 1, 4))


def print_pdf(html: Path, pdf: Path) -> tuple[int, int]:
    """Print one HTML page to a PDF file (synced to disk); returns its bytes and pages."""
    import logging

    import weasyprint

    # WeasyPrint logs every CSS property it does not know (the screen-only ones) as a warning.
    logging.getLogger("weasyprint").setLevel(logging.ERROR)
    document = weasyprint.HTML(filename=str(html), base_url=str(html.parent),
                               media_type="print").render()
    with open(pdf, "wb") as handle:
        document.write_pdf(handle)
        handle.flush()
        os.fsync(handle.fileno())
    return pdf.stat().st_size, len(document.pages)


def print_pdfs(pages: Sequence[tuple[Path, Path]], log: Callable[[str], None] | None = None
               ) -> dict[Path, tuple[int, int]]:
    """Print every (html, pdf) pair; returns pdf -> (bytes, pages). Fails on the first page
    that cannot be printed (the caller removes what was written)."""
    log = log or (lambda message: None)
    workers = min(processes(), len(pages))
    if workers <= 1:
        return {pdf: _logged(log, html, pdf, print_pdf(html, pdf)) for html, pdf in pages}
    # Spawned, not forked: the caller's process runs Dagster's threads.
    context = multiprocessing.get_context("spawn")
    with ProcessPoolExecutor(workers, mp_context=context) as pool:
        futures = [(html, pdf, pool.submit(print_pdf, html, pdf)) for html, pdf in pages]
        return {pdf: _logged(log, html, pdf, future.result()) for html, pdf, future in futures}


def _logged(log: Callable[[str], None], html: Path, pdf: Path, printed: tuple[int, int]
            ) -> tuple[int, int]:
    size, count = printed
    name = pdf.name.split(".")[1] if pdf.name.startswith(".") else pdf.name
    log(f"PDF {name}.pdf: {count} pages, {size / 1e6:.1f} MB")
    return printed
