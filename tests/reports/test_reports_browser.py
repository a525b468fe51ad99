"""The reports in a real browser: Debian's Chromium, headless, through Playwright.

A municipal report and the county's index page are opened from their files (file://), as a
reader opens them offline. The test fails when the console shows an error, when a chart or
map is not drawn at a visible size, or when the page asks for anything that is not a local
file; it saves full-page screenshots under pytest's tmp dir (the paths are printed).

Chromium comes from the Debian package (`make browser`, which `make test` runs, installs it
when missing); Playwright's own browser download cannot work on this network and is never
used. Without Chromium this test fails, saying how to install it: CI must prove the reports
render, so it does not skip.
"""

from pathlib import Path

import pytest
from wellbeing_build import CONFIDENTIAL_CELL, SampleBuild, sample_build

from pipelines.outputs.reports import report_name

CHROMIUM = Path("/usr/bin/chromium")
# The machine's network is closed: without the background-networking flags Chromium keeps
# trying Google's services and logs the refused connections.
CHROMIUM_ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic",
                 "--no-first-run", "--disable-background-networking",
                 "--disable-component-update", "--disable-sync"]
LOCAL_SCHEMES = ("file:", "data:", "blob:", "about:")
# Every chart and map: its rendered size.
CHART_STATE = """() => Array.from(document.querySelectorAll('svg.chart, svg.map')).map(svg => {
    const box = svg.getBoundingClientRect();
    return {title: (svg.querySelector('title') || {}).textContent, width: box.width,
            height: box.height};
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


def open_page(browser, path: Path, tmp_path: Path, shot_name: str):  # noqa: ANN001, ANN201
    """Open a page; its console errors, page errors and requests, and a saved screenshot."""
    messages, errors, requests = [], [], []
    view = browser.new_page(viewport={"width": 1280, "height": 900})
    view.on("console", lambda message: messages.append((message.type, message.text)))
    view.on("pageerror", lambda error: errors.append(str(error)))
    view.on("request", lambda request: requests.append(request.url))
    view.goto(path.as_uri(), wait_until="load")
    charts = view.evaluate(CHART_STATE)
    shot = tmp_path / shot_name
    view.screenshot(path=str(shot), full_page=True)
    print(f"screenshot: {shot}")
    return view, charts, [text for kind, text in messages if kind == "error"] + errors, \
        requests, shot


@pytest.mark.parametrize("area, lang", [("KU149", "sv"), ("KU049", "fi"), ("HVA03", "en")])
def test_a_report_renders_offline_without_errors(browser, build: SampleBuild, area: str,
                                                 lang: str, tmp_path: Path) -> None:
    path = build.reports / report_name(area, lang)
    view, charts, errors, requests, shot = open_page(
        browser, path, tmp_path, report_name(area, lang).replace(".html", ".png"))
    # Every chart and map drawn at a visible size, as many as the page holds, and some.
    assert len(charts) == view.locator("svg.chart, svg.map").count() > 5
    assert [c["title"] for c in charts if not (c["width"] > 100 and c["height"] > 10)] == []
    # The confidential cell of Espoo's breakdown is written in its bar chart, not drawn as 0.
    if area == "KU049":
        label = "salassa pidettävä"
        chart = view.locator(f'figure.groups[data-indicator="{CONFIDENTIAL_CELL["indicator"]}"]'
                             " svg.chart text")
        assert label in chart.all_text_contents()
    # Offline: the page asked for its own file and nothing else.
    assert requests and [url for url in requests if not url.startswith(LOCAL_SCHEMES)] == []
    assert errors == []
    view.close()
    assert shot.stat().st_size > 50_000


def test_the_index_renders_offline_and_links_every_report(browser, build: SampleBuild,
                                                           tmp_path: Path) -> None:
    view, _, errors, requests, shot = open_page(browser, build.reports / "index.html",
                                                tmp_path, "index.png")
    links = view.locator('section[lang="fi"] table.reports a').evaluate_all(
        "links => links.map(a => a.getAttribute('href'))")
    assert all((build.reports / link).is_file() for link in links) and len(links) >= 6
    # The headline table is on the page, each municipality a column.
    assert view.locator('section[lang="sv"] table.headline thead th').count() >= 4
    assert [url for url in requests if not url.startswith(LOCAL_SCHEMES)] == []
    assert errors == []
    view.close()
    assert shot.stat().st_size > 30_000
