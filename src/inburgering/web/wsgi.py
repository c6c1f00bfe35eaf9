"""The WSGI entry point (``gunicorn inburgering.web.wsgi``).

A request works on one person's events: frames of a few rows, where Polars' thread pool only adds hand-offs
between threads that the server's own threads already compete for. One Polars thread per process made a write
with its projection update about a third faster on this 2-core machine (docs/performance.md); batch jobs
(``manage.py herbereken``, the CLI) run in their own processes and keep every thread.
"""

import os

os.environ.setdefault("POLARS_MAX_THREADS", "1")
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "inburgering.web.settings")

from django.core.wsgi import get_wsgi_application

application = get_wsgi_application()
