"""Reading settings from the environment: one strict `Env` for every settings module.

- Booleans accept exactly true/false (any case) or 1/0. Anything else (`Flase`, `yes please`, an
  empty string) raises ImproperlyConfigured at boot instead of silently meaning False.
- Every variable can come from a file instead: `NAME_FILE=/run/secrets/name` (Docker/Kubernetes
  secrets). The file wins over `NAME`; one trailing newline is dropped, a missing file fails at boot.
"""

from __future__ import annotations

from typing import Any

import environ
from django.core.exceptions import ImproperlyConfigured
from environ.fileaware_mapping import FileAwareMapping

TRUE_WORDS = frozenset({"true", "1"})
FALSE_WORDS = frozenset({"false", "0"})


def parse_strict_bool(name: str, raw: object) -> bool:
    """True/False from an environment string; anything unexpected is a boot error naming the variable."""
    if isinstance(raw, bool):
        return raw
    word = str(raw).strip().lower()
    if word in TRUE_WORDS:
        return True
    if word in FALSE_WORDS:
        return False
    raise ImproperlyConfigured(f"{name} must be true or false (or 1/0), not {raw!r}")


class _SecretFileMapping(FileAwareMapping):
    """os.environ with NAME_FILE support; secrets files usually end with a newline that is not part
    of the secret (a password with a newline breaks DATABASE_URL)."""

    def __getitem__(self, key: str) -> str:
        key_file = self.env.get(key + "_FILE")
        if not key_file:
            return self.env[key]
        try:
            value: str = super().__getitem__(key)
        except OSError as exc:
            raise ImproperlyConfigured(f"{key}_FILE points to {key_file!r}, which cannot be read") from exc
        return value.removesuffix("\n").removesuffix("\r")


class StrictEnv(environ.FileAwareEnv):
    """django-environ's Env with strict booleans and `*_FILE` secrets."""

    ENVIRON = _SecretFileMapping()

    def bool(self, var: str, default: Any = environ.Env.NOTSET) -> bool:  # noqa: A003
        # cast=str: django-environ would otherwise infer bool from the default and parse leniently.
        raw = self.get_value(var, cast=str, default=default)
        return parse_strict_bool(var, raw)
