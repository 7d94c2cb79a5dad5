"""Read the demo newsroom's content (sections, authors, agencies, articles) from the JSON files under data/.

Everything in the files is fictional: people, companies, clubs, quotations and events are invented for
demonstration; real cities, provinces and countries appear only as settings. One file per article, named by its
slug, so an article is edited, added or removed on its own. Reading checks that the files fit together (every
section, author, agency and related article they name exists) and says which file is wrong; the editorial shape of
the demo (how many articles, how recent, how many premium) is checked by the tests.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import Any

DATA_DIR = Path(__file__).parent / "data"
SLUG_PATTERN = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")
BODY_TYPES = {"paragraph", "subheading", "quote", "related"}
ARTICLE_KEYS = {
    "section",
    "headline",
    "standfirst",
    "authors",
    "agency",
    "dateline",
    "hours_ago",
    "topics",
    "premium",
    "image",
    "body",
}
PALETTES = 8


class DemoContentError(ValueError):
    """The demo data files are inconsistent; the message names the file and what to fix."""


@dataclass(frozen=True)
class DemoContent:
    """The demo newsroom as the loader consumes it; each article carries its `slug` (its file name)."""

    sections: list[dict[str, Any]]
    authors: list[dict[str, str]]
    agencies: list[str]
    articles: list[dict[str, Any]]


def _json(path: Path, data_dir: Path) -> Any:
    try:
        return json.loads(path.read_text(encoding="utf-8"))
    except json.JSONDecodeError as error:
        raise DemoContentError(f"{path.relative_to(data_dir)}: not valid JSON ({error})") from None


def section_paths(specs: list[dict[str, Any]], prefix: str = "") -> list[str]:
    """Return every section's path ("world/africa"), parents before their children."""
    paths = []
    for spec in specs:
        path = f"{prefix}{spec['slug']}"
        paths.append(path)
        paths.extend(section_paths(spec.get("children", []), prefix=f"{path}/"))
    return paths


def _check_article(name: str, spec: Any, *, sections: set[str], authors: set[str], agencies: set[str]) -> None:
    def require(condition: bool, problem: str) -> None:
        if not condition:
            raise DemoContentError(f"articles/{name}.json: {problem}")

    require(isinstance(spec, dict), "must hold one JSON object")
    require(SLUG_PATTERN.match(name) is not None and len(name) <= 60, "the file name is the slug: a-z, 0-9, hyphens")
    missing, unknown = ARTICLE_KEYS - spec.keys(), spec.keys() - ARTICLE_KEYS
    require(not missing, f"missing {', '.join(sorted(missing))}")
    require(not unknown, f"unknown key {', '.join(sorted(unknown))}")
    require(spec["section"] in sections, f"unknown section {spec['section']!r} (see sections.json)")
    for author in spec["authors"]:
        require(author in authors, f"unknown author {author!r} (see authors.json)")
    require(spec["agency"] in {"", *agencies}, f"unknown agency {spec['agency']!r} (see agencies.json)")
    require(spec["image"].get("palette") in range(PALETTES), f"image palette must be 0..{PALETTES - 1}")
    for block in spec["body"]:
        require(block.get("type") in BODY_TYPES, f"body type {block.get('type')!r} is not one of {sorted(BODY_TYPES)}")


def read(data_dir: Path = DATA_DIR) -> DemoContent:
    """Read and cross-check the demo data files; raise DemoContentError naming the first file that is wrong."""
    sections = _json(data_dir / "sections.json", data_dir)
    authors = _json(data_dir / "authors.json", data_dir)
    agencies = _json(data_dir / "agencies.json", data_dir)
    known = {
        "sections": set(section_paths(sections)),
        "authors": {author["slug"] for author in authors},
        "agencies": set(agencies),
    }
    articles = []
    for path in sorted((data_dir / "articles").glob("*.json")):
        spec = _json(path, data_dir)
        _check_article(path.stem, spec, **known)
        articles.append({"slug": path.stem, **spec})
    slugs = {spec["slug"] for spec in articles}
    for spec in articles:
        for block in spec["body"]:
            if block["type"] == "related" and block["value"] not in slugs:
                raise DemoContentError(f"articles/{spec['slug']}.json: related article {block['value']!r} not found")
    return DemoContent(sections=sections, authors=authors, agencies=agencies, articles=articles)


@cache
def demo_content() -> DemoContent:
    """Return the demo content from data/, read once per process."""
    return read()
