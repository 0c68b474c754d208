"""Seeded report data: real engine results and key frames (from the shared clips), programs, logs.

The current screening is the engine's real output for /work/shared/clips/plie.mp4 and tree_pose.mp4
(fixtures/result_*.json and the key-frame PNGs the engine drew). The earlier screening is the same
result with the knee values moved inwards, so the report has a real "previous" to compare with.
"""

from __future__ import annotations

import copy
import json
import random
from dataclasses import dataclass
from datetime import date, timedelta
from pathlib import Path
from typing import Any

from django.core.files.base import ContentFile
from django.utils import timezone

from programs.library import library_ensure
from programs.models import Assignment, DoseOverride, Exercise, ExerciseLog, Program, ReferralRequest
from screenings.models import Analysis, AnalysisState, Clip, Screening
from studios.models import ClassGroup, DancerProfile, Season, Studio, User

FIXTURES = Path(__file__).resolve().parent / "fixtures"
PROGRAM_SLUG = "glute-med-foundations-6w"


def fixture_result(test: str) -> dict[str, Any]:
    return json.loads((FIXTURES / f"result_{test}.json").read_text())


def fixture_keyframe(test: str) -> bytes:
    return (FIXTURES / f"keyframe_{test}.png").read_bytes()


def add_analysis(
    *,
    studio: Studio,
    dancer: DancerProfile,
    season: Season,
    on: date,
    test: str,
    result: dict[str, Any],
    keyframe: bytes | None,
    screening: Screening | None = None,
    by: User | None = None,
) -> Analysis:
    screening = screening or Screening.objects.create(
        studio=studio, dancer=dancer, season=season, date=on, filmed_by=by
    )
    clip = Clip.objects.create(studio=studio, screening=screening, dancer=dancer, test=test, uploaded_by=by)
    analysis = Analysis(
        studio=studio,
        clip=clip,
        dancer=dancer,
        test=test,
        engine_version=str(result.get("engine_version", "1.0.0")),
        state=AnalysisState.DONE if result["status"] == "ok" else AnalysisState.FAILED,
        result=result,
        reason=result.get("reason") or "",
        message=result.get("message") or "",
        finished_at=timezone.now(),
    )
    if keyframe is not None:
        analysis.keyframe.save("k.png", ContentFile(keyframe), save=False)
    analysis.save()
    return analysis


def shifted_plie(left: float, right: float) -> dict[str, Any]:
    """The real plié result with other knee offsets (and their bands, by DOMAIN.md's rule)."""
    result = copy.deepcopy(fixture_result("plie"))
    metrics = result["metrics"]

    def band(v: float) -> str:
        return "aligned" if v >= 0 else "watch" if v >= -5 else "concern"

    metrics["knee_toe_offset_pct"]["left"]["value"] = left
    metrics["knee_toe_offset_pct"]["right"]["value"] = right
    metrics["symmetry_pct"]["value"] = round(left - right, 2)
    metrics["band"] = {"left": band(left), "right": band(right)}
    return result


def shifted_stance(drop: float) -> dict[str, Any]:
    result = copy.deepcopy(fixture_result("stance"))
    side = result["metrics"]["sides"][0]
    side["pelvic_drop_deg_median"]["value"] = drop
    side["band"] = "level" if drop < 2 else "watch" if drop <= 5 else "concern"
    return result


@dataclass
class DancerHistory:
    previous_on: date
    current_on: date
    plie: Analysis
    stance: Analysis
    assignment: Assignment


def seed_dancer_history(
    *, studio: Studio, season: Season, dancer: DancerProfile, by: User, today: date
) -> DancerHistory:
    """Two screenings six weeks apart, a program with a dose override, sessions, pain and a request."""
    previous_on, current_on = today - timedelta(days=42), today - timedelta(days=3)
    prev = add_analysis(
        studio=studio, dancer=dancer, season=season, on=previous_on, test="plie",
        result=shifted_plie(-6.2, -1.0), keyframe=fixture_keyframe("plie"), by=by,
    )  # fmt: skip
    add_analysis(
        studio=studio, dancer=dancer, season=season, on=previous_on, test="stance",
        result=shifted_stance(6.1), keyframe=fixture_keyframe("stance"), screening=prev.clip.screening, by=by,
    )  # fmt: skip
    plie = add_analysis(
        studio=studio, dancer=dancer, season=season, on=current_on, test="plie",
        result=fixture_result("plie"), keyframe=fixture_keyframe("plie"), by=by,
    )  # fmt: skip
    stance = add_analysis(
        studio=studio, dancer=dancer, season=season, on=current_on, test="stance",
        result=fixture_result("stance"), keyframe=fixture_keyframe("stance"),
        screening=plie.clip.screening, by=by,
    )  # fmt: skip
    program = seeded_program()
    assignment = Assignment.objects.create(
        studio=studio,
        program=program,
        dancer=dancer,
        starts_on=today - timedelta(days=35),
        ends_on=today - timedelta(days=35) + timedelta(weeks=program.weeks, days=-1),
        sessions_per_week=3,
        assigned_by=by,
        reason="Knee inside the big toe in plié",
    )
    first = program.items.order_by("order").first()
    DoseOverride.objects.create(
        studio=studio, assignment=assignment, dancer=dancer, exercise=first.exercise, sets=2, reps=10
    )
    items = list(program.items.order_by("order"))
    # Three sessions a week for the first weeks, then fewer: compliance somewhere in the middle.
    days = {assignment.starts_on + timedelta(days=d) for d in (0, 2, 4, 7, 9, 11, 14, 16, 28)}
    # Pain 6/10 on two days of one week, two weeks ago: the "pain >= 5 on 2 days" referral rule.
    monday = today - timedelta(days=today.weekday() + 14)
    painful = {monday + timedelta(days=1), monday + timedelta(days=3)}
    for day in sorted(d for d in days | painful if assignment.starts_on <= d < today):
        for item in items:
            ExerciseLog.objects.create(
                studio=studio, dancer=dancer, assignment=assignment, exercise=item.exercise, date=day,
                reps=item.reps, hold_s=item.hold_s, pain=6 if day in painful else 1, effort=5,
                idempotency_key=f"seed-{day.isoformat()}-{item.pk}",
            )  # fmt: skip
    ReferralRequest.objects.create(
        studio=studio, dancer=dancer, requested_by=by, note="Knee aches after class"
    )
    return DancerHistory(previous_on, current_on, plie, stance, assignment)


def seed_studio(
    *, studio: Studio, season: Season, dancers: int, classes: int, today: date, by: User, seed: int = 7
) -> list[DancerProfile]:
    """A whole studio for the season report: `dancers` dancers over `classes` classes, each screened
    once or twice with the real results moved by a seeded random offset, half with a class program."""
    rng = random.Random(seed)
    program = seeded_program()
    exercises = list(program.items.order_by("order").values_list("exercise_id", flat=True))
    groups = [
        ClassGroup.objects.create(studio=studio, season=season, name=f"Ballet {i + 1}")
        for i in range(classes)
    ]
    for g in groups:
        g.teachers.add(by)
    created: list[DancerProfile] = []
    span = max((min(today, season.ends_on) - season.starts_on).days, 1)
    keyframe_plie, keyframe_stance = fixture_keyframe("plie"), fixture_keyframe("stance")
    for i in range(dancers):
        d = DancerProfile.objects.create(
            studio=studio, first_name=f"Dancer{i:03d}", last_name=rng.choice(["Ames", "Berg", "Cole", "Diaz"]),
            birth_year=rng.randint(2008, 2016),
        )  # fmt: skip
        created.append(d)
        group = groups[i % classes]
        group.dancers.add(d)
        if rng.random() < 0.1:
            continue  # not screened yet
        for k in range(rng.choice([1, 2])):
            on = season.starts_on + timedelta(days=rng.randint(0, span - 1) if k == 0 else span - 1)
            left, right = rng.uniform(-9, 9), rng.uniform(-9, 9)
            first = add_analysis(
                studio=studio, dancer=d, season=season, on=on, test="plie",
                result=shifted_plie(round(left, 2), round(right, 2)), keyframe=keyframe_plie if k else None,
            )  # fmt: skip
            add_analysis(
                studio=studio, dancer=d, season=season, on=on, test="stance",
                result=shifted_stance(round(rng.uniform(-3, 8), 2)), keyframe=keyframe_stance if k else None,
                screening=first.clip.screening,
            )  # fmt: skip
    for n, group in enumerate(groups[: classes // 2]):
        starts = max(season.starts_on, today - timedelta(days=42))
        assignment = Assignment.objects.create(
            studio=studio, program=program, class_group=group, starts_on=starts,
            ends_on=starts + timedelta(weeks=8), sessions_per_week=3, assigned_by=by,
        )  # fmt: skip
        logs = []
        for d in group.dancers.all():
            rate = rng.random()
            for day_n in range((today - starts).days):
                day = starts + timedelta(days=day_n)
                if day.weekday() in (0, 2, 4) and rng.random() < rate:
                    logs.extend(
                        ExerciseLog(
                            studio=studio,
                            dancer=d,
                            assignment=assignment,
                            exercise_id=ex,
                            date=day,
                            reps=12,
                            pain=rng.choice([0, 1, 2, 6]) if n == 0 else 0,
                            idempotency_key=f"s-{d.pk}-{day.isoformat()}-{ex}",
                        )  # fmt: skip
                        for ex in exercises
                    )
        ExerciseLog.objects.bulk_create(logs)
    return created


def seeded_program() -> Program:
    """The seeded global template. A transactional test's flush empties the data migration's rows,
    so make sure the library is there first."""
    library_ensure()
    return Program.objects.get(studio__isnull=True, slug=PROGRAM_SLUG)


def seeded_exercise_names() -> list[str]:
    program = seeded_program()
    return [Exercise.objects.get(pk=pk).name for pk in program.items.values_list("exercise_id", flat=True)]
