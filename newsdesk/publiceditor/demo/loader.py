"""Demo cases at each step of the workflow and one published correction, all fictional. Safe to run again."""

from datetime import timedelta

from django.utils import timezone

from newsdesk.news.models import ArticlePage
from newsdesk.publiceditor import services
from newsdesk.publiceditor.models import Case, Correction
from newsdesk.publiceditor.workdays import add_working_days

DEMO_DOMAIN = "@demo.newsdesk.invalid"
DEMO_CORRECTION = "An earlier version of this article gave the wrong year for the bridge's opening. It opened in 1998."
DEMO_CASES = [
    ("complaint", "inaccuracy", "The bridge opened in 1998, not 1989.", "Nomsa Demo", ["acknowledge", "resolve"]),
    ("feedback", "", "Thank you for the clear explainer on water tariffs.", "Pieter Demo", ["acknowledge"]),
    ("query", "", "Will you publish the full council report?", "Ayesha Demo", []),
    ("complaint", "unfair", "The headline suggests the coach resigned; he did not.", "Lwazi Demo", ["investigate"]),
    (
        "suggestion",
        "",
        "Please add a daily weather panel for Gqeberha.",
        "Karin Demo",
        ["acknowledge", "resolve", "close"],
    ),
]


def load(stdout=None) -> None:
    """Create the demo cases and a correction unless they already exist."""
    if Case.objects.filter(email__endswith=DEMO_DOMAIN).exists():
        if stdout is not None:
            stdout.write("Public editor: demo cases already loaded.\n")
        return
    article = ArticlePage.objects.live().order_by("first_published_at").first()
    created = 0
    for kind, category, message, name, actions in DEMO_CASES:
        case = services.case_submit(
            submission=services.Submission(
                kind=kind,
                category=category,
                message=message,
                name=name,
                email=name.split()[0].lower() + DEMO_DOMAIN,
                consent_to_contact=False,  # demo readers get no email
                article_id=article.pk if article and kind == "complaint" else None,
            )
        )
        received = timezone.now() - timedelta(days=3 + created * 9)  # spread over the last weeks
        Case.objects.filter(pk=case.pk).update(
            created_at=received,
            acknowledge_due_on=add_working_days(timezone.localdate(received), 2),
            resolve_due_on=add_working_days(timezone.localdate(received), 15),
        )
        case.refresh_from_db()
        for action in actions:
            outcome = "upheld" if kind == "complaint" else "no_action"
            case = services.case_transition(case=case, action=action, outcome=outcome if action == "resolve" else "")
        created += 1
    corrected = 0
    first = Case.objects.filter(email__endswith=DEMO_DOMAIN, state="resolved", article__isnull=False).first()
    if first is not None and not Correction.objects.filter(text=DEMO_CORRECTION).exists():
        try:
            services.correction_publish(case=first, kind="correction", text=DEMO_CORRECTION)
            corrected = 1
        except services.PublicEditorError:
            pass  # the article has a draft pending: leave it alone
    if stdout is not None:
        stdout.write(f"Public editor: {created} demo cases and {corrected} correction loaded.\n")
