"""A studio-software simulator over real HTTP (live server, `requests`, a write API key): syncs 300
dancers / 40 guardians / 12 classes by CSV, then again by the upsert API, renames and archives a
few, re-syncs with no changes (0 changes), looks a class up by its own id and PATCHes it, and runs
a signature-checking webhook receiver that sees `dancer.archived` when that event exists."""

from __future__ import annotations

from typing import Any

import pytest
import requests
from django.core import mail

from integrations.roster_parse import RECORD_TYPES
from integrations.roster_sample import roster_csv, roster_sample_records
from integrations.services import api_key_create
from integrations.webhook_models import EVENTS
from studios.external_models import Contact
from studios.models import ClassGroup, DancerProfile
from studios.policies import actor_for
from tests.integrations.test_webhooks import receiver
from tests.world import World

SIZES = {"dancers": 300, "guardians": 40, "classes": 12, "staff": 4}
PLURAL = {"season": "seasons", "staff": "staff", "guardian": "guardians", "dancer": "dancers"}
PLURAL |= {"class": "classes", "enrolment": "enrolments"}


class Simulator:
    """The partner's side: its own records, a key, and plain HTTP calls."""

    def __init__(self, base: str, key: str) -> None:
        self.base = base
        self.http = requests.Session()
        self.http.headers["Authorization"] = f"Api-Key {key}"

    def upload(self, content: str, **form: str) -> dict[str, Any]:
        files = {"file": ("roster.csv", content.encode(), "text/csv")}
        response = self.http.post(
            f"{self.base}/roster-imports/", files=files, data={"source": "csv", **form}, timeout=60
        )
        assert response.status_code == 201, response.text
        return response.json()

    def apply(self, import_id: str) -> dict[str, Any]:
        response = self.http.post(f"{self.base}/roster-imports/{import_id}/apply/", timeout=120)
        assert response.status_code == 200, response.text
        return response.json()

    def put(self, source: str, record: dict[str, str]) -> tuple[int, str]:
        values = {k: v for k, v in record.items() if k not in ("record_type", "external_id")}
        url = f"{self.base}/{PLURAL[record['record_type']]}/by-external-id/{source}/{record['external_id']}/"
        response = self.http.put(url, json=values, timeout=30)
        assert response.status_code in (200, 201), (url, response.text)
        return response.status_code, response.json()["action"]

    def put_all(self, source: str, records: list[dict[str, str]]) -> dict[str, int]:
        actions: dict[str, int] = {}
        # In dependency order, as the roster sync expects: a record names only earlier types.
        for record in sorted(records, key=lambda r: RECORD_TYPES.index(r["record_type"])):
            _, action = self.put(source, record)
            actions[action] = actions.get(action, 0) + 1
        return actions


@pytest.mark.slow
def test_studio_software_syncs_by_csv_and_by_upsert_api(live_world: World, live_server) -> None:  # noqa: ANN001
    studio = live_world.a.studio
    director = actor_for(user=live_world.a.director, studio=studio)
    assert director is not None
    _, key = api_key_create(studio=studio, actor=director, name="Simulator", scope="write")
    sim = Simulator(f"{live_server.url}/api/studios/{studio.public_id}", key)
    records = roster_sample_records(**SIZES)

    with receiver() as (hook, hook_url):
        archived_event = "dancer.archived" in EVENTS  # the event may not be registered yet
        if archived_event:
            created = sim.http.post(
                f"{sim.base}/webhooks/", json={"url": hook_url, "events": ["dancer.archived"]}, timeout=30
            )
            assert created.status_code == 201, created.text
            hook.secret = created.json()["secret"]

        # 1. By CSV: the dry run changes nothing, the apply creates everything, invitations go out.
        mail.outbox.clear()
        dry = sim.upload(roster_csv(records))
        assert dry["report"]["counts"]["create"] == len(records) and dry["report"]["counts"]["error"] == 0
        assert not DancerProfile.objects.filter(studio=studio, source="csv").exists()
        applied = sim.apply(dry["id"])
        assert applied["state"] == "applied"
        assert DancerProfile.objects.filter(studio=studio, source="csv", archived_at=None).count() == 300
        assert Contact.objects.filter(studio=studio, source="csv", kind="guardian").count() == 40
        assert ClassGroup.objects.filter(studio=studio, source="csv").count() == 12
        assert len(mail.outbox) == 44  # one per family and teacher
        listed = sim.http.get(f"{sim.base}/dancers/", params={"search": "-17"}, timeout=30).json()
        assert any(d["external_id"] == "D17" and d["source"] == "csv" for d in listed["results"])

        # 2. The same file again: nothing to do.
        again = sim.upload(roster_csv(records), archive_missing="true")["report"]["counts"]
        assert (again["create"], again["update"], again["archive"], again["error"]) == (0, 0, 0, 0)

        # 3. By the upsert API, as another source system: every record created once, then unchanged.
        first = sim.put_all("simsoft", records)
        assert first == {"create": len(records)}
        assert DancerProfile.objects.filter(studio=studio, source="simsoft").count() == 300

        # 4. Renames and archives.
        for n in (5, 6, 7):
            dancer = next(r for r in records if r["external_id"] == f"D{n}")
            assert sim.put("simsoft", dancer | {"first_name": f"Renamed{n}"}) == (200, "update")
        gone = DancerProfile.objects.get(studio=studio, source="simsoft", external_id="D8")
        response = sim.http.post(f"{sim.base}/dancers/{gone.public_id}/archive/", timeout=30)
        assert response.status_code == 200 and response.json()["archived_at"]
        renamed = [
            r | {"first_name": f"Renamed{r['external_id'][1:]}"}
            if r["external_id"] in ("D5", "D6", "D7")
            else r
            for r in records
        ]
        full = [r for r in renamed if r["external_id"] not in ("D8", "D9", "E8", "E9")]
        body = {"source": "simsoft", "records": full, "archive_missing": True, "dry_run": False}
        synced = sim.http.post(f"{sim.base}/roster-sync/", json=body, timeout=120)
        assert synced.status_code == 200, synced.text
        archived = {(a["record_type"], a["external_id"]) for a in synced.json()["archives"]}
        assert archived == {("dancer", "D9"), ("enrolment", "E8"), ("enrolment", "E9")}  # D8: already
        assert set(
            DancerProfile.objects.filter(studio=studio, source="simsoft")
            .exclude(archived_at=None)
            .values_list("external_id", flat=True)
        ) == {"D8", "D9"}

        # 5. Re-sync with no changes: 0 changes by both routes.
        dry_again = sim.http.post(
            f"{sim.base}/roster-sync/", json=body | {"dry_run": True}, timeout=120
        ).json()
        counts = dry_again["counts"]
        assert (counts["create"], counts["update"], counts["archive"], counts["error"]) == (0, 0, 0, 0)
        assert sim.put_all("simsoft", full[:60]) == {"unchanged": 60}
        assert (
            DancerProfile.objects.get(studio=studio, source="simsoft", external_id="D5").first_name
            == "Renamed5"
        )

        # 6. The partner's lookup by its own id, then one PATCH of that class (only its name changes).
        found = sim.http.get(
            f"{sim.base}/classes/", params={"source": "simsoft", "external_id": "C3"}, timeout=30
        ).json()["results"]
        assert [c["external_id"] for c in found] == ["C3"]
        patched = sim.http.patch(f"{sim.base}/classes/{found[0]['id']}/", json={"name": "Jazz 3b"}, timeout=30)
        assert patched.status_code == 200 and patched.json()["name"] == "Jazz 3b", patched.text
        group = ClassGroup.objects.get(studio=studio, source="simsoft", external_id="C3")
        assert group.name == "Jazz 3b" and group.dancers.count() == found[0]["dancer_count"]

        if archived_event:
            events = [r["body"] for r in hook.received if r["body"]["event"] == "dancer.archived"]
            assert {e["data"]["dancer"] for e in events} >= {str(gone.public_id)}
            assert hook.bad_signatures == 0
