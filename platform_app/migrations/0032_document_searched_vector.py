"""A document's searched vector is stored, not computed for each row a search reads (PostgreSQL).

Since 0024 a search matched `compact_document_searched(search_vector, content_vector)`: the title's and
description's vector followed by the text's, joined again for every row the search decides. A search for a
common word walks the newest documents until it has the matches its pages reach (core.search.reached), a few
thousand rows, and joining the two vectors was most of that walk: at scale 100, over the newest 4,035 documents,
56-62 ms joining them, 31 ms reading the stored join (psql's timing, alternating).

`searched_vector` holds the joined vector. The document's trigger writes it last, from the two vectors as it has
just left them, on every insert and update, so that it follows the title, the description, the language and the
current version's text (whose triggers update `content_vector` through the document's row); nothing else writes
it, and a value Django sends is replaced.

A search matches `compact_searched(searched_vector)`, under the GIN index of 0024, which keeps its name. The
function gives the vector back as it is; it is there for its declared cost, as the joining function was. The
planner prices a match of the bare column like any comparison, when deciding one reads a vector of a few
kilobytes: at scale 1 it then read all 3,670 rows for "2023" (13.7 ms) rather than ask the index (1.5 ms). Being
PL/pgSQL, it is never inlined, so the price stands; over the newest 4,035 documents at scale 100 calling it
changes nothing measurable (22.8-30.3 ms with it, 25.3-30.5 ms without).

The ranking still reads `search_vector` alone (core.search). The column costs as much room as `content_vector`
again: some 3 KB a document once compressed, 12 MB for the 3,670 documents of the real platform.
"""

import django.contrib.postgres.search
from django.db import migrations

INDEX = "platform_app_document_searched_gin"

PRICED_FUNCTION = """
CREATE OR REPLACE FUNCTION compact_searched(searched tsvector) RETURNS tsvector
LANGUAGE plpgsql IMMUTABLE PARALLEL RESTRICTED COST 1000 AS $$
BEGIN
    RETURN searched;
END
$$
"""

# The document's trigger function of 0024, with `searched_vector` written last.
DOCUMENT_FUNCTION = """
CREATE OR REPLACE FUNCTION platform_app_document_search_vector_update() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
    IF TG_OP = 'INSERT' OR OLD.search_vector IS NULL OR NEW.language_id IS DISTINCT FROM OLD.language_id
        OR NEW.title IS DISTINCT FROM OLD.title OR NEW.description IS DISTINCT FROM OLD.description THEN
        NEW.search_vector := compact_search_vector(NEW.language_id, NEW.title, NEW.description);
    ELSE
        NEW.search_vector := OLD.search_vector;
    END IF;
    IF TG_OP = 'INSERT' THEN
        NEW.content_vector := NULL;
    ELSIF NEW.language_id IS DISTINCT FROM OLD.language_id THEN
        NEW.content_vector := compact_document_content_vector(NEW.id, NEW.language_id);
    ELSIF pg_trigger_depth() < 2 THEN
        NEW.content_vector := OLD.content_vector;
    END IF;{searched}
    RETURN NEW;
END
$$
"""
SEARCHED = """
    NEW.searched_vector := compact_document_searched(NEW.search_vector, NEW.content_vector);"""


def store(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    execute = schema_editor.execute
    execute(DOCUMENT_FUNCTION.format(searched=SEARCHED))
    execute(PRICED_FUNCTION)
    # The old index goes first: it would be written for every row the update rewrites.
    execute(f"DROP INDEX IF EXISTS {INDEX}")
    # The trigger writes the column for each row this touches.
    execute("UPDATE platform_app_document SET searched_vector = NULL")
    execute(
        f"CREATE INDEX {INDEX} ON platform_app_document "
        "USING gin (compact_searched(searched_vector)) WITH (fastupdate = off)"
    )


def compute(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    execute = schema_editor.execute
    execute(f"DROP INDEX IF EXISTS {INDEX}")
    execute("DROP FUNCTION IF EXISTS compact_searched(tsvector)")
    execute(DOCUMENT_FUNCTION.format(searched=""))
    execute(
        f"CREATE INDEX {INDEX} ON platform_app_document "
        "USING gin (compact_document_searched(search_vector, content_vector)) WITH (fastupdate = off)"
    )


class Migration(migrations.Migration):
    dependencies = [
        ("platform_app", "0031_event_group_visible"),
    ]

    operations = [
        migrations.AddField(
            model_name="document",
            name="searched_vector",
            field=django.contrib.postgres.search.SearchVectorField(editable=False, null=True),
        ),
        migrations.RunPython(store, compute),
    ]
