"""What a table's own labels say: indicator ids from member codes, units from unit texts.

Small rules shared by the described-table readers and `hytemart describe`.
"""

import re
import unicodedata

_NOT_ID = re.compile(r"[^A-Za-z0-9_.-]+")

# Unit texts publishers write (PX UNITS, JSON-stat unit labels, "(%)" in a measure's label),
# folded to lower case, to the mart's units. A text naming two units ("tuntia,minuuttia, %")
# names none and the next text is asked: the unit guards value ranges and small-number
# protection, so no guessing between two.
_UNIT_PATTERNS: tuple[tuple[str, re.Pattern[str]], ...] = tuple(
    (unit, re.compile(pattern))
    for unit, pattern in (
        ("per_100000", r"100\s?000"),
        ("per_1000", r"‰|promille|per\s?1\s?000|/\s?1\s?000\b|1\s?000 asukas|tuhatta "
                     r"(?:asukasta )?(?:kohden|kohti)|per tusen|per thousand"),
        # "%" as a unit: alone, "(%)", "osallistuneita %", "%-osuus"; not "10 %)" in a name.
        ("percent", r"^%$|\(%\)|[^\d\s]\s?%$|%-|, %|prosentti|percent|procent|porcentaje"
                    r"|prozent|työttömyysaste|työllisyysaste|arbetslöshetsgrad|arbetslöshetstal"
                    r"|sysselsättningsgrad|unemployment rate|employment rate"),
        ("index", r"indeksi|\bindex|\bindeks|índice|\(\d{4}\s?=\s?100\)"),
        ("euro", r"\beuro(?:a|t|s|n|ja|jä)?\b|€|\beur\b"),
        ("count", r"lukumäärä|\blkm\b|henkilöä|\bhenkilö\b|\bhenkilöt\b|\bnumber\b|\bcount\b"
                  r"|^persons$|\bantal\b|\bantall\b|^personer$"),
        ("other", r"tunti|minuut|hours|minutes|\bvuotta\b|\byears\b|tkr|\bm2\b|neliö"),
    )
)
# An average of a count is not a count.
_AVERAGE = re.compile(r"average|mean\b|keskiarvo|keski|median|medel|genomsnitt|gjennomsnitt")
# A difference between two shares: percentage points, of either sign.
_POINTS = re.compile(r"%-?\s?(?:yks|enh|point)|prosenttiyksik|procentenhet|percentage[- ]point"
                     r"|\bpp\b|%-?units?\b")
# A change (of a count, a share, an index) can be negative: never a count or a share. Whole
# words only ("väestönmuutokset", vital events, are counts).
_CHANGE = re.compile(
    r"\b(?:vuosi|kuukausi|neljännesvuosi|vuosineljännes|viikko)?muutos|\b(?:vuosi)?kasvu\b"
    r"|\b(?:års|månads|kvartals)?förändring|\btillväxt|\bökning|\bminskning"
    r"|\bchange\b|\bchanges\b|\bgrowth\b|\bincrease\b|\bdecrease\b|\bdifference\b"
    r"|\bero\b|\berotus\b|\bskillnad|\bvs\.? (?:previous|edellinen)")


def indicator_id(*parts: str) -> str:
    """`KU049`, `Toiminto 01-26`, `I (Lowest-income 10 %)` -> a mart indicator id.

    Letters lose their accents (ä -> a), anything else but letters, digits, `_`, `.` and `-`
    becomes `_`; the parts of a compound indicator are joined with `.`.
    """
    ids = []
    for part in parts:
        ascii_text = unicodedata.normalize("NFKD", part).encode("ascii", "ignore").decode()
        ids.append(_NOT_ID.sub("_", ascii_text).strip("_.-") or "_")
    return ".".join(ids)


def guess_unit(*texts: str | None) -> str | None:
    """The unit the first text naming exactly one unit names; None if no text does.

    Percentage points (`%-yks.`, `procentenheter`) are a unit of their own, and so is a change
    in percent when any text says it is a change (`muutos, %`, `förändring` with the unit `%`):
    both of any sign. A change of a count or a rate is `other`, never a count."""
    unit = None
    for text in texts:
        if not text or not text.strip():
            continue
        folded = text.strip().casefold()
        if _POINTS.search(folded):
            return "percentage_point"
        matched = {unit for unit, pattern in _UNIT_PATTERNS if pattern.search(folded)}
        if "count" in matched and _AVERAGE.search(folded):
            matched = (matched - {"count"}) | {"other"}
        if len(matched) == 1:
            unit = matched.pop()
            break
    if any(text and is_change(text) for text in texts):
        if unit == "percent":
            return "percent_change"
        if unit in (None, "count", "per_1000", "per_100000"):
            return "other"
    return unit


def is_change(text: str) -> bool:
    """Does a label say it is a change ("muutos", "förändring", "change", "kasvu")?"""
    return bool(_CHANGE.search(text.casefold()))


def strip_marker(text: str, markers: dict[str, str]) -> tuple[str, str | None]:
    """`2024Q1*` -> (`2024Q1`, preliminary) with markers {"*": "preliminary"}; the longest
    marker that ends the text wins; a text that is only a marker is left alone."""
    stripped = text.strip()
    for marker in sorted(markers, key=len, reverse=True):
        if marker and stripped.endswith(marker) and len(stripped) > len(marker):
            return stripped[: -len(marker)].strip(), markers[marker]
    return stripped, None
