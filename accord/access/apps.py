from django.apps import AppConfig


class AccessConfig(AppConfig):
    name = "accord.access"
    label = "access"

    def ready(self) -> None:
        from accord.access import registry

        registry.autodiscover()
