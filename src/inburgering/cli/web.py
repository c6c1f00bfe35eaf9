"""Starting the web application from the command line: Django configured on a data folder, served by gunicorn."""

from __future__ import annotations

import contextlib
import os
import subprocess
import sys
from pathlib import Path


def setup(data: Path, *, keep_database_url: bool = False) -> None:
    """Configure Django on the embedded SQLite in ``data`` (unless the process already configured it, as the
    test suite does). ``keep_database_url``: a command that also serves production (``controleer``) uses
    ``DATABASE_URL`` where it is set."""
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "inburgering.web.settings")
    from django.conf import settings

    if not settings.configured:
        os.environ["INBURGERING_DATA"] = str(Path(data).resolve())
        if not keep_database_url:
            os.environ.pop("DATABASE_URL", None)  # the demo is the embedded default; production sets its own
    import django

    django.setup()


def serve(data: Path, bind: str) -> None:
    """Bring the database's schema up to date, then run gunicorn (2 processes of 4 threads) on ``bind`` until
    interrupted."""
    env = {
        **os.environ,
        "INBURGERING_DATA": str(Path(data).resolve()),
        "DJANGO_SETTINGS_MODULE": "inburgering.web.settings",
    }
    command = [
        sys.executable,
        "-m",
        "gunicorn",
        "inburgering.web.wsgi",
        "--bind",
        bind,
        "--workers",
        "2",
        "--threads",
        "4",
        "--worker-class",
        "gthread",
        "--access-logfile",
        "-",
    ]
    migrate = [sys.executable, "-m", "django", "migrate", "--noinput", "--verbosity", "0"]
    subprocess.run(migrate, env=env, check=True)
    with contextlib.suppress(KeyboardInterrupt):
        subprocess.run(command, env=env, check=False)
