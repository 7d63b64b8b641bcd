from accord.testing import World, client_for


def test_an_organisation_admin_lists_her_own_teams(world: World) -> None:
    response = client_for(world.admin).get("/admin/accounts/team/")
    assert response.status_code == 200
    assert b"Outreach" in response.content
    assert b"Group Work" not in response.content


def test_an_organisation_admin_cannot_open_another_organisations_team(world: World) -> None:
    response = client_for(world.admin).get(f"/admin/accounts/team/{world.group_work.pk}/change/")
    # The admin redirects to its index with "doesn't exist" for rows outside the queryset.
    assert response.status_code == 302
    assert (
        client_for(world.admin).get(f"/admin/accounts/team/{world.outreach.pk}/change/").status_code
        == 200
    )


def test_an_organisation_admin_cannot_make_anyone_superuser(world: World) -> None:
    response = client_for(world.admin).get(f"/admin/accounts/user/{world.caseworker.pk}/change/")
    assert response.status_code == 200
    assert b'name="is_superuser"' not in response.content


def test_a_caseworker_has_no_admin(world: World) -> None:
    response = client_for(world.caseworker).get("/admin/", follow=True)
    assert response.status_code == 403
    assert b"not allowed" in response.content


def test_the_admin_sign_in_goes_through_the_second_factor(db) -> None:
    from django.test import Client

    response = Client().get("/admin/login/")
    assert response.status_code == 302
    assert response["Location"].startswith("/accounts/login/")
