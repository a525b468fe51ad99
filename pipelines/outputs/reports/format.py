"""Numbers, dates, periods and labels in one language; the templates and charts call these.

babel formats numbers and dates by locale (fi/sv: decimal comma and a no-break space between
thousands; en: decimal point and comma). A value without a number is never shown as one: the
caller passes the status, and it is said in words.
"""

import re
from datetime import date, datetime
from zoneinfo import ZoneInfo

from babel.dates import format_date, format_datetime
from babel.numbers import format_decimal

from pipelines.outputs.reports.texts import LOCALES, status_label, text, unit_label

TIMEZONE = ZoneInfo("Europe/Helsinki")
_QUARTER = re.compile(r"^\d{4}Q[1-4]$")
_MONTH = re.compile(r"^\d{4}M\d{2}$")
# Units whose values are compared between areas of different size (rates and shares).
COMPARABLE_UNITS = frozenset({"percent", "per_1000", "per_100000", "index", "euro",
                              "percent_change", "percentage_point"})


class Formatter:
    def __init__(self, lang: str) -> None:
        self.lang = lang
        self.locale = LOCALES[lang]

    def t(self, key: str, **values: object) -> str:
        return text(self.lang, key, **values)

    def number(self, value: float | None, decimals: int | None = None,
               signed: bool = False) -> str:
        if value is None:
            return ""
        pattern = "#,##0" + ("." + "0" * decimals if decimals else "" if decimals == 0
                             else ".##")
        if signed:
            pattern = f"+{pattern};-{pattern}"
        return format_decimal(value, format=pattern, locale=self.locale)

    def value(self, value: float | None, unit: str | None, decimals: int | None,
              signed: bool = False) -> str:
        """A number in the indicator's decimals, with % or € after it where that is the unit."""
        if value is None:
            return ""
        number = self.number(value, decimals, signed)
        symbol = unit_label(self.lang, unit) if unit in ("percent", "euro",
                                                         "percent_change") else ""
        if not symbol:
            return number
        return f"{number}{symbol}" if self.lang == "en" and symbol == "%" else (
            f"{number}\u00a0{symbol}")

    def cell(self, value: float | None, status: str | None, unit: str | None,
             decimals: int | None) -> str:
        """The number, or the status in words: a cell without a number is never shown as 0."""
        if value is not None and status in ("ok", "zero"):
            return self.value(value, unit, decimals)
        return self.status(status) if status else ""

    def difference(self, value: float | None, unit: str | None, decimals: int | None) -> str:
        """A signed change; of a percentage, in percentage points."""
        if value is None:
            return ""
        if unit == "percent":
            return f"{self.number(value, decimals, signed=True)}\u00a0" + unit_label(
                self.lang, "percentage_point")
        return self.value(value, unit, decimals, signed=True)

    def percent(self, share: float | None) -> str:
        """A share of 1 as a whole per cent: 0.42 -> 42 %."""
        if share is None:
            return ""
        number = self.number(share * 100, 0)
        return f"{number}%" if self.lang == "en" else f"{number}\u00a0%"

    def unit(self, unit: str | None) -> str:
        return unit_label(self.lang, unit)

    def status(self, status: str | None) -> str:
        return status_label(self.lang, status)

    def period(self, period: str | None, start: date | None = None) -> str:
        """2023 stays 2023; 2024Q1 and 2024M01 in the language's words (Q1 2024, tammi 2024)."""
        if period is None:
            return ""
        if _MONTH.match(period):
            start = start or date(int(period[:4]), int(period[5:]), 1)
            return format_date(start, "LLL yyyy", locale=self.locale)
        if _QUARTER.match(period):
            start = start or date(int(period[:4]), 3 * int(period[5]) - 2, 1)
            return format_date(start, "QQQ yyyy", locale=self.locale)
        return period

    def datetime(self, moment: datetime | None) -> str:
        if moment is None:
            return ""
        return format_datetime(moment, "short", tzinfo=TIMEZONE, locale=self.locale)

    def date(self, day: date | None) -> str:
        return format_date(day, "long", locale=self.locale) if day else ""
