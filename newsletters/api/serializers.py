from django.db.models.manager import BaseManager
from rest_framework import serializers

from newsletters.models import FrozenFigure, NewsletterIssue, NewsletterItem, NewsletterSection
from newsletters.services import hidden_items


class FrozenFigureSerializer(serializers.ModelSerializer):
    class Meta:
        model = FrozenFigure
        fields = ["key", "label", "value"]


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
        list_serializer_class = ShownItemsSerializer


class NewsletterSectionSerializer(serializers.ModelSerializer):
    heading = serializers.SerializerMethodField()
    part = serializers.SerializerMethodField(help_text="The part of the newsletter the section is printed under.")
    items = NewsletterItemSerializer(many=True)

    class Meta:
        model = NewsletterSection
        fields = ["kind", "heading", "part", "intro", "items"]

    def get_heading(self, obj: NewsletterSection) -> str:
        return obj.title or str(obj.get_kind_display())

    def get_part(self, obj: NewsletterSection) -> str:
        return str(NewsletterSection.PARTS.get(obj.kind, ""))


class NewsletterIssueSerializer(serializers.ModelSerializer):
    figures = FrozenFigureSerializer(many=True)

    class Meta:
        model = NewsletterIssue
        fields = ["id", "title", "slug", "period_start", "period_end", "status", "is_public", "published_at", "figures"]


class NewsletterIssueDetailSerializer(NewsletterIssueSerializer):
    sections = NewsletterSectionSerializer(many=True)

    class Meta(NewsletterIssueSerializer.Meta):
        fields = [*NewsletterIssueSerializer.Meta.fields, "contact", "sections"]

    def to_representation(self, instance):
        self.context["hidden_items"] = hidden_items(instance)
        return super().to_representation(instance)
