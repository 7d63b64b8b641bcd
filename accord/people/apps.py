from django.apps import AppConfig


class PeopleConfig(AppConfig):
    name = "accord.people"
    label = "people"

    def ready(self) -> None:
        # Every app declares what it holds about a person in its own dataprotection.py
        # (accord/people/dpo_registry.py): the DPO's export, retention and erasure ask them.
        from accord.people import dpo_registry

        dpo_registry.autodiscover()
