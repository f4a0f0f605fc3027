"""Labour market: job seekers (người tìm việc), employers (người sử dụng lao động), vacancies
(vị trí việc làm), and the classifications they use.

Laid out so that matching can read it set-based, column by column, without parsing JSON:

* Occupations are VSCO 2020 codes (Decision 34/2020/QĐ-TTg; identical to ISCO-08 down to level 4),
  stored as plain indexed `occupation_code` strings. The hierarchy is the code prefix: unit group
  "7212" lies in minor group "721", sub-major group "72", major group "7". The codes are checked
  against `Occupation` by the services, not by a foreign key, so a matcher reads one column.
* Education is two ordered integers (`GeneralEducation`, `Qualification`): "at least" is `>=`.
* Wages are integer đồng per month, `wage_min` / `wage_max`, either may be null (not stated).
* Place: `commune` (FK to the current commune; `AdminUnit` has latitude/longitude for distance)
  and `province_code`, which is what scope filters on. A seeker's commune is where they live; the
  places they would work are `SeekerPlace` rows plus `willing_to_move`.
* Skills are a text column of normalised terms, not a child table: `skills` is what the
  counsellor typed, canonicalised (terms separated by "; "); `skills_folded` is the set of folded
  terms, sorted, deduplicated and joined by "|" ("doc ban ve|han mig"). `labour.text.skill_set()`
  turns it back into a frozenset. One column keeps a 1 M-seeker load to one insert per row.
* Titles have three columns: `title` (NFC, canonical tone placement, as shown), `title_accented`
  (`accent_key`: lower case, diacritics kept, so "kế toán" ≠ "kế toàn") and `title_folded`
  (`search_key`: no diacritics, đ→d). Rank on the accented one first; see anchors-labour §2.2.
"""

from __future__ import annotations

import datetime as dt

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from ansinh.registry.models import ScopedModel

# --- classifications -------------------------------------------------------------------------------


class Occupation(models.Model):
    """One group of the Vietnam occupation classification (VSCO 2020), levels 1–4.

    Loaded from `labour/data/occupations.json` by `ansinh load-labour-reference`.
    """

    code = models.CharField(max_length=5, primary_key=True)  # "7", "72", "721", "7212"
    level = models.PositiveSmallIntegerField()  # 1–4 = number of digits
    parent_code = models.CharField(max_length=5, blank=True, db_index=True)
    name = models.CharField(max_length=200)  # Vietnamese
    name_en = models.CharField(max_length=200, blank=True)  # ISCO-08 title
    name_folded = models.CharField(max_length=200, db_index=True)
    # Vietnamese wording not checked against the Decision's appendix (levels 3–4: ISCO-08 translated).
    provisional = models.BooleanField(default=False)

    class Meta:
        ordering = ["code"]

    def __str__(self) -> str:
        return f"{self.code} {self.name}"


class OccupationSynonym(models.Model):
    """A job title as people say it ("thợ hàn", "tài xế") → the occupation code it means."""

    term = models.CharField(max_length=120)  # canonical Vietnamese
    term_folded = models.CharField(max_length=120, db_index=True)
    occupation = models.ForeignKey(Occupation, on_delete=models.CASCADE, related_name="synonyms")

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["term_folded", "occupation"], name="labour_synonym_unique"),
        ]
        ordering = ["term_folded"]

    def __str__(self) -> str:
        return f"{self.term} → {self.occupation_id}"


class Industry(models.Model):
    """A VSIC section (A–U in VSIC 2018, A–V in VSIC 2025). The same letter can mean different
    activities in the two versions, so an industry is keyed by (version, code)."""

    version = models.CharField(max_length=4)  # "2018", "2025"
    code = models.CharField(max_length=5)
    name = models.CharField(max_length=250)
    name_en = models.CharField(max_length=250, blank=True)
    provisional = models.BooleanField(default=False)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["version", "code"], name="labour_industry_version_code"),
        ]
        ordering = ["version", "code"]

    def __str__(self) -> str:
        return f"{self.code} {self.name} (VSIC {self.version})"


# --- shared choices --------------------------------------------------------------------------------


class GeneralEducation(models.IntegerChoices):
    """Highest general-education level completed (trình độ giáo dục phổ thông)."""

    NONE = 0, _("Did not complete primary school")
    PRIMARY = 1, _("Primary school")
    LOWER_SECONDARY = 2, _("Lower secondary school")
    UPPER_SECONDARY = 3, _("Upper secondary school")


class Qualification(models.IntegerChoices):
    """Highest technical qualification (trình độ chuyên môn kỹ thuật), in the order of the labour-force
    survey and Law 74/2019/QH14 on vocational education (sơ cấp, trung cấp, cao đẳng)."""

    NONE = 0, _("No technical training")
    SHORT_COURSE = 1, _("Vocational course under 3 months")
    ELEMENTARY = 2, _("Elementary vocational certificate")
    INTERMEDIATE = 3, _("Intermediate (trung cấp)")
    COLLEGE = 4, _("College (cao đẳng)")
    UNIVERSITY = 5, _("University degree")
    MASTER = 6, _("Master's degree")
    DOCTOR = 7, _("Doctorate")


class WorkType(models.TextChoices):
    FULL_TIME = "full_time", _("Full time")
    PART_TIME = "part_time", _("Part time")
    SEASONAL = "seasonal", _("Seasonal")
    ANY = "any", _("Any")


# --- job seekers -----------------------------------------------------------------------------------


class EmploymentStatus(models.TextChoices):
    """Decree 318/2025/NĐ-CP information group 3 (employment status), as a seeker states it."""

    UNEMPLOYED = "unemployed", _("Unemployed")
    EMPLOYED = "employed", _("Employed, looking for another job")
    NEVER_WORKED = "never_worked", _("Looking for a first job")
    STUDENT = "student", _("Student or about to graduate")


class UnemploymentBenefitStatus(models.TextChoices):
    """Placeholder until the unemployment-insurance module exists (Law 74/2025/QH15, Art. 38–39)."""

    NONE = "none", _("Not claiming")
    APPLIED = "applied", _("Claim filed")
    RECEIVING = "receiving", _("Receiving unemployment benefit")
    ENDED = "ended", _("Benefit ended")


class SeekerStatus(models.TextChoices):
    ACTIVE = "active", _("Looking for work")
    CLOSED = "closed", _("Closed")


class SeekerCloseReason(models.TextChoices):
    PLACED = "placed", _("Found a job")
    WITHDRAWN = "withdrawn", _("No longer looking")
    EXPIRED = "expired", _("Registration expired")
    OTHER = "other", _("Other")


class JobSeeker(ScopedModel):
    """A job-seeker registration (phiếu đăng ký tìm việc) of one registry person.

    `commune` / `province_code`: where the person lives, which is what scope filters on.
    A person has at most one active registration.
    """

    person = models.ForeignKey("registry.Person", on_delete=models.PROTECT, related_name="job_seekers")
    registered_on = models.DateField()
    status = models.CharField(max_length=10, choices=SeekerStatus.choices, default=SeekerStatus.ACTIVE)
    closed_on = models.DateField(null=True, blank=True)
    close_reason = models.CharField(max_length=10, choices=SeekerCloseReason.choices, blank=True)

    # Group 2: education and qualifications.
    general_education = models.PositiveSmallIntegerField(
        choices=GeneralEducation.choices, default=GeneralEducation.UPPER_SECONDARY
    )
    qualification = models.PositiveSmallIntegerField(
        choices=Qualification.choices, default=Qualification.NONE
    )
    field_of_study = models.CharField(max_length=200, blank=True)  # "Kế toán doanh nghiệp"
    certificates = models.CharField(max_length=300, blank=True)  # "Chứng chỉ hàn 3G; TOEIC 550"

    # Group 3: the job wanted. `occupation_code` is the primary one, also the first SeekerOccupation.
    title = models.CharField(max_length=200)
    title_accented = models.CharField(max_length=200)
    title_folded = models.CharField(max_length=200, db_index=True)
    occupation_code = models.CharField(max_length=5, db_index=True)
    # Coded from the title without enough certainty: waits for a counsellor's confirmation (the queue),
    # and matching weighs the code less until then. `occupation_candidates`: "7212:0.71 7213:0.40".
    occupation_confirmed = models.BooleanField(default=True, db_default=True)
    occupation_candidates = models.CharField(max_length=120, blank=True, default="", db_default="")
    skills = models.TextField(blank=True)
    skills_folded = models.TextField(blank=True)
    experience_years = models.PositiveSmallIntegerField(default=0)
    experience = models.TextField(blank=True)
    wage_min = models.BigIntegerField(null=True, blank=True)  # đồng per month
    wage_max = models.BigIntegerField(null=True, blank=True)
    work_type = models.CharField(max_length=10, choices=WorkType.choices, default=WorkType.FULL_TIME)
    willing_to_move = models.BooleanField(default=False)
    employment_status = models.CharField(
        max_length=15, choices=EmploymentStatus.choices, default=EmploymentStatus.UNEMPLOYED
    )

    # Group 4 (placeholder): unemployment insurance.
    ui_status = models.CharField(
        max_length=10, choices=UnemploymentBenefitStatus.choices, default=UnemploymentBenefitStatus.NONE
    )

    # Contact. The phone is the person's (registry); consent is recorded here.
    email = models.CharField(max_length=120, blank=True)
    consent_contact = models.BooleanField(default=False)
    consent_at = models.DateTimeField(null=True, blank=True)
    notes = models.TextField(blank=True)

    # Folded person name + title + occupation code: what the counsellor's search box matches.
    search_folded = models.CharField(max_length=400, default="", blank=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["person"], condition=models.Q(status="active"), name="labour_seeker_one_active"
            ),
            models.CheckConstraint(
                condition=models.Q(wage_min__isnull=True)
                | models.Q(wage_max__isnull=True)
                | models.Q(wage_min__lte=models.F("wage_max")),
                name="labour_seeker_wage_order",
            ),
            models.CheckConstraint(
                condition=models.Q(status="active", closed_on__isnull=True)
                | models.Q(status="closed", closed_on__isnull=False),
                name="labour_seeker_closed_on_matches_status",
            ),
        ]
        indexes = [
            models.Index(
                fields=["province_code", "status", "occupation_code"], name="labour_seeker_scope_idx"
            ),
            models.Index(fields=["status", "occupation_code"], name="labour_seeker_occ_idx"),
            models.Index(fields=["status", "closed_on"], name="labour_seeker_closed_idx"),
            # The counsellor's list: newest registrations of a province first.
            models.Index(
                fields=["province_code", "status", "-registered_on", "-id"], name="labour_seeker_recent_idx"
            ),
            # The confirmation queue: the few codings still waiting for a counsellor.
            models.Index(
                fields=["province_code", "id"],
                condition=models.Q(occupation_confirmed=False),
                name="labour_seeker_unconfirmed_idx",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.title} #{self.pk}"


class SeekerOccupation(models.Model):
    """An occupation a seeker would take, in order of preference (rank 1 = `JobSeeker.occupation_code`)."""

    seeker = models.ForeignKey(JobSeeker, on_delete=models.CASCADE, related_name="occupations")
    occupation_code = models.CharField(max_length=5, db_index=True)
    rank = models.PositiveSmallIntegerField(default=1)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["seeker", "occupation_code"], name="labour_seeker_occ_unique"),
        ]
        ordering = ["seeker", "rank"]

    def __str__(self) -> str:
        return f"{self.seeker_id}: {self.occupation_code}"


class SeekerPlace(models.Model):
    """A province (optionally one commune in it) where a seeker would work."""

    seeker = models.ForeignKey(JobSeeker, on_delete=models.CASCADE, related_name="places")
    province_code = models.CharField(max_length=4, db_index=True)
    commune = models.ForeignKey(
        "geo.AdminUnit", null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["seeker", "province_code", "commune"], name="labour_seeker_place_unique"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.seeker_id}: {self.province_code}/{self.commune_id or '*'}"


# --- employers -------------------------------------------------------------------------------------


class EmployerKind(models.TextChoices):
    PRIVATE = "private", _("Private enterprise")
    STATE = "state", _("State-owned enterprise")
    FOREIGN = "foreign", _("Foreign-invested enterprise")
    COOPERATIVE = "cooperative", _("Cooperative")
    HOUSEHOLD = "household", _("Household business")
    PUBLIC_UNIT = "public_unit", _("Public service unit")
    OTHER = "other", _("Other organisation")


class EmployerSize(models.TextChoices):
    """Headcount bands of Decree 80/2021/NĐ-CP Art. 5 (micro ≤10, small ≤100/50, medium ≤200/100)."""

    MICRO = "micro", _("Under 10 employees")
    SMALL = "small", _("10–99 employees")
    MEDIUM = "medium", _("100–199 employees")
    LARGE = "large", _("200–999 employees")
    VERY_LARGE = "very_large", _("1,000 employees or more")


class Employer(ScopedModel):
    """An employer (người sử dụng lao động) registered with the centre. `commune`: its address."""

    tax_code = models.CharField(max_length=14, unique=True)  # MST: 10 digits, or 10-3 for a branch
    name = models.CharField(max_length=250)
    name_folded = models.CharField(max_length=250, db_index=True)
    kind = models.CharField(max_length=12, choices=EmployerKind.choices, default=EmployerKind.PRIVATE)
    industry_version = models.CharField(max_length=4, default="2025")
    industry_code = models.CharField(max_length=5, blank=True, db_index=True)
    size = models.CharField(max_length=10, choices=EmployerSize.choices, blank=True)
    employees = models.PositiveIntegerField(null=True, blank=True)
    address_detail = models.CharField(max_length=200, blank=True)
    contact_name = models.CharField(max_length=120, blank=True)
    contact_phone = models.CharField(max_length=15, blank=True)
    contact_email = models.CharField(max_length=120, blank=True)
    website = models.CharField(max_length=200, blank=True)
    is_active = models.BooleanField(default=True)

    class Meta:
        indexes = [models.Index(fields=["province_code", "is_active"], name="labour_employer_scope_idx")]

    def __str__(self) -> str:
        return self.name


# --- vacancies -------------------------------------------------------------------------------------


class VacancyStatus(models.TextChoices):
    OPEN = "open", _("Open")
    CLOSED = "closed", _("Closed")


class VacancyCloseReason(models.TextChoices):
    FILLED = "filled", _("Filled")
    EXPIRED = "expired", _("Deadline passed")
    WITHDRAWN = "withdrawn", _("Withdrawn by the employer")
    OTHER = "other", _("Other")


class VacancyQuerySet(models.QuerySet["Vacancy"]):
    @staticmethod
    def open_now_q(today: dt.date) -> models.Q:
        """Open vacancies whose deadline (if any) has not passed: what a seeker can still apply for."""
        return models.Q(status=VacancyStatus.OPEN) & (
            models.Q(deadline__isnull=True) | models.Q(deadline__gte=today)
        )

    def open_now(self, today: dt.date) -> VacancyQuerySet:
        return self.filter(self.open_now_q(today))


class Vacancy(ScopedModel):
    """A vacancy (vị trí việc làm / nhu cầu tuyển dụng). `commune`: the place of work."""

    employer = models.ForeignKey(Employer, on_delete=models.PROTECT, related_name="vacancies")
    reference = models.CharField(max_length=40, blank=True)  # the employer's own reference, if any
    title = models.CharField(max_length=200)
    title_accented = models.CharField(max_length=200)
    title_folded = models.CharField(max_length=200, db_index=True)
    description = models.TextField(blank=True)
    occupation_code = models.CharField(max_length=5, db_index=True)
    occupation_confirmed = models.BooleanField(default=True, db_default=True)  # as JobSeeker's
    occupation_candidates = models.CharField(max_length=120, blank=True, default="", db_default="")
    posts = models.PositiveIntegerField(default=1)
    wage_min = models.BigIntegerField(null=True, blank=True)  # đồng per month
    wage_max = models.BigIntegerField(null=True, blank=True)
    work_type = models.CharField(max_length=10, choices=WorkType.choices, default=WorkType.FULL_TIME)

    # Requirements. Sex and ethnicity are never requirements (Labour Code 2019 Art. 8; Law 74/2025).
    min_general_education = models.PositiveSmallIntegerField(
        choices=GeneralEducation.choices, default=GeneralEducation.NONE
    )
    min_qualification = models.PositiveSmallIntegerField(
        choices=Qualification.choices, default=Qualification.NONE
    )
    skills = models.TextField(blank=True)
    skills_folded = models.TextField(blank=True)
    min_experience_years = models.PositiveSmallIntegerField(default=0)
    # An age band only where the law sets one (e.g. 18+ for work on the list of heavy or hazardous
    # jobs, Labour Code 2019 Art. 147); the legal ground is then required in `age_reason`.
    age_min = models.PositiveSmallIntegerField(null=True, blank=True)
    age_max = models.PositiveSmallIntegerField(null=True, blank=True)
    age_reason = models.CharField(max_length=200, blank=True)

    address_detail = models.CharField(max_length=200, blank=True)
    opened_on = models.DateField()
    deadline = models.DateField(null=True, blank=True)
    status = models.CharField(max_length=10, choices=VacancyStatus.choices, default=VacancyStatus.OPEN)
    closed_on = models.DateField(null=True, blank=True)
    close_reason = models.CharField(max_length=10, choices=VacancyCloseReason.choices, blank=True)
    # Placements into this vacancy; when it reaches `posts` the vacancy closes as filled. A database
    # default too, so bulk loaders that name their columns need not know it.
    posts_filled = models.PositiveIntegerField(default=0, db_default=0)

    objects = VacancyQuerySet.as_manager()

    class Meta:
        verbose_name_plural = "vacancies"
        constraints = [
            models.CheckConstraint(
                condition=models.Q(wage_min__isnull=True)
                | models.Q(wage_max__isnull=True)
                | models.Q(wage_min__lte=models.F("wage_max")),
                name="labour_vacancy_wage_order",
            ),
            models.CheckConstraint(
                condition=models.Q(age_min__isnull=True)
                | models.Q(age_max__isnull=True)
                | models.Q(age_min__lte=models.F("age_max")),
                name="labour_vacancy_age_order",
            ),
            models.CheckConstraint(condition=models.Q(posts__gte=1), name="labour_vacancy_posts_positive"),
            models.CheckConstraint(
                condition=models.Q(posts_filled__lte=models.F("posts")), name="labour_vacancy_filled_le_posts"
            ),
            models.CheckConstraint(
                condition=models.Q(status="open", closed_on__isnull=True)
                | models.Q(status="closed", closed_on__isnull=False),
                name="labour_vacancy_closed_on_matches_status",
            ),
            models.UniqueConstraint(
                fields=["employer", "reference"],
                condition=~models.Q(reference=""),
                name="labour_vacancy_reference_unique",
            ),
        ]
        indexes = [
            models.Index(
                fields=["province_code", "status", "occupation_code"], name="labour_vacancy_scope_idx"
            ),
            models.Index(fields=["status", "occupation_code"], name="labour_vacancy_occ_idx"),
            models.Index(fields=["status", "deadline"], name="labour_vacancy_deadline_idx"),
            models.Index(
                fields=["province_code", "status", "-opened_on", "-id"], name="labour_vacancy_recent_idx"
            ),
            # The public job board lists open vacancies nation-wide, newest first.
            models.Index(fields=["status", "-opened_on", "-id"], name="labour_vacancy_open_recent_idx"),
            models.Index(
                fields=["province_code", "id"],
                condition=models.Q(occupation_confirmed=False),
                name="labour_vacancy_unconfirmed_idx",
            ),
        ]

    def __str__(self) -> str:
        return self.title


# --- job-fair sessions (phiên giao dịch việc làm) --------------------------------------------------


class FairMode(models.TextChoices):
    IN_PERSON = "in_person", _("In person")
    ONLINE = "online", _("Online")
    HYBRID = "hybrid", _("Hybrid (in person and online)")


class FairStatus(models.TextChoices):
    PLANNED = "planned", _("Planned")
    HELD = "held", _("Held")
    CANCELLED = "cancelled", _("Cancelled")


class JobFair(models.Model):
    """A job-fair session, hosted by the employment-service centre of a province (`province_code`),
    optionally by a commune-level centre (`host_commune`). Online sessions join other provinces
    (`FairProvince`): their counsellors see the session and register their own seekers.

    Not a `ScopedModel`: the host commune is optional, so scope filters `province_code` and
    `host_commune` (`scope_q(actor, commune_field="host_commune")`)."""

    title = models.CharField(max_length=200)
    mode = models.CharField(max_length=10, choices=FairMode.choices, default=FairMode.IN_PERSON)
    province_code = models.CharField(max_length=4, db_index=True)
    host_commune = models.ForeignKey(
        "geo.AdminUnit", null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    venue = models.CharField(max_length=250, blank=True)
    online_link = models.CharField(max_length=300, blank=True)
    starts_at = models.DateTimeField()
    ends_at = models.DateTimeField()
    slot_minutes = models.PositiveSmallIntegerField(default=20)
    status = models.CharField(max_length=10, choices=FairStatus.choices, default=FairStatus.PLANNED)
    status_note = models.CharField(max_length=300, blank=True)
    notes = models.TextField(blank=True)

    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    version = models.PositiveIntegerField(default=1)

    class Meta:
        constraints = [
            models.CheckConstraint(
                condition=models.Q(ends_at__gt=models.F("starts_at")), name="labour_fair_times"
            ),
            models.CheckConstraint(condition=models.Q(slot_minutes__gte=5), name="labour_fair_slot_min"),
        ]
        indexes = [
            models.Index(fields=["province_code", "status", "starts_at"], name="labour_fair_scope_idx")
        ]
        ordering = ["-starts_at", "-id"]

    def __str__(self) -> str:
        return self.title


class FairProvince(models.Model):
    """A province joined to a session hosted elsewhere (an online session of several provinces)."""

    fair = models.ForeignKey(JobFair, on_delete=models.CASCADE, related_name="linked")
    province_code = models.CharField(max_length=4, db_index=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["fair", "province_code"], name="labour_fair_province_unique")
        ]

    def __str__(self) -> str:
        return f"{self.fair_id}: {self.province_code}"


class FairEmployer(models.Model):
    """An employer taking part in a session."""

    fair = models.ForeignKey(JobFair, on_delete=models.CASCADE, related_name="employers")
    employer = models.ForeignKey(Employer, on_delete=models.PROTECT, related_name="fairs")
    province_code = models.CharField(max_length=4)  # the employer's, so a linked province sees its own
    registered_at = models.DateTimeField(auto_now_add=True)
    registered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["fair", "employer"], name="labour_fair_employer_unique")
        ]

    def __str__(self) -> str:
        return f"{self.fair_id}: {self.employer_id}"


class FairVacancy(models.Model):
    """A vacancy an employer brings to a session, with the number of posts offered there (`quota`)."""

    fair = models.ForeignKey(JobFair, on_delete=models.CASCADE, related_name="vacancies")
    fair_employer = models.ForeignKey(FairEmployer, on_delete=models.CASCADE, related_name="vacancies")
    vacancy = models.ForeignKey(Vacancy, on_delete=models.PROTECT, related_name="fairs")
    quota = models.PositiveIntegerField(default=1)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["fair", "vacancy"], name="labour_fair_vacancy_unique"),
            models.CheckConstraint(condition=models.Q(quota__gte=1), name="labour_fair_vacancy_quota"),
        ]

    def __str__(self) -> str:
        return f"{self.fair_id}: {self.vacancy_id} × {self.quota}"


class FairSeeker(models.Model):
    """A job seeker registered for a session; `province_code` is the seeker's (the registering centre's)."""

    fair = models.ForeignKey(JobFair, on_delete=models.CASCADE, related_name="seekers")
    seeker = models.ForeignKey(JobSeeker, on_delete=models.PROTECT, related_name="fairs")
    province_code = models.CharField(max_length=4, db_index=True)
    registered_at = models.DateTimeField(auto_now_add=True)
    registered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        constraints = [models.UniqueConstraint(fields=["fair", "seeker"], name="labour_fair_seeker_unique")]

    def __str__(self) -> str:
        return f"{self.fair_id}: {self.seeker_id}"


class FairMatch(models.Model):
    """A pre-match of a registered seeker with one of the session's vacancies, by the matching scorer.
    Recomputed when the seeker registers and when vacancies are added. `reasons` holds the scorer's
    factors (code, points, params), so that they read in the reader's language (`reason_texts`)."""

    fair_seeker = models.ForeignKey(FairSeeker, on_delete=models.CASCADE, related_name="matches")
    fair_vacancy = models.ForeignKey(FairVacancy, on_delete=models.CASCADE, related_name="matches")
    rank = models.PositiveSmallIntegerField()
    score = models.FloatField()
    reasons = models.JSONField(default=list)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["fair_seeker", "fair_vacancy"], name="labour_fair_match_unique")
        ]
        ordering = ["fair_seeker", "rank"]

    def __str__(self) -> str:
        return f"{self.fair_seeker_id} → {self.fair_vacancy_id}: {self.score:.1f}"

    @property
    def reason_texts(self) -> list[str]:
        from ansinh.labour.matching.scoring import Factor

        return [Factor(f["code"], f["points"], f.get("params", {})).text for f in self.reasons]


class InterviewOutcome(models.TextChoices):
    SCHEDULED = "scheduled", _("Scheduled")
    INTERVIEWED = "interviewed", _("Interviewed")
    PRESELECTED = "preselected", _("Pre-selected")
    HIRED = "hired", _("Hired")
    NOT_SELECTED = "not_selected", _("Not selected")


class FairInterview(models.Model):
    """An interview at a session: one seeker, one vacancy, a time slot, at a table or by an online link.

    A slot is `slot_start` on the session's grid (`starts_at` + k × `slot_minutes`), so "no double
    booking" is an equality the database enforces: one interview per seeker per slot, one per table per
    slot."""

    fair = models.ForeignKey(JobFair, on_delete=models.CASCADE, related_name="interviews")
    fair_seeker = models.ForeignKey(FairSeeker, on_delete=models.CASCADE, related_name="interviews")
    fair_vacancy = models.ForeignKey(FairVacancy, on_delete=models.CASCADE, related_name="interviews")
    slot_start = models.DateTimeField()
    table = models.CharField(max_length=20, blank=True)
    online_link = models.CharField(max_length=300, blank=True)
    outcome = models.CharField(
        max_length=12, choices=InterviewOutcome.choices, default=InterviewOutcome.SCHEDULED
    )
    outcome_at = models.DateTimeField(null=True, blank=True)
    outcome_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["fair_seeker", "slot_start"], name="labour_interview_seeker_slot"
            ),
            models.UniqueConstraint(
                fields=["fair", "table", "slot_start"],
                condition=~models.Q(table=""),
                name="labour_interview_table_slot",
            ),
            models.UniqueConstraint(
                fields=["fair_seeker", "fair_vacancy"], name="labour_interview_seeker_vacancy"
            ),
            models.CheckConstraint(
                condition=~models.Q(table="") | ~models.Q(online_link=""), name="labour_interview_where"
            ),
        ]
        ordering = ["slot_start", "table", "id"]

    def __str__(self) -> str:
        return f"{self.fair_id}: {self.fair_seeker_id} @ {self.slot_start:%H:%M}"


# --- referrals and placements ----------------------------------------------------------------------


class ReferralStatus(models.TextChoices):
    PENDING = "pending", _("Waiting for an answer")
    INTERVIEWED = "interviewed", _("Interviewed")
    HIRED = "hired", _("Hired")
    REJECTED = "rejected", _("Rejected by the employer")
    DECLINED = "declined", _("Declined by the seeker")
    NO_RESPONSE = "no_response", _("No response")


class Referral(ScopedModel):
    """A counsellor's referral (giới thiệu việc làm) of a seeker to a vacancy.
    `commune` / `province_code`: the seeker's, which is what scope filters on."""

    seeker = models.ForeignKey(JobSeeker, on_delete=models.PROTECT, related_name="referrals")
    vacancy = models.ForeignKey(Vacancy, on_delete=models.PROTECT, related_name="referrals")
    referred_on = models.DateField()
    score = models.FloatField(null=True, blank=True)  # the match score when referred from a match list
    status = models.CharField(max_length=12, choices=ReferralStatus.choices, default=ReferralStatus.PENDING)
    outcome_on = models.DateField(null=True, blank=True)
    note = models.CharField(max_length=500, blank=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["seeker", "vacancy"], name="labour_referral_unique"),
        ]
        indexes = [
            models.Index(fields=["province_code", "status", "-referred_on"], name="labour_referral_scope_idx")
        ]
        ordering = ["-referred_on", "-id"]

    def __str__(self) -> str:
        return f"{self.seeker_id} → {self.vacancy_id}"


class PlacementSource(models.TextChoices):
    REFERRAL = "referral", _("Referral")
    FAIR = "fair", _("Job-fair session")
    SELF_REPORTED = "self_reported", _("Found a job themselves")


class Placement(ScopedModel):
    """A job seeker placed in work (tạo việc làm mới / giới thiệu thành công): closes the registration
    and, for a known vacancy, fills one of its posts. `commune` / `province_code`: the seeker's.

    `days` = `placed_on` − the registration date, stored so that time-to-placement is one aggregate."""

    seeker = models.OneToOneField(JobSeeker, on_delete=models.PROTECT, related_name="placement")
    source = models.CharField(max_length=15, choices=PlacementSource.choices)
    vacancy = models.ForeignKey(
        Vacancy, null=True, blank=True, on_delete=models.PROTECT, related_name="placements"
    )
    referral = models.OneToOneField(
        Referral, null=True, blank=True, on_delete=models.PROTECT, related_name="placement"
    )
    interview = models.OneToOneField(
        FairInterview, null=True, blank=True, on_delete=models.PROTECT, related_name="placement"
    )
    employer_name = models.CharField(max_length=250, blank=True)  # self-reported: as the person says it
    job_title = models.CharField(max_length=200, blank=True)
    placed_on = models.DateField()  # the day the job starts
    days = models.PositiveIntegerField()

    class Meta:
        constraints = [
            models.CheckConstraint(
                condition=~models.Q(source="referral") | models.Q(referral__isnull=False),
                name="labour_placement_referral_source",
            ),
            models.CheckConstraint(
                condition=~models.Q(source="fair") | models.Q(interview__isnull=False),
                name="labour_placement_fair_source",
            ),
        ]
        indexes = [
            models.Index(fields=["province_code", "placed_on"], name="labour_placement_scope_idx"),
            models.Index(fields=["placed_on"], name="labour_placement_date_idx"),
        ]
        ordering = ["-placed_on", "-id"]

    def __str__(self) -> str:
        return f"{self.seeker_id} @ {self.placed_on}"


# --- imports -----------------------------------------------------------------------------------------


class ImportRecord(models.Model):
    """A file of job seekers or vacancies imported successfully, by the sha256 of its bytes: the same
    file is not imported twice in a province (it would register the same people again). Written in the
    import's own transaction, so a refused import leaves no record."""

    kind = models.CharField(max_length=20)  # `imports.SEEKERS` or `imports.VACANCIES`
    province_code = models.CharField(max_length=4, blank=True)  # the importer's province; '' national
    sha256 = models.CharField(max_length=64)
    filename = models.CharField(max_length=200, blank=True)
    rows = models.PositiveIntegerField()
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["kind", "province_code", "sha256"], name="labour_import_file_once"
            )
        ]

    def __str__(self) -> str:
        return f"{self.kind} {self.filename} {self.sha256[:12]}"
