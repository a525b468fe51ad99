"""The wellbeing report in a real browser: Debian's Chromium, headless, through Playwright.

The page is opened from its file (file://), as a reader opens it offline. The test fails when
the console shows an error, when a chart container stays empty, or when the page asks for
anything that is not a local file; it saves a full-page screenshot under pytest's tmp dir.

Chromium comes from the Debian package (`make browser`, which `make test` runs, installs it
when missing); Playwright's own browser download cannot work on this network and is never
used. Without Chromium this test fails, saying how to install it: CI must prove the report
renders, so it does not skip.
"""

from pathlib import Path

import pytest
from wellbeing_build import CONFIDENTIAL_CELL, SampleBuild, sample_build

from pipelines.outputs.wellbeing_report import report_name, write_wellbeing_reports

CHROMIUM = Path("/usr/bin/chromium")
# The machine's network is closed: without the background-networking flags Chromium keeps
# trying Google's services and logs the refused connections.
CHROMIUM_ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic",
                 "--no-first-run", "--disable-background-networking",
                 "--disable-component-update", "--disable-sync"]
LOCAL_SCHEMES = ("file:", "data:", "blob:", "about:")
# Every chart container drawn: plotly's main SVG in each (the same wait as the screenshot's).
ALL_DRAWN = """() => Array.from(document.querySelectorAll('.plotly-graph-div'))
    .every(div => div.querySelector('.main-svg') !== null)"""
# Per chart container: drawn (plotly's main SVG present) and of a visible size.
CHART_STATE = """() => Array.from(document.querySelectorAll('.plotly-graph-div')).map(div => {
    const svg = div.querySelector('.main-svg');
    const box = svg ? svg.getBoundingClientRect() : null;
    return {id: div.id, plotted: div.classList.contains('js-plotly-plot'),
            width: box ? box.width : 0, height: box ? box.height : 0};
})"""


@pytest.fixture(scope="module")
def browser():
    if not CHROMIUM.exists():
        pytest.fail(f"{CHROMIUM} not found: the browser test needs Debian's Chromium. Install "
                    "it with `make browser` (apt-get install -y --no-install-recommends "
                    "chromium), which `make test` runs.", pytrace=False)
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        try:
            yield browser
        finally:
            browser.close()


@pytest.fixture(scope="module")
def build(tmp_path_factory: pytest.TempPathFactory) -> SampleBuild:
    built = sample_build(tmp_path_factory)
    assert built.result.success, "the sample build failed"
    return built


@pytest.mark.parametrize("lang", ["en", "fi"])
def test_report_renders_offline_without_errors(browser, build: SampleBuild, lang: str,
                                               tmp_path: Path) -> None:
    result = write_wellbeing_reports(build.published, tmp_path / "reports", ["KU049"],
                                     build.themes)
    written = next(f for f in result.files if f.lang == lang)
    messages, errors, requests = [], [], []
    page = browser.new_page(viewport={"width": 1280, "height": 900})
    page.on("console", lambda message: messages.append((message.type, message.text)))
    page.on("pageerror", lambda error: errors.append(str(error)))
    page.on("request", lambda request: requests.append(request.url))
    page.goto(written.path.as_uri(), wait_until="load")
    # plotly draws after the load event; wait (as bench/report_screenshot.py does) until every
    # chart container has its SVG, failing after 30 s.
    page.wait_for_function(ALL_DRAWN, timeout=30_000)
    charts = page.evaluate(CHART_STATE)
    # Every chart drawn, at a visible size; as many as the writer made, and some.
    assert len(charts) == written.charts > 0
    assert [c["id"] for c in charts if not (c["plotted"] and c["width"] > 100
                                            and c["height"] > 100)] == []
    assert page.locator(".js-plotly-plot .main-svg").count() >= written.charts
    # The confidential cell is written into its bar chart in the browser, not drawn as 0.
    label = {"en": "confidential", "fi": "salassa pidettävä"}[lang]
    groups = page.locator(f'article[data-indicator="{CONFIDENTIAL_CELL["indicator"]}"] '
                          ".chart-groups .annotation-text")
    assert label in groups.all_text_contents()
    # Offline: the page asked for its own file and nothing else.
    assert requests and [url for url in requests if not url.startswith(LOCAL_SCHEMES)] == []
    assert errors == []
    assert [text for kind, text in messages if kind == "error"] == []
    shot = tmp_path / report_name("KU049", lang).replace(".html", ".png")
    page.screenshot(path=str(shot), full_page=True)
    page.close()
    assert shot.stat().st_size > 50_000
    print(f"screenshot: {shot}")
