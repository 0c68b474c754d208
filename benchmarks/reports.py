"""Report render times: one dancer's screening report (target <= 1.5 s) and a 200-dancer season report.

    TEST_DATABASE_NAME=bench_reports python benchmarks/reports.py [--dancers 200] [--repeat 7]

Creates a throw-away PostgreSQL database (test settings, DATABASE_URL), seeds it with the tests'
real engine results and key frames (tests/reports/seed.py), times the selectors (data) and the
WeasyPrint render separately, prints a table, and drops the database. Not a test: the CI machine
is shared and noisy, so timings are reported, never asserted.
"""

from __future__ import annotations

import argparse
import os
import statistics
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "studiohealth.settings.test")
os.environ.setdefault("TEST_DATABASE_NAME", "bench_reports")


def timed(fn, repeat: int) -> tuple[list[float], object]:  # noqa: ANN001
    times, out = [], None
    for _ in range(repeat):
        t = time.perf_counter()
        out = fn()
        times.append(time.perf_counter() - t)
    return times, out


def fmt(times: list[float]) -> str:
    return f"median {statistics.median(times):.3f} s  min {min(times):.3f} s  max {max(times):.3f} s  (n={len(times)})"


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--dancers", type=int, default=200)
    parser.add_argument("--classes", type=int, default=8)
    parser.add_argument("--repeat", type=int, default=7)
    parser.add_argument("--season-repeat", type=int, default=3)
    parser.add_argument(
        "--profile", action="store_true", help="cProfile one dancer render, print the top calls"
    )
    args = parser.parse_args()

    import django

    django.setup()
    from django.conf import settings
    from django.db import connection

    settings.MEDIA_ROOT = Path(tempfile.mkdtemp(prefix="bench-reports-media-"))
    logging_quiet()
    test_db = connection.creation.create_test_db(verbosity=0, autoclobber=True, keepdb=False)
    try:
        from reports.models import Paper
        from reports.pdf import REVIEW, dancer_report_pdf, render_pdf, season_report_pdf
        from reports.season import season_report_data
        from reports.selectors import dancer_report_data
        from tests.reports.seed import seed_dancer_history, seed_studio
        from tests.world import build_world

        world = build_world()
        a = world.a
        today = a.studio.today()
        t = time.perf_counter()
        seed_dancer_history(studio=a.studio, season=a.season, dancer=a.dancer, by=a.teacher, today=today)
        seed_studio(
            studio=a.studio,
            season=a.season,
            dancers=args.dancers,
            classes=args.classes,
            today=today,
            by=a.teacher,
        )
        print(f"seeded {args.dancers} dancers in {time.perf_counter() - t:.1f} s (db {test_db})")

        dancer_report_pdf(studio=a.studio, dancer=a.dancer)  # warm-up: imports, fonts, templates
        data_t, data = timed(lambda: dancer_report_data(studio=a.studio, dancer=a.dancer), args.repeat)
        render_t, _ = timed(
            lambda: render_pdf("reports/dancer_report.html", {"r": data, "review": REVIEW}), args.repeat
        )
        from django.core.cache import cache

        def cold() -> object:
            cache.clear()  # key frames decoded and re-encoded again, as on a first download
            return dancer_report_pdf(studio=a.studio, dancer=a.dancer)

        cold_t, _ = timed(cold, args.repeat)
        total_t, rendered = timed(lambda: dancer_report_pdf(studio=a.studio, dancer=a.dancer), args.repeat)
        letter_t, _ = timed(
            lambda: dancer_report_pdf(studio=a.studio, dancer=a.dancer, paper=Paper.LETTER), 3
        )
        print(
            f"\ndancer report ({rendered.pages} pages, {len(rendered.content) / 1024:.0f} KiB, 2 key frames)"
        )
        print(f"  data (selectors)    {fmt(data_t)}")
        print(f"  render (WeasyPrint) {fmt(render_t)}")
        print(f"  total A4, cold      {fmt(cold_t)}   target <= 1.5 s")
        print(f"  total A4, warm      {fmt(total_t)}   (key frames cached)")
        print(f"  total Letter        {fmt(letter_t)}")

        if args.profile:
            import cProfile
            import pstats

            profiler = cProfile.Profile()
            profiler.runcall(lambda: render_pdf("reports/dancer_report.html", {"r": data, "review": REVIEW}))
            pstats.Stats(profiler).sort_stats("tottime").print_stats(25)
            return 0
        sdata_t, sdata = timed(
            lambda: season_report_data(studio=a.studio, season=a.season), args.season_repeat
        )
        srender_t, _ = timed(
            lambda: render_pdf("reports/season_report.html", {"r": sdata, "review": REVIEW}),
            args.season_repeat,
        )
        stotal_t, srendered = timed(
            lambda: season_report_pdf(studio=a.studio, season=a.season), args.season_repeat
        )
        print(
            f"\nseason report ({sdata.dancers} dancers, {len(sdata.classes)} classes, {srendered.pages} pages, "
            f"{len(srendered.content) / 1024:.0f} KiB)"
        )
        print(f"  data (selectors)    {fmt(sdata_t)}")
        print(f"  render (WeasyPrint) {fmt(srender_t)}")
        print(f"  total A4            {fmt(stotal_t)}")
    finally:
        connection.creation.destroy_test_db(test_db, verbosity=0)
    return 0


def logging_quiet() -> None:
    import logging

    logging.getLogger().setLevel(logging.WARNING)


if __name__ == "__main__":
    raise SystemExit(main())
