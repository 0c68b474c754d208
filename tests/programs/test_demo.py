"""The demo seeding: varied compliance, the referral stories, and re-runnable."""

from __future__ import annotations

from datetime import date

import pytest

from programs.demo import seed_programs
from programs.models import ExerciseLog
from programs.selectors import compliance_for_dancers, referral_flags_for_dancers
from studios.demo import seed_people

TODAY = date(2026, 11, 26)


@pytest.mark.django_db
def test_demo_programs_are_varied_and_rerunnable() -> None:
    demo = seed_people(TODAY)
    first = seed_programs(demo, TODAY)
    again = seed_programs(demo, TODAY)
    assert first == again and first.logs == ExerciseLog.objects.filter(studio=demo.studio).count() > 1000
    ids = [d.pk for d in demo.dancers]
    compliance = compliance_for_dancers(studio=demo.studio, dancer_ids=ids, today=TODAY)
    season = sorted(c.season_pct for c in compliance.values())
    assert season[0] < 50 < 85 < season[-1]  # some patchy, some keen
    assert len(compliance[demo.dancers[0].pk].weekly) >= 20
    flags = referral_flags_for_dancers(studio=demo.studio, dancer_ids=ids, today=TODAY)
    codes = {
        demo.dancers.index(next(d for d in demo.dancers if d.pk == pk)): [r.code for r in reasons]
        for pk, reasons in flags.items()
        if reasons
    }
    assert "pain_rising" in codes[3] and "pain_high" in codes[6] and "requested" in codes[7]
