"""Every word of the reports exists in Finnish, Swedish and English, with the same
placeholders: a missing translation fails here, not as a blank on a page."""

import string

import pytest

from pipelines.outputs.reports.texts import (
    LANGUAGES,
    SOURCE_NAMES,
    STATUSES,
    TEXTS,
    UNIT_NAMES,
    UNITS,
)


def placeholders(template: str) -> set[str]:
    return {name for _, name, _, _ in string.Formatter().parse(template) if name}


@pytest.mark.parametrize("table", [TEXTS, STATUSES, UNITS, UNIT_NAMES, SOURCE_NAMES],
                         ids=["texts", "statuses", "units", "unit names", "sources"])
def test_every_language_has_every_key(table: dict[str, dict[str, str]]) -> None:
    keys = {lang: set(table[lang]) for lang in LANGUAGES}
    assert keys["fi"] == keys["sv"] == keys["en"], {
        lang: sorted(keys["fi"] ^ keys[lang]) for lang in LANGUAGES}


def test_the_placeholders_are_the_same_in_every_language() -> None:
    for key, template in TEXTS["fi"].items():
        for lang in LANGUAGES:
            assert placeholders(TEXTS[lang][key]) == placeholders(template), (key, lang)


def test_swedish_is_written_not_left_in_finnish() -> None:
    """Apart from words that are the same in both (abbreviations, symbols), no Swedish text
    is the Finnish one."""
    same = [key for key, text in TEXTS["fi"].items()
            if TEXTS["sv"][key] == text and len(text) > 6 and "{" not in text]
    assert same == []
