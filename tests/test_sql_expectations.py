"""The SQL translations of GE expectations agree with GE itself, row for row."""

import duckdb
import pandas as pd
import pytest

from pipelines.checks import sql_expectations
from pipelines.checks.expectations import ExpectationSpec as E
from pipelines.checks.expectations import RowsWhere
from pipelines.checks.runner import SuiteRunner
from pipelines.checks.sql_expectations import cross_check, run_suite_in_sql, validate_in_sql

FRAME = pd.DataFrame({
    "area": ["KU049", "KU049", None, "KU999", "HVA03", "SSS", "KU049"],
    "period": ["2023", "2023", "2022", "2021", "2023", "2023", "2020"],
    "value": [10.0, 150.0, None, -1.0, 50.0, 100.0, 0.0],
    "unit": ["percent", "percent", "count", "count", None, "percent", "percent"],
    "status": ["ok", "ok", "missing", "ok", "ok", "zero", "confidential"],
})

SPECS = [
    E("ExpectColumnValuesToNotBeNull", {"column": "area"}),
    E("ExpectColumnValuesToNotBeNull", {"column": "value"}, RowsWhere("status", ("ok",))),
    E("ExpectColumnValuesToBeNull", {"column": "value"},
      RowsWhere("status", ("ok", "zero"), negate=True)),
    E("ExpectColumnValuesToBeInSet", {"column": "area", "value_set": ["KU049", "HVA03", "SSS"]}),
    E("ExpectColumnValuesToBeBetween", {"column": "value", "min_value": 0, "max_value": 100},
      RowsWhere("unit", ("percent",))),
    E("ExpectColumnValuesToBeBetween", {"column": "value", "min_value": 0}),
    E("ExpectColumnValuesToBeBetween", {"column": "value", "max_value": 99},
      RowsWhere("unit", ("count",), negate=True)),
    E("ExpectCompoundColumnsToBeUnique", {"column_list": ["area", "period"]}),
    E("ExpectTableRowCountToBeBetween", {"min_value": 1}),
    E("ExpectTableColumnsToMatchSet",
      {"column_set": ["area", "period", "value", "unit", "status"], "exact_match": True}),
    E("ExpectColumnValuesToBeOfType", {"column": "value", "type_": "float64"}),
]


@pytest.fixture()
def con() -> duckdb.DuckDBPyConnection:
    connection = duckdb.connect()
    connection.register("frame", FRAME)
    connection.execute("CREATE TABLE t AS SELECT * FROM frame")
    yield connection
    connection.close()


def test_every_translation_counts_what_ge_counts(con) -> None:
    ge = SuiteRunner("reference", SPECS).validate(con.execute("SELECT * FROM t").df())
    sql, translations = run_suite_in_sql(con, "t", SPECS)
    assert len(translations) == 8  # the row-level ones; the table-level ones need no sample
    for ge_outcome, sql_outcome in zip(ge.outcomes, sql, strict=True):
        assert sql_outcome is not None, ge_outcome.label
        assert (sql_outcome.success, sql_outcome.unexpected_count) == (
            ge_outcome.success, ge_outcome.unexpected_count), ge_outcome.label
    # And the failures are the ones the data has.
    failing = {outcome.label for outcome in sql if not outcome.success}
    assert failing == {
        "ExpectColumnValuesToNotBeNull(area)",
        "ExpectColumnValuesToBeNull(value) where status not in ['ok', 'zero']",
        "ExpectColumnValuesToBeInSet(area)",
        "ExpectColumnValuesToBeBetween(value) where unit in ['percent']",
        "ExpectColumnValuesToBeBetween(value)",
        "ExpectColumnValuesToBeBetween(value) where unit not in ['count']",
        "ExpectCompoundColumnsToBeUnique(['area', 'period'])",
    }
    between = next(o for o in sql if o.label.endswith("where unit in ['percent']"))
    assert between.examples == [150.0]


def test_a_wrong_translation_is_caught_by_the_cross_check(con, monkeypatch) -> None:
    real = sql_expectations.translate

    def off_by_one(spec):  # a translation that forgets the bounds are inclusive
        translation = real(spec)
        if translation and spec.kind == "ExpectColumnValuesToBeBetween":
            unexpected = translation.unexpected.replace(" < $", " <= $")
            return sql_expectations.Translation(spec, unexpected, translation.example,
                                                translation.params)
        return translation

    monkeypatch.setattr(sql_expectations, "translate", off_by_one)
    _, translations = run_suite_in_sql(con, "t", SPECS)
    disagreements, sampled = cross_check(con, "t", SPECS, translations)
    assert sampled > 0
    assert any(d.startswith("ExpectColumnValuesToBeBetween(value)") for d in disagreements)


def test_kinds_without_translation_are_left_for_pandas(con) -> None:
    specs = [*SPECS, E("ExpectColumnValuesToMatchRegex", {"column": "period",
                                                         "regex": r"^\d{4}$"})]
    outcome, untranslated, facts = validate_in_sql(con, "t", "suite", specs)
    assert untranslated == [len(SPECS)]
    assert outcome.outcomes[-1].error == "not evaluated"
    assert facts["disagreements"] == []
