"""The text patterns of the OpenAPI schema mean what the server does, in every regex engine a client may use.

DRF strips what Python's str.strip() strips, which includes the separators U+001C to U+001F; the \\s of Rust's
regex (jsonschema-rs, which API clients and fuzzers validate with) and of JavaScript leaves them out. A schema
written with \\s alone calls such text "not blank", and the server then refuses it with a 400.
"""

from __future__ import annotations

import re
import sys

import jsonschema
import jsonschema_rs
import pytest
from rest_framework import serializers

from platform_app.core.api.filters import SEARCH_PATTERN
from platform_app.core.api.schema import NOT_BLANK
from platform_app.core.filters import SPACE
from platform_app.core.search import SEARCH_MAX_LENGTH

SPACES = [chr(code) for code in range(sys.maxunicode + 1) if chr(code).isspace()]


def validators(pattern: str):
    schema = {"type": "string", "pattern": pattern}
    return {
        "python": jsonschema.Draft202012Validator(schema).is_valid,
        "rust": jsonschema_rs.validator_for(schema).is_valid,
    }


def test_space_is_what_str_strip_removes():
    space = re.compile(f"[{SPACE}]")
    assert [char for char in map(chr, range(sys.maxunicode + 1)) if space.fullmatch(char)] == SPACES


@pytest.mark.parametrize("engine", ["python", "rust"])
def test_not_blank_refuses_exactly_what_a_charfield_refuses(engine):
    valid = validators(NOT_BLANK)[engine]
    field = serializers.CharField()
    for space in SPACES:
        with pytest.raises(serializers.ValidationError):
            field.run_validation(space * 2)
        assert not valid(space * 2), f"U+{ord(space):04X} alone is blank to DRF"
        assert valid(f"{space}x{space}")
        assert field.run_validation(f"{space}x{space}") == "x"
    assert not valid("x\u0000")
    # A byte order mark is not stripped, so it is text (JavaScript's \s would call it a space).
    assert field.run_validation("\ufeff") == "\ufeff"
    assert valid("\ufeff")


@pytest.mark.parametrize("engine", ["python", "rust"])
def test_search_pattern_counts_the_length_after_stripping(engine):
    valid = validators(SEARCH_PATTERN)[engine]
    longest = "w" * SEARCH_MAX_LENGTH
    for space in SPACES:
        assert valid(f"{space}{longest}{space}"), f"U+{ord(space):04X} around the words is stripped"
        assert valid(space * 3)
        assert not valid(f"{space}{longest}w{space}")
    assert not valid("words\u0000")
    # The same figure as the server's own check.
    assert re.fullmatch(SEARCH_PATTERN, f"\x1f{longest}\x1f")
