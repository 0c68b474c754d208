"""An example roster file in the documented column set: the page's "example file" download, the
docs, the simulator test and the import benchmark all use it."""

from __future__ import annotations

import csv
import io
import random
from datetime import date

from integrations.roster_parse import COLUMNS

FIRST = ("Ada", "Bea", "Cleo", "Dara", "Eve", "Fay", "Gia", "Hana", "Iris", "Jun", "Kai", "Lia", "Mae", "Noa")
LAST = (
    "Ashby",
    "Brook",
    "Carter",
    "Dunn",
    "Ellis",
    "Frost",
    "Gray",
    "Hale",
    "Irwin",
    "Jones",
    "Khan",
    "Lowe",
)
STYLES = ("Ballet", "Jazz", "Tap", "Contemporary", "Hip hop", "Lyrical")


def roster_sample_records(
    *,
    dancers: int = 12,
    guardians: int = 6,
    classes: int = 3,
    staff: int = 2,
    year: int | None = None,
    seed: int = 7,
) -> list[dict[str, str]]:
    """One season, `staff` teachers, guardians with their wards, dancers, classes, one place each."""
    rng = random.Random(seed)
    year = year or date.today().year
    records = [
        {"record_type": "season", "external_id": f"SEA-{year}", "name": f"{year}–{year + 1}"}
        | {"starts_on": f"{year}-09-01", "ends_on": f"{year + 1}-07-15"}
    ]
    for n in range(1, staff + 1):
        records.append(
            {"record_type": "staff", "external_id": f"T{n}", "first_name": rng.choice(FIRST)}
            | {"last_name": rng.choice(LAST), "email": f"teacher{n}@example.test"}
        )
    wards: dict[int, list[str]] = {n: [] for n in range(1, guardians + 1)}
    for n in range(1, dancers + 1):
        if guardians:
            wards[(n - 1) % guardians + 1].append(f"D{n}")
    for n in range(1, guardians + 1):
        records.append(
            {"record_type": "guardian", "external_id": f"G{n}", "first_name": rng.choice(FIRST)}
            | {"last_name": rng.choice(LAST), "email": f"guardian{n}@example.test"}
            | {"dancer_ids": ";".join(wards[n])}
        )
    for n in range(1, dancers + 1):
        born = date(year - rng.randint(7, 17), rng.randint(1, 12), rng.randint(1, 28))
        records.append(
            {"record_type": "dancer", "external_id": f"D{n}", "first_name": rng.choice(FIRST)}
            | {"last_name": f"{rng.choice(LAST)}-{n}", "birth_date": born.isoformat()}
        )
    for n in range(1, classes + 1):
        teacher = f"T{(n - 1) % staff + 1}" if staff else ""
        records.append(
            {"record_type": "class", "external_id": f"C{n}", "name": f"{STYLES[(n - 1) % len(STYLES)]} {n}"}
            | {"season_id": f"SEA-{year}", "teacher_ids": teacher}
        )
    for n in range(1, dancers + 1):
        records.append(
            {
                "record_type": "enrolment",
                "external_id": f"E{n}",
                "class_id": f"C{(n - 1) % max(classes, 1) + 1}",
            }
            | {"dancer_id": f"D{n}"}
        )
    return records


def roster_csv(records: list[dict[str, str]]) -> str:
    out = io.StringIO()
    writer = csv.DictWriter(out, fieldnames=list(COLUMNS), lineterminator="\n")
    writer.writeheader()
    for record in records:
        writer.writerow({name: record.get(name, "") for name in COLUMNS})
    return out.getvalue()
