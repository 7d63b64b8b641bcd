"""The caseload's filters (django-filter). Applied by the caseload view to
`accord.cases.selectors.caseload`, a queryset the access module has already narrowed: a filter
can only hide cases, never add one."""

from typing import Any

import django_filters
from django.db.models import QuerySet
from django.utils.translation import gettext_lazy as _

from accord.access.policy import AnyUser
from accord.cases.models import Case, CaseKind, CaseStatus
from accord.cases.selectors import colleagues, my_team_ids
from accord.core.widgets import PlainSelect


class Scope:
    MINE = "mine"
    TEAM = "team"
    ALL = "all"
    CHOICES = [
        (MINE, _("My cases")),
        (TEAM, _("My team's cases")),
        (ALL, _("Every case I may see")),
    ]


class CaseloadFilter(django_filters.FilterSet):
    scope = django_filters.ChoiceFilter(
        label=_("Show"),
        choices=Scope.CHOICES,
        method="filter_scope",
        empty_label=None,
        widget=PlainSelect,
    )
    status = django_filters.ChoiceFilter(
        label=_("Status"),
        choices=CaseStatus.choices,
        empty_label=_("Any status"),
        widget=PlainSelect,
    )
    kind = django_filters.ChoiceFilter(
        label=_("Kind"), choices=CaseKind.choices, empty_label=_("Any kind"), widget=PlainSelect
    )
    key_worker = django_filters.ModelChoiceFilter(
        label=_("Key worker"), queryset=None, empty_label=_("Anyone"), widget=PlainSelect
    )

    class Meta:
        model = Case
        fields = ["scope", "status", "kind", "key_worker"]

    def __init__(self, data: Any = None, *args: Any, user: AnyUser, **kwargs: Any) -> None:
        data = data.copy() if data is not None else {}
        # "My cases" unless the user asks for more: the scope is never left empty.
        if not data.get("scope"):
            data["scope"] = Scope.MINE
        super().__init__(data, *args, **kwargs)
        self.user = user
        self.filters["key_worker"].queryset = colleagues(user)
        self.form.fields["key_worker"].label_from_instance = lambda worker: (
            worker.get_full_name() or worker.get_username()
        )

    def filter_scope(self, queryset: QuerySet[Case], name: str, value: str) -> QuerySet[Case]:
        if value == Scope.TEAM:
            return queryset.filter(team_id__in=my_team_ids(self.user))
        if value == Scope.ALL:
            return queryset
        return queryset.filter(key_worker=self.user)
