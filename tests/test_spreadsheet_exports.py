"""No exported spreadsheet cell runs a formula: the Secretariat's admin exports (CSV, XLSX) and the
portal's CSV exports write text that starts like a formula with a leading apostrophe, numbers and dates
stay numbers and dates, and a file read back gives exactly what was written."""

from __future__ import annotations

import csv
import io

import openpyxl
import pytest
from django.contrib import admin
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse
from import_export.admin import ExportMixin

from platform_app.core.models import AuditEvent
from platform_app.core.spreadsheets import escape_cell, unescape_cell
from platform_app.cted.models import Recommendation
from platform_app.directory.models import FocalPoint, Organization
from platform_app.projects.models import Project
from tests.factories import (
    FocalPointFactory,
    OrganizationFactory,
    ProjectFactory,
    RecommendationFactory,
    reference_org,
)

pytestmark = pytest.mark.django_db

HYPERLINK = '=HYPERLINK("http://x.test","click")'
# Texts a spreadsheet program would run, and one that already starts with the escaping apostrophe.
FORMULAE = [HYPERLINK, "=1+1", "@SUM(A1)", "-2+3", "\tcmd", "\rcmd", "+254 700 000000", "'=1+1"]
STARTS_A_FORMULA = ("=", "+", "-", "@", "\t", "\r")
# XML, and so XLSX, reads a carriage return back as a line feed, as does the admin's import of a CSV file.
KEPT_BY_EVERY_FILE = [text for text in FORMULAE if "\r" not in text]


def _admin_url(model, view: str) -> str:
    return reverse(f"admin:{model._meta.app_label}_{model._meta.model_name}_{view}")


def _format_index(form, title: str) -> str:
    return next(str(index) for index, name in form.fields["format"].choices if str(name).lower() == title)


def admin_export(client, model, file_format: str) -> bytes:
    """The admin's export of every row of `model`, with every column, as the Secretariat downloads it."""
    page = client.get(_admin_url(model, "export"))
    assert page.status_code == 200
    form = page.context["form"]
    data = {"format": _format_index(form, file_format), "resource": "0"}
    data.update({name: "on" for name in form.fields if name not in ("format", "resource", "export_items")})
    response = client.post(_admin_url(model, "export"), data)
    assert response.status_code == 200 and "attachment" in response["Content-Disposition"]
    return b"".join(response.streaming_content) if response.streaming else response.content


def csv_cells(content: bytes) -> list[list[str]]:
    return list(csv.reader(io.StringIO(content.decode("utf-8-sig"), newline="")))


def xlsx_cells(content: bytes) -> list[list]:
    sheet = openpyxl.load_workbook(io.BytesIO(content)).active
    for row in sheet.iter_rows():
        for cell in row:
            assert cell.data_type != "f", f"{cell.coordinate} is a formula: {cell.value!r}"
    return [[cell.value for cell in row] for row in sheet.iter_rows()]


def cells_of(content: bytes, file_format: str) -> list[list]:
    return csv_cells(content) if file_format == "csv" else xlsx_cells(content)


def as_written(text: str, file_format: str) -> str:
    """The cell `text` is exported as, as read back from a file of `file_format`."""
    escaped = escape_cell(text)
    return escaped if file_format == "csv" else escaped.replace("\r", "\n")


def assert_no_cell_starts_a_formula(rows: list[list]) -> None:
    for row in rows:
        for value in row:
            assert not (isinstance(value, str) and value.startswith(STARTS_A_FORMULA)), repr(value)


def column(rows: list[list], header: str) -> list:
    index = rows[0].index(header)
    return [row[index] for row in rows[1:]]


# --- the rule ----------------------------------------------------------------------------------------------


@pytest.mark.parametrize("text", [*FORMULAE, "'", "''", "'quoted", "plain", "", "a=b", "O'Brien"])
def test_an_escaped_cell_reads_back_exactly(text):
    escaped = escape_cell(text)
    assert not escaped.startswith(STARTS_A_FORMULA)
    assert unescape_cell(escaped) == text


def test_numbers_and_dates_are_not_text_and_stay_as_they_are():
    from datetime import date
    from decimal import Decimal

    for value in (-2, -2.5, Decimal("-3.00"), date(2026, 1, 2), None, True):
        assert escape_cell(value) is value and unescape_cell(value) is value


# --- the admin's exports -----------------------------------------------------------------------------------


def _audit_event(client) -> list[str]:
    Client().post(reverse("login"), {"username": HYPERLINK, "password": "not-the-password"})
    assert AuditEvent.objects.filter(kind=AuditEvent.Kind.SIGN_IN_FAILED, username=HYPERLINK).exists()
    return [HYPERLINK]


def _focal_point(client, texts: list[str] = FORMULAE) -> list[str]:
    for text in texts:
        FocalPointFactory(organization=reference_org("KE"), job_title=text, phone="+254 20 000 0000")
    return texts


def _organization(client) -> list[str]:
    OrganizationFactory(name="=1+1", description="@SUM(A1)", website="")
    return ["=1+1", "@SUM(A1)"]


def _project(client) -> list[str]:
    ProjectFactory(title="-2+3", description="\tcmd")
    return ["-2+3", "\tcmd"]


def _recommendation(client) -> list[str]:
    RecommendationFactory(text="+1 cmd", progress_note=HYPERLINK)
    return ["+1 cmd", HYPERLINK]


# What each model the admin exports is given, so that its export has cells that start like a formula.
HOSTILE_ROWS = {
    AuditEvent: _audit_event,
    FocalPoint: _focal_point,
    Organization: _organization,
    Project: _project,
    Recommendation: _recommendation,
}
EXPORTING_ADMINS = sorted(
    (model for model, model_admin in admin.site._registry.items() if isinstance(model_admin, ExportMixin)),
    key=lambda model: model._meta.label,
)


@pytest.mark.parametrize("file_format", ["csv", "xlsx"])
@pytest.mark.parametrize("model", EXPORTING_ADMINS, ids=lambda model: model._meta.label)
def test_no_admin_export_writes_a_formula(model, file_format, people, client):
    texts = HOSTILE_ROWS[model](client)
    client.force_login(people.secretariat)
    rows = cells_of(admin_export(client, model, file_format), file_format)
    assert_no_cell_starts_a_formula(rows)
    written = {cell for row in rows[1:] for cell in row}
    for text in texts:
        assert as_written(text, file_format) in written, (text, rows)


@pytest.mark.parametrize("file_format", ["csv", "xlsx"])
def test_escaped_focal_points_reimport_unchanged_through_the_admin(file_format, people, client):
    _focal_point(client, KEPT_BY_EVERY_FILE)
    client.force_login(people.secretariat)
    content = admin_export(client, FocalPoint, file_format)
    rows = cells_of(content, file_format)
    assert {escape_cell(text) for text in KEPT_BY_EVERY_FILE} <= set(column(rows, "job_title"))
    assert "'+254 20 000 0000" in column(rows, "phone")

    page = client.get(_admin_url(FocalPoint, "import"))
    upload = SimpleUploadedFile(f"focal-points.{file_format}", content)
    preview = client.post(
        _admin_url(FocalPoint, "import"),
        {"format": _format_index(page.context["form"], file_format), "resource": "0", "import_file": upload},
    )
    result = preview.context["result"]
    assert not result.has_errors() and not result.has_validation_errors(), list(result.invalid_rows)
    assert (result.totals["new"], result.totals["update"]) == (0, 0)
    assert result.totals["skip"] == FocalPoint.objects.count()

    versions = FocalPoint.history.count()
    done = client.post(_admin_url(FocalPoint, "process_import"), preview.context["confirm_form"].initial)
    assert done.status_code == 302
    assert FocalPoint.history.count() == versions
    job_titles = FocalPoint.objects.filter(job_title__in=KEPT_BY_EVERY_FILE).values_list("job_title", flat=True)
    assert sorted(job_titles) == sorted(KEPT_BY_EVERY_FILE)


def test_the_xlsx_export_keeps_numbers_numbers(people, client):
    ProjectFactory(code="NUM-1", title="=1+1")
    client.force_login(people.secretariat)
    rows = xlsx_cells(admin_export(client, Project, "xlsx"))
    (row,) = [row for row in rows[1:] if row[rows[0].index("code")] == "NUM-1"]
    assert row[rows[0].index("title")] == "'=1+1"
    assert isinstance(row[rows[0].index("budget")], int | float)


# --- the portal's exports ----------------------------------------------------------------------------------


def _portal_csv(response) -> list[list[str]]:
    assert response.status_code == 200 and response["Content-Type"].startswith("text/csv")
    return csv_cells(b"".join(response.streaming_content))


def test_the_directory_export_writes_no_formula_and_reads_back_exactly(people, client):
    _focal_point(client)
    client.force_login(people.secretariat)
    rows = _portal_csv(client.get(reverse("directory:export")))
    assert_no_cell_starts_a_formula(rows)
    job_titles = {unescape_cell(cell) for cell in column(rows, rows[0][3])}
    assert set(FORMULAE) <= job_titles
    assert "+254 20 000 0000" in {unescape_cell(cell) for cell in column(rows, rows[0][7])}


def test_the_project_export_writes_no_formula_and_reads_back_exactly(people, client):
    for number, text in enumerate(FORMULAE):
        ProjectFactory(code=f"F-{number}", title=text)
    client.force_login(people.entity)
    rows = _portal_csv(client.get(reverse("projects:export")))
    assert_no_cell_starts_a_formula(rows)
    titles = {row[0]: unescape_cell(row[1]) for row in rows[1:]}
    assert [titles[f"F-{number}"] for number in range(len(FORMULAE))] == FORMULAE


def test_a_portal_csv_writes_numbers_as_numbers_and_only_text_escaped():
    from decimal import Decimal

    from platform_app.core.portal import csv_response

    response = csv_response(
        "numbers.csv", ["amount", "change", "note"], [[-5, Decimal("-2.50"), "-2+3"], [None, 0.5, ""]]
    )
    rows = list(csv.reader(b"".join(response.streaming_content).decode("utf-8-sig").splitlines()))
    assert rows == [["amount", "change", "note"], ["-5", "-2.50", "'-2+3"], ["", "0.5", ""]]
