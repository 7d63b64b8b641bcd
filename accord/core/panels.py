"""What each app adds to the home page and the main navigation, declared in its own `home.py`.

As with `admin.py` and `access.py`, each app declares its own entries and one registry collects
them at start-up (`CoreConfig.ready`), so that a new app never edits the home page or the base
template. This module knows no domain: an entry is a template and a function of the request.

    # accord/programmes/home.py
    @panels.home_panel("programmes-today", template="programmes/_home_today.html", order=30)
    def today(request: HttpRequest) -> dict[str, object] | None:
        \"\"\"Today's sessions, for a facilitator; None hides the panel.\"\"\"

    panels.nav_entry("programmes", label=_("Programmes"), url_name="programmes:list", order=40,
                     shown=lambda request: may_run_programmes(request.user))
"""

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from django.http import HttpRequest
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils.functional import Promise
from django.utils.safestring import SafeString

PanelContext = Callable[[HttpRequest], dict[str, Any] | None]
Shown = Callable[[HttpRequest], bool]
Count = Callable[[HttpRequest], int]


class AlreadyRegistered(Exception):
    pass


@dataclass(frozen=True)
class HomePanel:
    key: str
    template: str
    context: PanelContext
    order: int


@dataclass(frozen=True)
class NavEntry:
    key: str
    label: str | Promise
    url_name: str
    order: int
    shown: Shown
    count: Count | None = None


@dataclass(frozen=True)
class RenderedNavEntry:
    key: str
    label: str | Promise
    url: str
    count: int | None


_panels: dict[str, HomePanel] = {}
_nav: dict[str, NavEntry] = {}


def home_panel(
    key: str, *, template: str, order: int = 100
) -> Callable[[PanelContext], PanelContext]:
    """Declare a home-page panel: `template` rendered with what the function returns for the
    request, or nothing when it returns None (the reader has no business with it)."""

    def decorate(function: PanelContext) -> PanelContext:
        if key in _panels:
            raise AlreadyRegistered(f"home panel {key!r} is already registered")
        _panels[key] = HomePanel(key=key, template=template, context=function, order=order)
        return function

    return decorate


def nav_entry(
    key: str,
    *,
    label: str | Promise,
    url_name: str,
    order: int = 100,
    shown: Shown,
    count: Count | None = None,
) -> None:
    """Declare an entry of the main navigation, shown when `shown(request)` holds; `count`
    (e.g. unread items) is printed beside its label when it is not zero."""
    if key in _nav:
        raise AlreadyRegistered(f"navigation entry {key!r} is already registered")
    _nav[key] = NavEntry(
        key=key, label=label, url_name=url_name, order=order, shown=shown, count=count
    )


def panels_for(request: HttpRequest) -> list[SafeString]:
    """The home page's panels for this reader, rendered, in order."""
    rendered = []
    for panel in sorted(_panels.values(), key=lambda panel: (panel.order, panel.key)):
        context = panel.context(request)
        if context is not None:
            rendered.append(render_to_string(panel.template, context, request=request))
    return rendered


def nav_for(request: HttpRequest) -> list[RenderedNavEntry]:
    entries = []
    for entry in sorted(_nav.values(), key=lambda entry: (entry.order, entry.key)):
        if not entry.shown(request):
            continue
        count = entry.count(request) if entry.count is not None else None
        entries.append(
            RenderedNavEntry(
                key=entry.key, label=entry.label, url=reverse(entry.url_name), count=count
            )
        )
    return entries


# --- the case page --------------------------------------------------------------------------------

CasePanelContext = Callable[[HttpRequest, Any, Any], dict[str, Any] | None]


@dataclass(frozen=True)
class CasePanel:
    key: str
    template: str
    context: CasePanelContext
    order: int
    # The in-page navigation's entry for it: its label and the panel's id, or none.
    label: str | Promise | None
    anchor: str


_case_panels: dict[str, CasePanel] = {}


def case_panel(
    key: str,
    *,
    template: str,
    order: int = 100,
    label: str | Promise | None = None,
    anchor: str = "",
) -> Callable[[CasePanelContext], CasePanelContext]:
    """Declare a panel of the case page, from an app's home.py: `template` rendered with what
    the function returns for (request, case, access), or nothing when it returns None (the
    reader has no business with it: the function asks `access`, the CaseAccess of the page).
    With a `label`, the case page's in-page navigation links to `#anchor`."""

    def decorate(function: CasePanelContext) -> CasePanelContext:
        if key in _case_panels:
            raise AlreadyRegistered(f"case panel {key!r} is already registered")
        _case_panels[key] = CasePanel(
            key=key,
            template=template,
            context=function,
            order=order,
            label=label,
            anchor=anchor or key,
        )
        return function

    return decorate


@dataclass(frozen=True)
class RenderedCasePanel:
    html: SafeString
    label: str | Promise | None
    anchor: str


def case_panels_for(request: HttpRequest, case: Any, access: Any) -> list[RenderedCasePanel]:
    """The case page's panels from other apps for this reader, rendered, in order."""
    rendered = []
    for panel in sorted(_case_panels.values(), key=lambda panel: (panel.order, panel.key)):
        context = panel.context(request, case, access)
        if context is not None:
            html = render_to_string(
                panel.template, {"case": case, "access": access, **context}, request=request
            )
            rendered.append(RenderedCasePanel(html=html, label=panel.label, anchor=panel.anchor))
    return rendered


def autodiscover() -> None:
    """Import every installed app's `home` module, as the admin imports `admin` modules."""
    from django.utils.module_loading import autodiscover_modules

    autodiscover_modules("home")
