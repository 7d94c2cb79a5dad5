"""Demo newsletter lists (data in newsletters.json, all fictional); members come only from readers signing up.

Safe to run again: a list whose slug exists is left as staff changed it.
"""

import json
from datetime import time
from pathlib import Path

from newsdesk.newsletters.models import Newsletter

DEMO_LISTS: list[dict] = json.loads((Path(__file__).parent / "newsletters.json").read_text(encoding="utf-8"))[
    "newsletters"
]


def load(stdout=None) -> None:
    """Create the demo lists that are missing."""
    created = 0
    for order, spec in enumerate(DEMO_LISTS):
        fields = {**spec, "sort_order": order}
        for name in ("build_at", "send_by"):
            if name in fields:
                fields[name] = time.fromisoformat(fields[name])
        _, made = Newsletter.objects.get_or_create(slug=spec["slug"], defaults=fields)
        created += made
    if stdout is not None:
        stdout.write(f"Newsletters: {created} demo lists created.\n")
