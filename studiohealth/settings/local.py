"""Demo / local development: embedded SQLite, a filesystem Celery broker (or eager), console e-mail."""

from .base import *  # noqa: F403
from .base import env

DEBUG = env.bool("DEBUG", default=True)
SECRET_KEY = env("SECRET_KEY", default="demo-only-insecure-key-not-for-production-use-0123456789")

# The demo's SQLite serves parallel audited GETs (two key frames on one dancer page): WAL lets
# readers run beside the writer, a busy timeout waits for the lock instead of "database is locked",
# and IMMEDIATE transactions take the write lock up front so a read never has to upgrade mid-way.
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":  # noqa: F405
    DATABASES["default"].setdefault("OPTIONS", {}).update(  # noqa: F405
        {
            "timeout": 20,  # seconds
            "transaction_mode": "IMMEDIATE",
            "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;",
        }
    )

# `make demo` runs a real worker beside the web server with no Redis: Celery's filesystem transport
# passes the messages through files under VAR_DIR, across processes (scripts/demo.sh).
if CELERY_BROKER_URL.startswith("filesystem://"):  # noqa: F405
    _broker = VAR_DIR / "broker"  # noqa: F405
    for _folder in (_broker / "queue", _broker / "processed", _broker / "control"):
        _folder.mkdir(parents=True, exist_ok=True)
    CELERY_BROKER_TRANSPORT_OPTIONS = {
        "data_folder_in": str(_broker / "queue"),
        "data_folder_out": str(_broker / "queue"),
        "processed_folder": str(_broker / "processed"),
        "control_folder": str(_broker / "control"),  # exchange tables (default: the working directory)
        "store_processed": False,
    }
