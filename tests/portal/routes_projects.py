"""Access rules of the Matrix of UN projects and the Multi-Year Appeal (see pages.py).

Projects and appeals are the Compact's shared record: every platform user reads them. Only the lead
entity (UNODC here) and the Secretariat link a project to CTED recommendations.
"""

from tests.portal.pages import Page


def _project(name):
    return lambda world, people: {"pk": world.objects["projects"][name].pk}


PAGES = {
    "projects:index": Page(),
    "projects:export": Page(),
    "projects:project": Page(kwargs=_project("unodc")),
    # POST only: those who may use it get 405 on GET; everyone else sees the project, so 403.
    "projects:responses": Page(
        kwargs=_project("unodc"), roles=frozenset({"secretariat", "entity"}), others=403, method="post"
    ),
    "projects:appeal": Page(),
    "projects:appeal_detail": Page(kwargs=lambda world, people: {"pk": world.objects["appeals"]["appeal"].pk}),
}
