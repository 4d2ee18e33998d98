"""Fixtures: the hand-worked datasets of data.py."""

import pytest

from commissioning.needs.tests.benchmark.data import add_groups, build_dataset


@pytest.fixture
def dataset(db):
    return build_dataset()


@pytest.fixture
def groups_dataset(dataset):
    return add_groups(dataset)
