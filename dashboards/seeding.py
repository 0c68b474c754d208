"""Bulk synthetic dashboard data (screenings with analysed results, a class program, logs) for the
query-count tests, the browser tests and benchmarks/dashboard.py. Rows are written with bulk_create
so 500 dancers × 6 screenings × 20 weeks of logs seed in seconds.

Results follow the engine's result contract (workers/result.py) with engine_version "synthetic",
so they never pass for a real measurement.
"""

from __future__ import annotations

import random
from dataclasses import dataclass, field
from datetime import date, timedelta

from programs.demo import prescribed_log
from programs.models import Assignment, Exercise, ExerciseLog, Program, ProgramExercise
from programs.services import assignment_build
from screenings.models import Analysis, AnalysisState, Clip, Screening, TestType
from studios.models import ClassGroup, DancerProfile, Season, Studio

SYNTHETIC_ENGINE = "synthetic"
KNEE_SEM, DROP_SEM = 2.5, 1.5


def knee_band(value: float) -> str:
    return "aligned" if value >= 0 else ("watch" if value >= -5 else "concern")


def drop_band(value: float) -> str:
    return "level" if value < 2 else ("watch" if value <= 5 else "concern")


def plie_json(left: float, right: float, sem: float = KNEE_SEM) -> dict:
    return {
        "status": "ok",
        "reason": "",
        "message": "",
        "metrics": {
            "knee_toe_offset_pct": {
                "left": {"value": left, "sem": sem},
                "right": {"value": right, "sem": sem},
            },
            "band": {"left": knee_band(left), "right": knee_band(right)},
            "depth_pct": {"value": 18.0, "sem": 2.5},
            "symmetry_pct": {"value": round(left - right, 2), "sem": 3.5},
            "fppa_deg": {"left": {"value": 4.0, "sem": 3.0}, "right": {"value": 5.0, "sem": 3.0}},
        },
    }


def stance_json(left: float, right: float, sem: float = DROP_SEM, lean: float = 2.0) -> dict:
    def side(leg: str, drop: float) -> dict:
        return {
            "stance_leg": leg,
            "pelvic_drop_deg_median": {"value": drop, "sem": sem},
            "pelvic_drop_deg_p95": {"value": drop + 1.5, "sem": sem},
            "trunk_lean_deg": {"value": lean, "sem": 1.5},
            "compensating": lean > 5,
            "stance_fppa_deg": {"value": 6.0, "sem": 3.0},
            "hold_s": {"value": 8.0, "sem": 0.3},
            "touchdowns": 0,
            "band": drop_band(drop),
        }

    return {
        "status": "ok",
        "reason": "",
        "message": "",
        "metrics": {"sides": [side("left", left), side("right", right)], "baseline": True},
    }


@dataclass
class Seeded:
    dancers: list[DancerProfile]
    program: Program | None = None
    assignment: Assignment | None = None
    screening_dates: list[date] = field(default_factory=list)


def add_screening(
    *,
    studio: Studio,
    season: Season,
    dancer: DancerProfile,
    on: date,
    plie: dict | None = None,
    stance: dict | None = None,
    state: str = AnalysisState.DONE,
) -> Screening:
    """One screening day with a plié and/or stance clip and its finished analysis."""
    screening = Screening.objects.create(studio=studio, dancer=dancer, season=season, date=on)
    for test, result in ((TestType.PLIE, plie), (TestType.STANCE, stance)):
        if result is None:
            continue
        clip = Clip.objects.create(studio=studio, screening=screening, dancer=dancer, test=test)
        Analysis.objects.create(
            studio=studio,
            clip=clip,
            dancer=dancer,
            test=test,
            engine_version=SYNTHETIC_ENGINE,
            state=state,
            result=result if state == AnalysisState.DONE else None,
            reason="" if state == AnalysisState.DONE else "feet_not_visible",
            message=""
            if state == AnalysisState.DONE
            else "Film the whole body, feet included, and try again.",
        )
    return screening


def make_program(
    *, studio: Studio, exercises: int = 3, sessions_per_week: int = 3, name: str = "Glute med"
) -> Program:
    program = Program.objects.create(studio=studio, name=name, sessions_per_week=sessions_per_week, weeks=20)
    for i in range(exercises):
        exercise = Exercise.objects.create(
            studio=studio,
            slug=f"{program.public_id.hex[:8]}-ex-{i}",
            name=f"Exercise {i + 1}",
            target_muscles="gluteus medius",
            cues="Knee over the second toe.",
            common_faults="Hip hitching.",
            per_side=False,  # one log is one set; the library's per-side exercises are logged by side
        )
        ProgramExercise.objects.create(program=program, exercise=exercise, order=i + 1, sets=2, reps=12)
    return program


def seed_class(
    *,
    studio: Studio,
    season: Season,
    group: ClassGroup,
    n_dancers: int,
    screenings: int = 6,
    weeks: int = 20,
    today: date,
    seed: int = 7,
    exercises: int = 3,
    sessions_per_week: int = 3,
) -> Seeded:
    """n_dancers in `group`, each with `screenings` plié+stance screenings spread over the last
    `weeks` weeks and a class program logged with a per-dancer adherence between 20% and 100%."""
    rng = random.Random(seed)
    dancers = DancerProfile.objects.bulk_create(
        [
            DancerProfile(
                studio=studio,
                first_name=f"Dancer{i:04d}",
                last_name=f"Seed{rng.randrange(10_000):04d}",
                birth_year=today.year - rng.randint(9, 19),
            )
            for i in range(n_dancers)
        ]
    )
    group.dancers.add(*dancers)
    start = today - timedelta(weeks=weeks)
    dates = [
        start + timedelta(days=int(i * (weeks * 7 - 1) / max(screenings - 1, 1))) for i in range(screenings)
    ]
    screening_rows, clip_rows, analysis_rows = [], [], []
    for d in dancers:
        base_knee, base_drop = rng.uniform(-9, 6), rng.uniform(-1, 7)
        for n, on in enumerate(dates):
            s = Screening(studio=studio, dancer=d, season=season, date=on)
            screening_rows.append(s)
            drift = n * rng.uniform(-2.0, 3.0)  # some dancers change beyond the SDC, most do not
            for test, result in (
                (TestType.PLIE, plie_json(round(base_knee + drift, 1), round(base_knee + drift - 1.5, 1))),
                (TestType.STANCE, stance_json(round(base_drop - drift / 2, 1), round(base_drop, 1))),
            ):
                clip = Clip(studio=studio, screening=s, dancer=d, test=test)
                clip_rows.append(clip)
                analysis_rows.append(
                    Analysis(
                        studio=studio,
                        clip=clip,
                        dancer=d,
                        test=test,
                        engine_version=SYNTHETIC_ENGINE,
                        state=AnalysisState.DONE,
                        result=result,
                    )
                )
    Screening.objects.bulk_create(screening_rows, batch_size=2000)
    for clip in clip_rows:
        clip.screening_id = clip.screening.pk
    Clip.objects.bulk_create(clip_rows, batch_size=2000)
    for a in analysis_rows:
        a.clip_id = a.clip.pk
    Analysis.objects.bulk_create(analysis_rows, batch_size=2000)

    program = make_program(studio=studio, exercises=exercises, sessions_per_week=sessions_per_week)
    # Running well past today, so every seeded week counts.
    assignment = assignment_build(
        studio=studio,
        program=program,
        class_group=group,
        starts_on=start,
        weeks=weeks + 10,
        sessions_per_week=sessions_per_week,
    )
    assignment.save()
    items = list(program.items.select_related("exercise"))
    logs: list[ExerciseLog] = []
    training_days = (0, 2, 4, 5, 6)[:sessions_per_week]
    for d in dancers:
        adherence = rng.uniform(0.2, 1.0)
        for week in range(weeks):
            for weekday in training_days:
                day = start + timedelta(days=week * 7 + weekday)
                if day > today or rng.random() > adherence:
                    continue
                pain = rng.choice((0, 0, 0, 1, 2, 3))
                logs.extend(
                    prescribed_log(assignment, d, item, day, f"seed-{d.pk}-{day:%Y%m%d}-{item.pk}", pain=pain)
                    for item in items
                )
    ExerciseLog.objects.bulk_create(logs, batch_size=5000)
    return Seeded(dancers=dancers, program=program, assignment=assignment, screening_dates=dates)
