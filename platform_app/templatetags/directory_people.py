"""`{% load directory_people %}`: `{{ people|people_rows:show_organization }}` writes the rows of the
directory's table of people in Python (platform_app/directory/markup.py)."""

from django import template

from platform_app.directory.markup import people_rows_html

register = template.Library()


@register.filter
def people_rows(people, show_organization):
    return people_rows_html(people, bool(show_organization))
