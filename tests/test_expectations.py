"""The Great Expectations suite on staged values: what passes, and what each failure reports."""

from itertools import pairwise

import pandas as pd
import pytest

from pipelines.checks.expectations import ExpectationSpec, merge_outcomes
from pipelines.checks.runner import run_suite
from pipelines.checks.staging_checks import plan_slices
from pipelines.checks.suites import staged_values_suite


def staged_frame(rows: list[dict]) -> pd.DataFrame:
    base = {"source": "sotkanet", "source_file": "a.csv", "row_number": 2,
            "indicator_code": "sotkanet:189", "area_code": "KU049", "period": "2023",
            "frequency": "annual", "period_start": pd.Timestamp("2023-01-01"), "sex": "total",
            "age_group": "total", "language_group": "total", "group_code": "total.total.total",
            "value": 10.0, "absolute_value": None, "status": "ok", "unit": "percent",
            "flag": None, "period_year": 2023}
    frame = pd.DataFrame([{**base, **row} for row in rows])
    frame["absolute_value"] = frame["absolute_value"].astype("float64")
    return frame


def suite() -> list[ExpectationSpec]:
    return staged_values_suite(["KU049", "HVA03"], ["sotkanet:189", "sotkanet:127"], 1900, 2027)


@pytest.fixture(scope="module")
def clean_outcome():
    return run_suite(staged_frame([{}, {"area_code": "HVA03"}, {"period": "2022",
                                                              "period_year": 2022}]),
                     "clean", suite())


def test_clean_staged_values_pass_every_expectation(clean_outcome) -> None:
    assert clean_outcome.success, clean_outcome.to_markdown()
    assert clean_outcome.rows == 3
    assert len(clean_outcome.outcomes) == len(suite())


def test_each_failure_is_reported_against_its_own_expectation() -> None:
    frame = staged_frame([
        {},
        {},  # the same grain cell twice
        {"area_code": "KU999", "period": "2021", "period_year": 2021},
        {"period": "2020", "period_year": 2020, "value": 130.0},
        {"indicator_code": "sotkanet:127", "unit": "count", "value": -1.0},
    ])
    outcome = run_suite(frame, "broken", suite())
    failed = {failure.label: failure for failure in outcome.failures}
    assert set(failed) == {
        "ExpectCompoundColumnsToBeUnique(['indicator_code', 'area_code', 'period', 'group_code'])",
        "ExpectColumnValuesToBeInSet(area_code)",
        "ExpectColumnValuesToBeBetween(value) where unit in ['percent']",
        "ExpectColumnValuesToBeBetween(value) where unit in ['count']",
    }
    assert failed["ExpectColumnValuesToBeInSet(area_code)"].unexpected_count == 1
    assert failed["ExpectColumnValuesToBeInSet(area_code)"].examples == ["KU999"]
    percent = failed["ExpectColumnValuesToBeBetween(value) where unit in ['percent']"]
    assert percent.examples == [130.0]
    markdown = outcome.to_markdown()
    assert "| ExpectColumnValuesToBeInSet(area_code) | **no** | 1 | KU999 |" in markdown


def test_an_empty_table_fails() -> None:
    outcome = run_suite(staged_frame([{}]).iloc[0:0], "empty", suite())
    assert not outcome.success
    assert "ExpectTableRowCountToBeBetween" in {failure.label for failure in outcome.failures}


def test_a_missing_column_fails() -> None:
    outcome = run_suite(staged_frame([{}]).drop(columns=["status"]), "no_status", suite())
    assert "ExpectTableColumnsToMatchSet" in {failure.label for failure in outcome.failures}


def test_slices_merge_into_one_outcome_for_the_table() -> None:
    runner_specs = suite()
    good = run_suite(staged_frame([{}]), "part", runner_specs)
    bad = run_suite(staged_frame([{"area_code": "KU999"}, {"area_code": "KU998",
                                                           "period": "2022"}]),
                    "part", runner_specs)
    merged = merge_outcomes([good, bad, good])
    assert merged.rows == 4
    failed = {failure.label: failure for failure in merged.failures}
    assert list(failed) == ["ExpectColumnValuesToBeInSet(area_code)"]
    assert failed["ExpectColumnValuesToBeInSet(area_code)"].unexpected_count == 2
    assert failed["ExpectColumnValuesToBeInSet(area_code)"].examples == ["KU999", "KU998"]


def test_slices_group_small_files_and_cut_large_ones() -> None:
    files = [("a.csv", 2, 101, 100), ("b.csv", 2, 51, 50), ("c.json", 1, 1000, 1000)]
    slices = plan_slices(files, 300)
    assert slices[0] == [("a.csv", 2, 101), ("b.csv", 2, 51)]
    covered = [rng for part in slices[1:] for rng in part]
    assert covered[0][1] == 1 and covered[-1][2] == 1000
    # Consecutive ranges of c.json touch without gaps or overlaps: every row is validated once.
    assert all(later[1] == earlier[2] + 1 for earlier, later in pairwise(covered))
