"""Project register from the city's "Ongoing development" page, text and HTML forms.

Expected values below were read off the real page (tests/data/seed) by hand.
"""

import re
from dataclasses import replace
from datetime import date
from pathlib import Path

import pytest

from pipelines.ingest.errors import SourceFormatError
from pipelines.projects.pages import (
    ExtractedProject,
    extract_projects_from_text,
    html_to_text,
    parse_date_phrase,
    read_project_page,
    slugify,
)

REPO_ROOT = Path(__file__).resolve().parents[2]
PAGES_DIR = REPO_ROOT / "raw" / "projects" / "pages"
SEED_PAGE = "000_95bc560e1733b868.txt"
BUILD_DATE = date(2025, 6, 1)
EMAIL_RE = re.compile(r"[\w.+-]+@[\w-]+(?:\.[\w-]+)+")

EXPECTED = {
    # key: (title, level)
    "fair-edih": ("FAIR EDIH", "international"),
    "sparcs": ("SPARCS", "international"),
    "usercentricities": ("UserCentriCities", "international"),
    "finverse": ("FINverse", "national"),
    "trust-m": ("Trust-M", "national"),
    "impact-leadership": ("Impact leadership", "city"),
    "digital-agenda": ("Digital Agenda", "city"),
    "hytedata-2-0": ("HyteData 2.0", "city"),
}
EMAILS_BY_PROJECT = {
    "fair-edih": ["heli.hiden@espoo.fi"],
    "sparcs": ["elina.wanne@espoo.fi", "jani.tartia@espoo.fi"],
    "usercentricities": ["piia.wollsten@espoo.fi"],
    "finverse": ["mervi.hamalainen@espoo.fi"],
    "trust-m": ["irena.bakic@espoo.fi"],
    "impact-leadership": [
        "anni.orttenvuori-ganter@espoo.fi",
        "marko.karttunen@espoo.fi",
    ],
    "digital-agenda": ["valia.wistuba@espoo.fi"],
    "hytedata-2-0": ["wilhelmiina.griep@espoo.fi", "taru.ikaheimonen@espoo.fi"],
}


@pytest.fixture(scope="module")
def seed_text(seed_dir: Path) -> str:
    return (seed_dir / SEED_PAGE).read_text(encoding="utf-8")


@pytest.fixture(scope="module")
def from_text(seed_text: str) -> dict[str, ExtractedProject]:
    projects = extract_projects_from_text(seed_text, SEED_PAGE, BUILD_DATE)
    return {p.key: p for p in projects}


@pytest.fixture(scope="module")
def from_html() -> dict[str, ExtractedProject]:
    projects = read_project_page(PAGES_DIR / "espoo_ongoing_development.html", BUILD_DATE)
    return {p.key: p for p in projects}


@pytest.fixture(scope="module", params=["text", "html"])
def projects(
    request: pytest.FixtureRequest,
    from_text: dict[str, ExtractedProject],
    from_html: dict[str, ExtractedProject],
) -> dict[str, ExtractedProject]:
    return from_text if request.param == "text" else from_html


# ---------------------------------------------------------------------------
# The real page


def test_bundled_text_is_the_seed(seed_text: str) -> None:
    assert (PAGES_DIR / "espoo_ongoing_development.txt").read_text(encoding="utf-8") == seed_text


def test_html_renders_to_the_seed_text(seed_text: str) -> None:
    html = (PAGES_DIR / "espoo_ongoing_development.html").read_text(encoding="utf-8")
    text, urls = html_to_text(html)
    assert [ln for ln in text.splitlines() if ln.strip()] == [
        ln for ln in seed_text.splitlines() if ln.strip()
    ]
    assert urls["FAIR EDIH"].startswith("https://")
    assert "heli.hiden@espoo.fi" not in urls  # mailto links are contacts, not links


def test_eight_projects_in_page_order_with_titles_and_levels(
    projects: dict[str, ExtractedProject],
) -> None:
    assert list(projects) == list(EXPECTED)
    assert {k: (p.title, p.level) for k, p in projects.items()} == EXPECTED


def test_every_email_on_the_page_is_attached_to_its_project(
    projects: dict[str, ExtractedProject], seed_text: str
) -> None:
    on_page = EMAIL_RE.findall(seed_text)
    assert len(on_page) == 11 and len(set(on_page)) == 11
    found = {k: [c.email for c in p.contacts] for k, p in projects.items()}
    assert found == EMAILS_BY_PROJECT
    assert sorted(e for emails in found.values() for e in emails) == sorted(on_page)


def test_contact_names_titles_and_phones(projects: dict[str, ExtractedProject]) -> None:
    contacts = {c.email: c for p in projects.values() for c in p.contacts}
    assert contacts["heli.hiden@espoo.fi"].name == "Heli Hidén"
    assert contacts["heli.hiden@espoo.fi"].job_title == "Project Manager for FAIR EDIH"
    assert contacts["jani.tartia@espoo.fi"].job_title == "Specialist (mobility)"
    # Job title before the name, no commas.
    assert contacts["piia.wollsten@espoo.fi"].name == "Piia Wollsten"
    assert contacts["piia.wollsten@espoo.fi"].job_title == "Development Manager"
    # One field per line, phone on its own line.
    mervi = contacts["mervi.hamalainen@espoo.fi"]
    assert (mervi.name, mervi.job_title, mervi.phone_e164) == (
        "Mervi Hämäläinen",
        "Development Manager",
        "+358406369721",
    )
    irena = contacts["irena.bakic@espoo.fi"]
    assert (irena.name, irena.job_title, irena.phone_e164) == (
        "Irena Bakic",
        "Project Manager",
        "+358406343409",
    )
    assert contacts["anni.orttenvuori-ganter@espoo.fi"].name == "Anni Orttenvuori-Ganter"
    assert contacts["marko.karttunen@espoo.fi"].job_title == "Data Analytics Consultant"
    assert contacts["taru.ikaheimonen@espoo.fi"].name == "Taru Ikäheimonen"
    phones = [c.phone_e164 for c in contacts.values() if c.phone_e164]
    assert sorted(phones) == ["+358406343409", "+358406369721"]


def test_fair_funding_and_season_start(projects: dict[str, ExtractedProject]) -> None:
    fair = projects["fair-edih"]
    assert [(f.amount_eur, f.bound) for f in fair.fundings] == [(3_000_000, "at_least")]
    assert "digitalisation of companies" in fair.fundings[0].context
    # "started in the autumn of 2022 ... during the first three years"
    assert fair.start_date == date(2022, 9, 1)
    assert fair.end_date == date(2025, 8, 31)
    assert fair.period_precision == "season"
    assert (fair.acronym, fair.full_name) == ("FAIR", "Finnish AI Region")
    assert fair.warnings == []


def test_sparcs_explicit_dates_and_coordinator(projects: dict[str, ExtractedProject]) -> None:
    sparcs = projects["sparcs"]
    assert (sparcs.start_date, sparcs.end_date) == (date(2019, 10, 1), date(2024, 9, 30))
    assert sparcs.period_precision == "day"
    assert sparcs.status == "ended"  # listed as ongoing, but its schedule ended
    assert sparcs.coordinator is not None
    assert sparcs.coordinator.name == "VTT Technical Research Centre of Finland"
    assert {(o.name, o.role) for o in sparcs.partners} == {
        ("City of Espoo", "lighthouse_city"),
        ("Leipzig", "lighthouse_city"),
    }
    assert sparcs.fundings == []


def test_hytedata_funding_period_and_trailing_paragraph(
    projects: dict[str, ExtractedProject],
) -> None:
    hyte = projects["hytedata-2-0"]
    assert [(f.amount_eur, f.bound, f.funder) for f in hyte.fundings] == [
        (440_000, "exact", "Ministry of Social Affairs and Health")
    ]
    # "will last for two years and will be completed by the end of 2026"
    assert (hyte.start_date, hyte.end_date) == (date(2025, 1, 1), date(2026, 12, 31))
    assert hyte.period_precision == "year"
    assert hyte.status == "ongoing"
    assert hyte.coordinator is not None and hyte.coordinator.name == "City of Espoo"
    roles = {o.name: (o.role, o.type) for o in hyte.partners}
    assert roles["Western Uusimaa Wellbeing Services County"] == ("partner", "agency")
    assert roles["HyTe ry"] == ("partner", "ngo")
    assert roles["Ministry of Social Affairs and Health"] == ("funder", "agency")
    assert hyte.full_name is not None and hyte.full_name.startswith("Vaikuttavuutta")
    # The paragraph after the contact block still belongs to HyteData 2.0.
    assert "continuation of the earlier HyteData 1.0 project" in hyte.description
    assert hyte.warnings == []


def test_impact_leadership_starts_in_2019(projects: dict[str, ExtractedProject]) -> None:
    impact = projects["impact-leadership"]
    assert (impact.start_date, impact.end_date, impact.period_precision) == (
        date(2019, 1, 1),
        None,
        "year",
    )
    assert [o.name for o in impact.partners] == ["VTT Technical Research Centre of Finland"]


def test_partners_and_types(projects: dict[str, ExtractedProject]) -> None:
    ucc = projects["usercentricities"]
    partners = {o.name: (o.type, o.country) for o in ucc.partners if o.role == "partner"}
    # "a joint project of nine partners": Espoo and the eight listed.
    assert len(partners) == 9
    assert partners["Tallinn"] == ("city", "EE")
    assert partners["Emilia-Romagna region"] == ("agency", "IT")
    assert partners["Eurocities"] == ("network", None)
    assert partners["Lisbon Council"] == ("ngo", None)
    assert partners["City of Espoo"] == ("city", None)

    finverse = projects["finverse"]
    assert finverse.coordinator is not None and finverse.coordinator.name == "City of Oulu"
    assert [o.name for o in finverse.partners] == [
        "University of Oulu",
        "Oulu University of Applied Sciences",
        "City of Espoo",
        "City of Tampere",
    ]
    trust = projects["trust-m"]
    assert [(o.name, o.type) for o in trust.partners] == [
        ("City of Espoo", "city"),
        ("Aalto University", "university"),
        ("University of Helsinki", "university"),
        ("Tampere University", "university"),
    ]
    fair = projects["fair-edih"]
    members = {o.name: o.role for o in fair.partners}
    assert len(members) == 11
    assert members["City of Vantaa"] == "member"
    assert members["Haaga-Helia University of Applied Sciences"] == "member"
    assert members["Enter Espoo"] == "affiliate_partner"
    # Every organisation on the page gets a type from the table.
    assert all(o.type for p in projects.values() for o in p.partners)


def test_links_and_files(projects: dict[str, ExtractedProject]) -> None:
    assert [link.title for link in projects["sparcs"].links] == [
        "the webpage of the Espoo's project",
        "the webpage of the international project",
    ]
    assert [link.title for link in projects["fair-edih"].links] == ["EDIHs", "FAIR EDIH"]
    assert [link.title for link in projects["usercentricities"].links] == ["Tallinn Declaration"]
    assert [link.title for link in projects["digital-agenda"].links] == ["Digital Agenda"]
    assert projects["trust-m"].links[0].url is not None
    assert projects["trust-m"].links[0].url.startswith("https://trustmproject.aalto.fi")
    files = projects["finverse"].files
    assert [(f.name, f.language) for f in files] == [("FINverse tiivistelmä.pdf", "fi")]
    assert [f.name for f in projects["trust-m"].files] == ["Trust M tiivistelmä.pdf"]
    # Link text is not description text; the description has no link markers.
    assert all("external link" not in p.description for p in projects.values())


def test_html_adds_urls(
    from_text: dict[str, ExtractedProject], from_html: dict[str, ExtractedProject]
) -> None:
    assert from_text["fair-edih"].links[1].url is None
    assert from_html["fair-edih"].links[1].url == "https://www.fairedih.fi/"
    assert from_html["finverse"].files[0].url is not None
    assert from_html["finverse"].files[0].url.endswith(".pdf")


def test_text_and_html_agree_apart_from_urls(
    from_text: dict[str, ExtractedProject], from_html: dict[str, ExtractedProject]
) -> None:
    def without_urls(p: ExtractedProject) -> ExtractedProject:
        return replace(
            p,
            source_file="",
            first_line=0,
            links=[replace(link, url=None) for link in p.links],
            files=[replace(f, url=None) for f in p.files],
        )

    assert [without_urls(p) for p in from_text.values()] == [
        without_urls(p) for p in from_html.values()
    ]


def test_gaps_on_the_page_are_warnings(projects: dict[str, ExtractedProject]) -> None:
    no_period = {k for k, p in projects.items() if p.start_date is None and p.end_date is None}
    assert no_period == {"usercentricities", "finverse", "trust-m", "digital-agenda"}
    for key in no_period:
        assert "period: no start or end date stated on the page" in projects[key].warnings
    # The one time phrase the extractor cannot turn into dates is named.
    assert any(
        w.startswith("period:") and "experiments that last from a few months to a year" in w
        for w in projects["digital-agenda"].warnings
    )


# ---------------------------------------------------------------------------
# Crafted inputs

CONTACT = "Further information:\n- Maija Meikäläinen, Project Manager, maija.meikalainen@espoo.fi\n"


def _page(*projects: str, section: str = "National projects") -> str:
    return f"Ongoing development\nIntro text of the page.\n{section}\n" + "".join(projects)


def test_unparseable_date_phrase_becomes_a_warning() -> None:
    text = _page(
        "The Foo project improves bus stops in the city centre for everyone.\n"
        "The project runs from Smarch 32nd, 2024 to whenever the money lasts.\n" + CONTACT,
        "The Bar project builds a new library for the people of the city.\n"
        "The project will run from October 32nd, 2024 to March 2026.\n" + CONTACT,
    )
    foo, bar = extract_projects_from_text(text, "crafted.txt", BUILD_DATE)
    assert (foo.key, foo.start_date, foo.end_date) == ("foo", None, None)
    assert any(w.startswith("period:") and "Smarch 32nd" in w for w in foo.warnings)
    assert bar.key == "bar"
    assert any("October 32nd, 2024" in w for w in bar.warnings)
    # The half of the range that could be read is kept.
    assert (bar.start_date, bar.end_date) == (None, date(2026, 3, 31))


def test_unparseable_contact_line_becomes_a_warning() -> None:
    text = _page(
        "The Baz project plants trees along the main roads of the city.\n"
        "Further information:\n"
        "??? see the intranet\n"
        "- Maija Meikäläinen, Project Manager, maija.meikalainen@espoo.fi, tel 040 123 456 7890\n"
    )
    (baz,) = extract_projects_from_text(text, "crafted.txt", BUILD_DATE)
    assert [(c.email, c.job_title) for c in baz.contacts] == [
        ("maija.meikalainen@espoo.fi", "Project Manager")
    ]
    assert any("could not parse contact line" in w and "intranet" in w for w in baz.warnings)
    assert any("phone" in w for w in baz.warnings)


def test_relative_dates_and_precisions() -> None:
    text = _page(
        "The Qux project renews school yards across the whole city area.\n"
        "The project started in March 2024 and will last for 18 months.\n" + CONTACT,
    )
    (qux,) = extract_projects_from_text(text, "crafted.txt", BUILD_DATE)
    assert (qux.start_date, qux.end_date, qux.period_precision) == (
        date(2024, 3, 1),
        date(2025, 8, 31),
        "month",
    )
    assert qux.status == "ongoing"


def test_html_with_project_headings() -> None:
    html = """<html><body><main>
    <h2>Espoo's projects</h2>
    <h3>Green Yards</h3>
    <p>Schools and day-care centres get greener yards with help from residents.</p>
    <p><strong>Enquiries:</strong></p>
    <ul><li>Development Manager Piia Wollsten
    <a href="mailto:p">piia.wollsten@espoo.fi</a></li></ul>
    <h3>Night Buses</h3>
    <p>New night bus lines are tried out between Espoo centres over the winter.</p>
    <p><strong>Enquiries:</strong></p>
    <p>Irena Bakic<br>Project Manager<br>irena.bakic@espoo.fi</p>
    </main></body></html>"""
    text, _ = html_to_text(html)
    first, second = extract_projects_from_text(text, "crafted.html", BUILD_DATE)
    assert (first.key, first.title, first.title_basis, first.level) == (
        "green-yards",
        "Green Yards",
        "heading",
        "city",
    )
    assert [c.email for c in first.contacts] == ["piia.wollsten@espoo.fi"]
    assert (second.title, [c.name for c in second.contacts]) == ("Night Buses", ["Irena Bakic"])


def test_unrelated_trailing_text_is_its_own_project_with_a_warning() -> None:
    text = _page(
        "The Foo project improves bus stops in the city centre for everyone.\n" + CONTACT,
        "Something else entirely is described here in one long sentence of prose.\n",
    )
    foo, other = extract_projects_from_text(text, "crafted.txt", BUILD_DATE)
    assert "Something else" not in foo.description
    assert any(w.startswith("contacts: no contact block") for w in other.warnings)
    assert any(w.startswith("title:") for w in other.warnings)


def test_unsupported_page_type(tmp_path: Path) -> None:
    path = tmp_path / "page.pdf"
    path.write_bytes(b"%PDF")
    with pytest.raises(SourceFormatError, match="page.pdf"):
        read_project_page(path, BUILD_DATE)


@pytest.mark.parametrize(
    ("title", "key"),
    [("HyteData 2.0", "hytedata-2-0"), ("Trust-M", "trust-m"), ("Hämäläinen Ö", "hamalainen-o")],
)
def test_slugify(title: str, key: str) -> None:
    assert slugify(title) == key


def test_parse_date_phrase() -> None:
    assert parse_date_phrase("autumn 2022") == (date(2022, 9, 1), date(2022, 11, 30), "season")
    assert parse_date_phrase("2022-09") == (date(2022, 9, 1), date(2022, 9, 30), "month")
    assert parse_date_phrase("1.10.2019") == (date(2019, 10, 1), date(2019, 10, 1), "day")
    assert parse_date_phrase("sometime") is None


def test_html_with_a_heading_per_project_gives_the_same_projects(
    from_html: dict[str, ExtractedProject],
) -> None:
    # The live site may show each project's title as a heading; the text form does not.
    html = (PAGES_DIR / "espoo_ongoing_development.html").read_text(encoding="utf-8")
    openings = {
        "<p>The Finnish AI Region (FAIR)": "FAIR EDIH",
        "<p>Espoo is looking for new": "SPARCS",
        "<p>The City of Espoo is involved": "UserCentriCities",
        "<p>The metaverse, or social": "FINverse",
        "<p>The project aims to create trustworthy": "Trust-M",
        "<p>The City of Espoo has been a pioneer": "Impact leadership",
        "<p>The Digital Agenda's aim": "Digital Agenda",
        "<p>HyteData 2.0 (short": "HyteData 2.0",
    }
    for opening, title in openings.items():
        assert opening in html
        html = html.replace(opening, f"<h3>{title}</h3>\n{opening}", 1)
    text, urls = html_to_text(html)
    projects = extract_projects_from_text(text, "headed.html", BUILD_DATE, link_urls=urls)
    assert [p.title_basis for p in projects] == ["heading"] * 8
    for project in projects:
        expected = from_html[project.key]
        assert project.contacts == expected.contacts
        assert (project.start_date, project.end_date) == (expected.start_date, expected.end_date)
        assert project.partners == expected.partners
        assert project.description == expected.description
        assert project.warnings == expected.warnings
