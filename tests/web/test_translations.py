"""Dutch first: every interface text has a Dutch translation, and the compiled catalogue matches its source."""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

import pytest

LOCALE = Path(__file__).parents[2] / "src" / "inburgering" / "web" / "locale" / "nl" / "LC_MESSAGES"


def test_every_message_has_a_dutch_translation():
    result = (
        subprocess.run(
            ["msgfmt", "--check", "--statistics", "-o", "/dev/null", str(LOCALE / "django.po")],
            capture_output=True,
            text=True,
            check=True,
        )
        if shutil.which("msgfmt")
        else pytest.fail("msgfmt (GNU gettext) is needed to check the translations")
    )
    assert "untranslated" not in result.stderr and "fuzzy" not in result.stderr, result.stderr


def test_the_compiled_catalogue_is_up_to_date(tmp_path):
    compiled = tmp_path / "django.mo"
    subprocess.run(["msgfmt", "--check", "-o", str(compiled), str(LOCALE / "django.po")], check=True)
    assert compiled.read_bytes() == (LOCALE / "django.mo").read_bytes(), (
        "run `cd src/inburgering && ../../.venv/bin/python ../../manage.py compilemessages`"
    )
