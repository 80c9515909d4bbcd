from django.db.models.manager import BaseManager
from rest_framework import serializers

from newsletters.models import FrozenFigure, NewsletterIssue, NewsletterItem, NewsletterSection
from newsletters.services import hidden_items
from platform_app.core.api.serializers import described


class FrozenFigureSerializer(serializers.ModelSerializer):
    class Meta:
        model = FrozenFigure
        fields = ["key", "label", "value"]
        extra_kwargs = described(
            key="What the figure counts, as a stable key, e.g. member_states.",
            label="The figure's name, as printed.",
            value="The figure, as printed in the issue.",
        )


class ShownItemsSerializer(serializers.ListSerializer):
    """A section's items but those its issue leaves out (`hidden_items`, set by the issue's serializer)."""

    def to_representation(self, data):
        hidden = self.context.get("hidden_items", set())
        items = data.all() if isinstance(data, BaseManager) else data
        return super().to_representation([item for item in items if item.pk not in hidden])


class NewsletterItemSerializer(serializers.ModelSerializer):
    class Meta:
        model = NewsletterItem
        fields = ["text", "date_text", "link"]
        extra_kwargs = described(text="The item's text.", link="Where to read more; blank if nowhere.")
        list_serializer_class = ShownItemsSerializer


class NewsletterSectionSerializer(serializers.ModelSerializer):
    heading = serializers.SerializerMethodField(help_text="The section's own title, or the name of its kind.")
    part = serializers.SerializerMethodField(help_text="The part of the newsletter the section is printed under.")
    items = NewsletterItemSerializer(many=True, help_text="The section's items, in print order.")

    class Meta:
        model = NewsletterSection
        fields = ["kind", "heading", "part", "intro", "items"]
        extra_kwargs = described(kind="Which section it is.", intro="Its introduction; blank if none.")

    def get_heading(self, obj: NewsletterSection) -> str:
        return obj.title or str(obj.get_kind_display())

    def get_part(self, obj: NewsletterSection) -> str:
        return str(NewsletterSection.PARTS.get(obj.kind, ""))


class NewsletterIssueSerializer(serializers.ModelSerializer):
    figures = FrozenFigureSerializer(many=True, help_text='"Compact in numbers" as the issue prints them.')

    class Meta:
        model = NewsletterIssue
        extra_kwargs = described(
            title="The issue's title.",
            slug="The issue's short name, as in its web address.",
            period_start="The first day of the period it covers.",
            period_end="The last day of the period it covers.",
            status="A draft (seen by the Secretariat only) or published.",
            published_at="When it was published; null for a draft.",
            contact="Whom to contact, as printed at the end; blank if not given.",
        )
        fields = [
            "id",
            "title",
            "slug",
            "period_start",
            "period_end",
            "status",
            "is_public",
            "published_at",
            "figures",
            "updated_at",
        ]


class NewsletterIssueDetailSerializer(NewsletterIssueSerializer):
    sections = NewsletterSectionSerializer(many=True, help_text="The issue's sections, in print order.")

    class Meta(NewsletterIssueSerializer.Meta):
        fields = [*NewsletterIssueSerializer.Meta.fields, "contact", "sections"]

    def to_representation(self, instance):
        self.context["hidden_items"] = hidden_items(instance)
        return super().to_representation(instance)
