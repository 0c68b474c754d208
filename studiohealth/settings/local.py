"""Demo / local development: embedded SQLite, Celery in-process, console e-mail."""

from .base import *  # noqa: F403
from .base import env

DEBUG = env.bool("DEBUG", default=True)
SECRET_KEY = env("SECRET_KEY", default="demo-only-insecure-key-not-for-production-use-0123456789")
