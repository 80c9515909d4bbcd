"""The ground every domain stands on: the `Viewer` and the base `visible_to` querysets, decisions of
policies, revisions, uploads, search, paging, the audit and sync logs, the Celery task base, and the base
classes of the admin, the API and the spreadsheets. It imports no other package of the platform."""
