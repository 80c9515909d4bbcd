import pytest

from tests import scenario as sc


@pytest.fixture
def world(people) -> sc.Scenario:
    """The hand-written scenario of tests/scenario.py: each object with the roles that may see it."""
    return sc.build(people)
