"""The language of the API's answers: names of countries, organizations, working groups, pillars, thematic
areas and languages come in the one the client asks for, `?lang=<code>` or else `Accept-Language`, and
English without either; the answer says which in `Content-Language`. The portal's language cookie plays no
part: an API client states its language in each request.

The six official languages are offered whatever catalogues the interface has (the names exist in all of
them, platform_app/translation.py). An unknown `lang` is a 400 like any other malformed parameter; an
Accept-Language naming none of them is answered in English, as HTTP has it.
"""

from __future__ import annotations

from django.conf import settings
from django.http import JsonResponse
from django.utils import translation
from django.utils.cache import patch_vary_headers
from django.utils.translation.trans_real import parse_accept_lang_header
from drf_spectacular.plumbing import ResolvedComponent

PARAM = "lang"
HEADER = "Content-Language"
ENGLISH = "en"

# Chinese as the platform writes it (Simplified), under the tags clients send for it.
SIMPLIFIED_CHINESE = ("zh", "zh-cn", "zh-sg", "zh-my")


def languages() -> list[str]:
    """The codes the API answers in: settings.UN_LANGUAGES's."""
    return [code for code, _name in settings.UN_LANGUAGES]


def unknown_language_message() -> str:
    return f"Unknown language; choose among: {', '.join(sorted(languages()))}."


def _offered(tag: str) -> str | None:
    """The language of ours an Accept-Language tag asks for, if any: "es-419" is "es", "zh-CN" is "zh-hans",
    "zh-TW" (Traditional) none."""
    codes = languages()
    if tag in codes:
        return tag
    if tag in SIMPLIFIED_CHINESE or tag.startswith("zh-hans-"):
        return "zh-hans"
    primary = tag.split("-")[0]
    return primary if primary in codes and primary != "zh" else None


def language_asked(request) -> str | None:
    """The language `request` asks for; None when its `lang` is unknown. An empty `lang` is no `lang`."""
    asked = request.GET.get(PARAM, "")
    if asked:
        return asked if asked in languages() else None
    for tag, quality in parse_accept_lang_header(request.headers.get("Accept-Language", "")):
        language = _offered(tag) if quality > 0 else None
        if language:
            return language
    return ENGLISH


class ApiLanguageMiddleware:
    """Answers every request under /api/ in the language it asks for (placed after LocaleMiddleware, whose
    choice it replaces there)."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if not request.path_info.startswith("/api/"):
            return self.get_response(request)
        language = language_asked(request)
        if language is None:
            message = unknown_language_message()
            response = JsonResponse(
                {"detail": f"{PARAM}: {message}", "code": "invalid", "errors": {PARAM: [message]}}, status=400
            )
            language = ENGLISH
        else:
            translation.activate(language)
            request.LANGUAGE_CODE = language
            response = self.get_response(request)
        response[HEADER] = language
        patch_vary_headers(response, ("Accept-Language",))
        return response


# --- OpenAPI ----------------------------------------------------------------------------------------


def _parameters() -> list[dict]:
    codes = languages()
    return [
        {
            "name": PARAM,
            "in": "query",
            "required": False,
            "allowEmptyValue": True,
            "description": (
                "The language of the names in the answer (countries, organizations, working groups, pillars, "
                "thematic areas, languages), in place of Accept-Language; said in Content-Language. A name "
                "not written in that language comes in English."
            ),
            "schema": {"type": "string", "enum": codes},
        },
        {
            "name": "Accept-Language",
            "in": "header",
            "required": False,
            "description": (
                f"The languages you read, as HTTP has it (e.g. `es, fr;q=0.8`): names come in the first of "
                f"{', '.join(codes)} it names, or in English. `{PARAM}` wins over it."
            ),
            "schema": {"type": "string"},
        },
    ]


CONTENT_LANGUAGE_DESCRIPTION = "The language of the names in this answer: `lang`, else Accept-Language, else en."


def _answers_json(operation: dict) -> bool:
    """Whether the operation's success is JSON (records, with names), not a file."""
    return any(
        "application/json" in response.get("content", {})
        for code, response in operation["responses"].items()
        if code.startswith("2")
    )


def document_language(result, generator, request, public):
    """drf-spectacular postprocessing hook: every operation answering JSON takes `lang` and Accept-Language
    (a file's download has no names to translate), and every answer may say its Content-Language."""
    header = {"description": CONTENT_LANGUAGE_DESCRIPTION, "schema": {"type": "string", "enum": languages()}}
    result.setdefault("components", {}).setdefault(ResolvedComponent.HEADER, {})[HEADER] = header
    reference = {"$ref": f"#/components/{ResolvedComponent.HEADER}/{HEADER}"}
    for operations in result.get("paths", {}).values():
        for operation in operations.values():
            if not isinstance(operation, dict) or "responses" not in operation:
                continue
            if _answers_json(operation):
                named = {(p.get("name"), p.get("in")) for p in operation.get("parameters", [])}
                operation["parameters"] = [
                    *operation.get("parameters", []),
                    *(p for p in _parameters() if (p["name"], p["in"]) not in named),
                ]
            for response in operation["responses"].values():
                response.setdefault("headers", {})[HEADER] = reference
    return result
