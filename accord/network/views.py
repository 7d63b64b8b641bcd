"""The network's pages: at a locality, its period reports (prepare, approve, send); at a hub,
the member directory, a member's page and the comparisons with their chart and exports. Every
page shows counts after suppression, never a person; anyone without the role gets 404."""

import re

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from accord.access.policy import visible_to
from accord.accounts.models import ServiceKind
from accord.audit.context import Actor
from accord.audit.services import audit_event_record
from accord.core.locking import StaleVersion
from accord.core.pdf import PdfUnavailable
from accord.network import access, barometer, exports, selectors, services
from accord.network.chart import barometer_height, barometer_svg, comparison_svg
from accord.network.dimensions import DIMENSIONS
from accord.network.forms import (
    AreaReturnForm,
    BarometerForm,
    CompareForm,
    MemberFilterForm,
    MemberForm,
    PrepareForm,
    VersionForm,
)
from accord.network.models import AreaReturn, IndicatorDefinition, Submission
from accord.network.printing import barometer_pdf
from accord.network.tables import cells_of, cube_keys


def _may_see_reports(request: HttpRequest) -> None:
    if not access.may_read_reports(request.user):
        raise Http404


def _key_label(definition: IndicatorDefinition, key: tuple[str, ...]) -> str:
    return " · ".join(
        str(DIMENSIONS[name].label_of(code))
        for name, code in zip(definition.dimensions, key, strict=True)
    ) or _("Total")


def _table_rows(table: dict) -> dict:
    definition = IndicatorDefinition.objects.filter(
        slug=table["indicator"], version=table["version"]
    ).first()
    cells = cells_of(table)
    return {
        "definition": definition,
        "table": table,
        "rows": [(_key_label(definition, key), cell) for key, cell in cells.items()]
        if definition
        else [],
        "hidden": sum(1 for cell in cells.values() if cell.suppressed),
    }


@require_http_methods(["GET", "POST"])
@login_required
def reports(request: HttpRequest) -> HttpResponse:
    _may_see_reports(request)
    form = PrepareForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            report = services.report_prepare(
                actor=Actor.from_request(request), period=form.cleaned_data["period"]
            )
        except PermissionDenied as denied:
            raise Http404 from denied
        except ValidationError as error:
            form.add_error("period", error.messages)
        else:
            messages.success(request, _("The tables are prepared. A second person approves them."))
            return redirect("network:report", uid=report.uid)
    return render(
        request,
        "network/reports.html",
        {
            "form": form,
            "reports": selectors.reports(request.user)[:50],
            "may_prepare": access.may_prepare_reports(request.user),
        },
    )


@require_GET
@login_required
def report_detail(request: HttpRequest, uid: str) -> HttpResponse:
    report = selectors.report_or_404(request.user, uid)
    return render(
        request,
        "network/report.html",
        {
            "report": report,
            "tables": [_table_rows(table) for table in report.tables],
            "may_approve": report.status == "prepared"
            and access.may_approve_report(request.user, report),
            "may_send": report.status in {"approved", "submitted"}
            and access.may_send_report(request.user),
        },
    )


@require_POST
@login_required
def report_approve(request: HttpRequest, uid: str) -> HttpResponse:
    report = selectors.report_or_404(request.user, uid)
    form = VersionForm(request.POST)
    if not form.is_valid():
        return redirect("network:report", uid=report.uid)
    try:
        services.report_approve(
            actor=Actor.from_request(request),
            report=report,
            expected_version=form.cleaned_data["version"],
        )
    except StaleVersion:
        messages.error(request, _("The tables changed since you opened them: look again."))
    except PermissionDenied:
        messages.error(request, _("Someone other than the preparer approves the tables."))
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, _("Approved. The tables may now be sent to the hub."))
    return redirect("network:report", uid=report.uid)


@require_POST
@login_required
def report_send(request: HttpRequest, uid: str) -> HttpResponse:
    report = selectors.report_or_404(request.user, uid)
    try:
        report = services.report_send(actor=Actor.from_request(request), report=report)
    except PermissionDenied as denied:
        raise Http404 from denied
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        if report.status == "submitted":
            messages.success(request, _("The hub received the tables."))
        else:
            messages.error(request, _("Not sent: %(error)s") % {"error": report.last_error})
    return redirect("network:report", uid=report.uid)


# --- hub ---------------------------------------------------------------------------------------


@require_GET
@login_required
def member_list(request: HttpRequest) -> HttpResponse:
    form = MemberFilterForm(request.GET or None, countries=selectors.countries(request.user))
    filters = form.cleaned_data if form.is_valid() else {}
    rows = list(selectors.members(request.user, filters))
    if request.htmx:
        return render(request, "network/_members.html", {"members": rows})
    return render(
        request,
        "network/members.html",
        {
            "form": form,
            "members": rows,
            "may_read_reports": access.may_read_reports(request.user),
            "may_compare": access.may_compare(request.user),
        },
    )


@require_GET
@login_required
def member_detail(request: HttpRequest, slug: str) -> HttpResponse:
    member = selectors.member_or_404(request.user, slug)
    return render(
        request,
        "network/member.html",
        {
            "member": member,
            "services": [str(ServiceKind(kind).label) for kind in member.services],
            "may_edit": access.may_edit_member(request.user, member),
            "may_keep_figures": access.areas_kept_by(request.user).filter(member=member).exists(),
        },
    )


@require_http_methods(["GET", "POST"])
@login_required
def member_edit(request: HttpRequest, slug: str) -> HttpResponse:
    member = selectors.member_or_404(request.user, slug)
    if not access.may_edit_member(request.user, member):
        raise Http404
    form = MemberForm(request.POST or None, instance=member, initial={"version": member.version})
    if request.method == "POST" and form.is_valid():
        changes = {name: form.cleaned_data[name] for name in form.Meta.fields}
        try:
            services.member_update(
                actor=Actor.from_request(request),
                member=member,
                expected_version=form.cleaned_data["version"],
                **changes,
            )
        except StaleVersion:
            messages.error(request, _("Someone changed this page since you opened it: look again."))
            return redirect("network:member_edit", slug=member.slug)
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, _("The member's page is saved."))
            return redirect("network:member", slug=member.slug)
    return render(request, "network/member_edit.html", {"member": member, "form": form})


def _comparison(request: HttpRequest):
    if not access.may_compare(request.user):
        raise Http404
    definitions = selectors.definitions_for_comparison()
    if not definitions:
        raise Http404
    chosen = next(
        (d for d in definitions if d.slug == request.GET.get("indicator")), definitions[0]
    )
    keys = cube_keys(chosen.dimensions)
    cells = [("|".join(key), _key_label(chosen, key)) for key in keys]
    form = CompareForm(
        request.GET or None,
        indicators=[(d.slug, d.title) for d in definitions],
        cells=cells,
    )
    key = tuple(request.GET.get("cell", "").split("|"))
    if key not in keys:
        key = None
    return form, selectors.comparison(request.user, chosen, key), chosen


@require_GET
@login_required
def compare(request: HttpRequest) -> HttpResponse:
    form, comparison, definition = _comparison(request)
    return render(
        request,
        "network/compare.html",
        {
            "form": form,
            "comparison": comparison,
            "figure": _key_label(definition, comparison.key),
            "sections": [
                (_("By member"), comparison.members),
                (_("By country"), comparison.countries),
                (_("The whole network"), [comparison.network]),
            ],
            "query": request.GET.urlencode(),
        },
    )


@require_GET
@login_required
def compare_chart(request: HttpRequest) -> HttpResponse:
    _form, comparison, _definition = _comparison(request)
    return HttpResponse(comparison_svg(comparison), content_type="image/svg+xml")


@require_GET
@login_required
def export(request: HttpRequest, kind: str) -> HttpResponse:
    if kind not in {"csv", "sdmx"}:
        raise Http404
    _form, _comparison_shown, definition = _comparison(request)
    submissions = (
        visible_to(request.user, Submission)
        .filter(indicator=definition, current=True)
        .select_related("member")
        .order_by("member__slug", "period")
    )
    stamp = timezone.localdate().isoformat()
    with transaction.atomic():
        audit_event_record(
            actor=Actor.from_request(request),
            action=f"network_export.{kind}",
            object_type="network.indicatordefinition",
            object_id=str(definition.pk),
        )
    if kind == "sdmx":
        body = exports.sdmx_export(definition, submissions, sender="ACCORD_HUB")
        response = HttpResponse(body, content_type="application/xml")
        extension = "xml"
    else:
        response = HttpResponse(
            exports.csv_export(definition, submissions), content_type="text/csv"
        )
        extension = "csv"
    response["Content-Disposition"] = (
        f'attachment; filename="{definition.slug}-v{definition.version}-{stamp}.{extension}"'
    )
    return response


# --- the barometer -----------------------------------------------------------------------------


def _barometer(
    request: HttpRequest,
) -> tuple[BarometerForm, selectors.BarometerChoices, barometer.Ranking, str]:
    """The form bound to the filters and the ranking they ask for; filters that are not among
    the years and countries with figures leave the form invalid (its errors say why) and the
    ranking at the latest year, all countries."""
    choices = selectors.barometer_choices_or_404(request.user)
    form = BarometerForm(request.GET or None, years=choices.years, countries=choices.countries)
    year, country = choices.years[0], ""
    if form.is_bound and form.is_valid():
        year = form.cleaned_data["year"] or year
        country = form.cleaned_data["country"]
    ranking = selectors.barometer_ranking(choices, year=year, country=country)
    return form, choices, ranking, country


def _bad_filters(form: BarometerForm) -> bool:
    return form.is_bound and not form.is_valid()


@require_GET
@login_required
def barometer_page(request: HttpRequest) -> HttpResponse:
    form, choices, ranking, country = _barometer(request)
    refused = _bad_filters(form)
    if not refused:
        services.barometer_viewed(
            actor=Actor.from_request(request),
            scheme=choices.scheme,
            year=ranking.year,
            country=country,
        )
    return render(
        request,
        "network/barometer.html",
        {
            "form": form,
            "scheme": choices.scheme,
            "ranking": ranking,
            "country": country,
            "query": "" if refused else request.GET.urlencode(),
            "chart_height": round(100 * barometer_height(ranking)),
        },
        status=400 if refused else 200,
    )


@require_GET
@login_required
def barometer_chart(request: HttpRequest) -> HttpResponse:
    """The chart of the page's ranking (its read is audited with the page)."""
    form, choices, ranking, _country = _barometer(request)
    if _bad_filters(form):
        return HttpResponse(
            _("Choose a year and a country from the lists of the barometer's page."),
            content_type="text/plain; charset=utf-8",
            status=400,
        )
    if not ranking.ranked:
        raise Http404
    return HttpResponse(barometer_svg(ranking, choices.scheme.title), content_type="image/svg+xml")


@require_GET
@login_required
def barometer_print(request: HttpRequest) -> HttpResponse:
    form, choices, ranking, country = _barometer(request)
    if _bad_filters(form):
        messages.error(request, _("Choose a year and a country from the lists, then print."))
        return render(
            request,
            "network/barometer.html",
            {"form": form, "scheme": choices.scheme, "ranking": ranking, "query": ""},
            status=400,
        )
    try:
        content = barometer_pdf(
            actor=Actor.from_request(request),
            scheme=choices.scheme,
            ranking=ranking,
            country=country,
        )
    except PdfUnavailable:
        messages.error(
            request, _("The PDF cannot be made on this server (a system library is missing).")
        )
        return redirect("network:barometer")
    name = f"barometer-{ranking.year}{'-' + country if country else ''}.pdf"
    return HttpResponse(
        content,
        content_type="application/pdf",
        headers={"Content-Disposition": f'attachment; filename="{name}"'},
    )


# --- the barometer's area figures --------------------------------------------------------------


def _figures_page(
    request: HttpRequest,
    areas: list,
    form: AreaReturnForm,
    *,
    status: int = 200,
    conflict: AreaReturn | None = None,
) -> HttpResponse:
    return render(
        request,
        "network/area_figures.html",
        {
            "form": form,
            "returns": selectors.area_returns(request.user, areas),
            "conflict": conflict,
            "may_see_barometer": access.may_see_barometer(request.user),
        },
        status=status,
    )


@require_http_methods(["GET", "POST"])
@login_required
def area_figures(request: HttpRequest) -> HttpResponse:
    """The figures the barometer ranks (inhabitants, places, advocates, protocols, answer
    times), entered by whoever keeps an area's figures; anyone else gets 404."""
    areas = selectors.areas_kept_or_404(request.user)
    scheme = selectors.scoring_scheme()
    if scheme is None:
        raise Http404
    if request.method == "GET":
        initial = {}
        chosen = next((a for a in areas if a.slug == request.GET.get("area")), None)
        entry = (
            selectors.area_return(chosen, int(request.GET["year"]))
            if chosen is not None and re.fullmatch(r"\d{4}", request.GET.get("year", ""))
            else None
        )
        if entry is not None:
            initial = AreaReturnForm.initial_of(entry, scheme.measures)
        elif chosen is not None:
            initial = {"area": chosen.slug}
        form = AreaReturnForm(initial=initial, areas=areas, measures=scheme.measures)
        return _figures_page(request, areas, form)
    form = AreaReturnForm(request.POST, areas=areas, measures=scheme.measures)
    if not form.is_valid():
        return _figures_page(request, areas, form, status=400)
    area = next(a for a in areas if a.slug == form.cleaned_data["area"])
    try:
        entry = services.area_return_record(
            actor=Actor.from_request(request),
            area=area,
            year=form.cleaned_data["year"],
            population=form.cleaned_data["population"],
            figures=form.figures(),
            scheme=scheme,
            expected_version=form.cleaned_data["version"],
        )
    except PermissionDenied as denied:
        raise Http404 from denied
    except StaleVersion as stale:
        messages.error(
            request,
            _(
                "Someone recorded figures for this area and year since you opened the form: "
                "theirs are shown below; enter yours again if they should replace them."
            ),
        )
        fresh = AreaReturnForm(
            initial=AreaReturnForm.initial_of(stale.current, scheme.measures),
            areas=areas,
            measures=scheme.measures,
        )
        return _figures_page(request, areas, fresh, status=409, conflict=stale.current)
    except ValidationError as error:
        form.add_error(None, error)
        return _figures_page(request, areas, form, status=400)
    messages.success(
        request,
        _("The figures of %(area)s for %(year)s are saved.")
        % {"area": entry.area, "year": entry.year},
    )
    return redirect("network:area_figures")
