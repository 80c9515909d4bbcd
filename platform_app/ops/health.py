"""/health/ for load balancers, monitoring and people: the checks of settings.HEALTH_CHECKS
(django-health-check), with two of the platform's own: pending migrations and a Celery worker."""

import dataclasses

import celery
from celery.app import app_or_default
from django import db
from django.conf import settings
from django.contrib.auth.decorators import login_not_required
from django.db import connections
from django.db.migrations.executor import MigrationExecutor
from django.views.decorators.cache import never_cache
from health_check.base import HealthCheck
from health_check.contrib.celery import Ping
from health_check.exceptions import ServiceUnavailable
from health_check.views import HealthCheckView


@dataclasses.dataclass
class Migrations(HealthCheck):
    """Every migration of the code is applied to the database."""

    alias: str = "default"

    def run(self) -> None:
        connection = connections[self.alias]
        try:
            with connection.temporary_connection():
                executor = MigrationExecutor(connection)
                plan = executor.migration_plan(executor.loader.graph.leaf_nodes())
        except db.Error as error:
            raise ServiceUnavailable("Database unavailable") from error
        if plan:
            raise ServiceUnavailable(f"{len(plan)} unapplied migration(s)")


@dataclasses.dataclass
class CeleryPing(Ping):
    """A Celery worker answers a ping; reported under a stable name (the app's own repr holds an address)."""

    app: celery.Celery = dataclasses.field(default_factory=app_or_default, repr=False)


class HealthView(HealthCheckView):
    """The checks of settings.HEALTH_CHECKS: HTTP 200 when all pass, 500 otherwise.

    JSON for `Accept: application/json` or `?format=json`, an HTML page for a browser.
    """

    @property
    def checks(self):
        return settings.HEALTH_CHECKS


# Public, for load balancers and monitoring; never cached.
health = never_cache(login_not_required(HealthView.as_view()))
