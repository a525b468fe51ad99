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
        "2024-01",
        "2024H1",
        "2024W01",
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
