"""The layout holds: the import contracts of pyproject.toml are kept, and no module grows past what a
reader takes in at once."""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
APPS = ("compact", "platform_app", "workinggroups", "newsletters")
MAX_LINES = 500


def test_the_import_contracts_are_kept():
    lint_imports = Path(sys.executable).with_name("lint-imports")
    result = subprocess.run(
        [str(lint_imports), "--no-cache"], cwd=ROOT, capture_output=True, text=True, timeout=300, check=False
    )
    assert result.returncode == 0, result.stdout[-4000:] + result.stderr[-2000:]


def test_no_module_is_longer_than_a_reader_takes_in():
    long = {
        str(path.relative_to(ROOT)): lines
        for app in APPS
        for path in (ROOT / app).rglob("*.py")
        if "migrations" not in path.parts and (lines := len(path.read_text().splitlines())) > MAX_LINES
    }
    assert long == {}


def test_celerys_eagerness_is_set_through_django_settings_only():
    """A value set on Celery's own configuration (`current_app.conf.task_always_eager = ...`) stays in front of
    Django's settings for the rest of the process, even when set back to what it read: later tests that turn
    eagerness on through `settings` then queue to the broker instead. The `tasks_in_process` fixture sets it."""
    assigned = re.compile(r"conf\.task_(always_eager|eager_propagates)\b[^=\n]*=(?!=)")
    offenders = [
        f"{path.relative_to(ROOT)}:{number}"
        for folder in ("tests", "platform_app", "newsletters", "workinggroups", "compact")
        for path in (ROOT / folder).rglob("*.py")
        for number, line in enumerate(path.read_text().splitlines(), 1)
        if assigned.search(line) and path != Path(__file__)
    ]
    assert offenders == []
