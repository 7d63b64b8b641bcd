"""Strings of Django itself that its own catalogues leave in English, or get wrong, for the
site's languages. Marked here so that `makemessages` puts them in the project's catalogues,
which Django reads before its own (LOCALE_PATHS come first)."""

from django.utils.translation import gettext_noop

DJANGO_STRINGS = (
    # The empty choice of a model field's select (django.db.models.fields.BLANK_CHOICE_LABEL).
    gettext_noop("- Select an option -"),
    # The punctuation after which a form label takes no ":" (BoundField.label_tag). Greek asks
    # with ";", so "τώρα;" would get a second mark without it.
    gettext_noop(":?.!"),
)
