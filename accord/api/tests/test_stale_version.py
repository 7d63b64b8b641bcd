"""A stale version is answered 409 in one place, the API's exception handler, with the body
the view gives (`stale_response`) or the detail alone."""

from typing import Any

from accord.accounts.models import Organisation
from accord.api.exceptions import exception_handler
from accord.core.locking import StaleVersion


class _Documented:
    def stale_response(self, stale: StaleVersion) -> dict[str, Any]:
        return {"detail": "changed", "current": {"name": stale.current.name}}


def test_it_answers_409_with_the_views_body() -> None:
    stale = StaleVersion(Organisation(name="Women's Aid A"))

    response = exception_handler(stale, {"view": _Documented()})

    assert response is not None
    assert response.status_code == 409
    assert response.data == {"detail": "changed", "current": {"name": "Women's Aid A"}}


def test_it_answers_409_with_the_detail_alone_for_a_view_without_one() -> None:
    response = exception_handler(StaleVersion(Organisation(name="x")), {"view": object()})

    assert response is not None
    assert response.status_code == 409
    assert response.data == {"detail": "Changed by someone else since you opened it."}
