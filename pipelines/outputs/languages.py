"""The outputs' languages and the texts of a row in each of them."""

from typing import Any

LANGUAGES = ("fi", "sv", "en")


def by_language(row: dict[str, Any], prefix: str) -> dict[str, str]:
    """{'fi': row[prefix_fi], 'sv': ..., 'en': ...}; a missing text falls back to another
    language's (a name the area reference has in Finnish only still shows)."""
    texts = {lang: row.get(f"{prefix}_{lang}") for lang in LANGUAGES}
    fallback = next((text for text in texts.values() if text), "")
    return {lang: text or fallback for lang, text in texts.items()}
