"""Demo cases at each step of the workflow and one published correction, all fictional. Safe to run again.

The cases and the correction are data (cases.json): each case about an article names it by its demo slug, and the
correction goes on the article its complaint is about, found by that identity wherever editors moved or renamed it.
"""

import json
from datetime import timedelta
from pathlib import Path

from django.utils import timezone

from newsdesk.news.demo.loader import live_demo_articles
from newsdesk.publiceditor import services
from newsdesk.publiceditor.models import Case, Correction
from newsdesk.publiceditor.workdays import add_working_days

DEMO_DOMAIN = "@demo.newsdesk.invalid"
DEMO_DATA: dict = json.loads((Path(__file__).parent / "cases.json").read_text(encoding="utf-8"))
DEMO_CASES: list[dict] = DEMO_DATA["cases"]
DEMO_CORRECTION: dict = DEMO_DATA["correction"]


def load(stdout=None) -> None:
    """Create the demo cases and a correction unless they already exist."""
    if Case.objects.filter(email__endswith=DEMO_DOMAIN).exists():
        if stdout is not None:
            stdout.write("Public editor: demo cases already loaded.\n")
        return
    articles = live_demo_articles([spec["article"] for spec in DEMO_CASES if spec["article"]])
    created = 0
    for spec in DEMO_CASES:
        article = articles.get(spec["article"]) if spec["article"] else None
        case = services.case_submit(
            submission=services.Submission(
                kind=spec["kind"],
                category=spec["category"],
                message=spec["message"],
                name=spec["name"],
                email=spec["name"].split()[0].lower() + DEMO_DOMAIN,
                consent_to_contact=False,  # demo readers get no email
                article_id=article.pk if article is not None else None,
            )
        )
        received = timezone.now() - timedelta(days=3 + created * 9)  # spread over the last weeks
        Case.objects.filter(pk=case.pk).update(
            created_at=received,
            acknowledge_due_on=add_working_days(timezone.localdate(received), 2),
            resolve_due_on=add_working_days(timezone.localdate(received), 15),
        )
        case.refresh_from_db()
        for action in spec["actions"]:
            outcome = "upheld" if spec["kind"] == "complaint" else "no_action"
            case = services.case_transition(case=case, action=action, outcome=outcome if action == "resolve" else "")
        created += 1
    corrected = 0
    corrected_article = articles.get(DEMO_CORRECTION["article"])
    complaint = None
    if corrected_article is not None:
        complaint = Case.objects.filter(
            email__endswith=DEMO_DOMAIN, state="resolved", article=corrected_article, kind="complaint"
        ).first()
    if complaint is not None and not Correction.objects.filter(text=DEMO_CORRECTION["text"]).exists():
        try:
            services.correction_publish(case=complaint, kind="correction", text=DEMO_CORRECTION["text"])
            corrected = 1
        except services.PublicEditorError:
            pass  # the article has a draft pending: leave it alone
    if stdout is not None:
        stdout.write(f"Public editor: {created} demo cases and {corrected} correction loaded.\n")
