"""Template filters for running text."""

from django import template
from django.utils.html import conditional_escape, format_html
from django.utils.safestring import SafeString, mark_safe

register = template.Library()


@register.filter
def keep_reference(text: str, reference: str) -> SafeString:
    """`text` escaped, with `reference` in it kept on one line (a reference never wraps at its
    hyphen: "RF-" at the end of one line and the rest on the next is misread)."""
    escaped = str(conditional_escape(text))
    if not reference:
        return mark_safe(escaped)  # noqa: S308 (escaped above)
    kept = format_html('<span class="reference">{}</span>', reference)
    return mark_safe(escaped.replace(str(conditional_escape(reference)), kept))  # noqa: S308
