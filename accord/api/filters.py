from typing import Any

from django import forms
from django.db import models
from django.db.models import QuerySet
from django_filters import BooleanFilter, NumberFilter
from django_filters.filterset import FILTER_FOR_DBFIELD_DEFAULTS, FilterSet
from django_filters.rest_framework import DjangoFilterBackend
from rest_framework.exceptions import ValidationError
from rest_framework.request import Request
from rest_framework.serializers import BooleanField

# The database's largest id: a larger number would overflow the query, not find nothing.
ID_MAX = 2**63 - 1


class IdFilter(NumberFilter):
    field_class = forms.IntegerField

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        kwargs.setdefault("min_value", -ID_MAX)
        kwargs.setdefault("max_value", ID_MAX)
        super().__init__(*args, **kwargs)


class AccordFilterSet(FilterSet):
    """A filter on a related record takes its id as a plain number: an id that names nothing
    (or nothing the reader sees) gives an empty list, as the schema (an integer) promises,
    rather than django-filter's 400 "not one of the available choices", which also told apart
    a record that exists from one that does not."""

    FILTER_DEFAULTS = {
        **FILTER_FOR_DBFIELD_DEFAULTS,
        models.ForeignKey: {"filter_class": IdFilter},
        models.OneToOneField: {"filter_class": IdFilter},
    }


class FilterBackend(DjangoFilterBackend):
    filterset_base = AccordFilterSet

    def get_filterset(self, request: Request, queryset: QuerySet, view: Any) -> FilterSet | None:
        filterset = super().get_filterset(request, queryset, view)
        if filterset is not None:
            _refuse_non_booleans(filterset, request)
        return filterset


# What django-filter's BooleanFilter reads as true or false; the schema says "boolean".
BOOLEAN_WORDS = frozenset({"true", "false", "1", "0", ""})


def _refuse_non_booleans(filterset: FilterSet, request: Request) -> None:
    """django-filter reads any other word in a boolean filter as "no filter" and lists
    everything: a client that misspelt `true` would get the wrong list, silently."""
    refused = {
        name: [BooleanField.default_error_messages["invalid"]]
        for name, field in filterset.filters.items()
        if isinstance(field, BooleanFilter)
        and any(value.lower() not in BOOLEAN_WORDS for value in request.query_params.getlist(name))
    }
    if refused:
        raise ValidationError(refused)
