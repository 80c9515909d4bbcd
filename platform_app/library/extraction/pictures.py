"""A picture of a file's first page, shown on the document's page before anyone downloads it.

- A PDF's first page is drawn by poppler's `pdftoppm`, in a process of its own, within the time limit and a
  memory limit (set by util-linux's `prlimit`), at most `Limits.picture_px` pixels on its longer side whatever
  the page's declared size.
- An Office Open XML or OpenDocument package shows the picture of its first page that the program which
  saved it stored inside (`docProps/thumbnail.*`, `Thumbnails/thumbnail.png`), when there is one. Office
  documents are not drawn on the server: that takes an office suite.
- An image is its own picture.

Whatever the source, the picture is decoded and written again as a PNG by Pillow, after its pixel count is
checked, so what is served is a small image the server made, never bytes taken from an upload. A file
without a picture, or whose picture cannot be made within the limits, has none: the page then shows none,
and nothing else depends on it.
"""

from __future__ import annotations

import io
import logging
import shutil
import subprocess
import tempfile
import warnings
import zipfile
from pathlib import Path

from PIL import Image, UnidentifiedImageError

from platform_app.library.extraction.base import Limits

logger = logging.getLogger(__name__)


PDFTOPPM = "pdftoppm"


PRLIMIT = "prlimit"


# Where the programs that write each kind of package keep the picture of its first page.
EMBEDDED = {
    ".docx": ("docProps/thumbnail.jpeg", "docProps/thumbnail.jpg", "docProps/thumbnail.png"),
    ".xlsx": ("docProps/thumbnail.jpeg", "docProps/thumbnail.jpg", "docProps/thumbnail.png"),
    ".pptx": ("docProps/thumbnail.jpeg", "docProps/thumbnail.jpg", "docProps/thumbnail.png"),
    ".odt": ("Thumbnails/thumbnail.png",),
    ".ods": ("Thumbnails/thumbnail.png",),
    ".odp": ("Thumbnails/thumbnail.png",),
}


IMAGES = (".png", ".jpg", ".jpeg")


# An embedded picture larger than this is not unpacked: the programs that write one keep it to a few kB.
EMBEDDED_BYTES = 4 * 1024 * 1024


def first_page_picture(path: str, extension: str, limits: Limits) -> bytes | None:
    """The PNG of the first page of the file at `path`, read as a file of `extension`; None when there is
    none to show. Never raises for what the file holds."""
    extension = extension.lower()
    try:
        if extension == ".pdf":
            source = pdf_first_page(path, limits)
        elif extension in EMBEDDED:
            source = embedded_picture(path, EMBEDDED[extension])
        elif extension in IMAGES:
            source = Path(path).read_bytes() if Path(path).stat().st_size <= limits.max_bytes else None
        else:
            return None
        return small_png(source, limits) if source else None
    except (OSError, ValueError, zipfile.BadZipFile, subprocess.SubprocessError) as exc:
        logger.info("No picture of %s: %s", extension, exc)
        return None


def pdf_first_page(path: str, limits: Limits) -> bytes | None:
    command = shutil.which(PDFTOPPM)
    if command is None:
        return None
    with tempfile.TemporaryDirectory(prefix="picture-") as folder:
        target = Path(folder) / "page"
        arguments = [command, "-q", "-png", "-f", "1", "-l", "1", "-singlefile"]
        arguments += ["-scale-to", str(limits.picture_px), path, str(target)]
        # The memory limit holds from the program's first instruction: util-linux's prlimit sets it and then
        # runs it (setting it from here once it runs would race with it; in the child before it starts is
        # unsafe in a threaded server). Without prlimit (not Linux), the time limit alone applies.
        limiter = shutil.which(PRLIMIT)
        if limiter is not None:
            arguments = [limiter, f"--as={limits.picture_memory}", "--", *arguments]
        quiet = subprocess.DEVNULL
        process = subprocess.Popen(arguments, stdin=quiet, stdout=quiet, stderr=quiet)
        try:
            process.communicate(timeout=limits.picture_seconds)
        except subprocess.TimeoutExpired:
            logger.info("The first page of a PDF took longer than %g seconds to draw", limits.picture_seconds)
            return None
        finally:
            if process.poll() is None:
                process.kill()
                process.wait()
        if process.returncode != 0:
            return None
        drawn = target.with_suffix(".png")
        if not drawn.exists():
            return None
        return drawn.read_bytes()


def embedded_picture(path: str, names: tuple[str, ...]) -> bytes | None:
    with zipfile.ZipFile(path) as package:
        parts = {part.filename: part for part in package.infolist()}
        for name in names:
            part = parts.get(name)
            if part is not None and part.file_size <= EMBEDDED_BYTES:
                with package.open(part) as stream:
                    return stream.read(EMBEDDED_BYTES + 1)[:EMBEDDED_BYTES]
    return None


def small_png(source: bytes, limits: Limits) -> bytes | None:
    """`source` (an image in any format Pillow reads) drawn again as a PNG of at most `picture_px` pixels on
    its longer side; None when it is no image, or one of more than `picture_max_pixels` pixels."""
    with warnings.catch_warnings():
        warnings.simplefilter("error", Image.DecompressionBombWarning)
        try:
            with Image.open(io.BytesIO(source)) as image:
                width, height = image.size
                if width * height > limits.picture_max_pixels or not width or not height:
                    return None
                image.draft("RGB", (limits.picture_px, limits.picture_px))  # a JPEG is decoded at a smaller scale
                image.thumbnail((limits.picture_px, limits.picture_px))
                drawn = image.convert("RGBA" if image.mode in ("RGBA", "LA", "P") else "RGB")
        except (UnidentifiedImageError, Image.DecompressionBombWarning, Image.DecompressionBombError, OSError):
            return None
    written = io.BytesIO()
    drawn.save(written, "PNG", optimize=True)
    return written.getvalue()
