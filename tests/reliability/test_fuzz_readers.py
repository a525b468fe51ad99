"""Every reader of raw files, fuzzed (hypothesis): real published files and the bundled
samples, mutated (bytes flipped, inserted, deleted, duplicated, cut; hostile tokens such as
quotes, delimiters, NULs, YAML aliases, PX keywords), and plain random bytes. Whatever comes,
a reader returns what it read or raises a SourceFormatError naming the file; never another
exception, and never slower than the deadline (a hang fails the test).

`make test` tries FUZZ_EXAMPLES inputs per reader, derandomized (the same every run);
`make reliability` sets HYTEMART_RELIABILITY=long for many more, random each time.
"""

import os
import re
import tempfile
from collections.abc import Callable
from datetime import date, timedelta
from pathlib import Path

import duckdb
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from pipelines.ingest.describe import DescribeError, describe
from pipelines.ingest.described_tables import read_described_table
from pipelines.ingest.descriptions import load_description
from pipelines.ingest.errors import SourceFormatError
from pipelines.ingest.jsonstat import read_jsonstat
from pipelines.ingest.px import read_px
from pipelines.ingest.sotkanet import read_indicators, read_regions, stage_data_file
from pipelines.ingest.table_cells import read_table_cells
from pipelines.projects.cards import read_card
from pipelines.projects.pages import read_project_page

from . import figures
from .harness import LONG, REPO_ROOT

FUZZ_EXAMPLES = int(os.environ.get("HYTEMART_FUZZ_EXAMPLES", 1000 if LONG else 10))
FUZZ_SETTINGS = settings(
    max_examples=FUZZ_EXAMPLES, deadline=timedelta(seconds=10), derandomize=not LONG,
    database=None, suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
)
RAW = REPO_ROOT / "raw"
REAL = REPO_ROOT / "tests" / "data" / "realdata"
HOSTILE = [b'"', b"'", b";", b",", b"\t", b"\n", b"\r\n", b"\r", b"\x00", b"\x1b", b"\x85",
           b"\xff\xfe", b"\xef\xbb\xbf", b"\xe4", b"{", b"}", b"[", b"]", b"&a ", b"*a ",
           b"!!python/object:os.system ", b"- ", b": ", b"..", b"...", b"-", b"1e309", b"NaN",
           b"-0", b"9" * 40, b"=", b"DATA=", b'VALUES("x")=', b"TLIST(A1)", b'"a","b"',
           b"<script>alert(1)</script>", b"</td></tr>", b"<!--", b"\\", b"\\u0000",
           b"'); DROP TABLE mart.dim_area; --", b"---\n", b" " * 64]


# A run of letters and digits, ä ö å Ä Ö Å (UTF-8) included whole.
WORD = re.compile(rb"(?:[0-9A-Za-z]|\xc3[\xa4\xb6\xa5\x84\x96\x85])+")


def seeds(*paths: Path) -> list[bytes]:
    return [path.read_bytes() for path in paths]


@st.composite
def fuzzed(draw: st.DrawFn, originals: list[bytes]) -> bytes:
    """A real file mutated a few times, or (one case in eight) random bytes."""
    if draw(st.integers(0, 7)) == 0:
        return draw(st.binary(max_size=4096))
    data = bytearray(draw(st.sampled_from(originals)))
    for _ in range(draw(st.integers(1, 4))):
        at = draw(st.integers(0, len(data)))
        pick = draw(st.integers(0, 19))  # half hostile tokens, a third text, the rest bytes
        payload = draw(st.sampled_from(HOSTILE) if pick < 10 else
                       st.text(min_size=1, max_size=8).map(str.encode) if pick < 17 else
                       st.binary(min_size=1, max_size=8))
        kind = draw(st.sampled_from(["word", "word", "word", "insert", "replace", "delete",
                                     "duplicate", "cut"]))
        words = list(WORD.finditer(data)) if kind == "word" else []
        if words:  # one cell, code, label or number changed: the file mostly still parses
            word = words[draw(st.integers(0, len(words) - 1))]
            data[word.start():word.end()] = payload
        elif kind == "insert":
            data[at:at] = payload
        elif kind == "replace":
            data[at:at + len(payload)] = payload
        elif kind == "delete":
            del data[at:at + draw(st.integers(1, 64))]
        elif kind == "duplicate":
            data[at:at] = data[at:at + draw(st.integers(1, 256))] * draw(st.integers(1, 50))
        else:
            del data[at:]
    return bytes(data)


def outcome(reader: str, read: Callable[[], object], named: set[Path]) -> None:
    """Run one reader on one input: a result or a SourceFormatError naming one of `named`."""
    figures.FUZZ_CASES[reader] += 1
    try:
        read()
    except SourceFormatError as exc:
        assert Path(exc.path).name in {path.name for path in named}, exc
        assert exc.message.strip(), exc
        figures.FUZZ_REFUSED[reader] += 1
        figures.FUZZ_WITH_LINE[reader] += exc.line is not None


def written(name: str, data: bytes, beside: dict[str, bytes] | None = None) -> Path:
    """`data` as a file `name` in a new temporary folder, with other files beside it."""
    folder = Path(tempfile.mkdtemp(prefix="fuzz_"))
    for other, content in (beside or {}).items():
        (folder / other).write_bytes(content)
    path = folder / name
    path.write_bytes(data)
    return path


def staging_connection() -> duckdb.DuckDBPyConnection:
    con = duckdb.connect()
    con.execute("CREATE SCHEMA staging")
    return con


SOTKANET = RAW / "indicators" / "sotkanet"


@FUZZ_SETTINGS
@given(fuzzed(seeds(SOTKANET / "sotkanet_population_2015_2023.csv")))
def test_sotkanet_csv(data: bytes) -> None:
    path = written("export.csv", data)
    con = staging_connection()
    outcome("sotkanet csv", lambda: stage_data_file(con, path, "export.csv"), {path})
    con.close()


@FUZZ_SETTINGS
@given(fuzzed(seeds(SOTKANET / "sotkanet_youth_employment_2015_2023.json",
                    SOTKANET / "sotkanet_wellbeing_legacy_2015_2023.json")))
def test_sotkanet_json(data: bytes) -> None:
    path = written("data.json", data)
    con = staging_connection()
    outcome("sotkanet json", lambda: stage_data_file(con, path, "data.json"), {path})
    con.close()


@FUZZ_SETTINGS
@given(fuzzed(seeds(SOTKANET / "regions.json", SOTKANET / "indicators.json",
                    REAL / "sotkanet" / "indicators_2016_subset.json")))
def test_sotkanet_metadata(data: bytes) -> None:
    path = written("metadata.json", data)
    outcome("sotkanet metadata json", lambda: (read_regions(path), read_indicators(path)),
            {path})


@FUZZ_SETTINGS
@given(fuzzed(seeds(*sorted((REAL / "statfin").glob("*.px")),
                    *sorted((RAW / "indicators" / "statfin").glob("*.px")))))
def test_px(data: bytes) -> None:
    path = written("table.px", data)
    outcome("px", lambda: read_px(path), {path})


@FUZZ_SETTINGS
@given(fuzzed(seeds(*sorted((REAL / "statfin").glob("*.json")),
                    *sorted((RAW / "indicators" / "statfin").glob("*.json")))))
def test_jsonstat(data: bytes) -> None:
    path = written("table.json", data)
    outcome("json-stat", lambda: read_jsonstat(path), {path})


def described(data_file: Path) -> tuple[str, bytes]:
    description = data_file.with_suffix(".yaml")
    return description.name, description.read_bytes()


DESCRIBED_CSV = sorted((RAW / "indicators").glob("*/*.csv"))
DESCRIBED_CSV = [path for path in DESCRIBED_CSV if path.parent.name != "sotkanet"]


@FUZZ_SETTINGS
@given(st.sampled_from(DESCRIBED_CSV).flatmap(
    lambda original: st.tuples(st.just(original), fuzzed([original.read_bytes()]))))
def test_described_csv(case: tuple[Path, bytes]) -> None:
    original, data = case
    name, yaml_text = described(original)
    path = written(original.name, data, {name: yaml_text})
    description = load_description(path.with_suffix(".yaml"))
    outcome("described csv", lambda: read_described_table(description),
            {path, description.path})


XLSX = RAW / "indicators" / "ngo" / "youth_services_visits.xlsx"


@FUZZ_SETTINGS
@given(fuzzed(seeds(XLSX)))
def test_described_xlsx(data: bytes) -> None:
    name, yaml_text = described(XLSX)
    path = written(XLSX.name, data, {name: yaml_text})
    description = load_description(path.with_suffix(".yaml"))
    outcome("described xlsx", lambda: read_described_table(description),
            {path, description.path})


DESCRIPTIONS = sorted(path for path in (RAW / "indicators").glob("*/*.yaml"))


@FUZZ_SETTINGS
@given(st.sampled_from(DESCRIPTIONS).flatmap(
    lambda original: st.tuples(st.just(original), fuzzed([original.read_bytes()]))))
def test_yaml_descriptions(case: tuple[Path, bytes]) -> None:
    original, data = case
    beside = {path.name: path.read_bytes() for path in original.parent.iterdir()
              if path.stem == original.stem and path != original}
    path = written(original.name, data, beside)
    outcome("yaml description", lambda: load_description(path), {path})


@FUZZ_SETTINGS
@given(st.sampled_from([".html", ".txt"]).flatmap(lambda suffix: st.tuples(
    st.just(suffix), fuzzed(seeds(RAW / "projects" / "pages" / f"espoo_ongoing_development"
                                  f"{suffix}") if suffix == ".html" else
                            seeds(REPO_ROOT / "tests" / "data" / "seed" /
                                  "000_95bc560e1733b868.txt")))))
def test_project_pages(case: tuple[str, bytes]) -> None:
    suffix, data = case
    path = written(f"page{suffix}", data)
    outcome("project page", lambda: read_project_page(path, date(2025, 6, 1)), {path})


@FUZZ_SETTINGS
@given(fuzzed(seeds(*sorted((RAW / "projects" / "cards").glob("*.md")))))
def test_project_cards(data: bytes) -> None:
    path = written("card.md", data)
    outcome("project card", lambda: read_card(path), {path})


PUBLIC = REPO_ROOT / "tests" / "data" / "public"
DOWNLOADS = [PUBLIC / path for path in (
    "kandidatarbete/asub_AR001_20240206-135030.csv",
    "acm_analyzer/statfin_139e_deaths_forecast_fi.csv",
    "acm_analyzer/statfin_11ll_population_deaths_monthly_fi.csv",
    "acm_analyzer/thl_covid19case_measures_weekly_fi.csv",
    "raventheory-demos/aluesarjat_SSVAVR02_20250223-105323_fi_comma_noheading.csv",
    "covid_psyserv/statfin_001_11re_2021_20220517-160323_en_noheading.csv",
    "aluesarjat/aluesarjat_C04S_VANS_Tyottomat_Sukupuoli.px")]


@FUZZ_SETTINGS
@given(st.sampled_from(DOWNLOADS).flatmap(
    lambda original: st.tuples(st.just(original), fuzzed([original.read_bytes()]))))
def test_describe(case: tuple[Path, bytes]) -> None:
    """`hytemart describe` on a mangled download: a description or one DescribeError naming
    the file, never another exception."""
    original, data = case
    path = written(original.name, data)
    figures.FUZZ_CASES["describe"] += 1
    try:
        describe(path, "statfin")
    except DescribeError as exc:
        assert path.name in str(exc) and "\n" not in str(exc), exc
        figures.FUZZ_REFUSED["describe"] += 1


@FUZZ_SETTINGS
@given(st.sampled_from(DOWNLOADS[:-1]).flatmap(
    lambda original: st.tuples(st.just(original), fuzzed([original.read_bytes()]))))
def test_described_pxweb_download(case: tuple[Path, bytes]) -> None:
    """A download read as describe described the original (the headings split, periods from
    two columns, totals dropped), the data mangled."""
    original, data = case
    yaml_text = describe(original, "statfin").encode("utf-8")
    path = written(original.name, data, {original.with_suffix(".yaml").name: yaml_text})
    description = load_description(path.with_suffix(".yaml"))
    outcome("described download", lambda: read_table_cells(description),
            {path, description.path})


def test_the_fuzzer_reaches_both_outcomes() -> None:
    """A fuzzer whose inputs are all refused (or all read) proves little: of all cases, at
    least a tenth each are read and refused."""
    cases, refused = sum(figures.FUZZ_CASES.values()), sum(figures.FUZZ_REFUSED.values())
    if cases == 0:
        pytest.skip("run with the fuzz tests")
    assert cases / 10 < refused < cases * 9 / 10
