"""HTML of the directory's page written in Python where a template drew it one node at a time: the hundreds
of `<option>`s of its filters and the rows of its table of people. (Its filter form's fields are written as
every list's are: platform_app.core.formhtml.)

Django's template engine spends microseconds on every variable and tag, on every row: over the options and
the rows that made most of the page's time. Each function here writes exactly what its template wrote,
whitespace and escaping included (tests/test_directory_performance.py compares them), and escapes every
value with `conditional_escape`, as `{{ }}` does: only what is built here from escaped pieces is marked safe.
"""

from __future__ import annotations

from collections.abc import Iterable

from django.utils.html import conditional_escape
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext, gettext_noop

from platform_app.core.addresses import by_pk
from platform_app.directory.selectors import Option


def _options(options: Iterable[Option]) -> str:
    return "".join(
        f'<option value="{conditional_escape(option.value)}"{" selected" if option.selected else ""}>'
        f"{conditional_escape(option.label)}</option>"
        for option in options
    )


def options_html(options: Iterable[Option]) -> SafeString:
    """A select's `<option>`s, as directory/_filters.html wrote them."""
    return mark_safe(_options(options))  # noqa: S308 - every value and label is escaped


def grouped_options_html(groups: Iterable[tuple[str, Iterable[Option]]]) -> SafeString:
    """The `<optgroup>`s of a select, each with its options."""
    html = "".join(
        f'<optgroup label="{conditional_escape(label)}">{_options(options)}</optgroup>' for label, options in groups
    )
    return mark_safe(html)  # noqa: S308 - every label is escaped, and the options


def _names(names: Iterable[str]) -> str:
    # Names of themes or languages, each isolated from the text around it, separated by commas.
    return ", ".join(f"<bdi>{conditional_escape(name)}</bdi>" for name in names)


# --- the table of people -------------------------------------------------------------------------------

# The labels of a row, translated once for all the rows.
_ROW_LABELS = (
    ("job_title", gettext_noop("Job title")),
    ("organization", gettext_noop("Organization")),
    ("kind", gettext_noop("Kind")),
    ("email", gettext_noop("Email")),
    ("phone", gettext_noop("Phone")),
    ("expertise", gettext_noop("Expertise")),
    ("languages", gettext_noop("Languages")),
    ("main", gettext_noop("Main focal point")),
    ("deactivated", gettext_noop("Deactivated")),
    ("hidden", gettext_noop("Hidden from others")),
    ("not_listed", gettext_noop("Not listed")),
)


def people_rows_html(people, show_organization: bool) -> SafeString:
    """The rows of the table of people (directory/_people.html), as its loop wrote them: people with
    `.contact` (views.with_contacts), with the names of their expertise and languages and their
    organization's (selectors.with_names) or those of their records."""
    labels = {name: conditional_escape(gettext(text)) for name, text in _ROW_LABELS}
    page_url = by_pk("directory:person")
    organization_cells = _OrganizationCells(labels) if show_organization else None
    html = "".join(_person_row(person, labels, page_url, organization_cells) for person in people)
    return mark_safe(html)  # noqa: S308 - every value is escaped in _person_row


def _names_of(person, names: str, relation: str) -> list[str]:
    # selectors.with_names read them, else the person's prefetched records (another page's people).
    found = getattr(person, names, None)
    return [record.name for record in getattr(person, relation).all()] if found is None else found


class _OrganizationCells:
    """The organization's two cells of a row, written once for each organization, its kind named once for
    each kind (a choice's label is looked up through every choice)."""

    def __init__(self, labels: dict[str, str]):
        self.labels = labels
        self.url = by_pk("directory:organization")
        self.kinds: dict[str, str] = {}
        self.written: dict[int, str] = {}

    def __call__(self, person) -> str:
        organization = person.organization
        if organization.pk not in self.written:
            if organization.kind not in self.kinds:
                self.kinds[organization.kind] = conditional_escape(organization.get_kind_display())
            name = getattr(person, "organization_name", None) or organization.display_name
            url, name = conditional_escape(self.url(organization.pk)), conditional_escape(name)
            self.written[organization.pk] = (
                f'<td data-label="{self.labels["organization"]}"><a href="{url}"><bdi>{name}</bdi></a></td>\n'
                f'      <td class="optional" data-label="{self.labels["kind"]}">{self.kinds[organization.kind]}</td>'
            )
        return self.written[organization.pk]


def _contact_cells(contact, labels: dict[str, str]) -> tuple[str, str]:
    e = conditional_escape
    hidden = f' <span class="tag">{labels["hidden"]}</span>'
    not_listed = f'<span class="muted">{labels["not_listed"]}</span>'
    email = not_listed
    if contact.email:
        email = f'<a href="mailto:{e(contact.email)}">{e(contact.email)}</a>{hidden if contact.email_hidden else ""}'
    phone = not_listed
    if contact.phone or contact.mobile:
        phone = f'<a href="tel:{e(contact.phone.replace(" ", ""))}">{e(contact.phone)}</a>' if contact.phone else ""
        if contact.phone and contact.mobile:
            phone += "<br>"
        if contact.mobile:
            # As {% blocktranslate %} writes it: the message as translated, the number escaped.
            phone += gettext("Mobile: %(number)s") % {"number": e(contact.mobile)}
        if contact.phone_hidden:
            phone += hidden
    return email, phone


def _person_row(person, labels: dict[str, str], page_url, organization_cells: _OrganizationCells | None) -> str:
    e = conditional_escape
    user = person.user
    title = f"<bdi>{e(person.title)}</bdi> " if person.title else ""
    main = f'<span class="tag">{labels["main"]}</span>' if person.is_primary else ""
    deactivated = ""
    if not person.is_active or not user.is_active:
        deactivated = f'<span class="tag status-deactivated">{labels["deactivated"]}</span>'
    department = f'<br><span class="muted"><bdi>{e(person.department)}</bdi></span>' if person.department else ""
    organization = organization_cells(person) if organization_cells is not None else ""
    email, phone = _contact_cells(person.contact, labels)
    expertise = _names(_names_of(person, "expertise_names", "expertise"))
    languages = _names(_names_of(person, "language_names", "languages"))
    return (
        "\n    <tr>\n"
        '      <th scope="row">\n'
        f'        <a href="{e(page_url(person.pk))}">{title}<bdi>{e(user.get_full_name() or user.username)}</bdi></a>\n'
        f"        {main}\n"
        f"        {deactivated}\n"
        "      </th>\n"
        f'      <td data-label="{labels["job_title"]}"><bdi>{e(person.job_title)}</bdi>{department}</td>\n'
        f"      {organization}\n"
        f'      <td data-label="{labels["email"]}">{email}</td>\n'
        f'      <td data-label="{labels["phone"]}">{phone}</td>\n'
        f'      <td class="optional" data-label="{labels["expertise"]}">{expertise}</td>\n'
        f'      <td class="optional" data-label="{labels["languages"]}">{languages}</td>\n'
        "    </tr>\n"
        "    "
    )
