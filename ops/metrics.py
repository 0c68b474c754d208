"""Prometheus metrics of the analysis pipeline, read from the Analysis rows at scrape time.

PostgreSQL holds the pipeline's state machine (queued → running → done | failed), so every web
replica reports the same numbers and the task code needs no instrumentation. Three aggregate
queries per scrape, on indexed columns; no per-studio or per-dancer labels (ids of children never
end up in a time-series database).
"""

from __future__ import annotations

from collections.abc import Iterator
from datetime import datetime, timedelta

from django.db.models import Count, DurationField, ExpressionWrapper, F, Min, Q, Sum
from django.utils import timezone
from prometheus_client.core import CounterMetricFamily, GaugeMetricFamily, HistogramMetricFamily
from prometheus_client.registry import Collector

from screenings.models import Analysis, AnalysisState

# Seconds. A 10-20 s phone clip takes 5-25 s of engine time on one core (docs/deploy.md).
DURATION_BUCKETS: tuple[float, ...] = (5, 10, 20, 30, 60, 120, 300)


class AnalysisCollector(Collector):
    """Queue length and age, analysis durations and failures by reason, from the database."""

    def collect(self) -> Iterator[GaugeMetricFamily | CounterMetricFamily | HistogramMetricFamily]:
        now = timezone.now()
        yield from self._queue(now)
        yield self._durations()
        yield self._failures()

    def _queue(self, now: datetime) -> Iterator[GaugeMetricFamily]:
        open_rows = Analysis.objects.filter(state__in=[AnalysisState.QUEUED, AnalysisState.RUNNING])
        per_state = dict(open_rows.values_list("state").annotate(n=Count("pk")).values_list("state", "n"))
        length = GaugeMetricFamily(
            "studiohealth_analysis_queue_length", "Analyses waiting or running, by state.", labels=["state"]
        )
        for state in (AnalysisState.QUEUED, AnalysisState.RUNNING):
            length.add_metric([str(state)], per_state.get(state, 0))
        yield length
        oldest = open_rows.filter(state=AnalysisState.QUEUED).aggregate(t=Min("queued_at"))["t"]
        age = GaugeMetricFamily(
            "studiohealth_analysis_queue_oldest_age_seconds",
            "Age of the oldest queued analysis (0 when none is waiting).",
        )
        age.add_metric([], max(0.0, (now - oldest).total_seconds()) if oldest else 0.0)
        yield age

    def _durations(self) -> HistogramMetricFamily:
        took = ExpressionWrapper(F("finished_at") - F("started_at"), output_field=DurationField())
        finished = Analysis.objects.filter(
            state__in=[AnalysisState.DONE, AnalysisState.FAILED],
            started_at__isnull=False,
            finished_at__isnull=False,
        ).annotate(took=took)
        buckets = {
            f"le_{i}": Count("pk", filter=Q(took__lte=timedelta(seconds=bound)))
            for i, bound in enumerate(DURATION_BUCKETS)
        }
        row = finished.aggregate(total=Count("pk"), took_sum=Sum("took"), **buckets)
        seconds_sum = row["took_sum"].total_seconds() if row["took_sum"] else 0.0
        histogram = HistogramMetricFamily(
            "studiohealth_analysis_duration_seconds",
            "Engine time of finished analyses (claim to verdict), all time.",
        )
        histogram.add_metric(
            [],
            [(str(float(b)), row[f"le_{i}"]) for i, b in enumerate(DURATION_BUCKETS)]
            + [("+Inf", row["total"])],
            sum_value=seconds_sum,
        )
        return histogram

    def _failures(self) -> CounterMetricFamily:
        failures = CounterMetricFamily(
            "studiohealth_analysis_failures",
            "Failed analyses by reason code (quality-gate refusals and faults), all time.",
            labels=["reason"],
        )
        rows = (
            Analysis.objects.filter(state=AnalysisState.FAILED)
            .values_list("reason")
            .annotate(n=Count("pk"))
            .values_list("reason", "n")
        )
        for reason, n in rows.order_by("reason"):
            failures.add_metric([reason or "unknown"], n)
        return failures
