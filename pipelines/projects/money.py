"""Amounts of money in a project's description, in English, Finnish and Swedish.

"EUR 440,000", "more than EUR 3 million", "yli 3 miljoonaa euroa", "440 000 euroa",
"lähes 80 miljoonalla eurolla", "över 2 miljoner euro", "3,5 milj. euroa". Each amount
keeps the sentence it was read from, whether the page states it exactly or as a bound
("more than" = at_least), and the funder the sentence names after it, where it does.
"""

import re
from dataclasses import dataclass
from typing import Literal

FundingBound = Literal["exact", "at_least", "at_most", "approx"]


@dataclass(frozen=True)
class Funding:
    amount_eur: int
    context: str  # the sentence that states the amount
    bound: FundingBound = "exact"  # "more than EUR 3 million" -> at_least
    funder: str | None = None


_NUMBER = r"\d{1,3}(?:[  ,.]\d{3})+(?:[.,]\d+)?|\d+(?:[.,]\d+)?"
# Multipliers after the number; Finnish ones inflect ("miljoonaa", "miljoonalla").
_MULT = (
    r"million|billion|thousand|mn|m|bn|k|miljoon\w*|milj\.?|miljard\w*|mrd\.?|tuhat\w*"
    r"|miljon(?:er)?|tusen"
)
_CURRENCY = r"euros?\b|EUR\b|€|euro(?:a|lla|n|ssa|on|lle)?\b"
_AMOUNT_RE = re.compile(
    rf"(?:(?:EUR|€)\s?(?P<n1>{_NUMBER})(?:\s?(?P<m1>million|billion|thousand|mn|m|bn|k)\b)?"
    rf"|(?P<n2>{_NUMBER})\s?(?P<m2>{_MULT})?\s?(?:{_CURRENCY}))",
    re.I,
)
_MULTIPLIERS = {
    "thousand": 1_000, "k": 1_000, "tuhat": 1_000, "tusen": 1_000,
    "million": 1_000_000, "mn": 1_000_000, "m": 1_000_000, "miljoon": 1_000_000,
    "milj": 1_000_000, "miljon": 1_000_000,
    "billion": 1_000_000_000, "bn": 1_000_000_000, "miljard": 1_000_000_000,
    "mrd": 1_000_000_000,
}
_BOUNDS: tuple[tuple[str, FundingBound], ...] = (
    (r"(?:more than|over|at least|in excess of|upwards of|yli|vähintään|yhteensä yli"
     r"|över|minst|drygt)\s*$", "at_least"),
    (r"(?:up to|less than|under|at most|a maximum of|maximum of|enintään|alle|korkeintaan"
     r"|jopa|högst|upp till)\s*$", "at_most"),
    (r"(?:approximately|about|around|some|nearly|almost|roughly|approx\.|circa|c\.|noin"
     r"|lähes|n\.|arviolta|cirka|ca\.?|nästan|omkring|ungefär)\s*$", "approx"),
)
_FUNDER_RE = re.compile(
    r"\bfrom (?:the )?(?P<f>[A-ZÄÖÅ][^,.;]*?)(?=,|\.|;| allocated| under| through|$)"
)
_MONEY_WORD_RE = re.compile(r"\bEUR\b|€|\beuros?\b|\beuro(?:a|lla|n)\b", re.I)


def _multiplier(word: str) -> int:
    word = word.lower().rstrip(".")
    for stem, value in _MULTIPLIERS.items():
        if word == stem or (len(stem) > 2 and word.startswith(stem)):
            return value
    raise KeyError(word)


def _to_number(digits: str, multiplier: str | None) -> int:
    digits = digits.replace("\u00a0", " ")
    if multiplier:
        # "3.5 million" / "3,5 miljoonaa": one separator before 1-2 digits is a decimal.
        m = re.fullmatch(r"(\d+)[.,](\d{1,2})", digits)
        value = float(f"{m.group(1)}.{m.group(2)}") if m else float(re.sub(r"[ ,.]", "", digits))
        return round(value * _multiplier(multiplier))
    m = re.fullmatch(r"(.+)[.,](\d{2})", digits)
    if m and not re.fullmatch(r"\d{1,3}(?:[ ,.]\d{3})+", digits):
        return round(float(re.sub(r"[ ,.]", "", m.group(1)) + "." + m.group(2)))
    return int(re.sub(r"[ ,.]", "", digits))


def find_fundings(sentences: list[str]) -> tuple[list[Funding], list[str]]:
    """Every amount stated in the sentences; a sentence that names euros but no amount the
    patterns read is a warning."""
    fundings: list[Funding] = []
    warnings: list[str] = []
    for sentence in sentences:
        matches = list(_AMOUNT_RE.finditer(sentence))
        if not matches:
            if _MONEY_WORD_RE.search(sentence):
                warnings.append(f"funding: euro amount not understood in {sentence!r}")
            continue
        funder_m = _FUNDER_RE.search(sentence, matches[0].end())
        funder = funder_m["f"].strip() if funder_m else None
        for m in matches:
            digits, mult = (m["n1"], m["m1"]) if m["n1"] else (m["n2"], m["m2"])
            bound: FundingBound = "exact"
            for pattern, name in _BOUNDS:
                if re.search(pattern, sentence[: m.start()], re.I):
                    bound = name
                    break
            fundings.append(Funding(_to_number(digits, mult), sentence, bound, funder))
    return fundings, warnings
