"""Project cards: read, validate, merge over the projects extracted from the page."""

from datetime import date
from pathlib import Path

import pytest

from pipelines.ingest.errors import SourceFormatError
from pipelines.projects.cards import (
    CardError,
    IndicatorTarget,
    ProjectCard,
    merge_card,
    merge_projects,
    read_card,
    read_cards,
)
from pipelines.projects.pages import ExtractedProject, extract_projects_from_text

REPO_ROOT = Path(__file__).resolve().parents[2]
CARDS_DIR = REPO_ROOT / "raw" / "projects" / "cards"
SEED_PAGE = "000_95bc560e1733b868.txt"
BUILD_DATE = date(2025, 6, 1)


@pytest.fixture(scope="module")
def seed_projects(seed_dir: Path) -> dict[str, ExtractedProject]:
    text = (seed_dir / SEED_PAGE).read_text(encoding="utf-8")
    return {p.key: p for p in extract_projects_from_text(text, SEED_PAGE, BUILD_DATE)}


def _write(tmp_path: Path, name: str, text: str) -> Path:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


# ---------------------------------------------------------------------------
# Shipped cards against the real page


def test_shipped_cards_fit_the_seed_page(seed_projects: dict[str, ExtractedProject]) -> None:
    cards = read_cards(CARDS_DIR, seed_projects.keys())
    assert set(cards) == {"hytedata-2-0", "impact-leadership", "digital-agenda"}
    merged = {m.key: m for m in merge_projects(seed_projects.values(), cards, BUILD_DATE)}
    assert list(merged) == list(seed_projects)  # page order, every project

    hyte = merged["hytedata-2-0"]
    assert hyte.acronym == "HyteData"
    assert hyte.field_sources["acronym"] == "card:hytedata-2-0.md"
    assert hyte.field_sources["title"] == "page"
    assert hyte.title == "HyteData 2.0"
    assert hyte.fundings[0].amount_eur == 440_000  # page fields stay
    assert {(i.code, i.target_area) for i in hyte.indicators} == {
        (code, area)
        for code in ("sotkanet:3219", "sotkanet:189", "sotkanet:187", "sotkanet:4284")
        for area in ("KU049", "HVA03")
    }
    groups = {i.code: i.target_group for i in hyte.indicators}
    assert groups["sotkanet:3219"] == "total.total.total"  # the age band is in 3219 itself
    assert groups["sotkanet:4284"] == "total.total.total"  # default when not broken down
    assert "multilingual youth" in hyte.notes

    impact = merged["impact-leadership"]
    assert impact.field_sources["title"] == "card:impact-leadership.md"
    assert impact.coordinator is not None and impact.coordinator.name == "City of Espoo"
    assert impact.field_sources["coordinator"] == "card:impact-leadership.md"
    assert impact.field_sources["partners"] == "page"

    sparcs = merged["sparcs"]  # no card
    assert sparcs.card_file is None and sparcs.indicators == []
    assert set(sparcs.field_sources.values()) == {"page"}


# ---------------------------------------------------------------------------
# Crafted cards


def test_card_overrides_title_and_adds_indicators(
    tmp_path: Path, seed_projects: dict[str, ExtractedProject]
) -> None:
    path = _write(
        tmp_path,
        "trust-m.md",
        """---
project_key: trust-m
title: Trust-M – Trustworthy public services for migrants
indicators:
  - code: sotkanet:187
    target_area: KU049
  - code: sotkanet:3219
    target_area: SSS
    target_group: total.17–24.total
---
Notes about Trust-M.
""",
    )
    card = read_card(path)
    merged = merge_card(seed_projects["trust-m"], card, BUILD_DATE)
    assert merged.key == "trust-m"  # the key never changes
    assert merged.title == "Trust-M – Trustworthy public services for migrants"
    assert merged.field_sources["title"] == "card:trust-m.md"
    assert merged.field_sources["contacts"] == "page"
    assert merged.contacts[0].email == "irena.bakic@espoo.fi"
    assert merged.indicators == [
        IndicatorTarget("sotkanet:187", "KU049", "total.total.total"),
        IndicatorTarget("sotkanet:3219", "SSS", "total.17-24.total"),  # en dash normalised
    ]
    assert merged.field_sources["indicators"] == "card:trust-m.md"
    assert merged.notes == "Notes about Trust-M."


def test_card_dates_settle_the_period_warning(
    tmp_path: Path, seed_projects: dict[str, ExtractedProject]
) -> None:
    path = _write(
        tmp_path,
        "finverse.md",
        """---
project_key: finverse
start_date: 2023-09
end_date: 2025-12-31
contacts:
  - name: Mervi Hämäläinen
    job_title: Development Manager
    email: mervi.hamalainen@espoo.fi
    phone: 040 636 9721
---
""",
    )
    merged = merge_card(seed_projects["finverse"], read_card(path), BUILD_DATE)
    assert (merged.start_date, merged.start_precision) == (date(2023, 9, 1), "month")
    assert (merged.end_date, merged.end_precision) == (date(2025, 12, 31), "day")
    assert merged.period_precision == "month"
    assert merged.status == "ongoing"
    assert merged.field_sources["start_date"] == "card:finverse.md"
    assert merged.contacts[0].phone_e164 == "+358406369721"
    assert "period: no start or end date stated on the page" in merged.resolved_warnings
    assert not any(w.startswith("period:") for w in merged.warnings)


def test_invalid_yaml_names_the_file(tmp_path: Path) -> None:
    path = _write(tmp_path, "broken-card.md", "---\nproject_key: sparcs\ntitle: [oops\n---\n")
    with pytest.raises(CardError, match="broken-card.md") as info:
        read_card(path)
    assert "invalid YAML" in str(info.value)
    assert isinstance(info.value, SourceFormatError)  # the readers' one error type


def test_unknown_project_key_names_the_file(
    tmp_path: Path, seed_projects: dict[str, ExtractedProject]
) -> None:
    _write(tmp_path, "sparcs.md", "---\nproject_key: sparcs\n---\n")
    _write(tmp_path, "no-such.md", "---\nproject_key: no-such-project\n---\n")
    with pytest.raises(CardError, match=r"no-such\.md.*unknown project_key 'no-such-project'"):
        read_cards(tmp_path, seed_projects.keys())


def test_card_for_no_project_is_refused_at_merge(
    tmp_path: Path, seed_projects: dict[str, ExtractedProject]
) -> None:
    card = ProjectCard("gone", tmp_path / "gone.md", {})
    with pytest.raises(CardError, match="gone.md"):
        merge_projects(seed_projects.values(), {"gone": card})
    with pytest.raises(CardError, match="gone.md"):
        merge_card(seed_projects["sparcs"], card)


@pytest.mark.parametrize(
    ("front", "message"),
    [
        ("project_key: sparcs\nacronyn: X\n", "unknown field"),
        ("title: No key\n", "project_key is missing"),
        ("project_key: sparcs\nlevel: galactic\n", "level must be one of"),
        ("project_key: sparcs\nindicators:\n  - code: '3219'\n    target_area: KU049\n", "code"),
        (
            "project_key: sparcs\nindicators:\n  - code: sotkanet:1\n    target_area: Espoo\n",
            "target_area",
        ),
        (
            "project_key: sparcs\nindicators:\n  - code: sotkanet:1\n    target_area: KU049\n"
            "    target_group: youth\n",
            "target_group",
        ),
        ("project_key: sparcs\nstart_date: sometime soon\n", "start_date"),
        ("project_key: sparcs\ncontacts:\n  - name: A B\n    phone: '123'\n", "phone"),
        ("project_key: sparcs\npartners:\n  - name: X\n    role: boss\n", "role"),
        ("- just\n- a list\n", "mapping"),
    ],
)
def test_bad_card_values_name_the_file(tmp_path: Path, front: str, message: str) -> None:
    path = _write(tmp_path, "bad-card.md", f"---\n{front}---\nbody\n")
    with pytest.raises(CardError, match=message) as info:
        read_card(path)
    assert "bad-card.md" in str(info.value)


def test_card_without_front_matter(tmp_path: Path) -> None:
    path = _write(tmp_path, "plain.md", "Just notes, no front matter.\n")
    with pytest.raises(CardError, match="plain.md"):
        read_card(path)


def test_two_cards_for_one_project(
    tmp_path: Path, seed_projects: dict[str, ExtractedProject]
) -> None:
    _write(tmp_path, "a.md", "---\nproject_key: sparcs\n---\n")
    _write(tmp_path, "b.md", "---\nproject_key: sparcs\n---\n")
    with pytest.raises(CardError, match=r"b\.md.*already has a card, a\.md"):
        read_cards(tmp_path, seed_projects.keys())


def test_card_partners_replace_the_page_list(
    tmp_path: Path, seed_projects: dict[str, ExtractedProject]
) -> None:
    path = _write(
        tmp_path,
        "sparcs.md",
        """---
project_key: sparcs
partners:
  - Leipzig
  - name: Kerava
    role: partner
    type: city
    country: FI
---
""",
    )
    merged = merge_card(seed_projects["sparcs"], read_card(path))
    assert [(o.name, o.role, o.type) for o in merged.partners] == [
        ("Leipzig", "partner", None),  # a bare foreign name has no type in the table
        ("Kerava", "partner", "city"),
    ]
    assert merged.coordinator == seed_projects["sparcs"].coordinator
    assert merged.field_sources["partners"] == "card:sparcs.md"
