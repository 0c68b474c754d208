"""Assigning a program to a class that already has one asks: replace (the old one ends today) or add.
Either way the dancer's Today list names each exercise once (Clamshell is in both library programs)."""

from __future__ import annotations

import re
from collections import Counter

import pytest

from programs.library import library_ensure
from programs.models import Assignment
from tests.browser.conftest import login, phone_and_desktop, screenshot
from tests.world import World

pytestmark = [pytest.mark.browser, pytest.mark.slow]

FOUNDATIONS = "Glute med foundations, 6 weeks"
ROTATORS = "Hip external rotators & plié control, 8 weeks"


def _assign(page, studio_id: str, class_id: str, program: str, choice: str | None, width: int) -> None:  # noqa: ANN001
    page.goto(f"/s/{studio_id}/programs/assign/?class={class_id}")
    page.locator(".choice-list .card", has_text=program).get_by_role("link", name="Choose").click()
    page.get_by_role("button", name="Assign").click()
    if choice is not None:
        # The first submit only asks; nothing is created until the teacher chooses.
        assert "already has a program" in page.get_by_role("alert").inner_text()
        screenshot(page, f"assign-existing-question-{width}")
        assert page.evaluate("document.documentElement.scrollWidth") <= width
        page.get_by_role("radio", name=re.compile(f"^{choice}")).check()
        page.get_by_role("button", name="Assign").click()
    page.wait_for_selector(".messages")
    assert "assigned to" in page.locator(".messages").inner_text()


def _today_names(page, studio_id: str) -> list[str]:  # noqa: ANN001
    page.goto(f"/s/{studio_id}/programs/today/")
    return page.locator("main h3").all_inner_texts()


@phone_and_desktop
def test_class_assignment_asks_replace_or_add(live_world: World, new_page, width: int, height: int) -> None:  # noqa: ANN001
    a = live_world.a
    library_ensure()  # the transactional flush removed the migrated library
    sid, cid = str(a.studio.public_id), str(a.class_group.public_id)
    teacher = new_page(width=width, height=height)
    login(teacher, a.teacher.username)
    dancer = new_page(width=width, height=height)
    login(dancer, a.dancer_user.username)

    _assign(teacher, sid, cid, FOUNDATIONS, None, width)  # a class without a program: no question
    _assign(teacher, sid, cid, ROTATORS, "Add", width)
    running = Assignment.objects.filter(class_group=a.class_group, ended_at__isnull=True)
    assert running.count() == 2
    names = _today_names(dancer, sid)
    screenshot(dancer, f"today-two-programs-{width}")
    assert names.count("Clamshell") == 1
    assert [n for n, c in Counter(names).items() if c > 1] == []
    assert len(names) == 11  # 6 + 6 exercises, one shared

    _assign(teacher, sid, cid, FOUNDATIONS, "Replace", width)
    running = Assignment.objects.filter(class_group=a.class_group, ended_at__isnull=True)
    assert [r.program.name for r in running] == [FOUNDATIONS]
    assert Assignment.objects.filter(class_group=a.class_group, ended_at__isnull=False).count() == 2
    names = _today_names(dancer, sid)
    screenshot(dancer, f"today-after-replace-{width}")
    assert len(names) == 6 and "Fire hydrant" not in names
    assert teacher.errors == [] and dancer.errors == []  # type: ignore[attr-defined]
