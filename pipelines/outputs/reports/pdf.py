"""The reports as A4 PDF, printed from the same HTML pages with WeasyPrint.

Why WeasyPrint: it implements CSS paged media (page counters in the margins, a table of
contents whose entries show the page they point to through target-counter, PDF bookmarks from
the headings), embeds the fonts it uses and draws inline SVG as vector graphics, with no
browser and no JavaScript (the pages need none: charts and maps are static SVG). Chromium's
print is faster but has no target-counter, so its table of contents could not give pages.
It needs Pango from the system (Debian's libpango-1.0-0, installed by `make pdf-libs`).

The pages are printed by worker processes, one per core, each running this module on its share
of the pages (`python -m pipelines.outputs.reports.pdf HTML PDF ...`) and reporting each PDF
as it is written: a report of fifteen pages takes WeasyPrint a couple of seconds, and plain
processes need nothing of the caller's (Dagster runs threads; multiprocessing's spawn would
import the caller's main module again).
"""

import os
import subprocess
import sys
import threading
from collections.abc import Callable, Sequence
from pathlib import Path
from queue import Queue

# Processes printing at once; by default one per core (at most four).
PROCESSES_VARIABLE = "HYTEMART_REPORT_PDF_PROCESSES"


class PdfError(RuntimeError):
    """A page could not be printed; the message names it and the renderer's error."""


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
    """Print every (html, pdf) pair; returns pdf -> (bytes, pages). Raises PdfError naming
    the first page that could not be printed (the caller removes what was written)."""
    log = log or (lambda message: None)
    workers = min(processes(), len(pages))
    if workers == 0:
        return {}
    shares = [pages[index::workers] for index in range(workers)]
    lines: Queue[tuple[int, str | None]] = Queue()
    running = []
    for number, share in enumerate(shares):
        command = [sys.executable, "-m", __name__, *(str(p) for pair in share for p in pair)]
        process = subprocess.Popen(command, stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                                   text=True)
        running.append(process)
        threading.Thread(target=_read, args=(number, process, lines), daemon=True).start()
    printed: dict[Path, tuple[int, int]] = {}
    finished = 0
    try:
        while finished < workers:
            number, line = lines.get()
            if line is None:
                finished += 1
                continue
            path, size, count = line.rstrip("\n").split("\t")
            printed[Path(path)] = (int(size), int(count))
            log(f"PDF {_final_name(Path(path))}: {count} pages, {int(size) / 1e6:.1f} MB")
        for process in running:
            error = process.stderr.read() if process.stderr else ""
            if process.wait() != 0:
                raise PdfError(error.strip().splitlines()[-1] if error.strip() else
                               f"a PDF worker ended with code {process.returncode}")
    finally:
        for process in running:
            if process.poll() is None:
                process.kill()
                process.wait()
    missing = [pdf for _, pdf in pages if pdf not in printed]
    if missing:
        raise PdfError(f"no PDF was written for {_final_name(missing[0])}")
    return printed


def _read(number: int, process: subprocess.Popen, lines: Queue) -> None:
    assert process.stdout is not None
    for line in process.stdout:
        lines.put((number, line))
    lines.put((number, None))


def _final_name(pdf: Path) -> str:
    """wellbeing_KU049_fi.pdf for its temporary file .wellbeing_KU049_fi.pdf.<pid>.tmp."""
    name = pdf.name
    return name[1:].rsplit(".", 2)[0] if name.startswith(".") and name.endswith(".tmp") else name


def main(arguments: list[str]) -> int:
    """Print the (html, pdf) pairs given, one line per PDF on stdout: path, bytes, pages. A
    page that cannot be printed ends the worker with a message naming it on stderr."""
    for html, pdf in zip(arguments[::2], arguments[1::2], strict=True):
        try:
            size, count = print_pdf(Path(html), Path(pdf))
        except Exception as exc:  # noqa: BLE001 - reported to the caller with the page's name
            print(f"cannot print {Path(html).name} as PDF: {type(exc).__name__}: {exc}",
                  file=sys.stderr)
            return 1
        print(f"{pdf}\t{size}\t{count}", flush=True)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
