"""The rows of a Member State's CTED recommendations (countries/profile.html), written in Python.

A State's profile lists every recommendation of every assessment of it: hundreds of rows, growing with each
assessment. Django's template engine spends microseconds on every variable and tag of every row, which made
most of the page's time; these rows are what the template's loop wrote, each value escaped with
`conditional_escape` as `{{ }}` does (tests/test_pages_performance.py compares them), and only what is built
here from escaped pieces is marked safe.
"""

from __future__ import annotations

from collections.abc import Iterable

from django.utils.formats import localize
from django.utils.html import conditional_escape
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext

from platform_app.core.addresses import by_pk
from platform_app.cted.models import Recommendation

# The words of a recommendation its row shows, as `|truncatewords:40` cut them.
EXCERPT_WORDS = 40


def excerpt(text: str) -> str:
    """`text` cut after EXCERPT_WORDS words as Django's `truncatewords` cuts it (Truncator.words), without
    its lazy wrapper, which costs more than the cut."""
    words = text.split()
    if len(words) <= EXCERPT_WORDS:
        return " ".join(words)
    cut = " ".join(words[:EXCERPT_WORDS])
    return cut if cut.endswith(" …") else f"{cut} …"


def localized(number: int) -> str:
    """A whole number as `{{ }}` writes it: below a thousand its digits in every language, without asking
    `localize`, which costs more than the rest of a row."""
    return str(number) if 0 <= number < 1000 else str(localize(number))


class RecommendationRows:
    """Writes the `<tr>`s of an assessment's table of recommendations (with their thematic area read), in the
    active language: the number linking to the recommendation, an excerpt, its thematic area, priority and
    status, each cell labelled for the stacked layout of phones. Made once for a page, with the address,
    the labels and the sentence every table of it shares."""

    def __init__(self):
        e = conditional_escape
        self.address = by_pk("cted:recommendation")
        self.labels = {
            "Recommendation": e(gettext("Recommendation")),
            "Thematic area": e(gettext("Thematic area")),
            "Priority": e(gettext("Priority")),
            "Status": e(gettext("Status")),
        }
        self.priorities = {value: e(str(text)) for value, text in Recommendation.Priority.choices}
        self.statuses = {value: e(str(text)) for value, text in Recommendation.Status.choices}
        # As `{% blocktranslate %}` wrote it: the catalogue's sentence as it is, the number localized.
        self.heading = gettext("Recommendation %(number)s")

    def __call__(self, recommendations: Iterable[Recommendation]) -> SafeString:
        e, label = conditional_escape, self.labels
        rows = []
        for found in recommendations:
            url = self.address(found.pk)
            number = localized(found.number)
            head = f'<a href="{e(url)}">{self.heading % {"number": number}}</a>' if url else e(number)
            priority = self.priorities.get(found.priority, e(found.priority))
            status = self.statuses.get(found.status, e(found.status))
            rows.append(
                "\n        <tr>\n"
                f'          <th scope="row">{head}</th>\n'
                f'          <td data-label="{label["Recommendation"]}"><bdi>{e(excerpt(found.text))}</bdi></td>\n'
                f'          <td data-label="{label["Thematic area"]}"><bdi>{e(found.thematic_area.name)}</bdi></td>\n'
                f'          <td data-label="{label["Priority"]}">{priority}</td>\n'
                f'          <td data-label="{label["Status"]}">'
                f'<span class="tag status-{e(found.status)}">{status}</span></td>\n'
                "        </tr>\n        "
            )
        return mark_safe("".join(rows))  # noqa: S308 - every value is escaped above
