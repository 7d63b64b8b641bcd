from django.db import models
from django.utils.translation import gettext as _


class StaleVersion(Exception):
    """Someone saved the record after the user opened it. Carries the version now stored, so
    the user can see both and nothing is lost (docs/product.md §4.10)."""

    def __init__(self, current: models.Model) -> None:
        super().__init__(_("Changed by someone else since you opened it."))
        self.current = current


def lock_for_update[M: models.Model](obj: M, *, expected_version: int) -> M:
    """The row, locked for the rest of the transaction, if it is still at `expected_version`."""
    current = type(obj)._default_manager.select_for_update().get(pk=obj.pk)
    if current.version != expected_version:
        raise StaleVersion(current)
    return current
