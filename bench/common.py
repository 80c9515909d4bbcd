"""What the benchmark scripts share: a free port, percentiles, the code's version, RESULTS.md sections."""

from __future__ import annotations

import re
import socket
import subprocess
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
RESULTS = ROOT / "bench" / "RESULTS.md"


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def percentile(values: list[float], p: float) -> float:
    """The nearest-rank p-th percentile (p from 0 to 100); NaN for no values."""
    if not values:
        return float("nan")
    ordered = sorted(values)
    rank = max(1, min(len(ordered), round(p / 100 * len(ordered) + 0.5)))
    return ordered[rank - 1]


def code_version() -> str:
    """The commit the code was run from, and whether the working tree differed from it."""
    try:
        commit = subprocess.run(
            ["git", "rev-parse", "--short", "HEAD"], cwd=ROOT, capture_output=True, text=True, check=True
        ).stdout.strip()
        changed = subprocess.run(
            ["git", "status", "--porcelain", "--untracked-files=no"], cwd=ROOT, capture_output=True, text=True
        ).stdout.strip()
    except (OSError, subprocess.CalledProcessError):
        return "unknown"
    return f"{commit} with uncommitted changes" if changed else commit


def write_section(heading: str, text: str) -> None:
    """Puts `text` (which starts with `heading`) in bench/RESULTS.md in place of that section, keeping
    the others; a new section goes at the end."""
    existing = RESULTS.read_text() if RESULTS.exists() else "# Benchmark results\n"
    pattern = re.compile(rf"^{re.escape(heading)}\n.*?(?=^## |\Z)", re.S | re.M)
    if pattern.search(existing):
        updated = pattern.sub(lambda _m: text + "\n", existing, count=1)
    else:
        updated = existing.rstrip("\n") + "\n\n" + text + "\n"
    RESULTS.write_text(updated.rstrip("\n") + "\n")
