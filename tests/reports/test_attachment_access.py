"""A report attachment: a role without access, or an id out of scope, learns nothing about which ids exist."""

from __future__ import annotations

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from ansinh.reports import services
from ansinh.reports.periods import parse_period

pytestmark = pytest.mark.django_db


@pytest.fixture
def attachment(commune_officer, commune_a):
    upload = SimpleUploadedFile("bien-ban.pdf", b"%PDF-1.4 test", content_type="application/pdf")
    return services.attachment_add(
        actor=commune_officer, unit_code=commune_a.code, period=parse_period("2025H1"), upload=upload
    )


@pytest.mark.parametrize("outsider", ["admin_user", "other_commune_officer", "other_province_officer"])
def test_an_existing_attachment_answers_like_a_missing_one(request, client, attachment, outsider):
    client.force_login(request.getfixturevalue(outsider))
    existing = client.get(f"/reports/attachments/{attachment.pk}/")
    missing = client.get("/reports/attachments/987654321/")
    assert existing.status_code == missing.status_code
    assert existing.status_code in (403, 404)


def test_the_commune_downloads_its_own(client, attachment, commune_officer):
    client.force_login(commune_officer)
    response = client.get(f"/reports/attachments/{attachment.pk}/")
    assert response.status_code == 200
    assert b"".join(response.streaming_content) == b"%PDF-1.4 test"
