"""Slugs of the seeded global library (data in migrations/0004_seed_library.py)."""

from __future__ import annotations

GLUTE_MED_FOUNDATIONS = "glute-med-foundations-6w"
HIP_ER_PLIE_CONTROL = "hip-er-plie-control-8w"
TEMPLATE_SLUGS = (GLUTE_MED_FOUNDATIONS, HIP_ER_PLIE_CONTROL)

EXERCISE_SLUGS = (
    "clamshell",
    "side-lying-hip-abduction",
    "glute-bridge",
    "single-leg-bridge",
    "lateral-band-walk",
    "standing-banded-hip-abduction",
    "side-plank-hip-abduction",
    "fire-hydrant",
    "single-leg-mini-squat-mirror",
    "single-leg-balance-passe",
    "technique-plie-second-toe",
)
