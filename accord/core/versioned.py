"""The page of a form on a record with a version (optimistic locking, DESIGN.md §4.10): a back
link, the form, and on a conflict both versions side by side with the user's input kept."""

from django.forms import Form
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils.translation import gettext_lazy

from accord.cases.models import Case

CONFLICT_TITLE = gettext_lazy("Changed by someone else since you opened it")


def versioned_form_page(
    request: HttpRequest,
    case: Case,
    *,
    title: str,
    form: Form,
    submit: str,
    back_url: str,
    back_text: str,
    conflict_text: str,
    conflict: list[tuple[str, str, str]] | None = None,
    status: int = 200,
    intro: str = "",
) -> HttpResponse:
    """`conflict` lists (label, yours, stored) for every field; with it the answer is a 409."""
    return render(
        request,
        "components/versioned_form.html",
        {
            "case": case,
            "title": title,
            "intro": intro,
            "form": form,
            "submit": submit,
            "back_url": back_url,
            "back_text": back_text,
            "conflict": conflict,
            "conflict_title": CONFLICT_TITLE,
            "conflict_text": conflict_text,
        },
        status=409 if conflict else status,
    )
