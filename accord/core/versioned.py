"""Pages of a form on a record with a version (optimistic locking, docs/security.md): a back
link, the form, and on a conflict both versions side by side with the user's input kept; and
the two helpers every such page needs (a service's errors on the form, the input rebound to
the stored version)."""

from collections.abc import Callable
from typing import Any, Protocol

from django.core.exceptions import ValidationError
from django.forms import Form
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils.translation import gettext_lazy

from accord.core.locking import StaleVersion

CONFLICT_TITLE = gettext_lazy("Changed by someone else since you opened it")


class Versioned(Protocol):
    """A record edited under optimistic locking, named on its page by its reference."""

    reference: str
    version: int


def add_errors(form: Form, error: ValidationError) -> None:
    """A service's ValidationError on the form: on its field when the form has one, else on
    the form as a whole (never a 500 for a field name the form lacks)."""
    if hasattr(error, "error_dict"):
        for field, errors in error.error_dict.items():
            form.add_error(field if field in form.fields else None, errors)
    else:
        form.add_error(None, error)


def rebind_at(form_class: type[Form], request: HttpRequest, version: int, **kwargs: Any) -> Form:
    """The user's unsaved input again, now based on the stored version: saving it once more
    is a deliberate choice to overwrite, made with both versions in view."""
    data = request.POST.copy()
    data["version"] = str(version)
    form = form_class(data, **kwargs)
    form.is_valid()
    return form


def versioned_post(
    form: Form,
    save: Callable[[dict[str, Any]], object],
    *,
    done: Callable[[], HttpResponse],
    stale: Callable[[StaleVersion], HttpResponse],
    refused: Callable[[Form], HttpResponse],
) -> HttpResponse:
    """A POST from a record's page that writes under optimistic locking: the form, the one
    service call (`save`, given the cleaned data), then `done` (usually a redirect), `stale`
    (the record as it is now, 409) or `refused` (the form with its and the service's errors,
    400)."""
    if form.is_valid():
        try:
            save(dict(form.cleaned_data))
        except StaleVersion as conflict:
            return stale(conflict)
        except ValidationError as error:
            add_errors(form, error)
        else:
            return done()
    return refused(form)


def versioned_form_page(
    request: HttpRequest,
    record: Versioned,
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
            "record": record,
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
