"""The project extractor on real pages of other shapes, languages and ages than the seed.

The pages are in tests/data/project_pages (addresses and shapes in its README). Expected
titles, contacts, funders and dates below were read off the pages by hand.
"""

from datetime import date
from pathlib import Path

import pytest

from pipelines.projects.history import Sighting, build_register
from pipelines.projects.pages import PageExtract, extract_page, read_page
from pipelines.projects.versions import date_in_page, page_version

PAGES = Path(__file__).resolve().parents[1] / "data" / "project_pages"
SEED = Path(__file__).resolve().parents[1] / "data" / "seed" / "000_95bc560e1733b868.txt"
BUILD_DATE = date(2026, 11, 30)


def page(name: str) -> PageExtract:
    return read_page(PAGES / name, BUILD_DATE)


def warnings_of(extract: PageExtract, field: str) -> list[str]:
    return [w for p in extract.projects for w in p.warnings if w.startswith(f"{field}: ")]


# (page, language, project titles in page order): every project each page lists.
TITLES = {
    "espoo_sparcs_en.txt": ("en", ["SPARCS"]),
    "espoo_sparcs_news_2019.txt": ("en", ["SPARCs"]),
    "tem_eu_aid_for_urban_development.txt": (
        "en", ["Six biggest cities - 6AIKA", "Community-led local development"]),
    "vyl_kesy_case_vantaa.txt": ("fi", [
        "Tikkuraitin perusparannussuunnittelu", "Kanervanummi", "Ankkapuisto ja Metsopuisto",
        "Tikkurilan jokiranta"]),
    "vantaa_hankkeet_fi.txt": ("fi", [
        "Myyrmäen katu- ja puistohankkeet", "Jokiuomanpuistoa uudistetaan ja kunnostetaan",
        "Myyrmäen kaupunkikulttuuritalo -hanke",
        "Myyrmäen asemanseudun turvallisuutta ja viihtyisyyttä parannetaan",
        "Heittäydy harrastukseen -hanke"]),
    "vantaa_projekt_sv.txt": ("sv", [
        "Projektet Dickursby kompetenscampus (Tikkurilan osaamiskampus)",
        "Kunskap och delaktighet – barn och unga medverkar till en mer hållbar matkultur",
        "Utvecklingen av Hanaböle träsk", "Byggprojektet Mårtensdals bildningsrum",
        "Projektet Myrbacka stadskulturhus", "Projektet Asunto kaikille (bostad åt alla)",
        "Motionsrådgivning för att komma i gång – Ett Vanda i rörelse",
        "Byggandet av vandaspåran från Aviapolis station till Frälsevägen"]),
    "vantaa_hankkeet_ja_projektit_old.txt": ("fi", []),
    # Earlier versions of the City of Espoo's page: a picture's caption or alt text between a
    # project's heading and its text, sometimes a row of logos too, or a section above.
    "espoo_ongoing_development_2018_beta_en.txt": ("en", [
        "Last mile project: Increasing the accessibility of Nuuksio and Rantaraitti"]),
    "espoo_ongoing_development_2018a_en.txt": ("en", [
        "MyEspoo", "City as a Service by means of innovative procurement"]),
    "espoo_ongoing_development_2018b_en.txt": ("en", [
        "Systematic utilisation of client data", "Data privacy and opening data securely"]),
    "ykkosakseli_hankkeet_lohja_fi.txt": ("fi", [
        "Lohjan Kylät aloittaa kyläasiamiestoiminnan", "Kärkölän kylätaloa korjataan"]),
}


@pytest.mark.parametrize("name", sorted(TITLES))
def test_every_project_of_each_page_is_found(name: str) -> None:
    language, titles = TITLES[name]
    extract = page(name)
    assert [p.title for p in extract.projects] == titles
    assert extract.language == language
    assert {p.language for p in extract.projects} <= {language}
    assert len({p.key for p in extract.projects}) == len(titles)


def test_the_pages_were_all_silent_before() -> None:
    """Each shape here is one the section-and-contact-block rules alone found nothing in:
    no page of them has a section heading, and only two have contact blocks."""
    for name in TITLES:
        assert "International projects" not in (PAGES / name).read_text(encoding="utf-8")


def test_obfuscated_addresses_cut_short_keep_the_person_with_a_warning() -> None:
    extract = page("tem_eu_aid_for_urban_development.txt")
    six, local = extract.projects
    assert [(c.name, c.email) for c in six.contacts] == [("Hanna-Maria Urjankangas", None)]
    assert [(c.name, c.email) for c in local.contacts] == [("Johanna Osenius", None)]
    cut = [w for w in warnings_of(extract, "contacts") if "cut short" in w]
    assert len(cut) == 2 and "'hanna-maria.urjankangas(at)'" in cut[0]
    # Funders and programmes by name, the amount and the period of the strategy.
    assert [(o.name, o.type) for o in six.partners if o.role == "funder"] == [
        ("6Aika", "programme"), ("European Regional Development Fund", "programme"),
        ("European Social Fund", "programme")]
    assert [f.amount_eur for f in six.fundings] == [80_000_000]
    assert (six.start_date, six.end_date) == (date(2014, 1, 1), date(2020, 12, 31))
    # The cut-off paragraph after the last contact is no project's, and said so.
    assert any("line 23 belongs to no project" in w for w in extract.warnings)


def test_an_obfuscated_whole_address_is_read_back() -> None:
    text = ("Hankkeet\n\nKaupunkidata\n\nHanke kehittää kaupungin tietoa. Hanke alkaa "
            "1.2.2015 ja päättyy 31.7.2018.\n\nYhteyshenkilö: projektipäällikkö Jari Jokisalo, "
            "jari.jokisalo(at)businessoulu.com\n")
    (project,) = extract_page(text, "x.txt", BUILD_DATE).projects
    assert [(c.name, c.job_title, c.email) for c in project.contacts] == [
        ("Jari Jokisalo", "projektipäällikkö", "jari.jokisalo@businessoulu.com")]
    assert any("obfuscated address" in w for w in project.warnings)
    assert (project.start_date, project.end_date) == (date(2015, 2, 1), date(2018, 7, 31))


def test_a_page_contact_after_every_project_is_shared_with_a_warning() -> None:
    extract = page("vyl_kesy_case_vantaa.txt")
    assert {(c.name, c.email) for p in extract.projects for c in p.contacts} == {
        ("Heidi Burjam", "heidi.burjam@vantaa.fi")}
    assert all(len(p.contacts) == 1 for p in extract.projects)
    assert any("only contact block" in w for w in extract.warnings)
    # Finnish dates: "alkanut syksyllä 2017", "Rakentaminen 2018-19", "vuosille 2019-21".
    periods = {p.title: (p.start_date, p.end_date) for p in extract.projects}
    assert periods["Tikkuraitin perusparannussuunnittelu"] == (date(2017, 9, 1), None)
    assert periods["Kanervanummi"] == (date(2018, 1, 1), date(2019, 12, 31))
    assert periods["Ankkapuisto ja Metsopuisto"] == (date(2019, 1, 1), date(2021, 12, 31))
    assert periods["Tikkurilan jokiranta"] == (None, None)


def test_swedish_listing_dates_and_the_cut_short_end() -> None:
    extract = page("vantaa_projekt_sv.txt")
    periods = {p.title: (p.start_date, p.end_date) for p in extract.projects}
    assert periods["Projektet Dickursby kompetenscampus (Tikkurilan osaamiskampus)"] == (
        date(2024, 1, 1), date(2032, 12, 31))
    assert periods["Projektet Asunto kaikille (bostad åt alla)"] == (None, date(2027, 12, 31))
    assert any("ends mid-sentence" in w and "besl" in w for w in extract.warnings)
    assert "ends mid-sentence" in extract.projects[-1].warnings[-1]
    # Nobody to contact on a listing: each project says so (and is quarantined when staged).
    assert all(not p.contacts for p in extract.projects)
    assert len([w for w in warnings_of(extract, "contacts") if "no contact block" in w]) == 8


def test_a_projects_own_page_is_one_project_with_its_subsections() -> None:
    extract = page("espoo_sparcs_en.txt")
    (sparcs,) = extract.projects
    assert sparcs.key == "sparcs" and sparcs.title_basis == "named as a project in the text"
    assert "Sustainable energy production in Leppävaara, Espoonlahti and Kera" in (
        sparcs.description)
    assert sparcs.start_date == date(2019, 1, 1)  # "Launched in 2019"
    assert extract.warnings == ["page: ends mid-sentence ('On'): the saved page may be cut "
                                "short"]


def test_a_page_with_no_project_says_why() -> None:
    extract = page("vantaa_hankkeet_ja_projektit_old.txt")
    assert extract.projects == [] and extract.title == "Hankkeet ja projektit"
    assert extract.no_project_reason is not None
    assert "no project found" in extract.no_project_reason
    assert "heading repeats the page title" in extract.no_project_reason


@pytest.mark.parametrize("text, expected", [
    ("Hanke sai yli 3 miljoonaa euroa rahoitusta.", (3_000_000, "at_least")),
    ("Hankkeen budjetti on 440 000 euroa.", (440_000, "exact")),
    ("Projektet får över 2 miljoner euro i stöd.", (2_000_000, "at_least")),
    ("Rahoitusta on myönnetty lähes 80 miljoonalla eurolla.", (80_000_000, "approx")),
])
def test_money_in_finnish_and_swedish(text: str, expected: tuple[int, str]) -> None:
    from pipelines.projects.money import find_fundings

    (funding,), _ = find_fundings([text])
    assert (funding.amount_eur, funding.bound) == expected


@pytest.mark.parametrize("phrase, expected", [
    ("syksyllä 2022", (date(2022, 9, 1), date(2022, 11, 30), "season")),
    ("hösten 2022", (date(2022, 9, 1), date(2022, 11, 30), "season")),
    ("lokakuussa 2019", (date(2019, 10, 1), date(2019, 10, 31), "month")),
    ("1.10.2019", (date(2019, 10, 1), date(2019, 10, 1), "day")),
    ("vuoden 2026 loppuun", (date(2026, 12, 31), date(2026, 12, 31), "year")),
    ("i slutet av 2026", (date(2026, 12, 31), date(2026, 12, 31), "year")),
])
def test_finnish_and_swedish_date_phrases(phrase: str, expected: tuple) -> None:
    from pipelines.projects.periods import parse_date_phrase

    assert parse_date_phrase(phrase) == expected


def test_a_finnish_range_with_a_dash() -> None:
    text = ("Hankkeet\n\nSPARCS-hanke\n\nSPARCS-hanke kehittää energiapositiivisia alueita. "
            "Hankkeen toteutusaika on 1.10.2019–30.9.2024.\n\nLisätietoja:\n"
            "- Elina Wanne, projektipäällikkö, elina.wanne@espoo.fi\n")
    (project,) = extract_page(text, "hankkeet_fi.txt", BUILD_DATE).projects
    assert (project.start_date, project.end_date) == (date(2019, 10, 1), date(2024, 9, 30))
    assert project.language == "fi"


# ---------------------------------------------------------------------------
# Page versions and the register over time


def test_versions_are_dated_by_file_name_or_by_the_page() -> None:
    assert page_version("espoo_ongoing_development_2019-05-01", "") == (
        page_version("espoo_ongoing_development_20190501", ""))
    v = page_version("espoo_ongoing_development_2019-05-01", "")
    assert (v.page_key, v.version_date, v.date_basis) == (
        "espoo_ongoing_development", date(2019, 5, 1), "file name")
    news = (PAGES / "espoo_sparcs_news_2019.txt").read_text(encoding="utf-8")
    assert date_in_page(news) == date(2019, 10, 7)  # "2019-10-07 8:30" under the title
    assert date_in_page("Published 2011-12-22 7:23 , updated 2015-01-02 9:39") == date(
        2015, 1, 2)
    assert date_in_page("Päivitetty 2.3.2018") == date(2018, 3, 2)
    assert date_in_page(SEED.read_text(encoding="utf-8")) is None


def sightings_of(name: str, text: str) -> list[Sighting]:
    stem = Path(name).stem
    extract = extract_page(text, name, BUILD_DATE)
    return [Sighting(p, page_version(stem, text), name) for p in extract.projects]


def test_history_across_two_versions_of_the_page() -> None:
    """Two versions of Espoo's page: the seed as saved on 2025-06-01, and an earlier version
    made from it for this test (the real earlier versions were not found): without
    HyteData 2.0 (not started yet) and with Trust-M, which the newer version drops."""
    seed = SEED.read_text(encoding="utf-8")
    hyte_at = seed.index("HyteData 2.0 (short for")
    trust_from = seed.index("The project aims to create trustworthy")
    trust_to = seed.index("Espoo’s projects")
    earlier = seed[:hyte_at]
    newer = seed[:trust_from] + seed[trust_to:]
    entries = build_register(
        sightings_of("espoo_ongoing_development_2024-05-01.txt", earlier)
        + sightings_of("espoo_ongoing_development_2025-06-01.txt", newer))
    by_key = {e.key: e for e in entries}
    assert set(by_key) == {"fair-edih", "sparcs", "usercentricities", "finverse", "trust-m",
                           "impact-leadership", "digital-agenda", "hytedata-2-0"}
    seen = {k: (e.first_seen, e.last_seen, e.on_page) for k, e in by_key.items()}
    assert seen["sparcs"] == (date(2024, 5, 1), date(2025, 6, 1), True)
    assert seen["hytedata-2-0"] == (date(2025, 6, 1), date(2025, 6, 1), True)
    assert seen["trust-m"] == (date(2024, 5, 1), date(2024, 5, 1), False)  # left the page
    assert len(by_key["sparcs"].sightings) == 2
    assert by_key["sparcs"].project.source_file == "espoo_ongoing_development_2025-06-01.txt"


def test_one_project_on_pages_in_several_languages_is_one_project() -> None:
    """The real SPARCS pages (its own page, the 2019 news item, the seed) and a Finnish
    description with the same contact: one project, a name in each language."""
    finnish = ("Hankkeet\n\nSPARCS-hanke\n\nSPARCS-hanke kehittää energiapositiivisia "
               "alueita Espoossa ja Leipzigissa.\n\nLisätietoja:\n"
               "- Elina Wanne, projektipäällikkö, elina.wanne@espoo.fi\n")
    sightings = (
        sightings_of("000_seed.txt", SEED.read_text(encoding="utf-8"))
        + sightings_of("espoo_sparcs_en.txt",
                       (PAGES / "espoo_sparcs_en.txt").read_text(encoding="utf-8"))
        + sightings_of("espoo_sparcs_news_2019.txt",
                       (PAGES / "espoo_sparcs_news_2019.txt").read_text(encoding="utf-8"))
        + sightings_of("hankkeet_fi.txt", finnish))
    entries = build_register(sightings)
    (sparcs,) = [e for e in entries if e.key == "sparcs"]
    assert len(sparcs.sightings) == 4 and len(entries) == 8
    assert {lang: title for lang, (title, _) in sparcs.names.items()} == {
        "en": "SPARCS", "fi": "SPARCS-hanke"}
    assert sparcs.first_seen == date(2019, 10, 7)  # the news item's date
    assert sparcs.project.source_file == "000_seed.txt"  # the one with contacts
    assert [c.email for c in sparcs.project.contacts] == ["elina.wanne@espoo.fi",
                                                          "jani.tartia@espoo.fi"]


def test_captions_and_alt_texts_are_not_titles() -> None:
    """The layout, not the words: of short lines between a heading and the text, the one
    the text goes on about is the heading; the picture's line after it is a caption."""
    from pipelines.projects.page_layout import segment_page

    captions = {
        "espoo_ongoing_development_2018_beta_en.txt": ["Cyclists in Nuuksio"],
        "espoo_ongoing_development_2018a_en.txt": ["The child builds objects from the sticks"],
        "espoo_ongoing_development_2018b_en.txt": ["Women in museum", "Women and phone"],
    }
    for name, expected in captions.items():
        layout = segment_page((PAGES / name).read_text(encoding="utf-8"))
        assert [c for segment in layout.segments for c in segment.captions] == expected, name
        titles = [p.title for p in page(name).projects]
        assert not set(expected) & set(titles)
    # A heading above the project's (a section the page names in its own words) is no title.
    assert any("6Aika in Espoo" in note for note in page(
        "espoo_ongoing_development_2018b_en.txt").warnings)


def test_funders_of_a_logo_line_between_heading_and_picture() -> None:
    (project,) = page("espoo_ongoing_development_2018_beta_en.txt").projects
    funders = [o.name for o in project.partners if o.role == "funder"]
    assert funders[:2] == ["6Aika", "European Regional Development Fund"]
