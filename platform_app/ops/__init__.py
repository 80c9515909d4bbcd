"""Operating the platform: backups and restores, the health check, failed tasks and deletions in the
admin."""
