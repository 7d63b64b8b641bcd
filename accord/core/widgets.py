"""Widgets drawn in Python, for lists on pages shown at every click: Django renders a template
for each option of a select, which for a team's workers costs milliseconds a page
(docs/performance.md)."""

from typing import Any

from django import forms
from django.forms.utils import flatatt
from django.utils.html import format_html, format_html_join
from django.utils.safestring import SafeString


class PlainSelect(forms.Select):
    """Django's single `<select>`, same markup, for flat choices (no option groups): the
    options are joined in Python instead of each going through a template."""

    def render(
        self, name: str, value: Any, attrs: dict[str, Any] | None = None, renderer: Any = None
    ) -> SafeString:
        selected = self.format_value(value)[:1]  # a single select marks one option at most
        final_attrs = self.build_attrs(self.attrs, {**(attrs or {}), "name": name})
        options = format_html_join(
            "",
            '<option value="{}"{}>{}</option>',
            (
                (option, " selected" if option in selected else "", label)
                for option, label in ((str(v), label) for v, label in self.choices)
            ),
        )
        return format_html("<select{}>{}</select>", flatatt(final_attrs), options)
