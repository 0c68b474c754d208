"""Demo screenings: a season of seeded results for the 12 demo dancers, plus REAL engine runs.

Seeded rows are stored with engine_version "demo-seed" and a quality note saying so, so nobody can
mistake them for measurements. The real runs go through the same claim/complete services as the
worker: the bundled Pose2Sim clip (demo_media/, BSD-3-Clause), the bundled computer-generated
one-leg stance clip (Apache-2.0; named and shown as synthetic, so the demo has one measured result
without ../shared) and, when ../shared/clips exists beside the repo, plie.mp4 and tree_pose.mp4
read from there (never copied into the repo).
"""

from __future__ import annotations

import logging
import random
from datetime import date, datetime, timedelta
from pathlib import Path
from typing import Any

from django.core.files import File
from django.db import transaction
from django.utils import timezone

from screenings import services
from screenings.models import Analysis, AnalysisState, Clip, Screening, TestType
from screenings.selectors import DEMO_ENGINE_VERSION, SYNTHETIC_MARK
from studios.demo import DemoStudio
from workers.plie import band as plie_band
from workers.result import ENGINE_VERSION, FPPA_NOTE, UNITS, measured
from workers.stance import band as stance_band
from workers.stance import fppa_band

log = logging.getLogger(__name__)

REPO_ROOT = Path(__file__).resolve().parent.parent
DEMO_MEDIA = REPO_ROOT / "demo_media"
SHARED_CLIPS = REPO_ROOT.parent / "shared" / "clips"
SEEDED_NOTE = "seeded demo data: invented values for the demo, not a measurement of a real clip"
SYNTHETIC_CLIP = "cg_one_leg_stance_apache.mp4"  # demo_media/, Apache-2.0, a rendered figure
SCREENING_WEEKS = (2, 9, 17)  # three screening days spread over the season so far


def _plie_metrics(rng: random.Random, base: float, gain: float) -> dict[str, Any]:
    left = base + gain + rng.gauss(0, 1.2)
    right = base + gain + rng.uniform(-3, 3)
    depth = rng.uniform(22, 45)
    # Engine 1.2 shape: the offset at 30 % depth when the plié got that deep; no plié FPPA.
    matched = (
        {
            s: measured(v - rng.uniform(0.5, 2.5), "knee_toe_offset_pct")
            for s, v in (("left", left), ("right", right))
        }
        if depth >= 30
        else None
    )
    return {
        "reps": [],
        "rep_count": rng.randint(2, 4),
        "knee_toe_offset_pct": {
            "left": measured(left, "knee_toe_offset_pct"),
            "right": measured(right, "knee_toe_offset_pct"),
        },
        "matched_depth_pct": 30.0,
        "knee_toe_offset_matched_pct": matched,
        "depth_pct": measured(depth, "depth_pct"),
        "symmetry_pct": measured(left - right, "symmetry_pct"),
        "band": {"left": plie_band(round(left, 2)), "right": plie_band(round(right, 2))},
        "fppa_deg": None,
        "fppa_note": FPPA_NOTE,
    }


def _stance_metrics(rng: random.Random, drop: float, gain: float) -> dict[str, Any]:
    sides = []
    for leg in ("left", "right"):
        median = max(-1.0, drop - gain + rng.gauss(0, 0.8))
        lean = max(0.0, rng.gauss(3.0, 2.0))
        fppa = rng.uniform(4, 18)
        sides.append(
            {
                "stance_leg": leg,
                "raised_leg": "right" if leg == "left" else "left",
                "pelvic_drop_deg_median": measured(median, "pelvic_drop_deg"),
                "pelvic_drop_deg_p95": measured(median + rng.uniform(1.5, 3.0), "pelvic_drop_deg"),
                "trunk_lean_deg": measured(lean, "trunk_lean_deg"),
                "compensating": bool(round(lean, 2) > 5),
                "stance_fppa_deg": measured(fppa, "fppa_deg"),
                "hold_s": measured(rng.uniform(3.5, 10), "hold_s"),
                "touchdowns": rng.choice([0, 0, 0, 1, 2]),
                "band": stance_band(round(median, 2)),
                "fppa_band": fppa_band(round(fppa, 2)),
            }
        )
    return {"sides": sides, "baseline": True}


def _seeded_result(test: str, metrics: dict[str, Any]) -> dict[str, Any]:
    return {
        "schema_version": 1,
        "engine_version": DEMO_ENGINE_VERSION,
        "test": test,
        "status": "ok",
        "reason": None,
        "message": "Seeded demo result. A screening aid, not a diagnosis.",
        "quality": {"notes": [SEEDED_NOTE], "seeded": True},
        "metrics": metrics,
        "units": UNITS,
    }


def _seed_dancer(demo: DemoStudio, index: int, dancer: Any, today: date) -> None:
    rng = random.Random(1000 + index)  # same demo every time
    plie_base = rng.uniform(-8, 5)
    drop_base = rng.uniform(0.5, 6.5)
    for n, weeks in enumerate(SCREENING_WEEKS):
        on = demo.season.starts_on + timedelta(weeks=weeks, days=index % 5)
        if on > today:
            break
        screening = Screening.objects.create(
            studio=demo.studio, dancer=dancer, season=demo.season, date=on, filmed_by=demo.teachers[0],
            notes="Demo screening (seeded).",
        )  # fmt: skip
        improving = index % 4 != 3  # most dancers improve with the program; a few do not
        gain = n * rng.uniform(0.8, 2.0) if improving else -n * 0.5
        for test, metrics in (
            (TestType.PLIE, _plie_metrics(rng, plie_base, gain)),
            (TestType.STANCE, _stance_metrics(rng, drop_base, gain * 0.8)),
        ):
            clip = Clip.objects.create(
                studio=demo.studio, screening=screening, dancer=dancer, test=test,
                original_name="demo-seed (no video)", uploaded_by=demo.teachers[0],
                retention_until=on + timedelta(days=demo.studio.clip_retention_days),
            )  # fmt: skip
            stamp = timezone.make_aware(datetime.combine(on, datetime.min.time()))
            Analysis.objects.create(
                studio=demo.studio, clip=clip, dancer=dancer, test=test, engine_version=DEMO_ENGINE_VERSION,
                state=AnalysisState.DONE, attempts=1, progress=100, queued_at=stamp, started_at=stamp,
                finished_at=stamp, result=_seeded_result(test, metrics), message="Seeded demo result.",
            )  # fmt: skip


def _real_run(
    demo: DemoStudio,
    dancer: Any,
    path: Path,
    test: str,
    *,
    bundle: bool,
    today: date,
    synthetic: bool = False,
) -> Analysis:
    """One real engine run through the pipeline's services (claim → engine → complete)."""
    from workers.engine import analyse

    screening = Screening.objects.filter(studio=demo.studio, dancer=dancer, date=today).first() or (
        Screening.objects.create(
            studio=demo.studio, dancer=dancer, season=demo.season, date=today, filmed_by=demo.teachers[0]
        )
    )
    clip = Clip(
        studio=demo.studio, screening=screening, dancer=dancer, test=test, container="mp4",
        original_name=f"{path.name}{SYNTHETIC_MARK if synthetic else ''}" if bundle else f"{path.name}{SHARED_MARK}",
        uploaded_by=demo.teachers[0], retention_until=today + timedelta(days=demo.studio.clip_retention_days),
    )  # fmt: skip
    if bundle:
        with path.open("rb") as fh:
            clip.file.save(path.name, File(fh), save=False)
    clip.save()
    token = services.new_lease_token()
    analysis = Analysis.objects.create(
        studio=demo.studio, clip=clip, dancer=dancer, test=test, engine_version=ENGINE_VERSION,
        state=AnalysisState.RUNNING, attempts=1, claimed_by=token, queued_at=timezone.now(),
        started_at=timezone.now(), lease_expires_at=timezone.now() + timedelta(hours=1),
    )  # fmt: skip
    output = analyse(path, test=test, mirrored=False)
    services.analysis_complete(
        analysis_id=analysis.pk, token=token, result=output.result, keyframe=output.keyframe_jpeg
    )
    analysis.refresh_from_db()
    log.info("demo engine run %s/%s: %s %s", path.name, test, analysis.state, analysis.reason)
    return analysis


SHARED_MARK = " (read from ../shared/clips, not stored)"


def reanalyse_shared_clips(*, studio: Any, engine_version: str) -> list[Analysis]:
    """New analyses, with the engine in this process, for the studio's demo clips read from
    ../shared/clips (no stored file, so no worker can re-run them). Earlier versions' rows stay."""
    if engine_version != ENGINE_VERSION:
        return []  # only the engine in this process can run, and it is the current version
    from workers.engine import analyse

    done: list[Analysis] = []
    clips = Clip.objects.filter(studio=studio, file="", original_name__endswith=SHARED_MARK)
    for clip in clips.exclude(analyses__engine_version=engine_version).select_related("dancer"):
        path = SHARED_CLIPS / clip.original_name.removesuffix(SHARED_MARK)
        if not path.is_file():
            continue
        token = services.new_lease_token()
        analysis = Analysis.objects.create(
            studio=studio, clip=clip, dancer=clip.dancer, test=clip.test, engine_version=engine_version,
            state=AnalysisState.RUNNING, attempts=1, claimed_by=token, queued_at=timezone.now(),
            started_at=timezone.now(), lease_expires_at=timezone.now() + timedelta(hours=1),
        )  # fmt: skip
        output = analyse(path, test=clip.test, mirrored=clip.mirrored)
        services.analysis_complete(
            analysis_id=analysis.pk, token=token, result=output.result, keyframe=output.keyframe_jpeg
        )
        analysis.refresh_from_db()
        done.append(analysis)
    return done


def seed_screenings(demo: DemoStudio, today: date) -> list[Analysis]:
    """Seed the season (idempotent) and run the engine for real; returns the real analyses."""
    if not Analysis.objects.filter(studio=demo.studio, engine_version=DEMO_ENGINE_VERSION).exists():
        with transaction.atomic():
            for index, dancer in enumerate(demo.dancers):
                _seed_dancer(demo, index, dancer, today)
    runs: list[Analysis] = []
    if Analysis.objects.filter(studio=demo.studio).exclude(engine_version=DEMO_ENGINE_VERSION).exists():
        return runs  # real runs already done on an earlier seed
    first = demo.dancers[0]
    bundled = DEMO_MEDIA / "pose2sim_two_people_cam01.mp4"
    if bundled.is_file():
        runs.append(_real_run(demo, first, bundled, TestType.PLIE, bundle=True, today=today))
    if (DEMO_MEDIA / SYNTHETIC_CLIP).is_file():
        runs.append(
            _real_run(
                demo,
                first,
                DEMO_MEDIA / SYNTHETIC_CLIP,
                TestType.STANCE,
                bundle=True,
                today=today,
                synthetic=True,
            )
        )
    for name, test in (("plie.mp4", TestType.PLIE), ("tree_pose.mp4", TestType.STANCE)):
        if (SHARED_CLIPS / name).is_file():
            runs.append(_real_run(demo, first, SHARED_CLIPS / name, test, bundle=False, today=today))
    return runs
