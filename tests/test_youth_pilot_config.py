"""raw/pilot/youth.yaml, the youth pilot's indicator set (pipelines/ingest/pilot_config.py):
the bundled file reads whole and names files that exist; a file that does not fit is an
error naming the file, the line and the rule; codes the mart lacks are warnings with lines."""

from pathlib import Path

import pytest

from pipelines.ingest.errors import SourceFormatError
from pipelines.ingest.pilot_config import pilot_rows, read_pilot_config

REPO = Path(__file__).resolve().parents[1]
BUNDLED = REPO / "raw" / "pilot" / "youth.yaml"

BASE = """\
pilot:
  county: HVA03
sources:
  stat:
    publisher: {fi: Tilastokeskus, sv: Statistikcentralen, en: Statistics Finland}
    title: {fi: T, sv: T, en: T}
    files: [indicators/statfin/t.px]
indicators:
  - id: neet
    theme: exclusion
    name: {fi: NEET, sv: NEET, en: NEET}
    kind: register_rate
    age_band: "15-24"
    direction: lower
    count: [statfin:youth_neet]
    population: [statfin:youth_population]
    sources: [stat]
  - id: lonely
    theme: exclusion
    kind: survey_share
    age_band: "14-16"
    direction: lower
    code: county:ktk_lonely
    sample_size: county:ktk_lonely_n
"""


def write(tmp_path: Path, text: str) -> Path:
    path = tmp_path / "youth.yaml"
    path.write_text(text, encoding="utf-8")
    return path


def line_of(text: str, fragment: str) -> int:
    return next(number for number, line in enumerate(text.splitlines(), start=1)
                if fragment in line)


def test_the_bundled_pilot_reads_whole_and_its_files_exist() -> None:
    config = read_pilot_config(BUNDLED)
    assert config.county == "HVA03" and config.reference_language == "fi"
    assert config.z == pytest.approx(1.959964, abs=1e-6)
    ids = [item.id for item in config.indicators]
    # The indicators: NEET, outside education (3219), youth unemployment, long-term
    # social assistance, child welfare, mental-health visits, the survey's three items.
    assert {"neet", "outside_education", "outside_education_sotkanet", "youth_unemployment",
            "long_term_social_assistance", "child_welfare", "mental_health_visits", "lonely",
            "anxiety", "bullied"} <= set(ids)
    assert len(ids) == len(set(ids))
    for item in config.indicators:
        assert item.direction in ("higher", "lower", "neither") and item.age_band
        if item.kind == "survey_share":
            assert all(source.sample_size_code for source in item.inputs)
    for source in config.sources:
        for name in source.files:
            assert (REPO / "raw" / name).is_file(), name
    assert config.follow_up and all(item.why["sv"] for item in config.follow_up)
    rows = pilot_rows(config, "pilot/youth.yaml")
    assert rows["settings"][0]["config_file"] == "pilot/youth.yaml"
    assert len(rows["inputs"]) == sum(len(item.inputs) for item in config.indicators)


def test_without_a_file_the_pilot_is_empty(tmp_path: Path) -> None:
    config = read_pilot_config(tmp_path / "youth.yaml")
    assert (config.county, config.indicators) == (None, ())
    assert pilot_rows(config)["settings"] == []


@pytest.mark.parametrize(("old", "new", "at", "message"), [
    ("    direction: lower\n    count", "    directon: lower\n    count", "directon",
     "unknown key 'directon'"),
    ("    direction: lower\n    code", "    direction: better\n    code", "better",
     "'better' is not one of 'higher', 'lower', 'neither'"),
    ("    theme: exclusion\n    kind: survey_share",
     "    theme: exclusion\n    theme: service\n    kind: survey_share", "theme: service",
     "key 'theme' is given twice"),
    ("sources: [stat]", "sources: [stats]", "sources: [stats]", "source 'stats' is not under"),
    ("    code: county:ktk_lonely\n", "    code: county:ktk_lonely\n    count: [a:b]\n",
     "- id: lonely", "either code: (a mart indicator) or count: and population:"),
    ("    sample_size: county:ktk_lonely_n\n", "", "- id: lonely",
     "a survey_share needs code: (the share) and sample_size:"),
    ("population: [statfin:youth_population]", "population: [statfin:a, statfin:b]",
     "population: [statfin:a", "population lists 2 codes, count 1"),
    ("code: county:ktk_lonely", "code: ktk lonely", "code: ktk lonely",
     "is not an indicator code (source:id"),
    ("  - id: lonely", "  - id: neet", "  - id: neet\n    theme: exclusion\n    kind: survey",
     "id 'neet' is used twice"),
    ("  county: HVA03", "  county: HVA03\n  confidence: 95", "confidence: 95",
     "expected a level such as 0.95"),
    ("    kind: register_rate", "    kind: register_rate\n    per: 10", "per: 10",
     "'10' is not one of '100', '1000'"),
    ("  - id: lonely", "  - id: lonely\n    name: {fi: Y, sv: E}", "name: {fi: Y",
     "needs a text in en too"),
    ("indicators:", "indicators: [", "indicators: [", "not valid YAML"),
])
def test_a_file_that_does_not_fit_is_an_error_naming_its_line(tmp_path, old, new, at,
                                                              message) -> None:
    assert old in BASE
    text = BASE.replace(old, new, 1)
    path = write(tmp_path, text)
    with pytest.raises(SourceFormatError) as raised:
        read_pilot_config(path)
    error = raised.value
    assert error.path == str(path)
    first = at.split("\n")[0]
    expected = line_of(text, first) if "\n" not in at else next(
        number for number in range(1, text.count("\n") + 2)
        if "\n".join(text.splitlines()[number - 1:]).startswith(at))
    if message == "not valid YAML":
        assert error.line is not None and error.line >= expected
    else:
        assert error.line == expected, (error.line, str(error))
    assert message in error.message, str(error)


def test_codes_and_a_county_the_mart_lacks_are_warnings_with_their_lines(tmp_path) -> None:
    path = write(tmp_path, BASE)
    config = read_pilot_config(path)
    known = {"statfin:youth_neet", "statfin:youth_population", "county:ktk_lonely"}
    assert config.warnings(known, {"HVA03"}) == [
        f"{path} line {line_of(BASE, 'ktk_lonely_n')}: indicator 'county:ktk_lonely_n' is not "
        "in mart.dim_indicator; the pilot has no values from it until a source publishes it"]
    assert config.warnings(known | {"county:ktk_lonely_n"}, {"HVA90"}) == [
        f"{path} line 2: county 'HVA03' is not in mart.dim_area; the pilot has no areas"]
