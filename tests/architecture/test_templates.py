"""Template hygiene that no page test reads: Django's `{# … #}` comment ends at the end of its line,
so one spread over lines is printed on the page as text (use `{% comment %}` instead)."""

from __future__ import annotations

import re

from tests.conftest import REPO_ROOT

COMMENT = re.compile(r"\{#(.*?)#\}", re.S)


def test_no_template_comment_spans_lines() -> None:
    # settings.TEMPLATES: the one project directory and each app's templates/ (APP_DIRS)
    roots = [REPO_ROOT / "frontend_templates", *REPO_ROOT.glob("*/templates")]
    templates = [path for root in roots for path in root.rglob("*") if path.suffix in {".html", ".txt"}]
    assert len(templates) > 50  # the pages, includes and e-mails were found
    spread = [
        f"{path.relative_to(REPO_ROOT)}:{text[: match.start()].count(chr(10)) + 1}"
        for path in templates
        for text in [path.read_text(encoding="utf-8")]
        for match in COMMENT.finditer(text)
        if "\n" in match.group(1)
    ]
    assert spread == []
