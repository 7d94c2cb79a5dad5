"""The rules of docs/architecture.md, over the figures `python -m bench.architecture` prints."""

from pathlib import Path

from importlinter.application.use_cases import lint_imports
from importlinter.configuration import configure

from bench.architecture import ROOT, module_pairs, project_imports

# Wagtail's page-as-controller: a page's serve calls selectors, which query the page models (news' pages, and the
# live page, whose posts are rows of their own).
INHERENT_PAIRS = {
    ("newsdesk.news.models", "newsdesk.news.selectors"),
    ("newsdesk.liveblogs.models", "newsdesk.liveblogs.selectors"),
}


def test_the_import_contracts_hold():
    configure()  # what the lint-imports command does first
    assert lint_imports(config_filename=str(ROOT / "pyproject.toml"), cache_dir=None, no_logo=True)


def test_no_two_modules_import_each_other_beyond_the_page_models_and_their_selectors():
    assert module_pairs(project_imports()) == INHERENT_PAIRS


def test_every_project_import_inside_a_function_says_why():
    silent = [f"{i.module}:{i.line}" for i in project_imports() if i.in_function and not i.says_why]
    assert silent == []


def test_the_figures_see_a_pair_an_inner_import_and_a_relative_one(tmp_path: Path):
    package = tmp_path / "newsdesk" / "shop"
    package.mkdir(parents=True)
    (package / "__init__.py").write_text("")
    (package / "services.py").write_text("from . import tasks\n")
    (package / "tasks.py").write_text("def run():\n    from newsdesk.shop.services import charge\n")
    imports = project_imports(tmp_path)
    assert module_pairs(imports) == {("newsdesk.shop.services", "newsdesk.shop.tasks")}
    assert [(i.module, i.in_function, i.says_why) for i in imports if i.target == "newsdesk.shop.services"] == [
        ("newsdesk.shop.tasks", True, False)
    ]
