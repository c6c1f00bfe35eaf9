"""The web application: pages for case workers (``cases``) and the REST API (``api``), one Django project."""
