"""What the backup and restore commands say of an archive."""

from platform_app.ops.archives import Manifest, counted, human_size


def contents(manifest: Manifest) -> str:
    """The tables, rows and media files an archive holds: "12 tables with 3,456 rows, 7 media files (1.2 MB)"."""
    return (
        f"{counted(len(manifest.tables), 'table')} with {counted(manifest.rows, 'row')}, "
        f"{counted(len(manifest.media), 'media file')} ({human_size(manifest.media_bytes)})"
    )
