"""Statistics Finland period codes: `2024` (annual), `2024Q1` / `2024K1` (quarterly), `2024M01`.

`K` (kvartaali/neljännes, also Scandinavian kvartal) is the Finnish quarter letter and `T`
(trimestre) the Spanish one; both are normalised to `Q` so that one period has one code
whichever table it came from.
"""

import re
from dataclasses import dataclass
from datetime import date
from typing import Literal

Frequency = Literal["annual", "quarterly", "monthly"]
# Finnish population statistics begin in 1749 (Tabellverket); earlier years are typos.
MIN_YEAR = 1749

_ANNUAL = re.compile(r"(\d{4})")
_QUARTERLY = re.compile(r"(\d{4})[QKT]([1-4])")
_MONTHLY = re.compile(r"(\d{4})M(0[1-9]|1[0-2])")


@dataclass(frozen=True)
class Period:
    code: str  # normalised: 2024, 2024Q1, 2024M01
    frequency: Frequency
    start_date: date  # first day of the period


def parse_period(text: str) -> Period:
    """Parse one period code; anything else (including stray whitespace) is a ValueError."""
    if not isinstance(text, str):
        raise ValueError(f"period code must be text, got {text!r}")
    # Year 0000 is not a calendar year; date() would fail with a message that hides the text.
    if (match := _ANNUAL.fullmatch(text)) and int(match[1]) > 0:
        year = int(match[1])
        return Period(f"{year:04d}", "annual", date(year, 1, 1))
    if (match := _QUARTERLY.fullmatch(text)) and int(match[1]) > 0:
        year, quarter = int(match[1]), int(match[2])
        return Period(f"{year:04d}Q{quarter}", "quarterly", date(year, 3 * quarter - 2, 1))
    if (match := _MONTHLY.fullmatch(text)) and int(match[1]) > 0:
        year, month = int(match[1]), int(match[2])
        return Period(f"{year:04d}M{month:02d}", "monthly", date(year, month, 1))
    raise ValueError(
        f"unrecognised period code {text!r}: expected YYYY, YYYYQn (or Kn, Tn) or YYYYMmm")
