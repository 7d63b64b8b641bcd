"""People pages: the "is she known to us?" lookup. A person's details are shown and edited
from one of her cases (the cases app's pages), where the field rules of that case apply."""

from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_http_methods

from accord.access.roles import worked_teams
from accord.audit.context import Actor
from accord.people.forms import PersonSearchForm
from accord.people.selectors import known_case_references
from accord.people.services import person_search_recorded


@require_http_methods(["GET", "POST"])
@login_required
def person_search(request: HttpRequest) -> HttpResponse:
    if not worked_teams(request.user).exists():
        # An intake tool for people who work cases; to anyone else the page is not there.
        raise Http404
    # The search is sent by POST, not in the query string: a name and a date of birth must not
    # end up in URLs, browser history or access logs (docs/product.md §4.8).
    if request.method == "GET":
        return render(request, "people/search.html", {"form": PersonSearchForm()})
    form = PersonSearchForm(request.POST)
    references = None
    if form.is_valid():
        references = known_case_references(request.user, **form.cleaned_data)
        person_search_recorded(actor=Actor.from_request(request), matches=len(references))
    return render(
        request,
        "people/search.html",
        {"form": form, "references": references},
        status=200 if form.is_valid() else 400,
    )
