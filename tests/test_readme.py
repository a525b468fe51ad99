"""The README and docs/ stay true: their description examples load, the commands they show
exist, the repository paths they name are there, the settings they list are read, and their
links lead somewhere."""

import importlib.util
import re
import tomllib
from pathlib import Path

import pytest

from pipelines.fetch.settings import FetchSettings
from pipelines.ingest.descriptions import load_description

REPO_ROOT = Path(__file__).resolve().parents[1]
PAGES = [REPO_ROOT / "README.md", *sorted((REPO_ROOT / "docs").glob("*.md"))]
# The architecture page keeps the map from the paths before the regroup to today's.
BEFORE = re.compile(r"\n## Where things were before.*?(?=\n## |\Z)", re.DOTALL)


def text_of(page: Path) -> str:
    return BEFORE.sub("\n", page.read_text(encoding="utf-8"))


TEXTS = {page.relative_to(REPO_ROOT).as_posix(): text_of(page) for page in PAGES}
BLOCKS = [block for text in TEXTS.values()
          for block in re.findall(r"```yaml\n(.*?)```", text, re.DOTALL)]


def test_the_front_door_is_short_and_the_manual_has_its_pages() -> None:
    assert len((REPO_ROOT / "README.md").read_text(encoding="utf-8").splitlines()) <= 300
    names = {page.name for page in PAGES}
    assert {"adding-data.md", "fetching.md", "reports-and-bi.md", "operations.md",
            "protection.md", "mart.md", "architecture.md", "development.md"} <= names


def test_the_docs_have_description_examples() -> None:
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


def _code(text: str) -> list[str]:
    """Inline code spans and the lines of code blocks."""
    blocks = re.findall(r"```\w*\n(.*?)```", text, re.DOTALL)
    rest = re.sub(r"```\w*\n.*?```", "", text, flags=re.DOTALL)
    return [line for block in blocks for line in block.splitlines()] + re.findall(r"`([^`]+)`",
                                                                                   rest)


MAKE_TARGETS = set(re.findall(r"(?m)^([a-z][\w-]*):", (REPO_ROOT / "Makefile").read_text()))


@pytest.mark.parametrize("page", TEXTS)
def test_every_make_command_is_a_target(page: str) -> None:
    named = {target for code in _code(TEXTS[page])
             for target in re.findall(r"(?:^|[\s;&|(])make ([a-z][\w-]*)", code)}
    assert named <= MAKE_TARGETS, sorted(named - MAKE_TARGETS)


@pytest.mark.parametrize("page", TEXTS)
def test_every_python_module_named_runs(page: str) -> None:
    modules = {module for code in _code(TEXTS[page])
               for module in re.findall(r"python -m ([\w.]+)", code)}
    missing = [module for module in modules if module.startswith(("pipelines", "bench"))
               and importlib.util.find_spec(module) is None]
    assert not missing, missing


SCRIPTS = set(tomllib.loads((REPO_ROOT / "pyproject.toml").read_text())["project"]["scripts"])
TOOLS = {"python", "pip", "uv", "dg", "dagster", "dagster-webserver", "ruff", "lint-imports",
         "pytest", "superset", "duckdb", "supervisorctl"} | SCRIPTS


@pytest.mark.parametrize("page", TEXTS)
def test_every_venv_tool_is_installed_by_the_project(page: str) -> None:
    tools = {tool for code in _code(TEXTS[page])
             for tool in re.findall(r"\.venv(?:-bi)?/bin/([\w.-]+)", code)}
    assert tools <= TOOLS, sorted(tools - TOOLS)


PATH = re.compile(r"^(?:pipelines|sql|tests|raw|bench|bi|deploy|docs|\.ci)/[\w./-]*$")
# Files the pipeline writes, named where the docs say what they hold.
WRITTEN = {"raw/fetch_manifest.csv"}


@pytest.mark.parametrize("page", TEXTS)
def test_every_repository_path_named_exists(page: str) -> None:
    """Paths in code spans (`pipelines/publish/publication.py`, `sql/mart/`); spans with a
    placeholder (`<id>`, `{a,b}`, `*`) are patterns, not paths."""
    missing = []
    for code in _code(TEXTS[page]):
        for word in code.split():
            word = word.strip("()`,;:")
            if PATH.match(word) and word not in WRITTEN and not (REPO_ROOT / word).exists():
                missing.append(word)
    assert not missing, sorted(set(missing))


def _read_in_code(name: str) -> bool:
    """Named in the code (the test harness's own variables in tests/), or a fetch setting
    (read by its field's name, pipelines/fetch/settings.py)."""
    if name in FetchSettings.variables().values():
        return True
    for folder in ("pipelines", "deploy", "bi", "bench", "tests"):
        for path in (REPO_ROOT / folder).rglob("*.py"):
            if name in path.read_text(encoding="utf-8"):
                return True
    return name in (REPO_ROOT / "Makefile").read_text()


@pytest.mark.parametrize("page", TEXTS)
def test_every_setting_named_is_read(page: str) -> None:
    names = set(re.findall(r"\bHYTEMART_[A-Z0-9_]*[A-Z0-9]\b", TEXTS[page]))
    unread = sorted(name for name in names if not _read_in_code(name))
    assert not unread, unread


def _slug(heading: str) -> str:
    """GitHub's anchor of a heading: lower case, punctuation dropped, spaces as '-'."""
    text = re.sub(r"[`*_]", "", heading.strip().lower())
    text = re.sub(r"[^\w\- ]", "", text)
    return text.replace(" ", "-")


def _anchors(path: Path) -> set[str]:
    text = re.sub(r"```.*?```", "", path.read_text(encoding="utf-8"), flags=re.DOTALL)
    return {_slug(heading) for heading in re.findall(r"(?m)^#+ (.+)$", text)}


@pytest.mark.parametrize("page", TEXTS)
def test_every_internal_link_leads_somewhere(page: str) -> None:
    source = REPO_ROOT / page
    broken = []
    for target in re.findall(r"\]\(([^)\s]+)\)", TEXTS[page]):
        if re.match(r"[a-z]+:", target):
            continue  # http://, mailto: and the like
        file, _, anchor = target.partition("#")
        path = (source.parent / file).resolve() if file else source
        if not path.exists() or (anchor and path.suffix == ".md"
                                 and anchor not in _anchors(path)):
            broken.append(target)
    assert not broken, broken


def test_the_link_check_can_fail(tmp_path: Path) -> None:
    page = tmp_path / "page.md"
    page.write_text("# One heading\n\nSee [there](#two-heading) and [here](#one-heading).\n")
    assert _anchors(page) == {"one-heading"}
