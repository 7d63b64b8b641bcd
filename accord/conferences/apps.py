from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ConferencesConfig(AppConfig):
    name = "accord.conferences"
    verbose_name = _("Risk conferences")
