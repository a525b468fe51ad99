"""The reports' words in Finnish, Swedish and English.

Names of areas, indicators, groups and goals come from the mart (fi/sv/en columns);
everything else a report says is here, written for each language (Swedish is a language of
the county's own, not a translation afterthought). A key missing from a language is a
KeyError in the tests, not a blank on a page. Placeholders are {named}.
"""

from pipelines.outputs.languages import LANGUAGES  # noqa: F401 - the reports' languages

# Babel locales: number and date formats (fi/sv: decimal comma, space between thousands).
LOCALES = {"fi": "fi_FI", "sv": "sv_FI", "en": "en_GB"}

TEXTS: dict[str, dict[str, str]] = {
    "fi": {
        "language_name": "suomi",
        "title_municipality": "Hyvinvointikertomuksen tietopohja: {area}",
        "title_wellbeing_county": "Alueellisen hyvinvointikertomuksen tietopohja: {area}",
        "title_other": "Hyvinvoinnin tietopohja: {area}",
        "subtitle": "Hyvinvoinnin ja terveyden edistämisen johtamisen raportti",
        "made_from": "Laadittu {generated} tietokannasta {file} (julkaistu {published}).",
        "reading_guide": "Luvut ovat julkaistun tietokannan arvoja. Vertailu: kunnan arvo "
                         "suhteessa hyvinvointialueeseen, koko maahan ja vertailuryhmään, "
                         "sijoitus kaikkien kuntien joukossa ja luokka: ylin viidennes, "
                         "keskimmäiset kolme viidennestä tai alin viidennes. Indikaattorin "
                         "toivottu suunta kertoo, onko luokka vahvuus vai kehittämistarve. "
                         "Pienet lukumäärät on suojattu; niitä ei näytetä lukuina.",
        "contents": "Sisällys",
        "other_languages": "Muilla kielillä",
        "index_link": "Kaikki raportit",
        "pdf_link": "Tulostettava versio (PDF)",
        "html_link": "Verkkoversio",
        "page": "Sivu",
        # sections
        "summary": "Tiivistelmä",
        "population": "Väestö",
        "life_stages": "Hyvinvointi, terveys ja palvelut elämänvaiheittain",
        "stage_children": "Lapset ja lapsiperheet",
        "stage_young": "Nuoret",
        "stage_working_age": "Työikäiset",
        "stage_older": "Ikääntyneet",
        "stage_all": "Koko väestö",
        "group_differences": "Väestöryhmien väliset erot",
        "area_differences": "Alueiden väliset erot",
        "strengths_and_needs": "Vahvuudet ja kehittämistarpeet",
        "goals": "Tavoitteet, toimenpiteet ja seuranta",
        "appendix": "Liite: indikaattorit ja tietolähteet",
        # summary sentences
        "summary_counts": "{area}: {compared} indikaattoria on verrattavissa kaikkiin "
                          "{level_plural}. Niistä {strengths} on vahvuuksia (suotuisin "
                          "viidennes) ja {needs} kehittämistarpeita (epäsuotuisin viidennes).",
        "summary_none": "{area}: yhtään indikaattoria ei voitu verrata kaikkiin {level_plural}.",
        "summary_strongest": "Vahvimmat: {items}.",
        "summary_weakest": "Suurimmat kehittämistarpeet: {items}.",
        "summary_improving": "Parantuneet viiden viimeisen ajanjakson aikana: {items}.",
        "summary_worsening": "Heikentyneet viiden viimeisen ajanjakson aikana: {items}.",
        "summary_no_change": "Yksikään indikaattori ei ole selvästi muuttunut viiden viimeisen "
                             "ajanjakson aikana.",
        "summary_goals": "Tavoitteita {total}: saavutettu {reached}, oikeassa suunnassa "
                         "{on_track}, jäljessä {off_track}, ei tietoa {no_data}.",
        "summary_item": "{indicator} {value} (sija {rank}/{count})",
        "summary_change_item": "{indicator} ({change})",
        "level_plural_municipality": "kuntiin",
        "level_plural_wellbeing_county": "hyvinvointialueisiin",
        "level_plural_country": "maihin",
        # comparison table
        "indicator": "Indikaattori",
        "period": "Ajanjakso",
        "th_period": "Ajan\u00adjakso", "th_county": "Hyvin\u00advointi\u00adalue",
        "th_peers": "Vertailu\u00adryhmä",
        "value": "Arvo",
        "county": "Hyvinvointialue",
        "country": "Koko maa",
        "peers": "Vertailuryhmä",
        "peer_group": "Vertailuryhmä: {group} ({count} aluetta)",
        "rank": "Sija",
        "rank_of": "{rank}/{count}",
        "class": "Luokka",
        "trend": "Suunta",
        "direction": "Toivottu suunta",
        "unit": "Yksikkö",
        "source": "Lähde",
        "publisher": "Julkaisija",
        "latest_period": "Viimeisin",
        "status": "Tila",
        "area": "Alue",
        "group": "Väestöryhmä",
        "no_indicators": "Alueelle ei ole julkaistu tämän osion indikaattoreita.",
        "trend_chart": "{indicator}: {area} ja vertailualueet",
        "trend_desc": "Viivakaavio: {indicator}, {first}–{last}.",
        "strip_title": "{indicator}: {area} kaikkien {level_plural_gen} joukossa",
        "strip_desc": "Jokainen viiva on yksi alue; piste on {area}. Vaalea alue: alin "
                      "viidennes, tumma: ylin viidennes.",
        "level_plural_gen_municipality": "kuntien",
        "level_plural_gen_wellbeing_county": "hyvinvointialueiden",
        "level_plural_gen_country": "maiden",
        "lowest": "pienin",
        "highest": "suurin",
        "not_compared": "Lukumääriä ei verrata eri kokoisiin alueisiin.",
        # classes, strength, trend, direction
        "class_highest_20": "ylin viidennes",
        "class_middle_60": "keskimmäiset",
        "class_lowest_20": "alin viidennes",
        "strength": "vahvuus",
        "need": "kehittämistarve",
        "neutral": "ei poikkea",
        "trend_improving": "paranee",
        "trend_worsening": "heikkenee",
        "trend_stable": "ennallaan",
        "trend_increasing": "kasvaa",
        "trend_decreasing": "laskee",
        "direction_higher": "suurempi on parempi",
        "direction_lower": "pienempi on parempi",
        "direction_neither": "ei toivottua suuntaa",
        # groups and areas
        "groups_intro": "Viimeisimmän ajanjakson arvot väestöryhmittäin, kun lähde julkaisee "
                        "ne.",
        "groups_chart": "{indicator} väestöryhmittäin {period}",
        "groups_desc": "Pylväskaavio: {indicator} väestöryhmittäin.",
        "no_groups": "Raportin indikaattoreista ei ole julkaistu väestöryhmittäisiä tietoja "
                     "tälle alueelle.",
        "areas_intro_municipality": "Kunnan osa-alueet (suuralueet ja postinumeroalueet), "
                                    "kun lähde julkaisee ne.",
        "areas_intro_wellbeing_county": "Hyvinvointialueen kunnat rinnakkain.",
        "no_small_areas": "Tälle alueelle ei ole julkaistu osa-aluekohtaisia tietoja.",
        "map_title": "{indicator}, {period}",
        "map_missing": "ei tietoa",
        "map_suppressed": "suojattu (pieni lukumäärä)",
        "map_context": "muut kunnat",
        "map_attribution": "Rajat: Tilastokeskus, CC BY 4.0.",
        "map_class_lowest_20": "alin viidennes (kaikki kunnat)",
        "map_class_middle_60": "keskimmäiset kolme viidennestä",
        "map_class_highest_20": "ylin viidennes",
        "map_quintile_1": "alin viidennes", "map_quintile_2": "toinen viidennes",
        "map_quintile_3": "keskimmäinen viidennes", "map_quintile_4": "neljäs viidennes",
        "map_quintile_5": "ylin viidennes",
        "spread": "Erot osa-alueiden välillä",
        "spread_intro": "Kuinka kaukana toisistaan kunnan osa-alueet ovat: ylimmän ja alimman "
                        "viidenneksen keskiarvojen suhde (1 = ei eroa) ja kieliryhmän "
                        "erilaisuusindeksi (prosenttia ryhmästä, jonka pitäisi asua toisella "
                        "alueella, jotta ryhmä jakautuisi kuten muu väestö). Suojatut ja "
                        "puuttuvat alueet eivät ole mukana.",
        "measure": "Mittari",
        "measure_quintile_ratio": "ylimmän ja alimman viidenneksen suhde",
        "measure_dissimilarity": "erilaisuusindeksi: {group}",
        "language_fi": "suomenkieliset", "language_sv": "ruotsinkieliset",
        "language_other": "vieraskieliset", "language_None": "kaikki", "language_total": "kaikki",
        "small_areas": "Osa-alueet",
        "areas_used": "{used} aluetta", "areas_left_out": "{left_out} jätetty pois",
        "level_postal_code_area": "postinumeroalueet", "level_district": "suuralueet",
        "pilot_title": "Monikielisten nuorten palvelutarpeet ja syrjäytymisen ehkäisy: pilotti",
        "pilot_intro": "HyteData 2.0 -hankkeen pilotti yhdistää Espoon ja hyvinvointialueen "
                       "tiedot: miten eri kieliryhmien nuoret pärjäävät suomenkielisiin "
                       "ikätovereihinsa verrattuna, missä syrjäytymisvaarassa olevat nuoret "
                       "asuvat ja mitkä palvelut tavoittavat heidät.",
        "pilot_summary_counts": "Vieraskielisiä nuoria voitiin verrata suomenkielisiin {compared} "
                                "alueen ja indikaattorin yhdistelmässä: jäljessä {behind}, edellä "
                                "{ahead}, ei eroa {no_difference}.",
        "pilot_summary_largest": "Suurimmat erot: {items}.",
        "pilot_method": "Alueet: {county} ja sen kunnat. Kutakin kieliryhmää verrataan saman "
                        "alueen samanikäisiin ({reference}). Kyselyjen osuuksille lasketaan "
                        "{confidence} %:n luottamusväli (Wilsonin menetelmä); eroa ei kutsuta "
                        "eroksi, jos välit menevät päällekkäin. Alle {respondents} vastaajan "
                        "osuuksia ei näytetä. Pienet lukumäärät on suojattu.",
        "pilot_method_title": "Menetelmä ja lähteet",
        "pilot_gaps": "Erot kieliryhmittäin",
        "pilot_needs": "Palvelutarve alueittain",
        "pilot_cannot_tell": "Mitä tiedot eivät kerro",
        "pilot_follow_up": "Ehdotetut seurantaindikaattorit",
        "pilot_chart": "{indicator}, {period}",
        "pilot_chart_desc": "Pistekaavio: {indicator} kieliryhmittäin alueittain; viiva on "
                            "luottamusväli.",
        "pilot_map": "{indicator}: vieraskielisten ero suomenkielisiin",
        "gap_behind": "jäljessä",
        "gap_ahead": "edellä",
        "gap_above": "yläpuolella",
        "gap_below": "alapuolella",
        "gap_no_difference": "ei eroa",
        "gap_reference": "vertailuryhmä",
        "gap_not_comparable": "ei vertailukelpoinen",
        "kind_survey_share": "kyselyn osuus",
        "kind_register_rate": "rekisteritieto",
        "kind_count": "lukumäärä",
        "sample_data": "esimerkkiaineisto",
        "every_sub_area": "kaikki osa-alueet",
        "missing_no_values": "{indicator}: ei lukuja ({areas})",
        "missing_no_language_breakdown": "{indicator}: lähde ei julkaise kieliryhmittäin ({areas})",
        "missing_no_sex_breakdown": "{indicator}: lähde ei julkaise sukupuolittain ({areas})",
        "missing_no_sub_area_values": "{indicator}: ei osa-aluekohtaisia lukuja ({areas})",
        "hidden_cells": "{indicator} ({area}): {cells} solua ilman lukua ({status})",
        "pilot_not_in_mart": "{indicator}: yksikään tämän ajon lähde ei julkaise sitä",
        "theme_exclusion": "Syrjäytyminen",
        "theme_service": "Palvelut",
        "rows": "Rivejä (ladattu / luettu)",
        "why": "Miksi",
        "needs_col": "Jäljessä olevat nuoret",
        "services_col": "Palvelut",
        "title_col": "Aineisto",
        "pilot_link": "Monikielisten nuorten pilotti",
        "gap": "Ero",
        # strengths and needs
        "strengths": "Vahvuudet",
        "needs": "Kehittämistarpeet",
        "strengths_intro": "Indikaattorit, joissa alue kuuluu suotuisimpaan viidennekseen.",
        "needs_intro": "Indikaattorit, joissa alue kuuluu epäsuotuisimpaan viidennekseen.",
        "none_found": "Ei yhtään.",
        # goals
        "goals_intro": "Hyvinvointisuunnitelman tavoitteet, niiden lähtötaso, viimeisin arvo "
                       "ja tavoitearvo sekä rekisterin hankkeet, jotka edistävät niitä.",
        "goal": "Tavoite",
        "baseline": "Lähtötaso",
        "latest": "Viimeisin",
        "target": "Tavoite",
        "target_year": "Vuosi",
        "progress": "Edistyminen",
        "responsible": "Vastuutaho",
        "projects": "Hankkeet",
        "progress_reached": "saavutettu",
        "progress_on_track": "oikeassa suunnassa",
        "progress_off_track": "jäljessä",
        "progress_no_data": "ei tietoa",
        "share_of_way": "{share} matkasta",
        "no_goals": "Alueelle ei ole kirjattu tavoitteita.",
        "other_projects": "Muut alueen hankkeet",
        # appendix
        "appendix_intro": "Raportin indikaattorit, niiden lähde, yksikkö, toivottu suunta ja "
                          "viimeisin ajanjakso.",
        "left_out": "Raportista puuttuvat indikaattorit",
        "other_indicators": "Muut tietokannan indikaattorit",
        "other_indicators_intro": "Indikaattorit, joista tietokannassa on lukuja tälle alueelle "
                                  "mutta joita raportin sisältö (raw/report/themes.yaml) ei "
                                  "luettele.",
        "other_indicators_print": "Tietokannassa on lukuja tälle alueelle myös {count} muusta "
                                  "indikaattorista, joita raportin sisältö ei luettele; ne on "
                                  "lueteltu raportin verkkoversiossa ({file}).",
        "without_data": "Ei lukuja tälle alueelle",
        "left_out_intro": "Indikaattorit, jotka raportin sisällössä on lueteltu mutta joita ei "
                          "voitu näyttää, ja syy.",
        "reason_no_data": "ei tietoa tälle alueelle",
        "reason_suppressed": "suojattu (pieni lukumäärä)",
        "reason_confidential": "julkaisija ei julkaise (salassa pidettävä)",
        "reason_out_of_date": "vanhentunut (viimeisin {period})",
        "reason_not_in_mart": "ei tietokannassa",
        "reason": "Syy",
        "none_left_out": "Kaikki raportin indikaattorit on näytetty.",
        "quality": "Tietojen laatu",
        "quality_intro": "Tietokannan lähdetiedostot: montako riviä luettiin, ladattiin ja "
                         "hylättiin tarkistuksissa, ja milloin tiedosto viimeksi luettiin. "
                         "Hylätyt rivit syineen ovat taulussa quality.quarantine.",
        "file": "Tiedosto",
        "rows_read": "Luettu",
        "rows_loaded": "Ladattu",
        "rows_quarantined": "Hylätty",
        "loaded_at": "Luettu viimeksi",
        # index
        "index_title": "Hyvinvointiraportit: {area}",
        "index_intro": "Hyvinvointialueen ja sen kuntien raportit. Taulukossa kunnat "
                       "rinnakkain pääindikaattoreilla; väri kertoo, onko arvo kuntien "
                       "vertailussa vahvuus vai kehittämistarve.",
        "reports": "Raportit",
        "headline_table": "Kunnat rinnakkain",
        "legend": "Selite",
        "data_dictionary": "Tietosanasto",
        "status_suppressed": "suojattu",
    },
    "sv": {
        "language_name": "svenska",
        "title_municipality": "Kunskapsunderlag för välfärdsberättelsen: {area}",
        "title_wellbeing_county": "Kunskapsunderlag för den regionala välfärdsberättelsen: "
                                  "{area}",
        "title_other": "Kunskapsunderlag om välfärd: {area}",
        "subtitle": "Rapport för ledningen av arbetet för att främja välfärd och hälsa",
        "made_from": "Sammanställd {generated} ur databasen {file} (publicerad {published}).",
        "reading_guide": "Siffrorna är värden ur den publicerade databasen. Jämförelse: "
                         "områdets värde i förhållande till välfärdsområdet, hela landet och "
                         "jämförelsegruppen, placeringen bland alla kommuner och klassen: "
                         "högsta femtedelen, de tre mellersta femtedelarna eller lägsta "
                         "femtedelen. Indikatorns önskade riktning avgör om klassen är en "
                         "styrka eller ett utvecklingsbehov. Små antal är skyddade och visas "
                         "inte som siffror.",
        "contents": "Innehåll",
        "other_languages": "På andra språk",
        "index_link": "Alla rapporter",
        "pdf_link": "Utskriftsversion (PDF)",
        "html_link": "Webbversion",
        "page": "Sida",
        "summary": "Sammanfattning",
        "population": "Befolkning",
        "life_stages": "Välfärd, hälsa och tjänster i olika livsskeden",
        "stage_children": "Barn och barnfamiljer",
        "stage_young": "Unga",
        "stage_working_age": "Personer i arbetsför ålder",
        "stage_older": "Äldre",
        "stage_all": "Hela befolkningen",
        "group_differences": "Skillnader mellan befolkningsgrupper",
        "area_differences": "Skillnader mellan områden",
        "strengths_and_needs": "Styrkor och utvecklingsbehov",
        "goals": "Mål, åtgärder och uppföljning",
        "appendix": "Bilaga: indikatorer och källor",
        "summary_counts": "{area}: {compared} indikatorer kan jämföras med alla {level_plural}. "
                          "Av dem är {strengths} styrkor (den gynnsammaste femtedelen) och "
                          "{needs} utvecklingsbehov (den minst gynnsamma femtedelen).",
        "summary_none": "{area}: ingen indikator kunde jämföras med alla {level_plural}.",
        "summary_strongest": "Starkast: {items}.",
        "summary_weakest": "Största utvecklingsbehov: {items}.",
        "summary_improving": "Förbättrats under de fem senaste perioderna: {items}.",
        "summary_worsening": "Försämrats under de fem senaste perioderna: {items}.",
        "summary_no_change": "Ingen indikator har tydligt förändrats under de fem senaste "
                             "perioderna.",
        "summary_goals": "Mål: {total}; uppnådda {reached}, i rätt riktning {on_track}, "
                         "efter {off_track}, uppgift saknas {no_data}.",
        "summary_item": "{indicator} {value} (plats {rank}/{count})",
        "summary_change_item": "{indicator} ({change})",
        "level_plural_municipality": "kommuner",
        "level_plural_wellbeing_county": "välfärdsområden",
        "level_plural_country": "länder",
        "indicator": "Indikator",
        "period": "Period",
        "th_period": "Period", "th_county": "Välfärds\u00adområdet",
        "th_peers": "Jämförelse\u00adgrupp",
        "value": "Värde",
        "county": "Välfärdsområdet",
        "country": "Hela landet",
        "peers": "Jämförelsegrupp",
        "peer_group": "Jämförelsegrupp: {group} ({count} områden)",
        "rank": "Plats",
        "rank_of": "{rank}/{count}",
        "class": "Klass",
        "trend": "Riktning",
        "direction": "Önskad riktning",
        "unit": "Enhet",
        "source": "Källa",
        "publisher": "Utgivare",
        "latest_period": "Senaste",
        "status": "Status",
        "area": "Område",
        "group": "Befolkningsgrupp",
        "no_indicators": "Inga indikatorer i denna del har publicerats för området.",
        "trend_chart": "{indicator}: {area} och jämförelseområden",
        "trend_desc": "Linjediagram: {indicator}, {first}–{last}.",
        "strip_title": "{indicator}: {area} bland alla {level_plural_gen}",
        "strip_desc": "Varje streck är ett område; punkten är {area}. Ljust fält: lägsta "
                      "femtedelen, mörkt: högsta femtedelen.",
        "level_plural_gen_municipality": "kommuner",
        "level_plural_gen_wellbeing_county": "välfärdsområden",
        "level_plural_gen_country": "länder",
        "lowest": "lägsta",
        "highest": "högsta",
        "not_compared": "Antal jämförs inte med områden av olika storlek.",
        "class_highest_20": "högsta femtedelen",
        "class_middle_60": "mellersta",
        "class_lowest_20": "lägsta femtedelen",
        "strength": "styrka",
        "need": "utvecklingsbehov",
        "neutral": "avviker inte",
        "trend_improving": "förbättras",
        "trend_worsening": "försämras",
        "trend_stable": "oförändrad",
        "trend_increasing": "ökar",
        "trend_decreasing": "minskar",
        "direction_higher": "högre är bättre",
        "direction_lower": "lägre är bättre",
        "direction_neither": "ingen önskad riktning",
        "groups_intro": "Den senaste periodens värden per befolkningsgrupp, där källan "
                        "publicerar dem.",
        "groups_chart": "{indicator} per befolkningsgrupp {period}",
        "groups_desc": "Stapeldiagram: {indicator} per befolkningsgrupp.",
        "no_groups": "Inga uppgifter per befolkningsgrupp har publicerats för området.",
        "areas_intro_municipality": "Kommunens delområden (storområden och postnummerområden), "
                                    "där källan publicerar dem.",
        "areas_intro_wellbeing_county": "Välfärdsområdets kommuner sida vid sida.",
        "no_small_areas": "Inga uppgifter per delområde har publicerats för området.",
        "map_title": "{indicator}, {period}",
        "map_missing": "uppgift saknas",
        "map_suppressed": "skyddad (litet antal)",
        "map_context": "övriga kommuner",
        "map_attribution": "Gränser: Statistikcentralen, CC BY 4.0.",
        "map_class_lowest_20": "lägsta femtedelen (alla kommuner)",
        "map_class_middle_60": "de tre mellersta femtedelarna",
        "map_class_highest_20": "högsta femtedelen",
        "map_quintile_1": "lägsta femtedelen", "map_quintile_2": "andra femtedelen",
        "map_quintile_3": "mellersta femtedelen", "map_quintile_4": "fjärde femtedelen",
        "map_quintile_5": "högsta femtedelen",
        "spread": "Skillnader mellan delområden",
        "spread_intro": "Hur långt ifrån varandra kommunens delområden ligger: kvoten mellan "
                        "medelvärdena för den högsta och den lägsta femtedelen (1 = ingen "
                        "skillnad) och språkgruppens segregationsindex (procent av gruppen som "
                        "skulle behöva bo i ett annat område för att gruppen skulle fördela "
                        "sig som övriga befolkningen). Skyddade och saknade områden ingår inte.",
        "measure": "Mått",
        "measure_quintile_ratio": "kvot mellan högsta och lägsta femtedelen",
        "measure_dissimilarity": "segregationsindex: {group}",
        "language_fi": "finskspråkiga", "language_sv": "svenskspråkiga",
        "language_other": "främmande språk", "language_None": "alla", "language_total": "alla",
        "small_areas": "Delområden",
        "areas_used": "{used} områden", "areas_left_out": "{left_out} utelämnade",
        "level_postal_code_area": "postnummerområden", "level_district": "storområden",
        "pilot_title": "Flerspråkiga ungas servicebehov och förebyggande av utanförskap: pilot",
        "pilot_intro": "Piloten i projektet HyteData 2.0 kombinerar Esbos och välfärdsområdets "
                       "data: hur unga i olika språkgrupper klarar sig jämfört med sina "
                       "finskspråkiga jämnåriga, var unga som riskerar utanförskap bor och vilka "
                       "tjänster som når dem.",
        "pilot_summary_counts": "Unga med främmande modersmål kunde jämföras med finskspråkiga i "
                                "{compared} kombinationer av område och indikator: efter "
                                "{behind}, före {ahead}, ingen skillnad {no_difference}.",
        "pilot_summary_largest": "Största skillnaderna: {items}.",
        "pilot_method": "Områden: {county} och dess kommuner. Varje språkgrupp jämförs med "
                        "jämnåriga i samma område ({reference}). För enkätandelar beräknas ett "
                        "{confidence} % konfidensintervall (Wilsons metod); en skillnad kallas "
                        "inte skillnad om intervallen överlappar. Andelar med färre än "
                        "{respondents} svarande visas inte. Små antal är skyddade.",
        "pilot_method_title": "Metod och källor",
        "pilot_gaps": "Skillnader mellan språkgrupper",
        "pilot_needs": "Servicebehov per område",
        "pilot_cannot_tell": "Vad data inte säger",
        "pilot_follow_up": "Föreslagna uppföljningsindikatorer",
        "pilot_chart": "{indicator}, {period}",
        "pilot_chart_desc": "Punktdiagram: {indicator} per språkgrupp och område; linjen är "
                            "konfidensintervallet.",
        "pilot_map": "{indicator}: skillnaden mellan unga med främmande språk och finskspråkiga",
        "gap_behind": "efter",
        "gap_ahead": "före",
        "gap_above": "över",
        "gap_below": "under",
        "gap_no_difference": "ingen skillnad",
        "gap_reference": "jämförelsegrupp",
        "gap_not_comparable": "inte jämförbar",
        "kind_survey_share": "enkätandel",
        "kind_register_rate": "registeruppgift",
        "kind_count": "antal",
        "sample_data": "exempeldata",
        "every_sub_area": "alla delområden",
        "missing_no_values": "{indicator}: inga siffror ({areas})",
        "missing_no_language_breakdown": "{indicator}: källan publicerar inte per språkgrupp "
                                         "({areas})",
        "missing_no_sex_breakdown": "{indicator}: källan publicerar inte per kön ({areas})",
        "missing_no_sub_area_values": "{indicator}: inga siffror per delområde ({areas})",
        "hidden_cells": "{indicator} ({area}): {cells} celler utan siffra ({status})",
        "pilot_not_in_mart": "{indicator}: ingen källa i denna körning publicerar den",
        "theme_exclusion": "Utanförskap",
        "theme_service": "Tjänster",
        "rows": "Rader (laddade / lästa)",
        "why": "Varför",
        "needs_col": "Unga som halkar efter",
        "services_col": "Tjänster",
        "title_col": "Data",
        "pilot_link": "Pilot om flerspråkiga unga",
        "gap": "Skillnad",
        "strengths": "Styrkor",
        "needs": "Utvecklingsbehov",
        "strengths_intro": "Indikatorer där området hör till den gynnsammaste femtedelen.",
        "needs_intro": "Indikatorer där området hör till den minst gynnsamma femtedelen.",
        "none_found": "Inga.",
        "goals_intro": "Välfärdsplanens mål med utgångsläge, senaste värde och målvärde, samt "
                       "registrets projekt som arbetar för dem.",
        "goal": "Mål",
        "baseline": "Utgångsläge",
        "latest": "Senaste",
        "target": "Målvärde",
        "target_year": "År",
        "progress": "Framsteg",
        "responsible": "Ansvarig",
        "projects": "Projekt",
        "progress_reached": "uppnått",
        "progress_on_track": "i rätt riktning",
        "progress_off_track": "efter",
        "progress_no_data": "uppgift saknas",
        "share_of_way": "{share} av vägen",
        "no_goals": "Inga mål har registrerats för området.",
        "other_projects": "Övriga projekt i området",
        "appendix_intro": "Rapportens indikatorer med källa, enhet, önskad riktning och "
                          "senaste period.",
        "left_out": "Indikatorer som saknas i rapporten",
        "other_indicators": "Övriga indikatorer i databasen",
        "other_indicators_intro": "Indikatorer med siffror för området i databasen som rapportens "
                                  "innehåll (raw/report/themes.yaml) inte räknar upp.",
        "other_indicators_print": "Databasen har siffror för området också för {count} andra "
                                  "indikatorer som rapportens innehåll inte räknar upp; de "
                                  "finns i rapportens webbversion ({file}).",
        "without_data": "Inga siffror för området",
        "left_out_intro": "Indikatorer som rapportens innehåll räknar upp men som inte kunde "
                          "visas, och varför.",
        "reason_no_data": "uppgift saknas för området",
        "reason_suppressed": "skyddad (litet antal)",
        "reason_confidential": "publiceras inte av utgivaren (sekretessbelagd)",
        "reason_out_of_date": "föråldrad (senaste {period})",
        "reason_not_in_mart": "finns inte i databasen",
        "reason": "Orsak",
        "none_left_out": "Alla rapportens indikatorer visas.",
        "quality": "Datakvalitet",
        "quality_intro": "Databasens källfiler: hur många rader som lästes, laddades och "
                         "avvisades i kontrollerna, och när filen senast lästes. De avvisade "
                         "raderna med orsak finns i tabellen quality.quarantine.",
        "file": "Fil",
        "rows_read": "Lästa",
        "rows_loaded": "Laddade",
        "rows_quarantined": "Avvisade",
        "loaded_at": "Senast läst",
        "index_title": "Välfärdsrapporter: {area}",
        "index_intro": "Rapporterna för välfärdsområdet och dess kommuner. Tabellen visar "
                       "kommunerna sida vid sida med huvudindikatorerna; färgen visar om "
                       "värdet är en styrka eller ett utvecklingsbehov jämfört med alla "
                       "kommuner.",
        "reports": "Rapporter",
        "headline_table": "Kommunerna sida vid sida",
        "legend": "Förklaring",
        "data_dictionary": "Dataordbok",
        "status_suppressed": "skyddad",
    },
    "en": {
        "language_name": "English",
        "title_municipality": "Welfare report data: {area}",
        "title_wellbeing_county": "Regional welfare report data: {area}",
        "title_other": "Wellbeing data: {area}",
        "subtitle": "A report for managing health and wellbeing promotion",
        "made_from": "Compiled {generated} from the database {file} (published {published}).",
        "reading_guide": "The figures are values of the published database. Comparison: the "
                         "area's value against its wellbeing services county, the whole "
                         "country and its peer group, its rank among all municipalities and "
                         "its class: the highest fifth, the middle three fifths or the lowest "
                         "fifth. The indicator's desirable direction says whether the class "
                         "is a strength or a development need. Small numbers are protected "
                         "and never shown as figures.",
        "contents": "Contents",
        "other_languages": "In other languages",
        "index_link": "All reports",
        "pdf_link": "Printable version (PDF)",
        "html_link": "Web version",
        "page": "Page",
        "summary": "Summary",
        "population": "Population",
        "life_stages": "Wellbeing, health and services by life stage",
        "stage_children": "Children and families",
        "stage_young": "Young people",
        "stage_working_age": "Working age",
        "stage_older": "Older people",
        "stage_all": "Whole population",
        "group_differences": "Differences between population groups",
        "area_differences": "Differences between areas",
        "strengths_and_needs": "Strengths and development needs",
        "goals": "Goals, measures and follow-up",
        "appendix": "Appendix: indicators and sources",
        "summary_counts": "{area}: {compared} indicators can be compared with all "
                          "{level_plural}. Of these, {strengths} are strengths (the most "
                          "favourable fifth) and {needs} development needs (the least "
                          "favourable fifth).",
        "summary_none": "{area}: no indicator could be compared with all {level_plural}.",
        "summary_strongest": "Strongest: {items}.",
        "summary_weakest": "Largest development needs: {items}.",
        "summary_improving": "Improved over the last five periods: {items}.",
        "summary_worsening": "Worsened over the last five periods: {items}.",
        "summary_no_change": "No indicator changed clearly over the last five periods.",
        "summary_goals": "Goals: {total}; reached {reached}, on track {on_track}, behind "
                         "{off_track}, no data {no_data}.",
        "summary_item": "{indicator} {value} (rank {rank}/{count})",
        "summary_change_item": "{indicator} ({change})",
        "level_plural_municipality": "municipalities",
        "level_plural_wellbeing_county": "wellbeing services counties",
        "level_plural_country": "countries",
        "indicator": "Indicator",
        "period": "Period",
        "th_period": "Period", "th_county": "County", "th_peers": "Peer group",
        "value": "Value",
        "county": "County",
        "country": "Whole country",
        "peers": "Peer group",
        "peer_group": "Peer group: {group} ({count} areas)",
        "rank": "Rank",
        "rank_of": "{rank}/{count}",
        "class": "Class",
        "trend": "Trend",
        "direction": "Desirable direction",
        "unit": "Unit",
        "source": "Source",
        "publisher": "Publisher",
        "latest_period": "Latest",
        "status": "Status",
        "area": "Area",
        "group": "Population group",
        "no_indicators": "No indicators of this section are published for the area.",
        "trend_chart": "{indicator}: {area} and comparison areas",
        "trend_desc": "Line chart: {indicator}, {first}–{last}.",
        "strip_title": "{indicator}: {area} among all {level_plural_gen}",
        "strip_desc": "Each tick is one area; the dot is {area}. Light band: the lowest fifth, "
                      "dark band: the highest fifth.",
        "level_plural_gen_municipality": "municipalities",
        "level_plural_gen_wellbeing_county": "wellbeing services counties",
        "level_plural_gen_country": "countries",
        "lowest": "lowest",
        "highest": "highest",
        "not_compared": "Counts are not compared with areas of other sizes.",
        "class_highest_20": "highest fifth",
        "class_middle_60": "middle",
        "class_lowest_20": "lowest fifth",
        "strength": "strength",
        "need": "development need",
        "neutral": "not different",
        "trend_improving": "improving",
        "trend_worsening": "worsening",
        "trend_stable": "stable",
        "trend_increasing": "increasing",
        "trend_decreasing": "decreasing",
        "direction_higher": "higher is better",
        "direction_lower": "lower is better",
        "direction_neither": "no desirable direction",
        "groups_intro": "The latest period's values by population group, where the source "
                        "publishes them.",
        "groups_chart": "{indicator} by population group, {period}",
        "groups_desc": "Bar chart: {indicator} by population group.",
        "no_groups": "No values by population group are published for the area.",
        "areas_intro_municipality": "The municipality's sub-areas (major districts and postal "
                                    "code areas), where the source publishes them.",
        "areas_intro_wellbeing_county": "The county's municipalities side by side.",
        "no_small_areas": "No values by sub-area are published for the area.",
        "map_title": "{indicator}, {period}",
        "map_missing": "no data",
        "map_suppressed": "suppressed (small number)",
        "map_context": "other municipalities",
        "map_attribution": "Boundaries: Statistics Finland, CC BY 4.0.",
        "map_class_lowest_20": "lowest fifth (all municipalities)",
        "map_class_middle_60": "middle three fifths",
        "map_class_highest_20": "highest fifth",
        "map_quintile_1": "lowest fifth", "map_quintile_2": "second fifth",
        "map_quintile_3": "middle fifth", "map_quintile_4": "fourth fifth",
        "map_quintile_5": "highest fifth",
        "spread": "How far apart the small areas are",
        "spread_intro": "How far apart the municipality's small areas are: the ratio of the "
                        "means of the highest and the lowest fifth (1 = no difference) and a "
                        "language group's index of dissimilarity (the per cent of the group "
                        "that would have to live in another area for it to be spread like "
                        "everyone else). Suppressed and missing areas are left out.",
        "measure": "Measure",
        "measure_quintile_ratio": "ratio of the highest to the lowest fifth",
        "measure_dissimilarity": "index of dissimilarity: {group}",
        "language_fi": "Finnish speakers", "language_sv": "Swedish speakers",
        "language_other": "other languages", "language_None": "all", "language_total": "all",
        "small_areas": "Small areas",
        "areas_used": "{used} areas", "areas_left_out": "{left_out} left out",
        "level_postal_code_area": "postal code areas", "level_district": "major districts",
        "pilot_title": "Service needs of multilingual young people and the prevention of social "
                       "exclusion: a pilot",
        "pilot_intro": "The HyteData 2.0 pilot combines Espoo's and the wellbeing services "
                       "county's data: how young people of each language group fare beside their "
                       "Finnish-speaking peers, where the young people at risk of exclusion live "
                       "and which services reach them.",
        "pilot_summary_counts": "Young people with another native language could be compared with "
                                "Finnish speakers in {compared} combinations of area and "
                                "indicator: behind {behind}, ahead {ahead}, no difference "
                                "{no_difference}.",
        "pilot_summary_largest": "The largest gaps: {items}.",
        "pilot_method": "Areas: {county} and its municipalities. Each language group is compared "
                        "with peers of the same age in the same area ({reference}). Survey shares "
                        "get a {confidence} % confidence interval (Wilson's method); a difference "
                        "is not called a gap when the intervals overlap. Shares of fewer than "
                        "{respondents} respondents are not shown. Small numbers are protected.",
        "pilot_method_title": "Method and sources",
        "pilot_gaps": "Gaps by language group",
        "pilot_needs": "Service need by area",
        "pilot_cannot_tell": "What the data cannot tell",
        "pilot_follow_up": "Proposed follow-up indicators",
        "pilot_chart": "{indicator}, {period}",
        "pilot_chart_desc": "Dot chart: {indicator} by language group and area; the line is the "
                            "confidence interval.",
        "pilot_map": "{indicator}: young people with another language beside Finnish speakers",
        "gap_behind": "behind",
        "gap_ahead": "ahead",
        "gap_above": "above",
        "gap_below": "below",
        "gap_no_difference": "no difference",
        "gap_reference": "reference",
        "gap_not_comparable": "not comparable",
        "kind_survey_share": "survey share",
        "kind_register_rate": "register rate",
        "kind_count": "count",
        "sample_data": "sample data",
        "every_sub_area": "every sub-area",
        "missing_no_values": "{indicator}: no figures ({areas})",
        "missing_no_language_breakdown": "{indicator}: the source does not publish by language "
                                         "group ({areas})",
        "missing_no_sex_breakdown": "{indicator}: the source does not publish by sex ({areas})",
        "missing_no_sub_area_values": "{indicator}: no figures by sub-area ({areas})",
        "hidden_cells": "{indicator} ({area}): {cells} cells without a number ({status})",
        "pilot_not_in_mart": "{indicator}: no source of this run publishes it",
        "theme_exclusion": "Social exclusion",
        "theme_service": "Services",
        "rows": "Rows (loaded / read)",
        "why": "Why",
        "needs_col": "Young people falling behind",
        "services_col": "Services",
        "title_col": "Data",
        "pilot_link": "The multilingual youth pilot",
        "gap": "Gap",
        "strengths": "Strengths",
        "needs": "Development needs",
        "strengths_intro": "Indicators where the area is in the most favourable fifth.",
        "needs_intro": "Indicators where the area is in the least favourable fifth.",
        "none_found": "None.",
        "goals_intro": "The welfare plan's goals with their baseline, latest value and target, "
                       "and the register's projects that work on them.",
        "goal": "Goal",
        "baseline": "Baseline",
        "latest": "Latest",
        "target": "Target",
        "target_year": "Year",
        "progress": "Progress",
        "responsible": "Responsible",
        "projects": "Projects",
        "progress_reached": "reached",
        "progress_on_track": "on track",
        "progress_off_track": "behind",
        "progress_no_data": "no data",
        "share_of_way": "{share} of the way",
        "no_goals": "No goals are recorded for the area.",
        "other_projects": "Other projects in the area",
        "appendix_intro": "The report's indicators with their source, unit, desirable "
                          "direction and latest period.",
        "left_out": "Indicators left out of the report",
        "other_indicators": "Other indicators in the database",
        "other_indicators_intro": "Indicators with figures for the area in the database that the "
                                  "report's contents (raw/report/themes.yaml) do not list.",
        "other_indicators_print": "The database also has figures for the area on {count} other "
                                  "indicators that the report's contents do not list; the "
                                  "report's web version lists them ({file}).",
        "without_data": "No figures for the area",
        "left_out_intro": "Indicators the report's contents list but that could not be shown, "
                          "and why.",
        "reason_no_data": "no data for the area",
        "reason_suppressed": "suppressed (small number)",
        "reason_confidential": "not published by the publisher (confidential)",
        "reason_out_of_date": "out of date (latest {period})",
        "reason_not_in_mart": "not in the database",
        "reason": "Reason",
        "none_left_out": "Every indicator of the report is shown.",
        "quality": "Data quality",
        "quality_intro": "The database's source files: how many rows were read, loaded and "
                         "quarantined by the checks, and when the file was last read. The "
                         "quarantined rows and why are in the table quality.quarantine.",
        "file": "File",
        "rows_read": "Read",
        "rows_loaded": "Loaded",
        "rows_quarantined": "Quarantined",
        "loaded_at": "Last read",
        "index_title": "Wellbeing reports: {area}",
        "index_intro": "The reports of the wellbeing services county and its municipalities. "
                       "The table shows the municipalities side by side on the headline "
                       "indicators; the colour says whether the value is a strength or a "
                       "development need among all municipalities.",
        "reports": "Reports",
        "headline_table": "The municipalities side by side",
        "legend": "Legend",
        "data_dictionary": "Data dictionary",
        "status_suppressed": "suppressed",
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
           "index": "indeksi", "euro": "€", "other": "", "percent_change": "%",
           "percentage_point": "%-yks."},
    "sv": {"percent": "%", "per_1000": "/ 1 000", "per_100000": "/ 100 000", "count": "",
           "index": "index", "euro": "€", "other": "", "percent_change": "%",
           "percentage_point": "%-enh."},
    "en": {"percent": "%", "per_1000": "per 1,000", "per_100000": "per 100,000", "count": "",
           "index": "index", "euro": "€", "other": "", "percent_change": "%",
           "percentage_point": "pp"},
}


# mart.dim_indicator.unit, as a word (the appendix's unit column).
UNIT_NAMES: dict[str, dict[str, str]] = {
    "fi": {"percent": "prosenttia", "per_1000": "/ 1 000 asukasta",
           "per_100000": "/ 100 000 asukasta", "count": "lukumäärä", "index": "indeksi",
           "euro": "euroa", "other": "muu", "percent_change": "muutos, %",
           "percentage_point": "prosenttiyksikköä"},
    "sv": {"percent": "procent", "per_1000": "/ 1 000 invånare",
           "per_100000": "/ 100 000 invånare", "count": "antal", "index": "index",
           "euro": "euro", "other": "annan", "percent_change": "förändring, %",
           "percentage_point": "procentenheter"},
    "en": {"percent": "per cent", "per_1000": "per 1,000 inhabitants",
           "per_100000": "per 100,000 inhabitants", "count": "number", "index": "index",
           "euro": "euros", "other": "other", "percent_change": "change, %",
           "percentage_point": "percentage points"},
}


# mart.dim_indicator.source: who publishes the figures, in words.
SOURCE_NAMES: dict[str, dict[str, str]] = {
    "fi": {"sotkanet": "THL, Sotkanet", "statfin": "Tilastokeskus",
           "county": "hyvinvointialueen omat tiedot", "ngo": "järjestöt",
           "espoo": "Espoon kaupunki", "derived": "laskettu (hytemart)"},
    "sv": {"sotkanet": "THL, Sotkanet", "statfin": "Statistikcentralen",
           "county": "välfärdsområdets egna uppgifter", "ngo": "organisationer",
           "espoo": "Esbo stad", "derived": "beräknad (hytemart)"},
    "en": {"sotkanet": "THL, Sotkanet", "statfin": "Statistics Finland",
           "county": "the county's own data", "ngo": "NGOs", "espoo": "City of Espoo",
           "derived": "derived (hytemart)"},
}


def source_name(lang: str, source: str) -> str:
    return SOURCE_NAMES[lang].get(source, source)


def unit_name(lang: str, unit: str | None) -> str:
    return UNIT_NAMES[lang].get(unit or "other", unit or "")


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
