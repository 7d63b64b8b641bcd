"""The demo network: twelve members in eight countries, eight quarters of submissions, Riverton
computing, reviewing and submitting; the hub's comparisons from that data; seeding twice
changes nothing."""

from django.urls import reverse

from accord.accounts.models import User
from accord.audit.models import AuditEvent
from accord.demo.locality import seed_demo_locality
from accord.demo.network import seed_demo_network
from accord.network.models import Area, AreaReturn, Member, Report, ReportStatus, Submission
from accord.testing import client_for


def test_the_demo_network_is_seeded_once_and_compares(demo_locality) -> None:
    seed_demo_locality()
    assert Member.objects.count() == 12
    assert len(set(Member.objects.values_list("country", flat=True))) == 8
    periods = set(Submission.objects.values_list("period", flat=True))
    assert len(periods) == 8
    statuses = sorted(Report.objects.values_list("status", flat=True))
    assert statuses == [ReportStatus.APPROVED, ReportStatus.SUBMITTED]
    assert Submission.objects.filter(member__slug="riverton").exists()
    assert Area.objects.count() == 14 and AreaReturn.objects.count() == 28

    def counts() -> tuple[int, ...]:
        return tuple(
            model.objects.count() for model in (Member, Submission, Report, Area, AreaReturn)
        )

    before = counts()
    events = AuditEvent.objects.count()
    seed_demo_network()
    assert counts() == before
    assert AuditEvent.objects.count() == events

    analyst = client_for(User.objects.get(username="analyst"))
    page = analyst.get(reverse("network:compare"), {"indicator": "survivors-supported"})
    text = page.content.decode()
    assert page.status_code == 200
    for country in ["AT", "BG", "IE", "GB"]:
        assert f'<th scope="row">{country}</th>' in text
    bulgaria = analyst.get(reverse("network:members"), {"country": "BG"}).content.decode()
    assert "Vitosha Family Support" in bulgaria and "Iskar Women" in bulgaria
    assert "Danube" not in bulgaria

    barometer = analyst.get(reverse("network:barometer"))
    text = barometer.content.decode()
    assert barometer.status_code == 200
    assert "Riverton" in text and "Kilrush" in text and "Reported prevalence" in text
    assert "between 1 and" in text or "between 2 and" in text  # a small town's rank range
