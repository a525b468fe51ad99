"""Periods as publishers write them, in Finnish, Swedish and English (read_period)."""

import pytest

from pipelines.ingest.mapping import map_period_label
from pipelines.ingest.periods import read_period


@pytest.mark.parametrize(
    ("written", "code", "frequency"),
    [
        # THL's cubes, three languages
        ("Vuosi 2020 Viikko 05", "2020W05", "weekly"),
        ("År 2020 Vecka 53", "2020W53", "weekly"),
        ("Year 2021 Week 01", "2021W01", "weekly"),
        ("2022W45", "2022W45", "weekly"),
        ("vko 5/2020", "2020W05", "weekly"),
        # months by name and number
        ("tammikuu 2024", "2024M01", "monthly"),
        ("2024 januari", "2024M01", "monthly"),
        ("December 2023", "2023M12", "monthly"),
        ("2024-03", "2024M03", "monthly"),
        ("Vuosi 2024 Kuukausi 3", "2024M03", "monthly"),
        ("1945 Tammikuu", "1945M01", "monthly"),
        # quarters
        ("1. neljännes 2024", "2024Q1", "quarterly"),
        ("2024 4. vuosineljännes", "2024Q4", "quarterly"),
        ("1:a kvartalet 2024", "2024Q1", "quarterly"),
        ("Q2 2024", "2024Q2", "quarterly"),
        ("2024K3", "2024Q3", "quarterly"),
        # half-years
        ("2024H2", "2024H2", "half_yearly"),
        ("första halvåret 2024", "2024H1", "half_yearly"),
        ("second half of 2024", "2024H2", "half_yearly"),
        ("tammi-kesäkuu 2024", "2024H1", "half_yearly"),
        # years, the whole year, spans, days
        ("2024", "2024", "annual"),
        ("Vuosi 2024", "2024", "annual"),
        ("1945 Koko vuosi", "1945", "annual"),
        ("Hela året 2020", "2020", "annual"),
        ("2018–2020", "2018-2020", "multi_year"),
        ("2018 - 2020", "2018-2020", "multi_year"),
        ("2020-03-16", "2020-03-16", "daily"),
        ("16.3.2020", "2020-03-16", "daily"),
    ],
)
def test_labels_in_three_languages(written: str, code: str, frequency: str) -> None:
    period, flag = read_period(written)
    assert (period.code, period.frequency, flag) == (code, frequency, None)


@pytest.mark.parametrize(
    ("written", "code", "flag"),
    [("2024*", "2024", "preliminary"), ("2022W45*", "2022W45", "preliminary"),
     ("2022* januari", "2022M01", "preliminary"), ("2024 ennakko", "2024", "preliminary"),
     ("2023 (preliminär)", "2023", "preliminary"), ("2023 preliminary", "2023", "preliminary"),
     ("2030 ennuste", "2030", "forecast")],
)
def test_markers_and_words_flag_a_period(written: str, code: str, flag: str) -> None:
    period, found = read_period(written)
    assert (period.code, found) == (code, flag)


def test_a_description_s_own_markers() -> None:
    assert read_period("2024 p", {"p": "preliminary"}) == read_period("2024*")
    assert read_period("2024Q1r", {"r": "revised"})[1] == "revised"


@pytest.mark.parametrize(
    "written",
    ["Kaikki ajat", "Alla tider", "All times", "Year 2021 Week 53", "2024 Viikko 54",
     "2024-13", "2020 - 2018", "2024 2025 Viikko 1", "Tammikuu", "Väestö 31.12.", "*", ""],
)
def test_what_names_no_period_says_so(written: str) -> None:
    mapped, frequency, start, flag = map_period_label(written, {"*": "preliminary"})
    assert (mapped.canonical, mapped.rule, frequency) == (None, "invalid_period", None)
    assert mapped.message
