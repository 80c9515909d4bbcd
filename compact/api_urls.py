"""Every route of /api/v1/. Tests discover the routes from here, so a new one is tested by default."""

from django.urls import path
from drf_spectacular.views import SpectacularAPIView, SpectacularSwaggerSplitView
from rest_framework.routers import SimpleRouter

from newsletters.api.views import NewsletterViewSet
from platform_app.accounts.api import ObtainTokenView, TokenViewSet
from platform_app.calendar.api import EventViewSet
from platform_app.core.api.deletions import DeletionViewSet
from platform_app.countries.api import CountryEntryViewSet, CountryPageViewSet
from platform_app.cted.api import AssessmentViewSet, RecommendationViewSet
from platform_app.directory.api import FocalPointViewSet, OrganizationViewSet
from platform_app.library.api import DocumentViewSet
from platform_app.metrics.api import MetricHistoryView, MetricsView
from platform_app.projects.api import AppealViewSet, ProjectViewSet
from platform_app.support.api import SupportOfferViewSet, SupportRequestViewSet
from workinggroups.api.views import MeetingViewSet, WorkingGroupViewSet

app_name = "api"

router = SimpleRouter()
router.register("organizations", OrganizationViewSet, basename="organization")
router.register("focal-points", FocalPointViewSet, basename="focal-point")
router.register("documents", DocumentViewSet, basename="document")
router.register("events", EventViewSet, basename="event")
router.register("working-groups", WorkingGroupViewSet, basename="working-group")
router.register("meetings", MeetingViewSet, basename="meeting")
router.register("projects", ProjectViewSet, basename="project")
router.register("appeals", AppealViewSet, basename="appeal")
router.register("assessments", AssessmentViewSet, basename="assessment")
router.register("recommendations", RecommendationViewSet, basename="recommendation")
router.register("newsletters", NewsletterViewSet, basename="newsletter")
router.register("country-pages", CountryPageViewSet, basename="country-page")
router.register("country-entries", CountryEntryViewSet, basename="country-entry")
router.register("support-requests", SupportRequestViewSet, basename="support-request")
router.register("support-offers", SupportOfferViewSet, basename="support-offer")
router.register("deletions", DeletionViewSet, basename="deletion")
router.register("auth/tokens", TokenViewSet, basename="token")

urlpatterns = [
    path("auth/token/", ObtainTokenView.as_view(), name="token-obtain"),
    path("metrics/", MetricsView.as_view(), name="metrics"),
    path("metrics/history/", MetricHistoryView.as_view(), name="metrics-history"),
    path("schema/", SpectacularAPIView.as_view(), name="schema"),
    path("docs/", SpectacularSwaggerSplitView.as_view(url_name="api:schema"), name="docs"),
    *router.urls,
]
