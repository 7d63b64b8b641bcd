"""The demo's safety plans: three women get one, with a history of versions; seeding twice
changes nothing."""

from django.db.models import Count

from accord.demo.locality import seed_demo_locality
from accord.demo.safety import seed_demo_safety_plans
from accord.safety.models import SafetyPlan


def test_the_demo_locality_seeds_three_plans_once(demo_locality) -> None:
    seed_demo_locality()

    plans = SafetyPlan.objects.annotate(items_count=Count("items", distinct=True))
    assert len(plans) == 3
    for plan in plans:
        assert plan.items_count >= 3
        assert plan.versions.count() == plan.version >= 2
        assert plan.case.is_survivor_side
    assert seed_demo_safety_plans() == []
    assert SafetyPlan.objects.count() == 3
