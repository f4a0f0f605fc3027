"""Filing a claim by personal ID: a person registered in another province reads as not found."""

from __future__ import annotations

import pytest

from ansinh.unemployment.models import Claim

pytestmark = pytest.mark.django_db

FORM = {
    "termination_date": "10/02/2026", "filed_on": "20/02/2026", "avg_salary_6m": "10.000.000",
    "contribution_months": "50", "salary_regime": "employer", "region": "1", "doc_application": "on",
    "doc_termination": "on", "job_title": "Thợ hàn điện", "general_education": "3",
}  # fmt: skip


def test_person_of_another_province_reads_as_an_unknown_number(
    client, counsellor, make_person, other_province_officer, ha_noi_commune
):
    far_away = make_person(
        actor=other_province_officer, commune_id=ha_noi_commune.pk, birth_date="1990-03-04"
    )
    client.force_login(counsellor)
    unknown = client.post("/unemployment/file/", {**FORM, "personal_id": "001099000001"})
    elsewhere = client.post("/unemployment/file/", {**FORM, "personal_id": far_away.personal_id})
    assert unknown.status_code == elsewhere.status_code == 422
    assert unknown.context["errors"] == elsewhere.context["errors"]
    assert far_away.full_name not in elsewhere.content.decode()
    assert not Claim.objects.exists()
