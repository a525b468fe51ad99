"""The expectation suites, as data. Analysts read and extend these.

Row rules that fail send rows to the quarantine before these suites run (sql/staging/), so
on staged data every expectation here must hold; one that does not means the table is wrong
as a whole and the mart is not published.
"""

from pipelines.checks.expectations import ExpectationSpec as E
from pipelines.checks.expectations import RowsWhere

GRAIN = ["indicator_code", "area_code", "period", "group_code"]
STATUSES = ["ok", "missing", "not_applicable", "confidential", "not_available", "not_asked",
            "empty", "suppressed", "zero"]
UNIT_BOUNDS = {"percent": (0, 100), "per_1000": (0, 1000), "per_100000": (0, 100000),
               "count": (0, None)}
STAGED_VALUE_COLUMNS = ["source", "source_file", "row_number", "indicator_code", "area_code",
                        "period", "frequency", "period_start", "sex", "age_group",
                        "language_group", "group_code", "value", "absolute_value", "status",
                        "unit"]


def staged_values_suite(
    known_areas: list[str], known_indicators: list[str], min_year: int, max_year: int
) -> list[E]:
    """Contract of a staged indicator-value table (the canonical long format)."""
    specs = [
        E("ExpectTableRowCountToBeBetween", {"min_value": 1}),
        E("ExpectTableColumnsToMatchSet",
          {"column_set": STAGED_VALUE_COLUMNS + ["period_year"], "exact_match": True}),
        E("ExpectColumnValuesToBeOfType", {"column": "value", "type_": "float64"}),
        E("ExpectColumnValuesToBeOfType", {"column": "absolute_value", "type_": "float64"}),
        *[E("ExpectColumnValuesToNotBeNull", {"column": column})
          for column in (*GRAIN, "status", "source_file")],
        E("ExpectColumnValuesToBeInSet", {"column": "area_code", "value_set": known_areas}),
        E("ExpectColumnValuesToBeInSet",
          {"column": "indicator_code", "value_set": known_indicators}),
        E("ExpectColumnValuesToBeInSet",
          {"column": "sex", "value_set": ["male", "female", "total"]}),
        E("ExpectColumnValuesToBeInSet", {"column": "status", "value_set": STATUSES}),
        E("ExpectColumnValuesToBeBetween",
          {"column": "period_year", "min_value": min_year, "max_value": max_year}),
        E("ExpectColumnValuesToNotBeNull", {"column": "value"},
          RowsWhere("status", ("ok", "zero"))),
        E("ExpectColumnValuesToBeNull", {"column": "value"},
          RowsWhere("status", ("ok", "zero"), negate=True)),
        E("ExpectColumnValuesToBeBetween", {"column": "absolute_value", "min_value": 0}),
        E("ExpectCompoundColumnsToBeUnique", {"column_list": GRAIN}),
    ]
    for unit, (low, high) in UNIT_BOUNDS.items():
        specs.append(
            E("ExpectColumnValuesToBeBetween",
              {"column": "value", "min_value": low, "max_value": high},
              RowsWhere("unit", (unit,)))
        )
    return specs
