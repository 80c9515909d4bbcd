from django.db import migrations

# The directory's search also reads a person's department, expertise and languages (FocalPoint.SEARCH_FIELDS).
# On PostgreSQL their text joins focalpoint.search_text (migration 0011), after the organization's lines:
# - the focal point's own trigger now writes the department, and the names of its themes and languages;
# - statement triggers on the two link tables rewrite the people whose expertise or languages changed (one
#   UPDATE per statement, so that the demo's bulk inserts stay one statement each);
# - a theme or a language renamed rewrites the people who have it.
# A value a person leaves empty adds no line (concat_ws skips NULL), so a person with none of them keeps
# the text migration 0011 wrote.


def _tables(apps):
    FocalPoint = apps.get_model("platform_app", "FocalPoint")
    User = apps.get_model("platform_app", "User")
    Organization = apps.get_model("platform_app", "Organization")
    ThematicArea = apps.get_model("platform_app", "ThematicArea")
    Language = apps.get_model("platform_app", "Language")
    expertise = FocalPoint._meta.get_field("expertise").remote_field.through
    languages = FocalPoint._meta.get_field("languages").remote_field.through
    return {
        "focal_points": FocalPoint._meta.db_table,
        "users": User._meta.db_table,
        "organizations": Organization._meta.db_table,
        "themes": ThematicArea._meta.db_table,
        "languages": Language._meta.db_table,
        "theme_key": ThematicArea._meta.pk.column,
        "language_key": Language._meta.pk.column,
        "expertise": expertise._meta.db_table,
        "spoken": languages._meta.db_table,
    }


# The link tables, each with the column naming the theme or the language, that table and its key.
LINKS = (
    ("expertise", "thematicarea_id", "themes", "theme_key"),
    ("spoken", "language_id", "languages", "language_key"),
)

STATEMENT_TRIGGERS = (
    # (suffix, event, transition table)
    ("added", "INSERT", "NEW"),
    ("removed", "DELETE", "OLD"),
    ("moved_from", "UPDATE", "OLD"),
    ("moved_to", "UPDATE", "NEW"),
)


def _fill(t: dict, *, with_knowledge: bool) -> str:
    lines = ["u.first_name", "u.last_name", "NEW.job_title"]
    if with_knowledge:
        lines.append("NULLIF(NEW.department, '')")
    lines += ["o.name", "o.acronym"]
    if with_knowledge:
        lines += [
            f"(SELECT string_agg(t.name, E'\\n' ORDER BY t.name) FROM {t['expertise']} x "
            f"JOIN {t['themes']} t ON t.{t['theme_key']} = x.thematicarea_id WHERE x.focalpoint_id = NEW.id)",
            f"(SELECT string_agg(l.name, E'\\n' ORDER BY l.name) FROM {t['spoken']} s "
            f"JOIN {t['languages']} l ON l.{t['language_key']} = s.language_id WHERE s.focalpoint_id = NEW.id)",
        ]
    return f"""
        CREATE OR REPLACE FUNCTION focalpoint_search_text_fill() RETURNS trigger
        LANGUAGE plpgsql AS $$
        BEGIN
            SELECT concat_ws(E'\\n', {", ".join(lines)})
              INTO NEW.search_text
              FROM {t["users"]} u, {t["organizations"]} o
             WHERE u.id = NEW.user_id AND o.id = NEW.organization_id;
            NEW.search_text := coalesce(NEW.search_text, '');
            RETURN NEW;
        END
        $$
        """


def _quoted(schema_editor, apps) -> dict:
    qn = schema_editor.quote_name
    return {key: qn(value) for key, value in _tables(apps).items()}


def create(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    t = _quoted(schema_editor, apps)
    execute = schema_editor.execute
    execute(_fill(t, with_knowledge=True))
    # The people named by the rows a statement added, removed or changed in a link table.
    execute(
        f"""
        CREATE OR REPLACE FUNCTION focalpoint_search_text_from_links() RETURNS trigger
        LANGUAGE plpgsql AS $$
        BEGIN
            UPDATE {t["focal_points"]} SET search_text = ''
             WHERE id IN (SELECT focalpoint_id FROM changed_rows);
            RETURN NULL;
        END
        $$
        """
    )
    for link, _column, _target, _key in LINKS:
        for suffix, event, transition in STATEMENT_TRIGGERS:
            execute(
                f"CREATE TRIGGER focalpoint_search_text_{link}_{suffix} AFTER {event} ON {t[link]} "
                f"REFERENCING {transition} TABLE AS changed_rows FOR EACH STATEMENT "
                "EXECUTE FUNCTION focalpoint_search_text_from_links()"
            )
    for link, column, target, key in LINKS:
        name = f"focalpoint_search_text_from_{target}"
        execute(
            f"""
            CREATE OR REPLACE FUNCTION {name}() RETURNS trigger
            LANGUAGE plpgsql AS $$
            BEGIN
                UPDATE {t["focal_points"]} SET search_text = ''
                 WHERE id IN (SELECT focalpoint_id FROM {t[link]} WHERE {column} = NEW.{t[key]});
                RETURN NULL;
            END
            $$
            """
        )
        execute(
            f"CREATE TRIGGER {name}_trigger AFTER UPDATE ON {t[target]} FOR EACH ROW "
            f"WHEN (OLD.name IS DISTINCT FROM NEW.name) EXECUTE FUNCTION {name}()"
        )
    execute(f"UPDATE {t['focal_points']} SET search_text = ''")


def drop(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    t = _quoted(schema_editor, apps)
    execute = schema_editor.execute
    for link, _column, target, _key in LINKS:
        for suffix, _event, _transition in STATEMENT_TRIGGERS:
            execute(f"DROP TRIGGER IF EXISTS focalpoint_search_text_{link}_{suffix} ON {t[link]}")
        execute(f"DROP TRIGGER IF EXISTS focalpoint_search_text_from_{target}_trigger ON {t[target]}")
        execute(f"DROP FUNCTION IF EXISTS focalpoint_search_text_from_{target}()")
    execute("DROP FUNCTION IF EXISTS focalpoint_search_text_from_links()")
    execute(_fill(t, with_knowledge=False))
    execute(f"UPDATE {t['focal_points']} SET search_text = ''")


class Migration(migrations.Migration):
    dependencies = [
        ("platform_app", "0018_notification_centre"),
    ]

    operations = [
        migrations.RunPython(create, drop),
    ]
