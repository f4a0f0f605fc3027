"""The poverty review's cast: households in villages of commune A (and one in commune B), a round factory,
and answers that the standard classifies poor, near-poor or above."""

from __future__ import annotations

import pytest


@pytest.fixture
def make_household(make_person, commune_officer):
    from ansinh.registry.inputs import HouseholdData
    from ansinh.registry.services import household_create

    def make(*, village="Bản Noong Bua", commune=None, actor=None):
        actor = actor or commune_officer
        overrides = {"commune_id": commune.pk} if commune is not None else {}
        head = make_person(actor=None, **overrides) if commune is not None else make_person()
        return household_create(
            actor=actor,
            data=HouseholdData(commune_id=(commune or head.commune).pk, address_detail=village),
            head_id=head.pk,
        )

    return make
