"""Fixtures of the payments and labour tests, shared here: enrolments, cycles, seekers and vacancies."""

from tests.labour.conftest import make_employer, make_seeker, make_vacancy, other_counsellor  # noqa: F401
from tests.payments.conftest import approved, approver, enrol, generated, new_cycle  # noqa: F401
