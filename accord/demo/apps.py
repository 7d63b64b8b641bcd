from django.apps import AppConfig


class DemoConfig(AppConfig):
    """The top floor: the fictional locality of Riverton and the data at scale for benchmarks.
    It calls every app's services; no app imports it."""

    name = "accord.demo"
    label = "demo"
