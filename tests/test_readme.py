"""The README's examples stay true: its description samples load as descriptions."""

import re
from pathlib import Path

import pytest

from pipelines.ingest.descriptions import load_description

README = Path(__file__).resolve().parents[1] / "README.md"
BLOCKS = re.findall(r"```yaml\n(.*?)```", README.read_text(encoding="utf-8"), re.DOTALL)


def test_the_readme_has_description_examples() -> None:
    assert len(BLOCKS) >= 2


@pytest.mark.parametrize("block", BLOCKS)
def test_each_description_example_loads(block: str, tmp_path: Path) -> None:
    suffix = ".px" if "dimension:" in block else ".csv"
    (tmp_path / f"example{suffix}").write_text("", encoding="utf-8")
    path = tmp_path / "example.yaml"
    path.write_text(block, encoding="utf-8")
    description = load_description(path)
    assert description.indicators or "indicator" in description.roles
    assert "area" in description.roles
