"""The API's representations. Field names here are the public contract: add fields, never rename.

Read serializers only read what the view prefetched (see each viewset's queryset), so a list costs
the same number of queries whatever its page size. Writes go through separate input serializers
that validate, then through a service in the domain's `services.py`.
"""

from __future__ import annotations

# What the fields many representations share mean; each serializer's Meta adds its own (`described`).
SHARED_FIELDS = {
    "id": "The record's id, as in its own path.",
    "created_at": "When the record was created.",
    "updated_at": (
        "When what the API shows of the record last changed; `updated_after` asks a list for the records "
        "changed since a time."
    ),
}


def described(**texts: str) -> dict:
    """A ModelSerializer's `extra_kwargs`: the descriptions of the fields it builds from the model, which
    the OpenAPI schema shows (fields declared on the serializer carry their own help_text)."""
    return {name: {"help_text": text} for name, text in {**SHARED_FIELDS, **texts}.items()}
