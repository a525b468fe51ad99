"""The expectation suites, as data. Analysts read and extend these.

Row rules that fail send rows to the quarantine before these suites run (sql/ingest/), so
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
                        "unit", "flag"]


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


# The project register (staging/project_register): the staged tables and their contract.
PROJECT_LEVELS = ["international", "national", "city"]
PROJECT_PRECISIONS = ["day", "month", "season", "year"]
FUNDING_BOUNDS = ["exact", "at_least", "at_most", "approx"]
ORGANIZATION_TYPES = ["city", "university", "research_institute", "company", "ngo", "network",
                      "agency", "programme"]
ORGANIZATION_ROLES = ["coordinator", "partner", "member", "affiliate_partner", "lighthouse_city",
                      "funder", "steering_group"]
# A plain address check, independent of the email-validator the readers use.
EMAIL_PATTERN = r"^[A-Za-z0-9._%+'-]+@[A-Za-z0-9-]+(?:\.[A-Za-z0-9-]+)*\.[A-Za-z]{2,}$"
E164_PATTERN = r"^\+[1-9][0-9]{6,14}$"


def project_register_suite() -> dict[str, list[E]]:
    """Contract of the staged project register, by staged table: every project has a key, a
    title, a level and at least one contact, ends no earlier than it starts; e-mail addresses
    and phone numbers are well formed; amounts of money are positive."""
    return {
        "project": [
            E("ExpectColumnValuesToNotBeNull", {"column": "project_key"}),
            E("ExpectColumnValuesToBeUnique", {"column": "project_key"}),
            E("ExpectColumnValuesToNotBeNull", {"column": "title"}),
            E("ExpectColumnValuesToBeInSet", {"column": "level", "value_set": PROJECT_LEVELS}),
            E("ExpectColumnValuesToBeBetween", {"column": "contact_count", "min_value": 1}),
            E("ExpectColumnPairValuesAToBeGreaterThanB",
              {"column_A": "end_date", "column_B": "start_date", "or_equal": True,
               "ignore_row_if": "either_value_is_missing"}),
            E("ExpectColumnValuesToBeInSet",
              {"column": "period_precision", "value_set": PROJECT_PRECISIONS}),
            E("ExpectColumnValuesToBeBetween",
              {"column": "budget_eur", "min_value": 0, "strict_min": True}),
            E("ExpectColumnValuesToNotBeNull", {"column": "source_file"}),
        ],
        "project_contact": [
            E("ExpectColumnValuesToMatchRegex", {"column": "email", "regex": EMAIL_PATTERN}),
            E("ExpectColumnValuesToMatchRegex", {"column": "phone_e164", "regex": E164_PATTERN}),
            E("ExpectCompoundColumnsToBeUnique", {"column_list": ["project_key", "position"]}),
        ],
        "project_funding": [
            E("ExpectColumnValuesToNotBeNull", {"column": "amount_eur"}),
            E("ExpectColumnValuesToBeBetween",
              {"column": "amount_eur", "min_value": 0, "strict_min": True}),
            E("ExpectColumnValuesToBeInSet", {"column": "bound", "value_set": FUNDING_BOUNDS}),
        ],
        "project_partner": [
            E("ExpectColumnValuesToNotBeNull", {"column": "organization_key"}),
            E("ExpectColumnValuesToBeInSet",
              {"column": "organization_type", "value_set": ORGANIZATION_TYPES}),
            E("ExpectColumnValuesToBeInSet", {"column": "role", "value_set": ORGANIZATION_ROLES}),
        ],
    }
