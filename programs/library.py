"""The seeded global library: every exercise in DOMAIN.md and the two ready templates.

Dose: Khayambashi 2012 and Ferber 2015 — 3 sessions a week for 6–8 weeks, 2–3 sets of 10–15 reps
(holds 20–30 s); progress resistance when 3 × 15 is easy.

`library_seed(apps)` is idempotent (update_or_create by slug). Migration 0004 calls it; a change to
the data below needs a new data migration calling it again. Tests call `library_ensure()` because
a transactional test's flush empties every table, seeded rows included.
"""

from __future__ import annotations

from typing import Any, TypedDict

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

PROGRESS = "Progress when 3 × 15 (or 3 × 30 s) feels easy with good form: "

EXERCISES = [
    {
        "slug": "clamshell",
        "name": "Clamshell",
        "target_muscles": "Gluteus medius (posterior fibres), deep hip external rotators (piriformis, obturators, gemelli)",
        "cues": (
            "Lie on your side, hips and knees bent about 45°, heels in line with your spine.\n"
            "Stack the hips straight above each other and keep them still.\n"
            "Keep the heels together and open the top knee only as far as the pelvis stays stacked.\n"
            "Slow: 2 s up, hold 1 s, 2 s down."
        ),
        "common_faults": (
            "Rolling the pelvis backwards to lift the knee higher.\n"
            "Letting the feet come apart.\n"
            "Swinging the knee up with momentum instead of the hip muscles."
        ),
        "equipment": "Mat; mini band above the knees to progress",
        "default_sets": 3,
        "default_reps": 15,
        "per_side": True,
        "progressions": PROGRESS
        + "mini band above the knees → stronger band → 5 s hold at the top → side-plank clamshell.",
    },
    {
        "slug": "side-lying-hip-abduction",
        "name": "Side-lying hip abduction",
        "target_muscles": "Gluteus medius and minimus",
        "cues": (
            "Lie on your side, bottom knee bent for balance, top leg straight in line with your body.\n"
            "Keep the toes pointing forward (not to the ceiling) and lead with the heel.\n"
            "Lift to about 30–40°, slightly behind the body line, then lower slowly over 2 s.\n"
            "Keep the waist long: the hip does not hike towards the ribs."
        ),
        "common_faults": (
            "Turning the toes up to the ceiling (hip flexors take over).\n"
            "Letting the leg drift forward of the body.\n"
            "Rolling the pelvis back or lifting too high."
        ),
        "equipment": "Mat; ankle weight or band around the ankles to progress",
        "default_sets": 3,
        "default_reps": 15,
        "per_side": True,
        "progressions": PROGRESS + "3 s hold at the top → band around the ankles → ankle weight 0.5–2 kg.",
    },
    {
        "slug": "glute-bridge",
        "name": "Glute bridge",
        "target_muscles": "Gluteus maximus, gluteus medius (knee alignment), hamstrings",
        "cues": (
            "Lie on your back, feet hip-width apart, heels under the knees.\n"
            "Breathe out, squeeze the glutes and lift the hips until knees, hips and shoulders form a line.\n"
            "Keep the knees over the second toes (press them gently out if you use a band).\n"
            "Lower one vertebra at a time."
        ),
        "common_faults": (
            "Arching the lower back or flaring the ribs instead of using the glutes.\n"
            "Knees falling inwards.\n"
            "Pushing through the toes (hamstrings cramp)."
        ),
        "equipment": "Mat; mini band above the knees to progress",
        "default_sets": 3,
        "default_reps": 12,
        "per_side": False,
        "progressions": PROGRESS
        + "band above the knees → 3 s hold at the top → bridge march → single-leg bridge.",
    },
    {
        "slug": "single-leg-bridge",
        "name": "Single-leg bridge",
        "target_muscles": "Gluteus maximus, gluteus medius (pelvic stability), hamstrings",
        "cues": (
            "One foot on the floor under the knee, the other knee drawn towards the chest (or leg straight).\n"
            "Lift the hips keeping the pelvis level: imagine a glass of water on each hip bone.\n"
            "Keep the standing knee over the second toe.\n"
            "Lower slowly over 2–3 s."
        ),
        "common_faults": (
            "The pelvis drops or rotates on the unsupported side.\n"
            "The standing knee drifts inwards.\n"
            "Arching the lower back to get higher."
        ),
        "equipment": "Mat; step or bench to progress",
        "default_sets": 3,
        "default_reps": 10,
        "per_side": True,
        "progressions": PROGRESS + "5 s hold at the top → foot on a step → weight on the hips.",
    },
    {
        "slug": "lateral-band-walk",
        "name": "Lateral band walk (monster walk)",
        "target_muscles": "Gluteus medius, upper gluteus maximus",
        "cues": (
            "Band around the knees (ankles or forefoot is harder), feet parallel, hip-width apart.\n"
            "Sit into a small half-squat, trunk upright and still.\n"
            "Step sideways leading with the heel; never let the feet come together, keep the band taut.\n"
            "Knees stay over the second toes. Count steps each way."
        ),
        "common_faults": (
            "Leaning or waddling the trunk from side to side.\n"
            "Knees collapsing inwards.\n"
            "Turning the feet out (use parallel here, not turnout).\n"
            "Standing up tall so the band goes slack."
        ),
        "equipment": "Mini band",
        "default_sets": 3,
        "default_reps": 15,
        "per_side": True,
        "progressions": PROGRESS
        + "band around the ankles → around the forefoot → stronger band → deeper squat, diagonal steps.",
    },
    {
        "slug": "standing-banded-hip-abduction",
        "name": "Standing banded hip abduction",
        "target_muscles": "Gluteus medius of both legs (standing leg holds the pelvis level, working leg moves)",
        "cues": (
            "Band around the ankles; stand tall beside the barre, standing knee soft and over the second toe.\n"
            "Move the working leg out to the side from the hip, toes facing forward.\n"
            "Go only as far as the pelvis stays level; return slowly against the band."
        ),
        "common_faults": (
            "Leaning the trunk away from the working leg.\n"
            "Hiking the hip to lift the leg higher.\n"
            "Turning the working foot out."
        ),
        "equipment": "Mini band; barre",
        "default_sets": 3,
        "default_reps": 15,
        "per_side": True,
        "progressions": PROGRESS + "no hand on the barre → stronger band → standing leg in relevé.",
    },
    {
        "slug": "side-plank-hip-abduction",
        "name": "Side plank with hip abduction",
        "target_muscles": "Gluteus medius (both sides), obliques, quadratus lumborum",
        "cues": (
            "Elbow under the shoulder, body in one line from head to heels (or knees to start).\n"
            "Lift the hips and hold them high.\n"
            "Raise the top leg to hip height without letting the hips sag; keep breathing."
        ),
        "common_faults": (
            "Hips sagging towards the floor.\n"
            "Rolling forwards or backwards.\n"
            "Shrugging into the supporting shoulder."
        ),
        "equipment": "Mat",
        "default_sets": 3,
        "default_reps": None,
        "default_hold_s": 20,
        "per_side": True,
        "progressions": PROGRESS + "side plank on the knees → full side plank 20–30 s → with top-leg lifts.",
    },
    {
        "slug": "fire-hydrant",
        "name": "Fire hydrant",
        "target_muscles": "Gluteus medius and maximus, deep hip external rotators",
        "cues": (
            "On hands and knees: hands under shoulders, knees under hips, spine long.\n"
            "Lift one bent knee out to the side, keeping the 90° knee angle.\n"
            "Keep the pelvis square: do not shift your weight onto the other hip."
        ),
        "common_faults": (
            "Shifting the weight or tilting the pelvis to lift higher.\n"
            "Arching or rounding the back.\n"
            "Rushing the lowering phase."
        ),
        "equipment": "Mat; mini band above the knees to progress",
        "default_sets": 3,
        "default_reps": 12,
        "per_side": True,
        "progressions": PROGRESS + "3 s hold at the top → band above the knees → add a leg extension.",
    },
    {
        "slug": "single-leg-mini-squat-mirror",
        "name": "Single-leg mini-squat at the mirror (knee over the second toe)",
        "target_muscles": "Gluteus medius and maximus, quadriceps; control of hip adduction and inward rotation",
        "cues": (
            "Face the mirror on one leg, fingertips lightly on the barre, foot parallel.\n"
            "Bend slowly (3 s) to a small knee bend, about 30–45°.\n"
            "Watch the kneecap: it stays in line with the second toe all the way down and up.\n"
            "Hips level, trunk upright."
        ),
        "common_faults": (
            "Knee collapsing inwards over or inside the big toe.\n"
            "Pelvis dropping on the free-leg side.\n"
            "Trunk leaning over the standing leg.\n"
            "Going deeper than you can control."
        ),
        "equipment": "Mirror; barre",
        "default_sets": 3,
        "default_reps": 10,
        "per_side": True,
        "progressions": PROGRESS
        + "no hand on the barre → 3 s hold at the bottom → deeper → in your natural turnout.",
    },
    {
        "slug": "single-leg-balance-passe",
        "name": "Single-leg balance in passé / retiré",
        "target_muscles": "Gluteus medius, deep hip external rotators, foot and ankle stabilisers",
        "cues": (
            "Stand on one leg, the other foot in passé / retiré; pull up through the standing leg.\n"
            "Standing knee over the second toe, weight over the whole foot.\n"
            "Keep the hips level: the passé side neither drops nor hikes.\n"
            "Trunk vertical: do not lean towards the standing leg."
        ),
        "common_faults": (
            "Pelvis dropping or hiking on the passé side.\n"
            "Sitting into the standing hip.\n"
            "Rolling in on the standing foot.\n"
            "Leaning the trunk to stay balanced."
        ),
        "equipment": "Barre; mirror",
        "default_sets": 3,
        "default_reps": None,
        "default_hold_s": 30,
        "per_side": True,
        "progressions": PROGRESS
        + "no hand on the barre → eyes closed → relevé → arms through the positions.",
    },
    {
        "slug": "technique-plie-second-toe",
        "name": "Technique cue: plié at the barre, knee over the second toe",
        "target_muscles": "Hip external rotators and gluteus medius (control of the knee line), adductors",
        "cues": (
            "Second position at the barre, in your natural turnout — never forced from the feet.\n"
            "Facing the mirror, imagine a line dropped from the kneecap to the floor.\n"
            "As you bend, the knees travel out so the line lands on the second toe.\n"
            "Keep the weight across the whole foot and rise on the same line."
        ),
        "common_faults": (
            "Forcing turnout from the feet, so the knees fall inside the big toe.\n"
            "Rolling in onto the big toe.\n"
            "Tucking the pelvis under at the bottom."
        ),
        "equipment": "Barre; mirror",
        "default_sets": 2,
        "default_reps": 10,
        "per_side": False,
        "is_technique_cue": True,
        "progressions": "First, fourth and fifth positions → grand plié → centre without the barre → re-film the plié screening.",
    },
]


class Template(TypedDict):
    slug: str
    name: str
    description: str
    weeks: int
    items: list[tuple[str, int, int | None, int | None]]  # exercise slug, sets, reps, hold seconds


TEMPLATES: list[Template] = [
    {
        "slug": "glute-med-foundations-6w",
        "name": "Glute med foundations, 6 weeks",
        "description": (
            "For a pelvis that drops on single-leg stance or a trunk that leans to compensate: "
            "strengthen the hip abductors that keep the pelvis level. 3 sessions a week for 6 weeks "
            "(Khayambashi 2012; Ferber 2015)."
        ),
        "weeks": 6,
        "items": [
            ("clamshell", 3, 15, None),
            ("side-lying-hip-abduction", 3, 15, None),
            ("glute-bridge", 3, 12, None),
            ("lateral-band-walk", 3, 15, None),
            ("side-plank-hip-abduction", 3, None, 20),
            ("single-leg-balance-passe", 3, None, 30),
        ],
    },
    {
        "slug": "hip-er-plie-control-8w",
        "name": "Hip external rotators & plié control, 8 weeks",
        "description": (
            "For knees that travel inside the second toe in plié: hip external rotators and glute med "
            "strength, then knee-over-second-toe control at the mirror and barre. 3 sessions a week "
            "for 8 weeks (Khayambashi 2012; Ferber 2015)."
        ),
        "weeks": 8,
        "items": [
            ("clamshell", 3, 15, None),
            ("fire-hydrant", 3, 12, None),
            ("single-leg-bridge", 3, 10, None),
            ("standing-banded-hip-abduction", 3, 15, None),
            ("single-leg-mini-squat-mirror", 3, 10, None),
            ("technique-plie-second-toe", 2, 10, None),
        ],
    },
]


def library_seed(apps: Any) -> None:
    Exercise = apps.get_model("programs", "Exercise")
    Program = apps.get_model("programs", "Program")
    ProgramExercise = apps.get_model("programs", "ProgramExercise")
    by_slug = {}
    for data in EXERCISES:
        fields = {k: v for k, v in data.items() if k != "slug"}
        exercise, _ = Exercise.objects.update_or_create(studio=None, slug=data["slug"], defaults=fields)
        by_slug[data["slug"]] = exercise
    for template in TEMPLATES:
        program, _ = Program.objects.update_or_create(
            studio=None,
            slug=template["slug"],
            defaults={
                "name": template["name"],
                "description": template["description"],
                "weeks": template["weeks"],
                "sessions_per_week": 3,
            },
        )
        ProgramExercise.objects.filter(program=program).delete()
        for order, (slug, sets, reps, hold_s) in enumerate(template["items"], start=1):
            ProgramExercise.objects.create(
                program=program, exercise=by_slug[slug], order=order, sets=sets, reps=reps, hold_s=hold_s
            )


def library_unseed(apps: Any) -> None:
    Program = apps.get_model("programs", "Program")
    Exercise = apps.get_model("programs", "Exercise")
    Program.objects.filter(studio=None, slug__in=[t["slug"] for t in TEMPLATES]).delete()
    Exercise.objects.filter(studio=None, slug__in=[e["slug"] for e in EXERCISES]).delete()


def library_ensure() -> None:
    """Seed the library if it is missing (after a transactional test's flush)."""
    # Imported here, not at the top: the data migration imports this module and must not load models.
    from django.apps import apps

    from programs.models import Program

    if Program.objects.filter(studio__isnull=True, slug__in=TEMPLATE_SLUGS).count() < len(TEMPLATE_SLUGS):
        library_seed(apps)
