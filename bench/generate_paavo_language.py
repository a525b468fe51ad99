"""Write the generated sample of population by language by postal code area
(raw/indicators/generated/population_by_language_postal_code_area_2017.csv).

Paavo gives no breakdown by language, and no public table by postal code area and language
was found; the index of dissimilarity (report.small_area_spread) needs one to show itself on
the default run. So: each area's real Paavo population at 31 Dec 2017 (he_vakiy) is split
into Finnish, Swedish and other speakers at random around its municipality's shares (rounded,
approximately those of 2017; a Dirichlet with concentration 40, then a multinomial draw), with
a fixed seed: the same file every run. Illustrative, not official statistics; the file's
description and README say so.

    .venv/bin/python bench/generate_paavo_language.py
"""

import csv
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parents[1]
PAAVO = (ROOT / "raw" / "indicators" / "statfin" / "paavo"
         / "paavo_2019_western_uusimaa_31dec2017.csv")
OUTPUT = (ROOT / "raw" / "indicators" / "generated"
          / "population_by_language_postal_code_area_2017.csv")
SEED = 2019
CONCENTRATION = 40.0
# Finnish, Swedish, other: rounded shares of each municipality's population (about 2017).
SHARES = {
    "049": (0.78, 0.07, 0.15),  # Espoo
    "078": (0.53, 0.42, 0.05),  # Hanko
    "149": (0.39, 0.55, 0.06),  # Inkoo
    "224": (0.95, 0.01, 0.04),  # Karkkila
    "235": (0.58, 0.33, 0.09),  # Kauniainen
    "257": (0.75, 0.16, 0.09),  # Kirkkonummi
    "444": (0.90, 0.04, 0.06),  # Lohja
    "710": (0.31, 0.65, 0.04),  # Raasepori
    "755": (0.62, 0.32, 0.06),  # Siuntio
    "927": (0.94, 0.015, 0.045),  # Vihti
}
LANGUAGES = ("suomi", "ruotsi", "muu")


def main() -> None:
    rng = np.random.default_rng(SEED)
    rows = []
    with PAAVO.open(encoding="utf-8", newline="") as handle:
        for area in csv.DictReader(handle):
            if not area["he_vakiy"].isdigit():
                continue  # no population given (an area without inhabitants)
            total = int(area["he_vakiy"])
            shares = rng.dirichlet(CONCENTRATION * np.array(SHARES[area["kunta"]]))
            counts = rng.multinomial(total, shares)
            for language, count in zip(LANGUAGES, counts, strict=True):
                rows.append((area["posti_alue"], language, int(count)))
            rows.append((area["posti_alue"], "yhteensä", total))
    OUTPUT.parent.mkdir(parents=True, exist_ok=True)
    with OUTPUT.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.writer(handle, lineterminator="\n")
        writer.writerow(["postinumeroalue", "kieli", "asukkaat"])
        writer.writerows(rows)
    print(f"wrote {OUTPUT} ({len(rows)} rows)")


if __name__ == "__main__":
    main()
