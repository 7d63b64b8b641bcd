from django.apps import AppConfig


class ApiConfig(AppConfig):
    name = "accord.api"
    label = "api"

    def ready(self) -> None:
        from accord.api import schema  # noqa: F401 - registers the schema extensions
