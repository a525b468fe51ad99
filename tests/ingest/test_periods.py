from datetime import date

import pytest

from pipelines.ingest.periods import Period, parse_period


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("2024", Period("2024", "annual", date(2024, 1, 1))),
        ("1865", Period("1865", "annual", date(1865, 1, 1))),
        ("2024Q1", Period("2024Q1", "quarterly", date(2024, 1, 1))),
        ("2024Q4", Period("2024Q4", "quarterly", date(2024, 10, 1))),
        ("2024K1", Period("2024Q1", "quarterly", date(2024, 1, 1))),  # Finnish quarter letter
        ("2024K3", Period("2024Q3", "quarterly", date(2024, 7, 1))),
        ("2024M01", Period("2024M01", "monthly", date(2024, 1, 1))),
        ("2024M12", Period("2024M12", "monthly", date(2024, 12, 1))),
        ("2024H2", Period("2024H2", "half_yearly", date(2024, 7, 1))),
        ("2020W53", Period("2020W53", "weekly", date(2020, 12, 28))),  # ISO week: a Monday
        ("2021W01", Period("2021W01", "weekly", date(2021, 1, 4))),
        ("2020-02-29", Period("2020-02-29", "daily", date(2020, 2, 29))),
        ("2018-2020", Period("2018-2020", "multi_year", date(2018, 1, 1))),
    ],
)
def test_parse_period(text: str, expected: Period) -> None:
    assert parse_period(text) == expected


@pytest.mark.parametrize(
    "text",
    [
        "",
        "24",
        "20245",
        "2024Q0",
        "2024Q5",
        "2024K5",
        "2024q1",
        "2024M00",
        "2024M13",
        "2024M1",  # months are always two digits in Statistics Finland codes
        "2024-01",  # a label (read_period), not a code
        "2024H3",
        "2021W53",  # 2021 has 52 ISO weeks
        "2024W1",
        "2021-02-29",
        "2020-2018",
        "2020-2020",
        " 2024",
        "2024\n",
        "0000",
        "0000M01",
    ],
)
def test_parse_period_rejects_other_text_naming_it(text: str) -> None:
    with pytest.raises(ValueError) as caught:
        parse_period(text)
    assert repr(text) in str(caught.value)


def test_parse_period_rejects_a_number() -> None:
    # A year read from JSON as an int is a caller's bug, not an annual period.
    with pytest.raises(ValueError, match="2024"):
        parse_period(2024)  # type: ignore[arg-type]
