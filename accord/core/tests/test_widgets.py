"""PlainSelect draws the same select as Django's Select, without a template per option."""

import re

import pytest
from django import forms

from accord.core.widgets import PlainSelect

CHOICES = [("", "Anyone"), ("1", "Ana <García>"), ("2", "Bea & co"), ("10", "Carla")]


def _normalised(html: str) -> str:
    """Whitespace between tags and the order of a tag's attributes do not matter."""
    html = re.sub(r">\s+<", "><", html.strip())
    return re.sub(
        r"<(\w+)([^>]*)>",
        lambda tag: (
            "<" + tag[1] + "".join(sorted(re.findall(r' [^ =]+(?:="[^"]*")?', tag[2]))) + ">"
        ),
        html,
    )


@pytest.mark.parametrize("value", [None, "", "1", 2, "10", "nothing"])
def test_it_draws_what_django_draws(value: object) -> None:
    attrs = {"id": "id_who", "aria-invalid": "true", "required": True}
    django = forms.Select(choices=CHOICES).render("who", value, attrs)
    plain = PlainSelect(choices=CHOICES).render("who", value, attrs)
    assert _normalised(plain) == _normalised(django)


def test_it_escapes_labels_and_values() -> None:
    html = PlainSelect(choices=[('"><script>', "<b>bold</b>")]).render("x", None)
    assert "<script>" not in html and "<b>" not in html
