from django.apps import AppConfig
from django.db.backends.signals import connection_created


class AuditConfig(AppConfig):
    name = "accord.audit"
    label = "audit"

    def ready(self) -> None:
        from accord.audit.lock_order import install

        # Every connection, the task worker's and the management commands' too: the lock order
        # holds only if every writer keeps it (accord/audit/lock_order.py).
        connection_created.connect(install, dispatch_uid="accord.audit.lock_order")
