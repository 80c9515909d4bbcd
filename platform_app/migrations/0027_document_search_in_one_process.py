"""A document search is planned without parallel workers (PostgreSQL).

core.search picks the matches a search's pages reach in one query, in the list's order and limited
(SEARCH_COUNT_LIMIT + 1): for a common word PostgreSQL walks the newest documents and decides each one's
`compact_document_searched(search_vector, content_vector)` until it has them, a few thousand rows at most. The
planner priced that walk as worth two parallel workers, whose start costs more than they save: at scale 100,
"nuclear" (a quarter of the files) took 103-127 ms with them and 68-76 ms without, "circulated" (four files in
five) 52 ms and 25 ms, on two cores, and a worker taken by one search is one fewer for the next request.

The function is pure, but declaring it PARALLEL RESTRICTED (it runs in the query's own process only) keeps any
query deciding it in one process, whatever the server's settings. The GIN index over it is unchanged: PostgreSQL
15 builds GIN indexes in one process anyway.
"""

from django.db import migrations

SIGNATURE = "compact_document_searched(tsvector, tsvector)"


def restrict(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(f"ALTER FUNCTION {SIGNATURE} PARALLEL RESTRICTED")


def allow(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(f"ALTER FUNCTION {SIGNATURE} PARALLEL SAFE")


class Migration(migrations.Migration):
    dependencies = [
        ("platform_app", "0026_document_thumbnail"),
    ]

    operations = [migrations.RunPython(restrict, allow)]
