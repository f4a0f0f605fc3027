"""The public job board: what the public sends in, and what the centre chooses to publish.

Vacancies themselves live in `labour` (the board searches them read-only). This app holds:

* `VacancyInterest`: a person who saw a vacancy and asks to be contacted (anonymous, with consent).
  It is personal data of the public, so it is scoped to the vacancy's province and never published.
* `VacancySubmission`: an employer's proposed vacancy, pending until a counsellor of the province of the
  workplace approves it (the labour services then create the Employer and the Vacancy) or rejects it.
* `EmployerContact`: whether an employer agreed to show its own contact person on the board; without it the
  board shows the centre's contact instead.
* `CentreContact`: the public contact of a province's employment service centre, kept by its counsellors.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from ansinh.labour.models import GeneralEducation, Qualification, WorkType
from ansinh.registry.models import ScopedModel


class InterestStatus(models.TextChoices):
    NEW = "new", _("New")
    HANDLED = "handled", _("Handled")


class VacancyInterest(ScopedModel):
    """Someone asks to be contacted about a vacancy. `commune`/`province_code`: the vacancy's workplace, so
    the counsellors of that province see it in their queue."""

    vacancy = models.ForeignKey("labour.Vacancy", on_delete=models.CASCADE, related_name="+")
    full_name = models.CharField(max_length=120)
    phone = models.CharField(max_length=11)  # 0 + 9 digits, mobile
    email = models.CharField(max_length=120, blank=True)
    message = models.TextField(blank=True)
    consent_at = models.DateTimeField()
    status = models.CharField(max_length=10, choices=InterestStatus.choices, default=InterestStatus.NEW)
    handled_at = models.DateTimeField(null=True, blank=True)
    handled_note = models.CharField(max_length=300, blank=True)
    # Set when the counsellor registered the person as a job seeker from this request.
    seeker = models.ForeignKey(
        "labour.JobSeeker", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        indexes = [
            models.Index(
                fields=["province_code", "status", "-created_at"], name="jobboard_interest_queue_idx"
            )
        ]

    def __str__(self) -> str:
        return f"{self.full_name} → {self.vacancy_id}"


class SubmissionStatus(models.TextChoices):
    PENDING = "pending", _("Waiting for review")
    APPROVED = "approved", _("Approved and published")
    REJECTED = "rejected", _("Rejected")


class VacancySubmission(ScopedModel):
    """A vacancy proposed by an employer on the public site. `commune`/`province_code`: the workplace,
    which decides the centre that reviews it."""

    reference = models.CharField(max_length=14, unique=True)  # "VL-7K3Q-9XMD": quoted by the submitter
    status = models.CharField(
        max_length=10, choices=SubmissionStatus.choices, default=SubmissionStatus.PENDING
    )
    # The employer as typed.
    tax_code = models.CharField(max_length=14, db_index=True)
    employer_name = models.CharField(max_length=250)
    employer_commune = models.ForeignKey("geo.AdminUnit", on_delete=models.PROTECT, related_name="+")
    employer_address = models.CharField(max_length=200, blank=True)
    contact_name = models.CharField(max_length=120)
    contact_phone = models.CharField(max_length=11)
    contact_email = models.CharField(max_length=120, blank=True)
    contact_public = models.BooleanField(default=False)
    # The vacancy as typed.
    title = models.CharField(max_length=200)
    description = models.TextField(blank=True)
    occupation_code = models.CharField(max_length=5)
    posts = models.PositiveIntegerField(default=1)
    wage_min = models.BigIntegerField(null=True, blank=True)
    wage_max = models.BigIntegerField(null=True, blank=True)
    work_type = models.CharField(max_length=10, choices=WorkType.choices, default=WorkType.FULL_TIME)
    min_general_education = models.PositiveSmallIntegerField(
        choices=GeneralEducation.choices, default=GeneralEducation.NONE
    )
    min_qualification = models.PositiveSmallIntegerField(
        choices=Qualification.choices, default=Qualification.NONE
    )
    skills = models.TextField(blank=True)
    min_experience_years = models.PositiveSmallIntegerField(default=0)
    address_detail = models.CharField(max_length=200, blank=True)
    deadline = models.DateField(null=True, blank=True)
    # The decision.
    decided_at = models.DateTimeField(null=True, blank=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    reject_reason = models.CharField(max_length=500, blank=True)
    employer = models.ForeignKey(
        "labour.Employer", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    vacancy = models.ForeignKey(
        "labour.Vacancy", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        indexes = [
            models.Index(
                fields=["province_code", "status", "-created_at"], name="jobboard_submission_queue_idx"
            )
        ]

    def __str__(self) -> str:
        return f"{self.reference} {self.title}"


class EmployerContact(models.Model):
    """Whether the employer's contact person, phone and e-mail may be shown on the public board."""

    employer = models.OneToOneField("labour.Employer", on_delete=models.CASCADE, related_name="+")
    public = models.BooleanField(default=False)
    updated_at = models.DateTimeField(auto_now=True)

    def __str__(self) -> str:
        return f"{self.employer_id}: {'public' if self.public else 'private'}"


class CentreContact(models.Model):
    """The public contact of the employment service centre of one province."""

    province_code = models.CharField(max_length=4, unique=True)
    name = models.CharField(max_length=200)
    address = models.CharField(max_length=250, blank=True)
    phone = models.CharField(max_length=20, blank=True)
    email = models.CharField(max_length=120, blank=True)
    website = models.CharField(max_length=200, blank=True)
    hours = models.CharField(max_length=200, blank=True)
    updated_at = models.DateTimeField(auto_now=True)
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    def __str__(self) -> str:
        return self.name
