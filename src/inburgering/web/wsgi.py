"""The WSGI entry point (``gunicorn inburgering.web.wsgi``)."""

import os

from django.core.wsgi import get_wsgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "inburgering.web.settings")
application = get_wsgi_application()
