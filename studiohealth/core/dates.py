"""Portable date labels: strftime's "%-d" (day without a leading zero) exists on glibc only."""

from __future__ import annotations

from datetime import date


def day_label(value: date, fmt: str) -> str:
    """`value.strftime(fmt)` where "%-d" is the day of the month without a leading zero, on any platform."""
    return value.strftime(fmt.replace("%-d", str(value.day)))
