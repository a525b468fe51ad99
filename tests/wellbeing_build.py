"""One whole build of the sample for the reports' tests, shared by their modules.

The sample raw directory is copied and one value changed: Espoo's girls' loneliness in 2023
becomes '..' (confidential), so a report has a confidential cell inside a breakdown to show
as such. The build (every asset and check, the reports among them: the county, Espoo and
Inkoo, whose aftercare clients are small counts the protection hides, in three languages,
HTML and PDF) runs once per test session, whichever module asks first.
"""

import shutil
from dataclasses import dataclass
from pathlib import Path

import dagster as dg
import pytest

REPO_ROOT = Path(__file__).resolve().parents[1]
SURVEY = Path("indicators/county/school_survey_2023.csv")
CONFIDENTIAL_LINE = ("Espoo;2023;Tytöt;kaikki;Yksinäisyyttä kokevat;16,3",
                     "Espoo;2023;Tytöt;kaikki;Yksinäisyyttä kokevat;..")
# The areas the tests' reports are written for: the county, its largest municipality and a
# small bilingual one with suppressed cells.
REPORT_AREAS = ["HVA03", "KU049", "KU149"]
# The cell that line becomes in the mart.
CONFIDENTIAL_CELL = {"indicator": "county:lonely", "area": "KU049", "period": "2023",
                     "group": "female.14-16.total"}


@dataclass(frozen=True)
class SampleBuild:
    raw: Path
    warehouse: Path
    result: dg.ExecuteInProcessResult

    @property
    def published(self) -> Path:
        return self.warehouse / "hytemart.duckdb"

    @property
    def reports(self) -> Path:
        return self.warehouse / "reports"

    @property
    def themes(self) -> Path:
        return self.raw / "report" / "themes.yaml"


_BUILD: SampleBuild | None = None


def sample_build(tmp_path_factory: pytest.TempPathFactory) -> SampleBuild:
    """The build, made on first use."""
    global _BUILD
    if _BUILD is None:
        from pipelines.assets.resources import HytemartResource
        from pipelines.definitions import ASSETS, CHECKS

        root = tmp_path_factory.mktemp("wellbeing")
        raw = root / "raw"
        shutil.copytree(REPO_ROOT / "raw", raw)
        survey = raw / SURVEY
        text = survey.read_text(encoding="utf-8-sig")
        assert CONFIDENTIAL_LINE[0] in text, "the sample survey changed: pick another cell"
        survey.write_text("\ufeff" + text.replace(*CONFIDENTIAL_LINE), encoding="utf-8")
        resource = HytemartResource(raw_dir=str(raw), warehouse_dir=str(root / "warehouse"),
                                    keep_published=1, report_areas=REPORT_AREAS,
                                    report_pdf=True)
        result = dg.materialize([*ASSETS, *CHECKS], resources={"hytemart": resource},
                                raise_on_error=False)
        _BUILD = SampleBuild(raw, root / "warehouse", result)
    return _BUILD
