"""Publishing or rejecting an employer's submission asks first."""

from __future__ import annotations

import pytest

from ansinh.jobboard.models import VacancySubmission
from tests.jobboard.test_submission import submit

pytestmark = pytest.mark.django_db


def test_approve_and_reject_ask_first(client, counsellor, commune_a):
    client.force_login(counsellor)
    submission = submit(commune_a)
    for action, data in (("approve", {}), ("reject", {"reason": "Trùng tin"})):
        response = client.post(f"/labour/board/submissions/{submission.pk}/{action}/", data)
        html = response.content.decode()
        assert response.status_code == 200 and "data-confirm-content" in html
        assert submission.title in html and submission.employer_name in html
    assert VacancySubmission.objects.get(pk=submission.pk).status == submission.status
