"""The wellbeing report's words in Finnish, Swedish and English: headings, labels, statuses.

Names of areas, indicators and groups come from the mart (fi/sv/en columns); everything else
the page says is here. A key missing from a language is a KeyError in the tests, not a blank.
"""

LANGUAGES = ("fi", "sv", "en")
# Babel locales: number and date formats (fi/sv: decimal comma, space between thousands).
LOCALES = {"fi": "fi_FI", "sv": "sv_FI", "en": "en_GB"}

TEXTS: dict[str, dict[str, str]] = {
    "fi": {
        "language_name": "suomi",
        "title": "Hyvinvointiraportti: {area}",
        "intro": "Hyvinvoinnin indikaattorit teemoittain: viimeisin arvo, kehitys ja vertailu "
                 "hyvinvointialueeseen ja koko maahan, väestöryhmittäiset erittelyt, "
                 "kehittämishankkeet ja tietojen laatu.",
        "data_from": "Tiedot: {file}, julkaistu {published}. Raportti laadittu {generated}.",
        "contents": "Sisältö",
        "other_languages": "Muilla kielillä",
        "index_link": "Kaikki raportit",
        "other_theme": "Muut indikaattorit",
        "latest": "Viimeisin",
        "previous": "Edellinen",
        "change": "Muutos",
        "change_from": "Muutos edellisestä ({period})",
        "change_points": "%-yks.",
        "group": "Väestöryhmä",
        "period": "Ajanjakso",
        "trend_chart": "Kehitys: {area} ja vertailualueet",
        "not_compared": "Lukumääriä ei piirretä vertailualueiden rinnalle, koska alueet ovat "
                        "eri kokoisia; niiden arvot ovat taulukossa.",
        "groups_chart": "Väestöryhmät {period}",
        "groups_table": "Väestöryhmät taulukkona",
        "series_table": "Aikasarja taulukkona",
        "breakdown": "Erittely",
        "value": "Arvo",
        "status": "Tila",
        "indicator": "Indikaattori",
        "unit": "Yksikkö",
        "area": "Alue",
        "more_indicators": "Muut teeman indikaattorit (ilman kuvaajaa)",
        "without_data": "Ei arvoja alueelle {area}: {indicators}",
        "no_indicators": "Alueelle ei ole julkaistu tämän teeman indikaattoreita.",
        "code": "Tunnus",
        "projects": "Kehittämishankkeet ja niiden tavoiteindikaattorit",
        "projects_intro": "Hankkeet, joiden tavoitteena on vaikuttaa raportin alueiden "
                          "indikaattoreihin: lähtötaso hankkeen alkuvuonna ja viimeisin arvo.",
        "project": "Hanke",
        "project_status": "Tila",
        "project_period": "Kesto",
        "coordinator": "Koordinaattori",
        "target_area": "Kohdealue",
        "baseline": "Lähtötaso",
        "change_since_baseline": "Muutos",
        "no_projects": "Rekisterissä ei ole hankkeita, jotka kohdistuvat raportin alueisiin.",
        "projects_without_targets": "Hankkeet, joille ei ole nimetty tavoiteindikaattoreita: "
                                    "{projects}",
        "quality": "Tietojen laatu",
        "quality_intro": "Mistä tiedot tulevat, milloin ne on viimeksi ladattu, montako riviä "
                         "ladattiin ja montako hylättiin tarkistuksissa, sekä mitkä arvot "
                         "puuttuvat tai ovat salassa pidettäviä.",
        "sources": "Lähteet",
        "source": "Lähde",
        "files": "Tiedostoja",
        "file": "Tiedosto",
        "unreadable_files": "Lukukelvottomia",
        "rows_read": "Rivejä luettu",
        "rows_loaded": "Ladattu",
        "rows_quarantined": "Hylätty",
        "last_loaded": "Viimeksi ladattu",
        "source_files": "Tiedostot",
        "quarantine_rules": "Hylätyt rivit säännöittäin",
        "rule": "Sääntö",
        "rows": "Rivejä",
        "no_quarantine": "Yhtään riviä ei hylätty.",
        "status_counts": "Solut tiloittain (raportin alueet)",
        "status_counts_intro": "Raportin alueiden arvot lähteittäin: luku (ok, nolla) tai tila, "
                               "jonka vuoksi lukua ei ole.",
        "cells_without_value": "Puuttuvat, salassa pidettävät ja suojatut solut",
        "cells": "Soluja",
        "no_cells_without_value": "Raportin alueilla ei ole soluja ilman lukua.",
        "status_ok": "ok",
        "reports_index": "Hyvinvointiraportit",
        "data_dictionary": "Tietosanasto",
        "role_area": "alue",
        "role_municipality": "kunta",
        "role_wellbeing_county": "hyvinvointialue",
        "role_country": "koko maa",
    },
    "sv": {
        "language_name": "svenska",
        "title": "Välfärdsrapport: {area}",
        "intro": "Välfärdsindikatorer per tema: senaste värde, utveckling och jämförelse med "
                 "välfärdsområdet och hela landet, fördelning på befolkningsgrupper, "
                 "utvecklingsprojekt och datakvalitet.",
        "data_from": "Data: {file}, publicerad {published}. Rapporten skapad {generated}.",
        "contents": "Innehåll",
        "other_languages": "På andra språk",
        "index_link": "Alla rapporter",
        "other_theme": "Övriga indikatorer",
        "latest": "Senaste",
        "previous": "Föregående",
        "change": "Förändring",
        "change_from": "Förändring från föregående ({period})",
        "change_points": "%-enh.",
        "group": "Befolkningsgrupp",
        "period": "Period",
        "trend_chart": "Utveckling: {area} och jämförelseområden",
        "not_compared": "Antal ritas inte ut bredvid jämförelseområdena, eftersom områdena är "
                        "olika stora; deras värden finns i tabellen.",
        "groups_chart": "Befolkningsgrupper {period}",
        "groups_table": "Befolkningsgrupper som tabell",
        "series_table": "Tidsserien som tabell",
        "breakdown": "Fördelning",
        "value": "Värde",
        "status": "Status",
        "indicator": "Indikator",
        "unit": "Enhet",
        "area": "Område",
        "more_indicators": "Temats övriga indikatorer (utan diagram)",
        "without_data": "Inga värden för {area}: {indicators}",
        "no_indicators": "Inga indikatorer i detta tema har publicerats för området.",
        "code": "Kod",
        "projects": "Utvecklingsprojekt och deras målindikatorer",
        "projects_intro": "Projekt som vill påverka indikatorer i rapportens områden: "
                          "utgångsläget projektets startår och det senaste värdet.",
        "project": "Projekt",
        "project_status": "Status",
        "project_period": "Tid",
        "coordinator": "Koordinator",
        "target_area": "Målområde",
        "baseline": "Utgångsläge",
        "change_since_baseline": "Förändring",
        "no_projects": "Registret har inga projekt som riktar sig till rapportens områden.",
        "projects_without_targets": "Projekt utan angivna målindikatorer: {projects}",
        "quality": "Datakvalitet",
        "quality_intro": "Varifrån uppgifterna kommer, när de senast lästes in, hur många rader "
                         "som lästes in och hur många som avvisades vid kontrollerna, samt "
                         "vilka värden som saknas eller är sekretessbelagda.",
        "sources": "Källor",
        "source": "Källa",
        "files": "Filer",
        "file": "Fil",
        "unreadable_files": "Oläsbara",
        "rows_read": "Rader lästa",
        "rows_loaded": "Inlästa",
        "rows_quarantined": "Avvisade",
        "last_loaded": "Senast inläst",
        "source_files": "Filer",
        "quarantine_rules": "Avvisade rader per regel",
        "rule": "Regel",
        "rows": "Rader",
        "no_quarantine": "Inga rader avvisades.",
        "status_counts": "Celler per status (rapportens områden)",
        "status_counts_intro": "Värdena för rapportens områden per källa: ett tal (ok, noll) "
                               "eller statusen som förklarar varför talet saknas.",
        "cells_without_value": "Saknade, sekretessbelagda och skyddade celler",
        "cells": "Celler",
        "no_cells_without_value": "Rapportens områden har inga celler utan tal.",
        "status_ok": "ok",
        "reports_index": "Välfärdsrapporter",
        "data_dictionary": "Dataordbok",
        "role_area": "område",
        "role_municipality": "kommun",
        "role_wellbeing_county": "välfärdsområde",
        "role_country": "hela landet",
    },
    "en": {
        "language_name": "English",
        "title": "Wellbeing report: {area}",
        "intro": "Wellbeing indicators by theme: the latest value, the trend and the comparison "
                 "with the wellbeing services county and the whole country, breakdowns by "
                 "population group, development projects and the quality of the data.",
        "data_from": "Data: {file}, published {published}. Report written {generated}.",
        "contents": "Contents",
        "other_languages": "In other languages",
        "index_link": "All reports",
        "other_theme": "Other indicators",
        "latest": "Latest",
        "previous": "Previous",
        "change": "Change",
        "change_from": "Change from previous ({period})",
        "change_points": "pp",
        "group": "Population group",
        "period": "Period",
        "trend_chart": "Trend: {area} and comparison areas",
        "not_compared": "Counts are not drawn beside the comparison areas, which differ in "
                        "size; their values are in the table.",
        "groups_chart": "Population groups {period}",
        "groups_table": "Population groups as a table",
        "series_table": "Time series as a table",
        "breakdown": "Breakdown",
        "value": "Value",
        "status": "Status",
        "indicator": "Indicator",
        "unit": "Unit",
        "area": "Area",
        "more_indicators": "More indicators of this theme (no chart)",
        "without_data": "No values for {area}: {indicators}",
        "no_indicators": "No indicator of this theme is published for the area.",
        "code": "Code",
        "projects": "Development projects and the indicators they target",
        "projects_intro": "Projects that aim to move indicators of the report's areas: the "
                          "baseline in the project's start year and the latest value.",
        "project": "Project",
        "project_status": "Status",
        "project_period": "Duration",
        "coordinator": "Coordinator",
        "target_area": "Target area",
        "baseline": "Baseline",
        "change_since_baseline": "Change",
        "no_projects": "The register has no project that targets the report's areas.",
        "projects_without_targets": "Projects that name no target indicator: {projects}",
        "quality": "Data quality",
        "quality_intro": "Where the data comes from, when each source was last loaded, how "
                         "many rows were loaded and how many the checks quarantined, and which "
                         "values are missing or confidential.",
        "sources": "Sources",
        "source": "Source",
        "files": "Files",
        "file": "File",
        "unreadable_files": "Unreadable",
        "rows_read": "Rows read",
        "rows_loaded": "Loaded",
        "rows_quarantined": "Quarantined",
        "last_loaded": "Last loaded",
        "source_files": "Files",
        "quarantine_rules": "Quarantined rows by rule",
        "rule": "Rule",
        "rows": "Rows",
        "no_quarantine": "No row was quarantined.",
        "status_counts": "Cells by status (the report's areas)",
        "status_counts_intro": "The values of the report's areas by source: a number (ok, zero) "
                               "or the status that says why there is none.",
        "cells_without_value": "Missing, confidential and suppressed cells",
        "cells": "Cells",
        "no_cells_without_value": "The report's areas have no cell without a number.",
        "status_ok": "ok",
        "reports_index": "Wellbeing reports",
        "data_dictionary": "Data dictionary",
        "role_area": "area",
        "role_municipality": "municipality",
        "role_wellbeing_county": "wellbeing services county",
        "role_country": "whole country",
    },
}

# mart.fact_indicator_value.status: what a cell without a number is, said as such (never 0).
STATUSES: dict[str, dict[str, str]] = {
    "fi": {
        "ok": "ok", "zero": "nolla", "missing": "puuttuu", "not_applicable": "ei sovellu",
        "confidential": "salassa pidettävä", "not_available": "ei saatavilla",
        "not_asked": "ei kysytty", "empty": "tyhjä",
        "suppressed": "suojattu (pieni lukumäärä)",
    },
    "sv": {
        "ok": "ok", "zero": "noll", "missing": "saknas", "not_applicable": "ej tillämplig",
        "confidential": "sekretessbelagd", "not_available": "ej tillgänglig",
        "not_asked": "ej frågat", "empty": "tom", "suppressed": "skyddad (litet antal)",
    },
    "en": {
        "ok": "ok", "zero": "zero", "missing": "missing", "not_applicable": "not applicable",
        "confidential": "confidential", "not_available": "not available",
        "not_asked": "not asked", "empty": "empty", "suppressed": "suppressed (small number)",
    },
}

# mart.dim_indicator.unit, as shown after a number.
UNITS: dict[str, dict[str, str]] = {
    "fi": {"percent": "%", "per_1000": "/ 1 000", "per_100000": "/ 100 000", "count": "",
           "index": "indeksi", "euro": "€", "other": ""},
    "sv": {"percent": "%", "per_1000": "/ 1 000", "per_100000": "/ 100 000", "count": "",
           "index": "index", "euro": "€", "other": ""},
    "en": {"percent": "%", "per_1000": "per 1,000", "per_100000": "per 100,000", "count": "",
           "index": "index", "euro": "€", "other": ""},
}

# report.population_groups.breakdown
BREAKDOWNS: dict[str, dict[str, str]] = {
    "fi": {"total": "yhteensä", "sex": "sukupuoli", "age": "ikä", "language": "kieli",
           "age x language": "ikä ja kieli"},
    "sv": {"total": "totalt", "sex": "kön", "age": "ålder", "language": "språk",
           "age x language": "ålder och språk"},
    "en": {"total": "total", "sex": "sex", "age": "age", "language": "language",
           "age x language": "age and language"},
}

# mart.dim_project.status
PROJECT_STATUSES: dict[str, dict[str, str]] = {
    "fi": {"planned": "suunniteltu", "ongoing": "käynnissä", "ended": "päättynyt",
           "unknown": "ei tiedossa"},
    "sv": {"planned": "planerat", "ongoing": "pågår", "ended": "avslutat", "unknown": "okänd"},
    "en": {"planned": "planned", "ongoing": "ongoing", "ended": "ended", "unknown": "unknown"},
}


def text(lang: str, key: str, **values: object) -> str:
    """The text `key` in `lang`, with {placeholders} filled in."""
    template = TEXTS[lang][key]
    return template.format(**values) if values else template


def status_label(lang: str, status: str | None) -> str:
    """A status in words; an unknown status shows as its code rather than as nothing."""
    if status is None:
        return ""
    return STATUSES[lang].get(status, status)


def unit_label(lang: str, unit: str | None) -> str:
    return UNITS[lang].get(unit or "other", unit or "")


def breakdown_label(lang: str, breakdown: str) -> str:
    return BREAKDOWNS[lang].get(breakdown, breakdown)


def project_status_label(lang: str, status: str | None) -> str:
    return PROJECT_STATUSES[lang].get(status or "unknown", status or "")
