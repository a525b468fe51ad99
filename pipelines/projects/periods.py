"""When a project runs: start and end dates from the sentences of its description.

English, Finnish and Swedish: "from October 1st, 2019, to September 30th, 2024",
"started in the autumn of 2022", "1.10.2019–30.9.2024", "Suunnittelu alkanut syksyllä
2017", "vuoteen 2020 mennessä", "Rakentaminen 2018-19", "Under 2024-2032", "hösten 2022".

Date convention: a start date is the first day of its unit and an end date the last day
of its unit ("autumn 2022" starts 2022-09-01, "by the end of 2026" ends 2026-12-31); a
date derived from a duration is the anchor +/- the duration (+/- one day), at the
anchor's precision. Seasons are meteorological (spring = Mar-May, summer = Jun-Aug,
autumn = Sep-Nov, winter = Dec-Feb), in every language.
"""

import calendar
import re
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from typing import Literal

from dateparser.date import DateDataParser

Precision = Literal["day", "month", "season", "year"]
Status = Literal["planned", "ongoing", "ended", "unknown"]
# Coarsest last: the precision of a period is the coarser of its two ends.
PRECISION_ORDER: tuple[Precision, ...] = ("day", "month", "season", "year")

NUMBER_WORDS = {
    "a": 1, "an": 1, "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6,
    "seven": 7, "eight": 8, "nine": 9, "ten": 10, "eleven": 11, "twelve": 12,
}

_MONTHS = (
    r"(?:January|February|March|April|May|June|July|August|September|October|November"
    r"|December|Jan|Feb|Mar|Apr|Jun|Jul|Aug|Sep|Sept|Oct|Nov|Dec)\.?"
)
_DAY = r"\d{1,2}(?:st|nd|rd|th)?"
_EXPLICIT = (
    rf"(?:{_DAY}\s+(?:of\s+)?{_MONTHS},?\s+\d{{4}}|{_MONTHS}\s+{_DAY},?\s+\d{{4}}"
    rf"|{_MONTHS}\s+\d{{4}}|\d{{1,2}}\.\d{{1,2}}\.\d{{4}}|\d{{4}}-\d{{2}}-\d{{2}})"
)
_SEASON_WORDS = {
    # English, Finnish (nominative, adessive, genitive), Swedish (definite and not)
    "spring": "spring", "summer": "summer", "autumn": "autumn", "fall": "autumn",
    "winter": "winter",
    "kevät": "spring", "keväällä": "spring", "kevään": "spring",
    "kesä": "summer", "kesällä": "summer", "kesän": "summer",
    "syksy": "autumn", "syksyllä": "autumn", "syksyn": "autumn",
    "talvi": "winter", "talvella": "winter", "talven": "winter",
    "vår": "spring", "våren": "spring", "sommar": "summer", "sommaren": "summer",
    "höst": "autumn", "hösten": "autumn", "vinter": "winter", "vintern": "winter",
}
_SEASON_ALT = "|".join(sorted(_SEASON_WORDS, key=len, reverse=True))
_SEASON = rf"(?:the\s+)?(?i:{_SEASON_ALT})\s+(?:of\s+|vuonna\s+|år\s+)?\d{{4}}"
_EDGE = (
    r"(?:the\s+)?(?i:beginning|start|end|turn)\s+of\s+(?:the\s+year\s+)?\d{4}"
    r"|(?i:vuoden)\s+\d{4}\s+(?i:alu(?:ssa|sta|ksi)|lop(?:ussa|puun|ulla|puun\s+mennessä))"
    r"|(?i:i\s+(?:början|slutet)\s+av(?:\s+år)?)\s+\d{4}"
)
# Month names of Finnish ("lokakuussa 2019") and Swedish ("oktober 2019").
_FI_MONTHS = ("tammi", "helmi", "maalis", "huhti", "touko", "kesä", "heinä", "elo", "syys",
              "loka", "marras", "joulu")
_SV_MONTHS = ("januari", "februari", "mars", "april", "maj", "juni", "juli", "augusti",
              "september", "oktober", "november", "december")
_FI_MONTH = rf"(?i:(?:{'|'.join(_FI_MONTHS)})kuu\w*)\s+(?:vuonna\s+)?\d{{4}}"
_SV_MONTH = rf"(?i:{'|'.join(_SV_MONTHS)})\s+\d{{4}}"
# A year, but not the "20" of "2.0" nor digits of a longer number; "2019." is a year.
_YEAR = r"(?<!\d)(?<!\d\.)(?:19|20)\d{2}(?!\d|\.\d)"
_POINT = rf"(?:{_EXPLICIT}|{_SEASON}|{_EDGE}|{_FI_MONTH}|{_SV_MONTH}|{_YEAR})"
_NUM = r"(?:\d+|" + "|".join(NUMBER_WORDS) + ")"

_RANGE_RES = (
    re.compile(rf"(?i:\bfrom)\s+(?P<a>{_POINT}),?\s+(?i:to|until|till|through)\s+(?P<b>{_POINT})"),
    re.compile(rf"(?i:\bbetween|\bmellan)\s+(?P<a>{_POINT})\s+(?:and|och)\s+(?P<b>{_POINT})"),
    re.compile(rf"(?P<a>{_POINT})\s*[–—]\s*(?P<b>{_POINT})"),
    # "2014 - 2020", "2018-19", "vuosille 2019-21": years joined by a hyphen.
    re.compile(rf"(?<![-\d])(?P<a>{_YEAR})\s*-\s*(?P<b>{_YEAR}|\d{{2}})(?![-\d]|\.\d)"),
    re.compile(rf"(?P<a>{_EXPLICIT})\s*-\s*(?P<b>{_EXPLICIT})"),
)
_START_RES = (
    re.compile(
        r"(?i:\b(?:start(?:s|ed)?|began|begins?|launch(?:es|ed)?|commenc(?:es|ed)"
        rf"|kick(?:s|ed|ing)?\s+off))\s+(?:(?:in|on|at|during)\s+)?(?P<a>{_POINT})"
    ),
    re.compile(rf"(?i:\bsince|\bsedan)\s+(?P<a>{_POINT})"),
    re.compile(rf"(?i:\bfrom)\s+(?P<a>{_POINT})\s+(?i:onwards?)"),
    # Finnish: "alkanut syksyllä 2017", "alkaa 1.2.2015", "vuodesta 2019 alkaen"
    re.compile(
        r"(?i:\b(?:alka\w*|alko\w*|alkanut|käynnisty\w*|käynnistettiin|aloitettiin"
        rf"|aloitetaan))\s+(?:(?:jo|vuonna)\s+)?(?P<a>{_POINT})"
    ),
    re.compile(rf"(?P<a>{_POINT})\s+(?i:alkaen|lähtien)"),
    # Swedish: "startade hösten 2022", "inleddes i januari 2020"
    re.compile(
        r"(?i:\b(?:start(?:ar|ade)|inled(?:s|des)|börja(?:r|de)|påbörja(?:s|des)))\s+"
        rf"(?:(?:i|på|under|år)\s+)?(?P<a>{_POINT})"
    ),
)
_END_RES = (
    re.compile(
        r"(?i:\b(?:end(?:s|ed)?|finish(?:es|ed)?|conclud(?:es|ed)|complet(?:es|ed)|close[sd]?"
        r"|(?:run(?:s|ning)?|last(?:s|ing)?|continu(?:es|ing))\s+until|until|till))"
        rf"\s+(?:(?:by|in|on|at)\s+)*(?P<b>{_POINT})"
    ),
    # Finnish: "päättyy 31.7.2018", "valmistuu vuoteen 2020 mennessä", "2026 asti"
    re.compile(
        r"(?i:\b(?:päätty\w*|valmistu\w*|loppuu|kestää))\s+(?:(?:vuonna|vuoteen|jo)\s+)?"
        rf"(?P<b>{_POINT})"
    ),
    re.compile(rf"(?P<b>{_POINT})\s+(?i:mennessä|asti|saakka)"),
    # Swedish: "avslutas 2026", "pågår till hösten 2025", "senast 2027"
    re.compile(
        r"(?i:\b(?:avslutas|slutar|upphör|pågår\s+(?:fram\s+)?till|fram\s+till|senast))\s+"
        rf"(?:(?:i|utgången\s+av|år)\s+)?(?P<b>{_POINT})"
    ),
)
_DURATION_RES = (
    re.compile(
        r"(?i:\b(?:last(?:s|ing)?|run(?:s|ning)?|continu(?:es|ing))\s+(?:for\s+)?"
        rf"(?:about\s+|approximately\s+|around\s+)?(?P<n>{_NUM})\s+(?P<u>years?|months?))\b"
    ),
    re.compile(rf"(?i:\bduring\s+(?:the|its)\s+first\s+(?P<n>{_NUM})\s+(?P<u>years?|months?))\b"),
    re.compile(rf"(?i:\b(?P<n>{_NUM})-(?P<u>year|month)\s+(?:project|programme|period))\b"),
)
_CUE_RE = re.compile(
    r"(?i:\b(?:start\w*|began|begin\w*|launch\w*|commenc\w*|since|until|till|ends?|ended"
    r"|end of|finish\w*|complet\w*|conclud\w*|last(?:s|ing)?|run(?:s|ning)?|continu\w*"
    r"|schedule\w*|duration|period|time ?frame|kick\w*"
    # Finnish
    r"|alka\w*|alko\w*|käynnist\w*|aloit\w*|päätty\w*|valmistu\w*|kestä\w*|kesto\w*"
    r"|mennessä|asti|saakka|vuosi(?:na|lle)|aikataulu\w*|toteutusaika|rakentaminen"
    # Swedish
    r"|start(?:ar|ade)|inled\w*|börja\w*|påbörja\w*|avslut\w*|slutar|pågår|senast"
    r"|under|mellan|tidsplan\w*)\b"
    r"|\bfrom\b.*\b(?:to|until|till)\b|(?<!\d)(?:19|20)\d{2}\s*[-–—]\s*\d{2,4}(?!\d))"
)
_DATEISH_RE = re.compile(
    rf"{_YEAR}|\d{{1,2}}\.\d{{1,2}}\.\d{{4}}|\b{_MONTHS}(?!\w)|(?i:\b(?:{_SEASON_ALT})(?!\w))"
    rf"|\b\d{{1,2}}(?:st|nd|rd|th)\b"
    rf"|(?i:\b(?:{_NUM}|few|several|couple of)\s+(?:years?|months?|weeks?)\b)"
)
_SEASONS = {
    "spring": ((3, 1), (5, 31)),
    "summer": ((6, 1), (8, 31)),
    "autumn": ((9, 1), (11, 30)),
    "fall": ((9, 1), (11, 30)),
}

_date_parser: DateDataParser | None = None


def _parser() -> DateDataParser:
    # Built once: dateparser loads its language data on first use.
    global _date_parser
    if _date_parser is None:
        _date_parser = DateDataParser(
            languages=["en", "fi", "sv"],
            settings={
                "PREFER_DAY_OF_MONTH": "first",
                "REQUIRE_PARTS": ["year"],
                "PARSERS": ["absolute-time"],  # "a year" must not become "a year ago"
                "DATE_ORDER": "DMY",  # 1.10.2019 is 1 October in Finland
                "RELATIVE_BASE": datetime(2000, 1, 1),
            },
        )
    return _date_parser


@dataclass(frozen=True)
class _Point:
    first: date
    last: date
    precision: Precision


def _last_day(year: int, month: int) -> date:
    return date(year, month, calendar.monthrange(year, month)[1])


def _add_months(d: date, months: int) -> date:
    year, month0 = divmod(d.month - 1 + months, 12)
    year += d.year
    return date(year, month0 + 1, min(d.day, calendar.monthrange(year, month0 + 1)[1]))


def _parse_point(text: str, warnings: list[str], sentence: str) -> _Point | None:
    phrase = re.sub(r"^the\s+", "", text.strip(), flags=re.I)
    m = re.fullmatch(rf"(?i:({_SEASON_ALT}))\s+(?:of\s+|vuonna\s+|år\s+)?(\d{{4}})", phrase)
    if m:
        season, year = _SEASON_WORDS[m.group(1).lower()], int(m.group(2))
        if season == "winter":
            warnings.append(
                f"period: read {phrase!r} as Dec {year} - Feb {year + 1}: {sentence!r}"
            )
            return _Point(date(year, 12, 1), _last_day(year + 1, 2), "season")
        (m1, d1), (m2, d2) = _SEASONS[season]
        return _Point(date(year, m1, d1), date(year, m2, d2), "season")
    m = re.fullmatch(
        r"(?i:(beginning|start|end|turn))\s+of\s+(?:the\s+year\s+)?(\d{4})"
        r"|(?i:vuoden)\s+(\d{4})\s+(?i:(alu\w*|lop\w*))(?:\s+(?i:mennessä))?"
        r"|(?i:i\s+(början|slutet)\s+av(?:\s+år)?)\s+(\d{4})",
        phrase,
    )
    if m:
        word = (m.group(1) or m.group(4) or m.group(5)).lower()
        year = int(m.group(2) or m.group(3) or m.group(6))
        first = word in {"beginning", "start", "början"} or word.startswith("alu")
        edge = date(year, 1, 1) if first else date(year, 12, 31)
        return _Point(edge, edge, "year")
    m = re.fullmatch(rf"(?i:({'|'.join(_FI_MONTHS)})kuu\w*)\s+(?:vuonna\s+)?(\d{{4}})", phrase)
    if m is None:
        m = re.fullmatch(rf"(?i:({'|'.join(_SV_MONTHS)}))\s+(\d{{4}})", phrase)
    if m:
        names = _FI_MONTHS if m.group(1).lower() in _FI_MONTHS else _SV_MONTHS
        month, year = names.index(m.group(1).lower()) + 1, int(m.group(2))
        return _Point(date(year, month, 1), _last_day(year, month), "month")
    if re.fullmatch(_YEAR, phrase):
        year = int(phrase)
        return _Point(date(year, 1, 1), date(year, 12, 31), "year")
    m = re.fullmatch(r"(\d{1,2})\.(\d{1,2})\.(\d{4})", phrase)
    if m:  # 1.10.2019: day first, as Finland and Sweden write it
        try:
            d = date(int(m.group(3)), int(m.group(2)), int(m.group(1)))
        except ValueError:
            warnings.append(f"period: no such day {phrase!r} in {sentence!r}")
            return None
        return _Point(d, d, "day")
    data = _parser().get_date_data(phrase)
    if data.date_obj is None:
        warnings.append(f"period: could not parse date {phrase!r} in {sentence!r}")
        return None
    d = data.date_obj.date()
    if data.period == "day":
        return _Point(d, d, "day")
    if data.period == "month":
        return _Point(d.replace(day=1), _last_day(d.year, d.month), "month")
    return _Point(date(d.year, 1, 1), date(d.year, 12, 31), "year")


def parse_date_phrase(text: str) -> tuple[date, date, Precision] | None:
    """First and last day of a date phrase ("2022-09", "autumn 2022", "1 October 2019",
    "the end of 2026") and its precision; None when not understood."""
    phrase = text.strip()
    m = re.fullmatch(r"(\d{4})-(\d{2})", phrase)
    if m:
        year, month = int(m.group(1)), int(m.group(2))
        return (date(year, month, 1), _last_day(year, month), "month") if 1 <= month <= 12 else None
    point = _parse_point(phrase, [], phrase)
    return (point.first, point.last, point.precision) if point else None


@dataclass
class _Period:
    start: _Point | None = None
    end: _Point | None = None
    start_precision: Precision | None = None
    end_precision: Precision | None = None
    start_date: date | None = None
    end_date: date | None = None
    text: list[str] = field(default_factory=list)


def _duration_months(m: re.Match[str]) -> int:
    n = m["n"].lower()
    count = int(n) if n.isdigit() else NUMBER_WORDS[n]
    return count * 12 if m["u"].lower().startswith("year") else count


def find_period(sentences: list[str]) -> tuple[_Period, list[str]]:
    warnings: list[str] = []
    period = _Period()
    ranges: list[tuple[_Point, _Point, str]] = []
    starts: list[tuple[_Point, str]] = []
    ends: list[tuple[_Point, str]] = []
    durations: list[tuple[int, str]] = []
    for sentence in sentences:
        if not (_CUE_RE.search(sentence) and _DATEISH_RE.search(sentence)):
            continue
        before = len(warnings)
        understood = False
        for pattern in _RANGE_RES:
            for m in pattern.finditer(sentence):
                a = _parse_point(m["a"], warnings, sentence)
                b_text = m["b"]
                if re.fullmatch(r"\d{2}", b_text):  # "2018-19": the end in a's century
                    b_text = m["a"][-4:-2] + b_text
                b = _parse_point(b_text, warnings, sentence)
                if a and b:
                    ranges.append((a, b, sentence))
                elif a:  # keep the half that was read; the other is already a warning
                    starts.append((a, sentence))
                elif b:
                    ends.append((b, sentence))
                understood = understood or bool(a or b)
        for pattern in _START_RES:
            for m in pattern.finditer(sentence):
                point = _parse_point(m["a"], warnings, sentence)
                if point:
                    starts.append((point, sentence))
                    understood = True
        for pattern in _END_RES:
            for m in pattern.finditer(sentence):
                point = _parse_point(m["b"], warnings, sentence)
                if point:
                    ends.append((point, sentence))
                    understood = True
        for pattern in _DURATION_RES:
            for m in pattern.finditer(sentence):
                durations.append((_duration_months(m), sentence))
                understood = True
        if not understood and len(warnings) == before:
            warnings.append(f"period: could not parse date phrase in {sentence!r}")

    if ranges:
        a, b, sentence = ranges[0]
        period.start, period.end = a, b
        period.text.append(sentence)
    else:
        if starts:
            period.start = starts[0][0]
            period.text.append(starts[0][1])
        if ends:
            period.end = ends[0][0]
            if ends[0][1] not in period.text:
                period.text.append(ends[0][1])
    # Only the first date of each kind is used; a different one is worth a look.
    for side, found, kept in (("start", starts, period.start), ("end", ends, period.end)):
        for point, sentence in found if ranges else found[1:]:
            if kept is not None and point != kept:
                warnings.append(f"period: ignored a second {side} date in {sentence!r}")
    if period.start:
        period.start_date, period.start_precision = period.start.first, period.start.precision
    if period.end:
        period.end_date, period.end_precision = period.end.last, period.end.precision
    if durations and (period.start is None) != (period.end is None):
        months, sentence = durations[0]
        if sentence not in period.text:
            period.text.append(sentence)
        if period.start is not None:
            period.end_date = _add_months(period.start.first, months) - timedelta(days=1)
            period.end_precision = period.start.precision
        elif period.end is not None:
            period.start_date = _add_months(period.end.last + timedelta(days=1), -months)
            period.start_precision = period.end.precision
    elif durations and period.start is None and period.end is None:
        warnings.append(f"period: a duration but no date to anchor it in {durations[0][1]!r}")
    if period.start_date is None and period.end_date is None:
        warnings.append("period: no start or end date stated on the page")
    return period, warnings


def coarsest(*precisions: Precision | None) -> Precision | None:
    present = [p for p in precisions if p is not None]
    return max(present, key=PRECISION_ORDER.index) if present else None


def status_of(start: date | None, end: date | None, build_date: date) -> Status:
    if start is not None and start > build_date:
        return "planned"
    if end is not None and end < build_date:
        return "ended"
    if start is not None or end is not None:
        return "ongoing"
    return "unknown"
