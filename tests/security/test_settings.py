"""Hardened settings, proven on real responses: CSP and friends everywhere, and production's HTTPS
parts (HSTS, secure cookies, SSL redirect) loaded from studiohealth.settings.production itself."""

from __future__ import annotations

import json
import os
import re
import secrets
import subprocess
import sys
from pathlib import Path

import pytest
from django.test import Client, override_settings
from django.urls import reverse

from tests.world import World

REPO = Path(__file__).resolve().parents[2]
SCRIPT_TAG = re.compile(r"<script\b[^>]*>", re.IGNORECASE)
INLINE_STYLE_OR_HANDLER = re.compile(r"<style\b|\sstyle=|\son[a-z]+=", re.IGNORECASE)
EXTERNAL = re.compile(r"(?:src|href)=[\"'](?:https?:)?//", re.IGNORECASE)
PRODUCTION_KEYS = (
    "DEBUG",
    "SECURE_SSL_REDIRECT",
    "SECURE_PROXY_SSL_HEADER",
    "SECURE_HSTS_SECONDS",
    "SECURE_HSTS_INCLUDE_SUBDOMAINS",
    "SECURE_HSTS_PRELOAD",
    "SESSION_COOKIE_SECURE",
    "SESSION_COOKIE_NAME",
    "SESSION_COOKIE_HTTPONLY",
    "CSRF_COOKIE_SECURE",
    "CONTENT_SECURITY_POLICY",
    "SECURE_REFERRER_POLICY",
)


def _production_env() -> dict[str, str]:
    return {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "studiohealth.settings.production",
        "SECRET_KEY": secrets.token_urlsafe(50),
        "ALLOWED_HOSTS": "studio.example.com",
        "DATABASE_URL": os.environ.get("DATABASE_URL", "postgres://postgres@127.0.0.1:5432/test"),
    }


@pytest.fixture(scope="module")
def production() -> dict:
    """The production settings module's own values (a child process: it needs its own env)."""
    code = (
        "import json, django; from django.conf import settings; django.setup();"
        f"print(json.dumps({{k: getattr(settings, k) for k in {PRODUCTION_KEYS!r}}}))"
    )
    out = subprocess.run(
        [sys.executable, "-c", code],
        cwd=REPO,
        env=_production_env(),
        capture_output=True,
        text=True,
        check=True,
    )
    values = json.loads(out.stdout.strip().splitlines()[-1])
    values["SECURE_PROXY_SSL_HEADER"] = tuple(values["SECURE_PROXY_SSL_HEADER"])
    return values


def test_production_refuses_to_boot_without_a_secret_key() -> None:
    env = _production_env()
    del env["SECRET_KEY"]
    out = subprocess.run(
        [sys.executable, "-c", "import django; django.setup()"],
        cwd=REPO,
        env=env,
        capture_output=True,
        text=True,
    )
    assert out.returncode != 0
    assert "SECRET_KEY" in out.stderr


def test_deploy_checks_pass_for_production() -> None:
    """`check --deploy` security checks (scripts/test.sh runs the full check, incl. third-party warnings)."""
    out = subprocess.run(
        [sys.executable, "manage.py", "check", "--deploy", "--fail-level", "WARNING", "--tag", "security"],
        cwd=REPO,
        env=_production_env(),
        capture_output=True,
        text=True,
    )
    assert out.returncode == 0, out.stderr
    assert "no issues" in out.stdout


def test_production_values(production: dict) -> None:
    assert production["DEBUG"] is False
    assert production["SECURE_HSTS_SECONDS"] >= 31536000
    assert production["SECURE_HSTS_INCLUDE_SUBDOMAINS"] is True
    assert production["SESSION_COOKIE_SECURE"] is True and production["CSRF_COOKIE_SECURE"] is True
    assert production["SESSION_COOKIE_NAME"].startswith("__Host-")
    assert production["CONTENT_SECURITY_POLICY"]["DIRECTIVES"]["upgrade-insecure-requests"] is True


@pytest.mark.django_db
def test_production_https_behaviour_on_real_requests(world: World, production: dict) -> None:
    overrides = {k: v for k, v in production.items() if k not in ("DEBUG",)}
    with override_settings(**overrides):
        client = Client()
        # Plain HTTP is redirected to HTTPS.
        insecure = client.get(reverse("login"))
        assert insecure.status_code == 301 and insecure["Location"].startswith("https://")
        # Over HTTPS (as the proxy reports it): HSTS, and the login sets Secure, HttpOnly cookies.
        https = {"HTTP_X_FORWARDED_PROTO": "https"}
        page = client.get(reverse("login"), **https)
        assert page.status_code == 200
        hsts = page["Strict-Transport-Security"]
        assert "max-age=31536000" in hsts and "includeSubDomains" in hsts and "preload" in hsts
        assert "upgrade-insecure-requests" in page["Content-Security-Policy"]
        csrf = page.cookies["csrftoken"]
        assert csrf["secure"] and csrf["samesite"] == "Lax"
        logged_in = client.post(
            reverse("login"),
            {"username": world.a.director.username, "password": "correct-horse-battery"},
            **https,
        )
        assert logged_in.status_code == 302
        session = logged_in.cookies[production["SESSION_COOKIE_NAME"]]
        assert session["secure"] and session["httponly"] and session["samesite"] == "Lax"
        assert not session["domain"] and session["path"] == "/"


@pytest.mark.django_db
def test_security_headers_on_pages_and_api(world: World) -> None:
    client = Client()
    client.force_login(world.a.director)
    sid = world.a.studio.public_id
    for url in (reverse("home"), f"/api/studios/{sid}/dancers/", reverse("privacy-index", args=[sid])):
        response = client.get(url)
        assert response.status_code == 200, url
        csp = response["Content-Security-Policy"]
        for directive in (
            "default-src 'self'",
            "script-src 'self'",
            "style-src 'self'",
            "object-src 'none'",
            "base-uri 'none'",
            "frame-ancestors 'none'",
        ):
            assert directive in csp, (url, directive)
        assert "unsafe-inline" not in csp and "unsafe-eval" not in csp
        assert response["X-Content-Type-Options"] == "nosniff"
        assert response["X-Frame-Options"] == "DENY"
        assert response["Referrer-Policy"] == "same-origin"
        assert response["Cross-Origin-Opener-Policy"] == "same-origin"
        assert "camera=()" in response["Permissions-Policy"]
        # Anything shown to a logged-in user carries health data: never cached.
        assert "no-store" in response["Cache-Control"] and "private" in response["Cache-Control"]


def test_no_page_template_uses_inline_script_or_style() -> None:
    """CSP forbids inline code; a template that relies on it would silently break in the browser."""
    offenders = []
    roots = [REPO / "frontend_templates", *REPO.glob("*/templates")]
    for root in roots:
        for path in root.rglob("*.html"):
            text = path.read_text()
            name = str(path.relative_to(REPO))
            offenders += [f"{name}: inline <script>" for tag in SCRIPT_TAG.findall(text) if "src=" not in tag]
            offenders += [f"{name}: {m.group(0)!r}" for m in INLINE_STYLE_OR_HANDLER.finditer(text)]
            offenders += [f"{name}: external {m.group(0)!r}" for m in EXTERNAL.finditer(text)]
    assert not offenders, offenders
