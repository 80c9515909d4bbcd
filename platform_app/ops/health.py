"""/health/ for monitoring and people: the checks of settings.HEALTH_CHECKS (django-health-check), with two
of the platform's own: pending migrations and a Celery worker. /health/node/ for load balancers: the checks
of settings.HEALTH_CHECKS_NODE, whether this node can serve."""

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

# The databases found to have every migration of this process's code. Migrations are not undone under a
# running site, so once found applied they are not looked for again: building the plan reads every migration
# file's graph, far more than the rest of a check, which a balancer may ask for several times a second.
_applied: set[str] = set()


@dataclasses.dataclass
class Migrations(HealthCheck):
    """Every migration of the code is applied to the database."""

    alias: str = "default"

    def run(self) -> None:
        if self.alias in _applied:
            return
        connection = connections[self.alias]
        try:
            with connection.temporary_connection():
                executor = MigrationExecutor(connection)
                plan = executor.migration_plan(executor.loader.graph.leaf_nodes())
        except db.Error as error:
            raise ServiceUnavailable("Database unavailable") from error
        if plan:
            raise ServiceUnavailable(f"{len(plan)} unapplied migration(s)")
        _applied.add(self.alias)


@dataclasses.dataclass
class CeleryPing(Ping):
    """A Celery worker answers a ping; reported under a stable name (the app's own repr holds an address)."""

    app: celery.Celery = dataclasses.field(default_factory=app_or_default, repr=False)


class HealthView(HealthCheckView):
    """The checks of settings.HEALTH_CHECKS: HTTP 200 when all pass, 500 otherwise.

    JSON for `Accept: application/json` or `?format=json`, an HTML page for a browser.
    """

    setting = "HEALTH_CHECKS"

    @property
    def checks(self):
        return getattr(settings, self.setting)


class NodeHealthView(HealthView):
    """Whether this node can serve: the checks of settings.HEALTH_CHECKS_NODE, for a load balancer deciding
    where to send requests. A shared service that fails (the cache, the broker, the worker, the file store)
    fails for every node alike: a balancer that took them all out for it would turn a site that still serves
    most pages into one that serves none, so /health/ reports those to monitoring instead."""

    setting = "HEALTH_CHECKS_NODE"


# Public, for monitoring and load balancers; never cached.
health = never_cache(login_not_required(HealthView.as_view()))
node_health = never_cache(login_not_required(NodeHealthView.as_view()))
