"""Time the compliance and referral selectors on a synthetic studio, then roll everything back.

    python manage.py programs_benchmark --dancers 500 --weeks 20

Speed targets live here, not in tests (the CI machine is shared and noisy).
"""

from __future__ import annotations

import random
import time
from datetime import timedelta

from django.core.management.base import BaseCommand
from django.db import connection, reset_queries, transaction

from programs.compliance import week_start
from programs.demo import prescribed_log
from programs.group_compliance import compliance_for_studio
from programs.library import GLUTE_MED_FOUNDATIONS, library_ensure
from programs.models import ExerciseLog, PauseDay, PauseKind, Program
from programs.selectors import compliance_for_dancers, referral_flags_for_dancers
from programs.services import assignment_build
from studios.models import ClassGroup, DancerProfile, Season, Studio


class Rollback(Exception):
    pass


class Command(BaseCommand):
    help = "Benchmark compliance_for_dancers / referral flags on N synthetic dancers (rolled back)."

    def add_arguments(self, parser) -> None:  # noqa: ANN001
        parser.add_argument("--dancers", type=int, default=500)
        parser.add_argument("--weeks", type=int, default=20)
        parser.add_argument("--repeat", type=int, default=3)

    def handle(self, *args: object, dancers: int, weeks: int, repeat: int, **options: object) -> None:
        try:
            with transaction.atomic():
                self._run(dancers, weeks, repeat)
                raise Rollback
        except Rollback:
            pass

    def _run(self, n: int, weeks: int, repeat: int) -> None:
        library_ensure()
        rng = random.Random(7)
        studio = Studio.objects.create(name="Benchmark studio", timezone="Europe/Athens")
        today = studio.today()
        start = week_start(today - timedelta(weeks=weeks))
        season = Season.objects.create(
            studio=studio, name="Bench", starts_on=start, ends_on=start + timedelta(weeks=40)
        )
        group = ClassGroup.objects.create(studio=studio, season=season, name="All")
        people = DancerProfile.objects.bulk_create(
            [
                DancerProfile(studio=studio, first_name=f"D{i}", last_name="Bench", birth_year=2011)
                for i in range(n)
            ]
        )
        group.dancers.add(*people)
        program = Program.objects.get(studio__isnull=True, slug=GLUTE_MED_FOUNDATIONS)
        assignment = assignment_build(
            studio=studio, program=program, class_group=group, starts_on=start, weeks=weeks + 6
        )
        assignment.save()
        items = list(program.items.all())
        logs, pauses = [], []
        for d in people:
            p = rng.uniform(0.3, 1.0)
            day = start
            while day <= today:
                if day.weekday() in (0, 2, 4) and rng.random() < p:
                    for item in items:
                        pain = rng.choice([None] * 8 + [2, 6])
                        key = f"b-{d.pk}-{item.pk}-{day}"
                        logs.append(prescribed_log(assignment, d, item, day, key, pain=pain))
                elif rng.random() < 0.03:
                    pauses.append(PauseDay(studio=studio, dancer=d, date=day, kind=PauseKind.REST))
                day += timedelta(days=1)
        ExerciseLog.objects.bulk_create(logs, batch_size=5000)
        PauseDay.objects.bulk_create(pauses)
        ids = [d.pk for d in people]
        self.stdout.write(f"{n} dancers, {weeks} weeks, {len(logs)} logs, {len(pauses)} pause days")
        for name, fn in (
            ("compliance_for_dancers", lambda: compliance_for_dancers(studio=studio, dancer_ids=ids)),
            ("compliance_for_studio", lambda: compliance_for_studio(studio=studio)),
            ("referral_flags_for_dancers", lambda: referral_flags_for_dancers(studio=studio, dancer_ids=ids)),
        ):
            timings = []
            for _ in range(repeat):
                reset_queries()
                t0 = time.perf_counter()
                with connection.execute_wrapper(lambda execute, *a: execute(*a)):
                    fn()
                timings.append(time.perf_counter() - t0)
            self.stdout.write(f"  {name:<28} best {min(timings) * 1000:7.0f} ms  (of {repeat})")
