"""A client generated from the served schema with openapi-python-client's default configuration works.

The generator runs as its users run it, on the schema a live server serves, with nothing configured: it
must finish without a warning (a warning means part of the API is missing from the client). The client
it writes is then imported and used as a Member State's focal point would use it: sign in, read every
list to its last page, change a recommendation, download a document; and as a Member State's system
keeping a copy of the records would: read what changed and what was deleted since its last visit, and
ask again with the ETag it holds.
"""

from __future__ import annotations

import importlib
import importlib.util
import json
import os
import pkgutil
import subprocess
import sys
from datetime import UTC, datetime, timedelta
from pathlib import Path

import httpx
import pytest

from platform_app.accounts.models import ApiToken
from platform_app.core.models import Deletion
from platform_app.countries.models import CountryEntry
from tests.factories import SAMPLE_PDF, CountryEntryFactory, CountryPageFactory, reference_org

pytestmark = pytest.mark.skipif(
    importlib.util.find_spec("openapi_python_client") is None,
    reason="openapi-python-client is not installed (requirements.txt installs it)",
)

PASSWORD = "generated-client-password"
# Before anything of a test was written: the time a copy made from nothing asks from.
LONG_AGO = datetime(2020, 1, 1, tzinfo=UTC)


def generate(schema: bytes, where: Path) -> tuple[str, Path]:
    """Runs the generator on `schema` into `where`; its output and the folder holding the package."""
    (where / "schema.json").write_bytes(schema)
    bin_dir = Path(sys.executable).parent
    # Its post-generation steps run ruff, installed beside this Python.
    env = {**os.environ, "PATH": f"{bin_dir}{os.pathsep}{os.environ.get('PATH', '')}"}
    done = subprocess.run(
        [sys.executable, "-m", "openapi_python_client", "generate", "--path", "schema.json", "--output-path", "client"],
        cwd=where,
        env=env,
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )
    output = done.stdout + done.stderr
    assert done.returncode == 0, output
    return output, where / "client"


@pytest.fixture(scope="module")
def generated(tmp_path_factory):
    """The generated client package for a schema, generated once per distinct schema in this module."""
    made: dict[bytes, object] = {}
    added: list[str] = []

    def client_for(schema: bytes):
        if schema not in made:
            output, folder = generate(schema, tmp_path_factory.mktemp("generated"))
            warnings = [line for line in output.splitlines() if "warning" in line.lower()]
            assert not warnings, output
            (package,) = [path.parent.name for path in folder.glob("*/client.py")]
            assert package not in sys.modules, f"{package} is already imported from elsewhere"
            sys.path.insert(0, str(folder))
            added.append(str(folder))
            importlib.invalidate_caches()
            made[schema] = importlib.import_module(package)
        return made[schema]

    yield client_for
    for folder in added:
        sys.path.remove(folder)
    packages = {package.__name__ for package in made.values()}
    for module in [name for name in sys.modules if name.split(".")[0] in packages]:
        del sys.modules[module]


def served_schema(live_server) -> bytes:
    response = httpx.get(f"{live_server.url}/api/v1/schema/", params={"format": "json"})
    assert response.status_code == 200
    return response.content


def part(package, name: str):
    """A module of the generated package, e.g. part(package, "api.documents.documents_list")."""
    return importlib.import_module(f"{package.__name__}.{name}")


def sign_in(package, live_server, user):
    """A client with a token of `user`, obtained through the generated call of POST /api/v1/auth/token/."""
    token_create = part(package, "api.auth.auth_token_create")
    request = part(package, "models").TokenRequestInputRequest
    user.set_password(PASSWORD)
    user.save(update_fields=["password"])
    anonymous = package.Client(base_url=live_server.url, raise_on_unexpected_status=True)
    answer = token_create.sync_detailed(client=anonymous, body=request(username=user.username, password=PASSWORD))
    assert answer.status_code == 201, answer.content
    return package.AuthenticatedClient(
        base_url=live_server.url, token=answer.parsed.token, prefix="Token", raise_on_unexpected_status=True
    )


def list_operations(package) -> dict[str, object]:
    """Every list operation of the generated client, by name (e.g. documents_list)."""
    api = part(package, "api")
    found = {}
    for tag in pkgutil.iter_modules(api.__path__):
        group = importlib.import_module(f"{api.__name__}.{tag.name}")
        for operation in pkgutil.iter_modules(group.__path__):
            if operation.name.endswith("_list"):
                found[operation.name] = importlib.import_module(f"{group.__name__}.{operation.name}")
    return found


def read_all(operation, client) -> tuple[list, int]:
    """Every item of a list, page after page until there is no next one, and the count the first page gave.
    Pages of a third of the list: every list of more than one item takes several, none takes a request an item."""
    total = operation.sync(client=client, page_size=1).count
    items, count, page = [], None, 1
    while True:
        answer = operation.sync_detailed(client=client, page=page, page_size=max(1, -(-total // 3)))
        assert answer.status_code == 200, (operation.__name__, page, answer.content[:300])
        body = answer.parsed
        count = body.count if count is None else count
        items.extend(body.results)
        if body.next_ is None:
            return items, count
        page += 1


def test_a_client_generated_with_the_default_configuration_reads_writes_and_downloads(
    live_server, people, world, generated
):
    schema = served_schema(live_server)
    package = generated(schema)
    state = sign_in(package, live_server, people.state)

    operations = list_operations(package)
    in_schema = {
        operation["operationId"]
        for path in json.loads(schema)["paths"].values()
        for operation in path.values()
        if isinstance(operation, dict) and operation.get("operationId", "").endswith("_list")
    }
    assert set(operations) == in_schema
    listed = {}
    for name, operation in sorted(operations.items()):
        items, count = read_all(operation, state)
        assert len(items) == count, name
        listed[name] = [item.id for item in items if hasattr(item, "id")]
        assert len(listed[name]) == len(set(listed[name])), f"{name}: an item on two pages"
        resource = name.removesuffix("_list").replace("_", "-")
        if resource in world.visible:
            assert set(listed[name]) & world.all_ids(resource) == world.expected_ids(resource, "state"), name
    own_tokens = ApiToken.objects.filter(user=people.state).values_list("pk", flat=True)
    assert set(listed["auth_tokens_list"]) == set(own_tokens)

    # The State records where it stands on a recommendation of its own assessment.
    recommendation = world.objects["recommendations"]["kenya"]
    patch = part(package, "api.recommendations.recommendations_partial_update")
    body = part(package, "models").PatchedRecommendationInputRequest
    answer = patch.sync_detailed(
        id=str(recommendation.pk), client=state, body=body(progress_note="Draft law before parliament.")
    )
    assert answer.status_code == 200, answer.content[:300]
    assert answer.parsed.progress_note == "Draft law before parliament."
    recommendation.refresh_from_db()
    assert recommendation.progress_note == "Draft law before parliament."

    download = part(package, "api.documents.documents_download_retrieve")
    document = world.objects["documents"]["platform"]
    answer = download.sync_detailed(id=str(document.pk), client=state)
    assert answer.status_code == 200
    assert answer.headers["Content-Type"] == "application/pdf"
    assert answer.parsed.payload.read() == SAMPLE_PDF
    missing = download.sync_detailed(id=str(document.pk), client=state, version=99)
    assert missing.status_code == 404
    assert missing.parsed.code == "not_found"


def test_a_generated_client_keeps_its_copy_in_sync_with_changes_by_others(live_server, people, world, generated):
    """What a client keeping a copy of the records relies on: a change it makes from a revision it read,
    after someone else's, is refused with the current revision rather than overwriting theirs."""
    package = generated(served_schema(live_server))
    state = sign_in(package, live_server, people.state)
    read = part(package, "api.recommendations.recommendations_retrieve")
    patch = part(package, "api.recommendations.recommendations_partial_update")
    body = part(package, "models").PatchedRecommendationInputRequest
    recommendation = world.objects["recommendations"]["kenya"]

    seen = read.sync(id=str(recommendation.pk), client=state)
    recommendation.progress_note = "Changed by CTED meanwhile."
    recommendation.save()
    stale = patch.sync_detailed(
        id=str(recommendation.pk), client=state, body=body(progress_note="Ours.", revision=seen.revision)
    )
    assert stale.status_code == 409, stale.content[:300]
    assert stale.parsed.revision == seen.revision + 1
    fresh = patch.sync_detailed(
        id=str(recommendation.pk), client=state, body=body(progress_note="Ours.", revision=stale.parsed.revision)
    )
    assert fresh.status_code == 200, fresh.content[:300]
    assert fresh.parsed.revision == seen.revision + 2
    recommendation.refresh_from_db()
    assert recommendation.progress_note == "Ours."


def test_a_generated_client_reads_what_changed_since_the_newest_change_it_holds(live_server, people, world, generated):
    """A copy reads a list oldest change first (`ordering=updated_at`), then asks it for what changed at or
    after the newest `updated_at` it holds (`updated_after`): a record changed since comes back, after the
    one it holds from that instant; the others, unchanged, do not."""
    package = generated(served_schema(live_server))
    state = sign_in(package, live_server, people.state)
    listing = part(package, "api.country_entries.country_entries_list")
    oldest_first = part(package, "models").CountryEntriesListOrdering("updated_at")
    entries = world.objects["country-entries"]
    # Changed after the others were written, oldest first is neither the order of the ids nor its reverse.
    entries["platform"].title = "Open priority, revised"
    entries["platform"].save()

    def changed_since(when: datetime) -> list:
        answer = listing.sync_detailed(client=state, updated_after=when, ordering=oldest_first, page_size=100)
        assert answer.status_code == 200, answer.content[:300]
        return answer.parsed.results

    copy = changed_since(LONG_AGO)
    held = [entry.id for entry in copy]
    assert set(held) == world.expected_ids("country-entries", "state")
    times = [entry.updated_at for entry in copy]
    assert times == sorted(set(times))
    assert held[-1] == entries["platform"].pk
    assert held not in (sorted(held), sorted(held, reverse=True))

    newest = times[-1]
    changed = entries["entities"]
    changed.text = "Revised by the ministry."
    changed.save()
    again = changed_since(newest)
    assert [entry.id for entry in again] == [entries["platform"].pk, changed.pk]
    assert again[-1].text == "Revised by the ministry."
    assert again[-1].updated_at > newest
    assert changed_since(again[-1].updated_at + timedelta(microseconds=1)) == []


def test_a_generated_client_hears_of_the_deletions_of_what_it_could_read(live_server, people, world, generated):
    """A copy asks /api/v1/deletions/ for what was deleted since its last visit (`since`): an entry of
    Kenya's page deleted since is listed to Kenya by resource (`kind`, as in the list's path) and id; one
    deleted before is not, nor an entry Kenya could not read."""
    package = generated(served_schema(live_server))
    state = sign_in(package, live_server, people.state)
    listing = part(package, "api.deletions.deletions_list")
    earlier, withdrawn = CountryEntryFactory(), CountryEntryFactory()
    unseen = CountryEntryFactory(page=CountryPageFactory(member_state=reference_org("NO")), audience="entities")
    assert not CountryEntry.objects.visible_to(people.state).filter(pk=unseen.pk).exists()
    earlier_pk, withdrawn_pk, unseen_pk = earlier.pk, withdrawn.pk, unseen.pk
    earlier.delete()
    Deletion.objects.filter(kind="country-entries", object_id=earlier_pk).update(deleted_at=LONG_AGO)
    last_visit = datetime.now(UTC)
    withdrawn.delete()
    unseen.delete()
    assert Deletion.objects.filter(kind="country-entries", object_id=unseen_pk).exists()

    def deleted_since(when: datetime) -> list:
        answer = listing.sync_detailed(client=state, since=when, page_size=100)
        assert answer.status_code == 200, answer.content[:300]
        return answer.parsed.results

    recent = deleted_since(last_visit)
    assert [(deletion.kind.value, deletion.id) for deletion in recent] == [("country-entries", withdrawn_pk)]
    assert recent[0].deleted_at >= last_visit
    every = [(deletion.kind.value, deletion.id) for deletion in deleted_since(LONG_AGO)]
    assert every == [("country-entries", earlier_pk), ("country-entries", withdrawn_pk)]


def test_a_generated_client_asks_again_with_the_etag_it_holds(live_server, people, world, generated):
    """A copy sends the ETag of the page or record it holds back in If-None-Match, an argument of the
    generated calls: while nothing on it changed the answer is 304 with no body, which the client parses
    to None; once a record on it changed, the same ETag gets 200 with the record as it is now."""
    package = generated(served_schema(live_server))
    state = sign_in(package, live_server, people.state)
    listing = part(package, "api.country_entries.country_entries_list")
    read = part(package, "api.country_entries.country_entries_retrieve")
    unset = part(package, "types").UNSET
    oldest_first = part(package, "models").CountryEntriesListOrdering("updated_at")
    entry = world.objects["country-entries"]["platform"]
    calls = {
        "list": lambda etag: listing.sync_detailed(client=state, ordering=oldest_first, if_none_match=etag),
        "record": lambda etag: read.sync_detailed(id=str(entry.pk), client=state, if_none_match=etag),
    }

    held = {}
    for name, call in calls.items():
        full = call(unset)
        assert full.status_code == 200, (name, full.content[:300])
        held[name] = full.headers["ETag"]
        unchanged = call(held[name])
        assert unchanged.status_code == 304, (name, unchanged.content[:300])
        assert (unchanged.content, unchanged.parsed) == (b"", None), name
        assert unchanged.headers["ETag"] == held[name], name

    entry.title = "Open priority, revised"
    entry.save()
    for name, call in calls.items():
        now = call(held[name])
        assert now.status_code == 200, (name, now.content[:300])
        assert now.headers["ETag"] != held[name], name
        shown = now.parsed.results if name == "list" else [now.parsed]
        assert "Open priority, revised" in {record.title for record in shown if record.id == entry.pk}, name
        assert call(now.headers["ETag"]).status_code == 304, name
