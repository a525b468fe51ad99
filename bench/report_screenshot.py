"""A full-page screenshot of a report, as a reader's browser shows it.

Opens the page in Debian's headless Chromium (make browser installs it) through Playwright
and saves a PNG beside the page. Prints the console errors, if any, and the number of charts
and maps (static SVG). Not a test (tests/reports/test_reports_browser.py is): a picture for
reviews and closing notes.

    python bench/report_screenshot.py     # $HYTEMART_WAREHOUSE_DIR/reports/wellbeing_KU049_en.html
    python bench/report_screenshot.py --page path/to/wellbeing_KU049_fi.html --out shot.png
"""

import argparse
import sys
from pathlib import Path

from playwright.sync_api import sync_playwright

from pipelines.settings import Settings

CHROMIUM = Path("/usr/bin/chromium")
# The machine's network is closed: without these, Chromium keeps trying Google's services.
CHROMIUM_ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic",
                 "--no-first-run", "--disable-background-networking",
                 "--disable-component-update", "--disable-sync"]


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    warehouse = Settings.from_env().warehouse_dir  # HYTEMART_WAREHOUSE_DIR, as make run
    parser.add_argument("--page", type=Path,
                        default=warehouse / "reports" / "wellbeing_KU049_en.html")
    parser.add_argument("--out", type=Path, help="PNG path (default: the page's, .png)")
    args = parser.parse_args()
    page_path = args.page.resolve()
    out = (args.out or page_path.with_suffix(".png")).resolve()
    if not page_path.is_file():
        print(f"no report at {page_path}: run `make run` first", file=sys.stderr)
        return 1
    if not CHROMIUM.exists():
        print(f"{CHROMIUM} not found: run `make browser` (apt-get install chromium)",
              file=sys.stderr)
        return 1
    errors: list[str] = []
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        try:
            page = browser.new_page(viewport={"width": 1280, "height": 900})
            page.on("console", lambda message: errors.append(message.text)
                    if message.type == "error" else None)
            page.on("pageerror", lambda error: errors.append(str(error)))
            page.goto(page_path.as_uri(), wait_until="load")
            charts = page.locator("figure svg").count()
            page.screenshot(path=str(out), full_page=True)
        finally:
            browser.close()
    print(f"{out}: {charts} charts and maps; console errors: {errors or 'none'}")
    return 1 if errors else 0


if __name__ == "__main__":
    raise SystemExit(main())
