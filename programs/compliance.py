"""The one place compliance is computed (DOMAIN.md "Compliance"). Pure functions over plain data.

`programs.selectors.compliance_for_dancers` loads the rows (constant queries) and calls `dancer_compliance`
here, so pages, the API, the dashboards and the PDF reports all read the same numbers.

Rules (decisions marked *ours* are documented in docs/programs.md):
- A **session** is a studio-local day on which the dancer logged ≥ 1 set of at least
  ceil(80 %) of the program's exercises, under that assignment.
- Weeks run Monday–Sunday in the studio's time zone.
- **Prescribed** sessions in a week, per assignment: the program's sessions per week prorated by the
  *available* days of that week — days inside the assignment window (start … end or the day it
  was ended), minus the dancer's rest / illness / injury days and the teacher's pause periods:
  `min(available, round_half_up(sessions_per_week × available / 7))` *(ours)*. So a program that
  starts on a Thursday asks 2 of 3 sessions in its first week; one starting on a Sunday asks none.
- Weekly compliance = completed / prescribed, capped at 100 % (completed counts at most the prescribed
  sessions of each assignment). A week with nothing prescribed is not a program week: it is left out
  of the season mean and never breaks a streak.
- Season compliance = mean of the weekly percentages over the *finished* program weeks in the window
  (the week in progress is shown as "this week" but not averaged in, so a Monday never drags it down).
- Streak = consecutive program weeks ≥ 100 %, counted back from the last finished week; the week in
  progress adds one once it is already at 100 % and never breaks the streak while in progress.
- Behind = this week's completed sessions are fewer than the share of the prescribed sessions due by
  the available days already past (`round_half_up(prescribed × past / available)`).
- Logs dated outside an assignment's window (e.g. after it ended) count for nothing.
- A **per-side** exercise is logged one side at a time: a set counts once both its sides are logged
  (`whole_sets`); one side alone is not a set. A log without a side is a whole set (every log from
  before sides were logged).
"""

from __future__ import annotations

import math
from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import date, timedelta

SESSION_SHARE = 0.8  # DOMAIN.md: a session = logs for >= 80 % of the program's exercises
FULL = 100.0


def round_half_up(x: float) -> int:
    return int(math.floor(x + 0.5))


def week_start(day: date) -> date:
    """Monday of the (studio-local) week containing `day`."""
    return day - timedelta(days=day.weekday())


def whole_sets(by_side: Mapping[str, int]) -> int:
    """Sets done from log counts by side ("" = a whole set, "left", "right"): left and right pair up."""
    return by_side.get("", 0) + min(by_side.get("left", 0), by_side.get("right", 0))


def required_exercises(n_exercises: int) -> int:
    """How many distinct exercises make a session: ceil(80 %) of the program, at least one."""
    return max(1, math.ceil(SESSION_SHARE * n_exercises - 1e-9)) if n_exercises else 0


@dataclass(frozen=True)
class AssignmentWindow:
    """What compliance needs from one assignment that applies to one dancer."""

    assignment_id: int
    public_id: str
    program_name: str
    target: str  # "dancer" | "class"
    starts_on: date
    ends_on: date  # effective last day (inclusive): planned end or the day it was ended
    sessions_per_week: int
    n_exercises: int
    paused: bool = False
    ended: bool = False
    pauses: tuple[tuple[date, date | None], ...] = ()  # teacher pause periods, inclusive, open-ended

    def is_paused_on(self, day: date) -> bool:
        return any(start <= day and (end is None or day <= end) for start, end in self.pauses)

    def is_active_on(self, day: date) -> bool:
        return self.starts_on <= day <= self.ends_on and not self.is_paused_on(day)


@dataclass(frozen=True)
class WeekCompliance:
    week_start: date
    completed: int
    prescribed: int
    pct: float | None  # None: nothing prescribed this week (not a program week)
    in_progress: bool = False


@dataclass(frozen=True)
class ThisWeek:
    week_start: date
    completed: int
    prescribed: int
    pct: float | None
    due_by_now: int  # sessions that should be done by today (not counting today)


@dataclass(frozen=True)
class AssignmentSummary:
    public_id: str
    program_name: str
    target: str
    starts_on: date
    ends_on: date
    sessions_per_week: int
    paused: bool


@dataclass(frozen=True)
class DancerCompliance:
    dancer_id: int
    weekly: tuple[WeekCompliance, ...]
    season_pct: float | None
    streak_weeks: int
    this_week: ThisWeek
    behind: bool
    assignments: tuple[AssignmentSummary, ...] = field(default_factory=tuple)

    @property
    def has_program(self) -> bool:
        return bool(self.assignments)


def _pct(completed: int, prescribed: int) -> float | None:
    if prescribed <= 0:
        return None
    return round(min(FULL, 100.0 * completed / prescribed), 1)


def prescribed_for(available: int, sessions_per_week: int) -> int:
    return min(available, round_half_up(sessions_per_week * available / 7))


def dancer_compliance(
    *,
    dancer_id: int,
    windows: list[AssignmentWindow],
    session_counts: Mapping[tuple[int, date], int],
    pause_days: set[date],
    today: date,
    window_start: date | None = None,
) -> DancerCompliance:
    """Weekly, season, streak and this-week compliance of one dancer.

    session_counts: (assignment_id, day) → distinct exercises logged that day under that assignment.
    window_start: first day considered (the season's start); None = from the first assignment.
    """
    windows = [w for w in windows if w.n_exercises > 0 and w.ends_on >= w.starts_on]
    current = week_start(today)
    summaries = tuple(
        AssignmentSummary(
            public_id=w.public_id,
            program_name=w.program_name,
            target=w.target,
            starts_on=w.starts_on,
            ends_on=w.ends_on,
            sessions_per_week=w.sessions_per_week,
            paused=w.paused,
        )
        for w in sorted(windows, key=lambda w: w.starts_on)
        if not w.ended and w.ends_on >= today  # still running (or starting later): what is to do
    )
    if not windows:
        empty = ThisWeek(week_start=current, completed=0, prescribed=0, pct=None, due_by_now=0)
        return DancerCompliance(dancer_id, (), None, 0, empty, False, summaries)

    first = min(w.starts_on for w in windows)
    if window_start is not None:
        first = max(first, window_start)
    # Per window, once: its active (unpaused) days and its session days inside the window, up to today.
    active: dict[int, set[date]] = {}
    sessions: dict[int, set[date]] = {}
    for w in windows:
        last = min(w.ends_on, week_start(today) + timedelta(days=6))
        span = (w.starts_on + timedelta(days=i) for i in range((last - w.starts_on).days + 1))
        active[w.assignment_id] = {d for d in span if not w.is_paused_on(d)}
        need = required_exercises(w.n_exercises)
        sessions[w.assignment_id] = {
            d
            for (assignment_id, d), n in session_counts.items()
            if assignment_id == w.assignment_id and n >= need and w.starts_on <= d <= min(w.ends_on, today)
        }
    weekly: list[WeekCompliance] = []
    this_week = ThisWeek(week_start=current, completed=0, prescribed=0, pct=None, due_by_now=0)
    monday = week_start(first)
    while monday <= current:
        days = [monday + timedelta(days=i) for i in range(7)]
        if window_start is not None:
            days = [d for d in days if d >= window_start]
        completed = prescribed = due = 0
        for w in windows:
            available = [d for d in days if d in active[w.assignment_id] and d not in pause_days]
            p = prescribed_for(len(available), w.sessions_per_week)
            done = sum(1 for d in days if d in sessions[w.assignment_id])
            prescribed += p
            completed += min(done, p)
            if monday == current and available:
                past = sum(1 for d in available if d < today)
                due += round_half_up(p * past / len(available))
        in_progress = monday == current
        weekly.append(WeekCompliance(monday, completed, prescribed, _pct(completed, prescribed), in_progress))
        if in_progress:
            this_week = ThisWeek(monday, completed, prescribed, _pct(completed, prescribed), due)
        monday += timedelta(days=7)

    finished = [w for w in weekly if not w.in_progress and w.pct is not None]
    season_pct = round(sum(w.pct for w in finished) / len(finished), 1) if finished else None  # type: ignore[misc]
    streak = 1 if this_week.pct is not None and this_week.pct >= FULL else 0
    for week in reversed(finished):
        if week.pct is not None and week.pct >= FULL:
            streak += 1
        else:
            break
    behind = this_week.prescribed > 0 and this_week.completed < this_week.due_by_now
    return DancerCompliance(
        dancer_id=dancer_id,
        weekly=tuple(weekly),
        season_pct=season_pct,
        streak_weeks=streak,
        this_week=this_week,
        behind=behind,
        assignments=summaries,
    )
