"""The public editor's case page and personal-data requests in the Wagtail admin."""

import json

from django import forms
from django.contrib import messages
from django.contrib.auth import get_user_model
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse

from newsdesk.news.selectors import article_authors

from . import services
from .forms import MAX_MESSAGE_LENGTH
from .models import Case, CaseMessage, Correction, Outcome, State
from .selectors import case_lateness, person_export

TRANSITION_DONE = "Case {reference}: {action} done."
ASSIGNED = "Case {reference} assigned to {name}."
NOTE_ADDED = "Internal note added."
REPLY_SENT = "Reply added to the thread and queued for email."
CORRECTION_PUBLISHED = "Correction published on the article; it is live now."
PERSON_ERASED = "Personal data erased from {count} case(s)."
PERSON_NOT_FOUND = "No case has that email address."
FORM_INVALID = "Check the form: {errors}"


class TransitionForm(forms.Form):
    action = forms.ChoiceField(choices=[(a, a.title()) for a in services.TRANSITIONS])
    outcome = forms.ChoiceField(choices=[("", "Outcome (to resolve)"), *Outcome.choices], required=False)


class AssignForm(forms.Form):
    assignee = forms.ModelChoiceField(queryset=get_user_model().objects.none(), required=False, label="Assign to")

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        # Whoever may work a case: the public editor's role, administrators, superusers.
        self.fields["assignee"].queryset = (
            get_user_model()
            .objects.with_perm(
                "publiceditor.change_case", is_active=True, backend="django.contrib.auth.backends.ModelBackend"
            )
            .order_by("username")
        )


class TextForm(forms.Form):
    body = forms.CharField(widget=forms.Textarea(attrs={"rows": 4}), max_length=MAX_MESSAGE_LENGTH)


class CorrectionForm(forms.Form):
    kind = forms.ChoiceField(choices=Correction.Kind.choices, initial=Correction.Kind.CORRECTION)
    text = forms.CharField(widget=forms.Textarea(attrs={"rows": 3}), max_length=2000, label="Text shown on the article")


class PersonForm(forms.Form):
    email = forms.EmailField(label="The person's email address")


def _require(request: HttpRequest, codename: str) -> None:
    if not request.user.has_perm(f"publiceditor.{codename}"):
        raise PermissionDenied


def _allowed_actions(case: Case) -> list[str]:
    return [action for action, (sources, _) in services.TRANSITIONS.items() if case.state in sources]


def case_detail(request: HttpRequest, pk: int) -> HttpResponse:
    """Show one case with its thread and audit trail, and carry out the public editor's actions on it."""
    _require(request, "change_case")
    case = get_object_or_404(Case.objects.select_related("article", "assigned_to"), pk=pk)
    if request.method == "POST":
        _handle_action(request, case)
        return redirect(reverse("publiceditor_admin:case", args=[case.pk]))
    authors = []
    if case.article_id:
        authors = article_authors(article_id=case.article_id)
    context = {
        "case": case,
        "thread": list(case.messages.select_related("author")),
        "events": list(case.events.select_related("actor")),
        "corrections": list(case.corrections.all()),
        "lateness": case_lateness(case),
        "actions": _allowed_actions(case),
        "outcomes": Outcome.choices,
        "assign_form": AssignForm(initial={"assignee": case.assigned_to_id}),
        "correction_form": CorrectionForm(),
        "can_correct": case.state == State.RESOLVED
        and case.article_id is not None
        and services.may(request.user, services.CORRECTION_PERMISSION),
        "authors": authors,
        "is_closed": case.state == State.CLOSED,
        "note_kind": CaseMessage.Author.NOTE,
    }
    return render(request, "publiceditor/admin/case_detail.html", context)


def _handle_action(request: HttpRequest, case: Case) -> None:
    op = request.POST.get("op", "")
    if op == "correction" and not services.may(request.user, services.CORRECTION_PERMISSION):
        raise PermissionDenied
    try:
        if op == "transition":
            form = TransitionForm(request.POST)
            if not form.is_valid():
                messages.error(request, FORM_INVALID.format(errors=form.errors.as_text()))
                return
            services.case_transition(
                case=case, action=form.cleaned_data["action"], actor=request.user, outcome=form.cleaned_data["outcome"]
            )
            messages.success(
                request, TRANSITION_DONE.format(reference=case.reference, action=form.cleaned_data["action"])
            )
        elif op == "assign":
            form = AssignForm(request.POST)
            if not form.is_valid():
                messages.error(request, FORM_INVALID.format(errors=form.errors.as_text()))
                return
            assignee = form.cleaned_data["assignee"]
            services.case_assign(case=case, assignee=assignee, actor=request.user)
            name = assignee.get_username() if assignee else "nobody"
            messages.success(request, ASSIGNED.format(reference=case.reference, name=name))
        elif op in ("note", "reply"):
            form = TextForm(request.POST)
            if not form.is_valid():
                messages.error(request, FORM_INVALID.format(errors=form.errors.as_text()))
                return
            if op == "note":
                services.case_note_add(case=case, body=form.cleaned_data["body"], actor=request.user)
                messages.success(request, NOTE_ADDED)
            else:
                services.case_staff_reply(case=case, body=form.cleaned_data["body"], actor=request.user)
                messages.success(request, REPLY_SENT)
        elif op == "correction":
            form = CorrectionForm(request.POST)
            if not form.is_valid():
                messages.error(request, FORM_INVALID.format(errors=form.errors.as_text()))
                return
            services.correction_publish(
                case=case, kind=form.cleaned_data["kind"], text=form.cleaned_data["text"], actor=request.user
            )
            messages.success(request, CORRECTION_PUBLISHED)
        else:
            messages.error(request, FORM_INVALID.format(errors="unknown action"))
    except services.PublicEditorError as exc:
        messages.error(request, str(exc))


def personal_data(request: HttpRequest) -> HttpResponse:
    """Export or erase one person's data on their request; erasing needs its own permission."""
    # Exporting shows what the case pages already show to whoever may read cases; erasing is checked below.
    _require(request, "view_case")
    form = PersonForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        email = form.cleaned_data["email"]
        export = person_export(email)
        if not export["cases"]:
            messages.error(request, PERSON_NOT_FOUND)
        elif request.POST.get("op") == "export":
            response = HttpResponse(json.dumps(export, indent=2), content_type="application/json")
            response["Content-Disposition"] = 'attachment; filename="personal-data.json"'
            return response
        elif request.POST.get("op") == "erase":
            if not services.may(request.user, services.ERASE_PERMISSION):
                raise PermissionDenied
            count = services.person_erase(email=email, actor=request.user)
            messages.success(request, PERSON_ERASED.format(count=count))
            return redirect(reverse("publiceditor_admin:personal_data"))
    can_erase = services.may(request.user, services.ERASE_PERMISSION)
    return render(request, "publiceditor/admin/personal_data.html", {"form": form, "can_erase": can_erase})
