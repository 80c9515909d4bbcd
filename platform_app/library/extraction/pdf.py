"""The text of a PDF, read by poppler's pdftotext in a process of its own, within the time, page and size
limits; pdfinfo gives its page count. A PDF whose pages hold no text (a scan) has no text layer."""

from __future__ import annotations

import contextlib
import re
import shutil
import subprocess
import threading

from platform_app.library.extraction.base import Budget, Extracted, LimitReached, Refused, Status

PDFTOTEXT = "pdftotext"


PDFINFO = "pdfinfo"


PAGES = re.compile(rb"^Pages:\s+(\d+)\s*$", re.MULTILINE)


# pdfinfo's answer is a few hundred bytes; more is not read.
INFO_BYTES = 64 * 1024


CHUNK = 64 * 1024


def page_count(path: str, budget: Budget) -> int:
    """The pages of the PDF at `path`, as pdfinfo counts them; Refused when it cannot read it."""
    command = shutil.which(PDFINFO)
    if command is None:
        raise Refused("pdfinfo is not installed on this server.")
    try:
        done = subprocess.run([command, path], capture_output=True, timeout=max(budget.remaining(), 0.001), check=False)
    except subprocess.TimeoutExpired:
        budget.stop(f"Reading took longer than {budget.limits.seconds:g} seconds.")
    found = PAGES.search(done.stdout[:INFO_BYTES])
    if done.returncode != 0 or found is None:
        raise Refused(f"The PDF cannot be read: {first_line(done.stderr) or 'pdfinfo found no pages'}.")
    return int(found.group(1))


def extract_pdf(path: str, budget: Budget) -> Extracted:
    pages = page_count(path, budget)
    command = shutil.which(PDFTOTEXT)
    if command is None:
        raise Refused("pdftotext is not installed on this server.")
    last = min(pages, budget.limits.max_pages)
    arguments = [command, "-q", "-enc", "UTF-8", "-f", "1", "-l", str(max(last, 1)), path, "-"]
    # The output is read as it comes, up to the character limit (4 bytes at most each in UTF-8); the process
    # is killed when the time is up or enough was read.
    limit = budget.limits.max_chars * 4 + 4
    output = bytearray()
    timed_out = threading.Event()
    process = subprocess.Popen(arguments, stdin=subprocess.DEVNULL, stdout=subprocess.PIPE, stderr=subprocess.PIPE)

    def kill():
        timed_out.set()
        process.kill()

    timer = threading.Timer(budget.remaining(), kill)
    timer.start()
    try:
        while len(output) < limit:
            chunk = process.stdout.read1(CHUNK)
            if not chunk:
                break
            output += chunk
        if len(output) >= limit:
            process.kill()
        errors = process.stderr.read(INFO_BYTES)
        process.wait()
    finally:
        timer.cancel()
        if process.poll() is None:
            process.kill()
            process.wait()
        process.stdout.close()
        process.stderr.close()
    text = output[:limit].decode("utf-8", errors="ignore")
    if timed_out.is_set():
        budget.cut_reason = f"Reading took longer than {budget.limits.seconds:g} seconds."
    elif len(output) < limit and process.returncode != 0:
        raise Refused(f"The PDF cannot be read: {first_line(errors) or f'pdftotext ended with {process.returncode}'}.")
    elif pages > last:
        budget.cut_reason = f"Only the first {last:,} of {pages:,} pages were read."
    with contextlib.suppress(LimitReached):  # the budget keeps the reason
        budget.add(text)
    if not budget.cut_reason and not text.strip():
        return Extracted(Status.NO_TEXT, "", pages, "The PDF has no text layer (a scan, or images of text).")
    return budget.outcome(pages=pages)


def first_line(message: bytes) -> str:
    lines = message.decode("utf-8", errors="replace").strip().splitlines()
    return lines[0][:300] if lines else ""
