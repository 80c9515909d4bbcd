"""`{% load bidi %}`: user-written text that keeps its own direction inside a page of another.

A title, a name or a body is written in whatever language its author chose; the page around it may read
the other way (Arabic). Left to the page's direction, "Workshop #5." in an Arabic page reads ".Workshop #5"
with the number and the full stop on the wrong side. The rule of every template (see README, Languages):

- a block holding user text of its own (a paragraph, a body, a snippet, a description) gets `dir="auto"`:
  it reads in the direction of its first letter;
- user text inline, beside other text or inside a translated sentence (a title in a heading, a cell, a
  list item, a breadcrumb, a link), goes in `<bdi>`: it keeps the page's side and its own order.

Inside `{% blocktranslate %}` the `<bdi>` cannot be written in the message without changing it: pass the
value through this filter instead, so that translators see the same message.

    {% blocktranslate with name=state.name|bdi %}Request tailored support for {{ name }}{% endblocktranslate %}
"""

from django import template
from django.utils.html import format_html

register = template.Library()


@register.filter
def bdi(value):
    """`value`, escaped, in a <bdi> element; nothing for an empty value."""
    if value is None or value == "":
        return ""
    return format_html("<bdi>{}</bdi>", value)
