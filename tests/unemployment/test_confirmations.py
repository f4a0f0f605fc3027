"""A decision on a claim and stopping the benefit ask first, with the amount the law gives."""

from __future__ import annotations

import pytest
from django.test import Client

from ansinh.unemployment.models import Claim, ClaimStatus

pytestmark = pytest.mark.django_db


def test_deciding_asks_with_the_amount(make_claim, counsellor):
    claim = make_claim()
    client = Client()
    client.force_login(counsellor)
    data = {"approve": "1", "number": "12/QĐ-SLĐTBXH", "decided_on": "10/03/2026", "signer": "Giám đốc",
            "version": str(claim.version)}  # fmt: skip
    response = client.post(f"/unemployment/{claim.pk}/decision/", data)
    html = response.content.decode()
    assert response.status_code == 200 and "data-confirm-content" in html
    assert "6.000.000 đ" in html and "12/QĐ-SLĐTBXH" in html
    assert Claim.objects.get(pk=claim.pk).status == ClaimStatus.FILED
    stop = client.post(f"/unemployment/{claim.pk}/stop/", {"reason": "other", "stopped_on": "10/03/2026"})
    assert "data-confirm-content" in stop.content.decode()
    assert Claim.objects.get(pk=claim.pk).stopped_on is None
