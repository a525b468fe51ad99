"""What a table's own notes say its symbols mean.

Publishers differ on `.`, `..`, `...` and `-`: in some Statistics Finland tables "." is "nil or
too uncertain for presentation", in others "category not applicable"; the Helsinki Region
statistics write `.. (kaksi pistettä), tietoa ei ole saatu ...;#. (piste), loogisesti mahdoton
esitettäväksi`. A PX file's NOTE/NOTEX texts and descriptive DATASYMBOL keywords are read
here; what they say decides a symbol's status, the generic meaning (pipelines/ingest/px.py
STATUS_BY_SYMBOL) is the fallback, and the cell's raw symbol is kept beside its status.
"""

import re

# A statement's words -> the mart's status, in three languages.
_MEANINGS: tuple[tuple[str, re.Pattern[str]], ...] = tuple(
    (status, re.compile(pattern, re.IGNORECASE))
    for status, pattern in (
        ("not_applicable", r"loogisesti mahdoton|looginen mahdottomuus|ei sovellu|ei voi esiintyä"
                           r"|logically impossible|not applicable|category not applicable"
                           r"|logiskt omöjlig|kan inte förekomma|ej tillämplig"),
        ("confidential", r"salattu|salassa|luottamuksellinen|tietosuoja|confidential"
                         r"|suppressed|sekretess"),
        ("not_available", r"ei ole saatu|ei saatavissa|ei ole saatavissa|liian epävarma"
                          r"|not available|not obtained|too uncertain|unreliable"
                          r"|uppgift saknas|ej tillgänglig|för osäker"),
        ("missing", r"tieto puuttuu|puuttuu|missing|saknas"),
        ("zero", r"\bnolla\b|\bzero\b|\bnil\b|\bingen\b|ei yhtään|\binga\b"),
    )
)
# A symbol opening a statement: `#.. (kaksi pistettä), ...`, `".." = ...`, `- magnitude nil`.
_STATEMENT = re.compile(r"""^\s*['"]?(?P<symbol>\.{1,6}|-)['"]?(?=[\s=:,(])""")
DATASYMBOLS = {"DATASYMBOL1": ".", "DATASYMBOL2": "..", "DATASYMBOL3": "...",
               "DATASYMBOL4": "....", "DATASYMBOL5": ".....", "DATASYMBOL6": "......",
               "DATASYMBOLNIL": "-"}


def meaning(explanation: str) -> str | None:
    """The status an explanation names; of several, the first named, and "zero" only alone
    (a value "nil or too uncertain" is no number to publish)."""
    found = sorted((match.start(), status) for status, pattern in _MEANINGS
                   if (match := pattern.search(explanation)))
    statuses = [status for _, status in found]
    if len(statuses) > 1 and "zero" in statuses:
        statuses.remove("zero")
    return statuses[0] if statuses else None


def symbol_meanings(notes: list[str], datasymbols: dict[str, str]) -> dict[str, str]:
    """Symbol -> status from a table's notes (statements split at `#`, `;` and line ends) and
    from DATASYMBOLn keywords that explain rather than show a symbol."""
    meanings: dict[str, str] = {}
    for note in notes:
        for statement in re.split(r"#|;|\n", note):
            match = _STATEMENT.match(statement)
            if match and (status := meaning(statement[match.end():])):
                meanings.setdefault(match["symbol"], status)
    for keyword, text in datasymbols.items():
        symbol = DATASYMBOLS.get(keyword)
        if symbol and len(text.strip()) > 6 and (status := meaning(text)):
            meanings.setdefault(symbol, status)
    return meanings
