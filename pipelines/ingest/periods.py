"""Periods: the mart's codes, and the labels publishers write for them in fi, sv and en.

Codes (`parse_period`, strict): `2024` (annual), `2024H1` (half-year), `2024Q1` (quarter;
`K` and `T` are read as `Q`), `2024M01` (month), `2024W05` (ISO week), `2024-01-28` (day),
`2018-2020` (a span of years). One period has one code whichever table it came from.

Labels (`read_period`, lenient): what PxWeb, THL's cubes and the cities' tables write, in
Finnish, Swedish and English: `Vuosi 2020 Viikko 05`, `År 2020 Vecka 53`, `tammikuu 2024`,
`2024 januari`, `1. neljännes 2024`, `Q1 2024`, `första halvåret 2024`, `2018–2020`,
`28.1.2020`, `1945 Koko vuosi` (the year itself), with a preliminary marker (`2022*`,
`2024 ennakko`, `2023 preliminär`) taken off and returned as a flag. Several columns that
together give a period (`år` and `månad`) are read joined by a space (`2022* januari`).
"""

import re
from dataclasses import dataclass
from datetime import date
from typing import Literal

Frequency = Literal["annual", "half_yearly", "quarterly", "monthly", "weekly", "daily",
                    "multi_year"]
FREQUENCIES: tuple[str, ...] = ("annual", "half_yearly", "quarterly", "monthly", "weekly",
                                "daily", "multi_year")
# Finnish population statistics begin in 1749 (Tabellverket); earlier years are typos.
MIN_YEAR = 1749

_ANNUAL = re.compile(r"(\d{4})")
_HALF = re.compile(r"(\d{4})H([12])")
_QUARTERLY = re.compile(r"(\d{4})[QKT]([1-4])")
_MONTHLY = re.compile(r"(\d{4})M(0[1-9]|1[0-2])")
_WEEKLY = re.compile(r"(\d{4})W(0[1-9]|[1-4][0-9]|5[0-3])")
_DAILY = re.compile(r"(\d{4})-(\d{2})-(\d{2})")
_SPAN = re.compile(r"(\d{4})-(\d{4})")


@dataclass(frozen=True)
class Period:
    code: str  # normalised: 2024, 2024H1, 2024Q1, 2024M01, 2024W05, 2024-01-28, 2018-2020
    frequency: Frequency
    start_date: date  # first day of the period


def _year(text: str) -> int:
    year = int(text)
    if year <= 0:  # year 0000 is not a calendar year; date() would hide the text
        raise ValueError
    return year


def _week(year: int, week: int) -> Period:
    start = date.fromisocalendar(year, week, 1)  # week 53 only where the year has one
    return Period(f"{year:04d}W{week:02d}", "weekly", start)


def parse_period(text: str) -> Period:
    """Parse one period code; anything else (including stray whitespace) is a ValueError."""
    if not isinstance(text, str):
        raise ValueError(f"period code must be text, got {text!r}")
    try:
        if match := _ANNUAL.fullmatch(text):
            year = _year(match[1])
            return Period(f"{year:04d}", "annual", date(year, 1, 1))
        if match := _HALF.fullmatch(text):
            year, half = _year(match[1]), int(match[2])
            return Period(f"{year:04d}H{half}", "half_yearly", date(year, 6 * half - 5, 1))
        if match := _QUARTERLY.fullmatch(text):
            year, quarter = _year(match[1]), int(match[2])
            return Period(f"{year:04d}Q{quarter}", "quarterly", date(year, 3 * quarter - 2, 1))
        if match := _MONTHLY.fullmatch(text):
            year, month = _year(match[1]), int(match[2])
            return Period(f"{year:04d}M{month:02d}", "monthly", date(year, month, 1))
        if match := _WEEKLY.fullmatch(text):
            return _week(_year(match[1]), int(match[2]))
        if match := _DAILY.fullmatch(text):
            day = date(_year(match[1]), int(match[2]), int(match[3]))
            return Period(day.isoformat(), "daily", day)
        if (match := _SPAN.fullmatch(text)) and _year(match[1]) < _year(match[2]):
            return Period(text, "multi_year", date(int(match[1]), 1, 1))
    except ValueError:
        pass
    raise ValueError(
        f"unrecognised period code {text!r}: expected YYYY, YYYYHn, YYYYQn (or Kn, Tn), "
        "YYYYMmm, YYYYWww, YYYY-MM-DD or YYYY-YYYY")


# --- labels -----------------------------------------------------------------------------------

def _words(text: str) -> frozenset[str]:
    return frozenset(text.split())


_MONTHS = {
    name: number
    for number, names in enumerate((
        "tammikuu tammi jan january januari januar",
        "helmikuu helmi feb february februari februar",
        "maaliskuu maalis mar march mars marts",
        "huhtikuu huhti apr april",
        "toukokuu touko may maj mai",
        "kesäkuu kesä jun june juni",
        "heinäkuu heinä jul july juli",
        "elokuu elo aug august augusti",
        "syyskuu syys sep sept september",
        "lokakuu loka oct october oktober okt",
        "marraskuu marras nov november",
        "joulukuu joulu dec december desember",
    ), start=1)
    for name in names.split()
}
_WEEK_WORDS = _words("viikko vko vk vecka v week wk w")
_QUARTER_WORDS = _words("neljännes vuosineljännes neljännesvuosi kvartal kvartalet quarter q k")
_HALF_WORDS = _words("puolivuotiskausi vuosipuolisko puolivuotta puolisko halvår halvåret half h")
_MONTH_WORDS = _words("kuukausi kuu månad month m")
_WHOLE_YEAR = _words("koko hela whole full")
_FILLER = _words("vuosi vuoden vuonna år året year of the a e st nd rd th")
_ORDINALS = {
    "ensimmäinen": 1, "första": 1, "first": 1, "1st": 1, "i": 1,
    "toinen": 2, "andra": 2, "second": 2, "2nd": 2, "ii": 2,
    "kolmas": 3, "tredje": 3, "third": 3, "3rd": 3, "iii": 3,
    "neljäs": 4, "fjärde": 4, "fourth": 4, "4th": 4, "iv": 4,
}
# Words that mark a period as not final, in three languages; `*` is the usual marker.
FLAG_WORDS = {
    "ennakko": "preliminary", "ennakkotieto": "preliminary", "ennakollinen": "preliminary",
    "alustava": "preliminary", "preliminary": "preliminary", "prel": "preliminary",
    "preliminär": "preliminary", "preliminärt": "preliminary", "preliminära": "preliminary",
    "ennuste": "forecast", "prognos": "forecast", "forecast": "forecast",
    "arvio": "estimate", "estimate": "estimate", "uppskattning": "estimate",
}
_DAY_FI = re.compile(r"(\d{1,2})\.(\d{1,2})\.(\d{4})")
_TOKEN = re.compile(r"\d+|[^\W\d_]+")


def read_period(text: str, markers: dict[str, str] | None = None) -> tuple[Period, str | None]:
    """A period label as publishers write it -> (Period, flag or None); ValueError if it
    names no period. `markers` (default `{"*": "preliminary"}`) are taken off every word."""
    if not isinstance(text, str):
        raise ValueError(f"period must be text, got {text!r}")
    markers = {"*": "preliminary"} if markers is None else markers
    flags: list[str] = []
    words = []
    for word in text.replace("\u2013", "-").replace("\u2014", "-").split():
        if word in markers and words:  # a marker of its own after the period: "2024 p"
            flags.append(markers[word])
            continue
        for marker in sorted(markers, key=len, reverse=True):
            if marker and word.endswith(marker) and len(word) > len(marker):
                word = word[: -len(marker)]
                flags.append(markers[marker])
                break
        bare = word.strip("()[].,:").casefold()
        if bare in FLAG_WORDS:
            flags.append(FLAG_WORDS[bare])
            continue
        words.append(word)
    written = " ".join(words)
    flag = ",".join(dict.fromkeys(flags)) or None
    if not written:
        raise ValueError(f"period {text!r} names no period")
    try:
        return parse_period(written), flag
    except ValueError:
        pass
    period = _from_words(written)
    if period is None:
        raise ValueError(
            f"period {text!r} is not a year, half-year, quarter, month, week, day or span "
            "(e.g. 2024, 2024H1, 2024Q1, 2024M01, 2024W05, 2024-01-28, 2018-2020, "
            "'Vuosi 2020 Viikko 05', 'tammikuu 2024')")
    return period, flag


def _from_words(written: str) -> Period | None:
    compact = written.replace(" ", "")
    if match := re.fullmatch(r"(\d{4})-(\d{4})", compact):  # 2018 - 2020
        return _or_none(lambda: parse_period(f"{match[1]}-{match[2]}"))
    if match := re.fullmatch(r"(\d{4})-(\d{1,2})", compact):  # 2024-01
        return _or_none(lambda: parse_period(f"{match[1]}M{int(match[2]):02d}"))
    if match := _DAY_FI.fullmatch(compact):  # 28.1.2020
        return _or_none(lambda: parse_period(
            f"{match[3]}-{int(match[2]):02d}-{int(match[1]):02d}"))
    if match := re.fullmatch(r"(\d{1,2})/(\d{4})", compact):  # 5/2020 alone: a month
        return _or_none(lambda: parse_period(f"{match[2]}M{int(match[1]):02d}"))
    tokens = [token.casefold() for token in _TOKEN.findall(written)]
    years = [token for token in tokens if len(token) == 4 and token.isdigit()]
    if len(years) != 1:
        return None
    year = int(years[0])
    rest = [token for token in tokens if token != years[0] and token not in _FILLER]
    numbers = [int(token) for token in rest if token.isdigit()]
    words = [token for token in rest if not token.isdigit()]
    ordinals = [_ORDINALS[word] for word in words if word in _ORDINALS]
    kinds = [word for word in words if word not in _ORDINALS]
    number = numbers[0] if len(numbers) == 1 and not ordinals else (
        ordinals[0] if len(ordinals) == 1 and not numbers else None)
    return _or_none(lambda: _sub_year(year, kinds, number))


def _sub_year(year: int, kinds: list[str], number: int | None) -> Period | None:
    if not kinds and number is None:
        return parse_period(f"{year:04d}")
    if set(kinds) <= _WHOLE_YEAR and number is None:  # "Koko vuosi", "hela året"
        return parse_period(f"{year:04d}")
    if len(kinds) != 1:
        # "tammi-kesäkuu": months from January to June are the first half-year.
        months = [_MONTHS.get(kind.removesuffix("kuu")) for kind in kinds]
        if number is None and months in ([1, 6], [7, 12]):
            return parse_period(f"{year:04d}H{1 if months[0] == 1 else 2}")
        return None
    kind = kinds[0]
    if kind in _MONTHS and number is None:
        return parse_period(f"{year:04d}M{_MONTHS[kind]:02d}")
    if number is None:
        return None
    if kind in _WEEK_WORDS:
        return _week(year, number)
    if kind in _QUARTER_WORDS and 1 <= number <= 4:
        return parse_period(f"{year:04d}Q{number}")
    if kind in _HALF_WORDS and 1 <= number <= 2:
        return parse_period(f"{year:04d}H{number}")
    if kind in _MONTH_WORDS and 1 <= number <= 12:
        return parse_period(f"{year:04d}M{number:02d}")
    return None


def _or_none(make) -> Period | None:
    try:
        return make()
    except ValueError:
        return None


def is_period(text: str, markers: dict[str, str] | None = None) -> bool:
    try:
        read_period(text, markers)
    except ValueError:
        return False
    return True
