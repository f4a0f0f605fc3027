"""Roles, the scope level each works at, and what each may do.

Capabilities are checked by name (`registry.change`) in services and views; scope (which rows)
is enforced separately by `ansinh.core.scope`.
"""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _


class Role(models.TextChoices):
    MINISTRY_ANALYST = "ministry_analyst", _("Ministry analyst")
    PROVINCE_OFFICER = "province_officer", _("Province officer")
    COMMUNE_OFFICER = "commune_officer", _("Commune officer")
    EMPLOYMENT_COUNSELLOR = "employment_counsellor", _("Employment-centre counsellor")
    AUDITOR = "auditor", _("Auditor")
    SYSTEM_ADMIN = "system_admin", _("System administrator")


# The level of the unit a user of each role is scoped to; None means the whole nation.
SCOPE_LEVEL: dict[str, str | None] = {
    Role.MINISTRY_ANALYST: None,
    Role.PROVINCE_OFFICER: "province",
    Role.COMMUNE_OFFICER: "commune",
    Role.EMPLOYMENT_COUNSELLOR: "province",
    Role.AUDITOR: None,
    Role.SYSTEM_ADMIN: None,
}

_ALL_READERS = {
    Role.MINISTRY_ANALYST,
    Role.PROVINCE_OFFICER,
    Role.COMMUNE_OFFICER,
    Role.EMPLOYMENT_COUNSELLOR,
    Role.AUDITOR,
}

CAPABILITIES: dict[str, set[str]] = {
    # Read person and household records in scope (lists are masked; a full record is audited).
    "registry.view": set(_ALL_READERS),
    # Create and edit persons and households.
    "registry.change": {Role.PROVINCE_OFFICER, Role.COMMUNE_OFFICER, Role.EMPLOYMENT_COUNSELLOR},
    # See a record's change history.
    "registry.history": {Role.PROVINCE_OFFICER, Role.COMMUNE_OFFICER, Role.AUDITOR},
    # Search every audit event in the system.
    "audit.search": {Role.AUDITOR, Role.SYSTEM_ADMIN},
    # Create users and tokens, load reference data.
    "accounts.manage": {Role.SYSTEM_ADMIN},
    # See enrolments, decisions and entitlements in scope.
    "benefits.view": {Role.MINISTRY_ANALYST, Role.PROVINCE_OFFICER, Role.COMMUNE_OFFICER, Role.AUDITOR},
    # Record decisions: enrol, adjust, suspend, resume, stop, transfer; record a death's funeral support.
    "benefits.change": {Role.PROVINCE_OFFICER, Role.COMMUNE_OFFICER},
    # Record a province's own standard level (a People's Council resolution); national rows need admin.
    "benefits.parameters": {Role.PROVINCE_OFFICER, Role.SYSTEM_ADMIN},
    # Run a policy-cost simulation (reads the registry, changes nothing).
    "benefits.simulate": {Role.MINISTRY_ANALYST, Role.PROVINCE_OFFICER},
    # See the records of people with merit, martyrs and their relatives in scope.
    "merit.view": {Role.MINISTRY_ANALYST, Role.PROVINCE_OFFICER, Role.COMMUNE_OFFICER, Role.AUDITOR},
    # Record people with merit, martyrs and relatives, injury assessments, caregivers and care.
    "merit.change": {Role.PROVINCE_OFFICER, Role.COMMUNE_OFFICER},
    # See payment cycles and lines in scope.
    "payments.view": {Role.MINISTRY_ANALYST, Role.PROVINCE_OFFICER, Role.COMMUNE_OFFICER, Role.AUDITOR},
    # Prepare a cycle: create, generate, submit, export the bank file, import the bank result, cash.
    "payments.prepare": {Role.PROVINCE_OFFICER},
    # Record that a cash line was handed over at the commune (commune officers: their commune's lines).
    "payments.cash": {Role.PROVINCE_OFFICER, Role.COMMUNE_OFFICER},
    # Approve a submitted cycle (maker-checker: never the officer who prepared or submitted it).
    "payments.approve": {Role.PROVINCE_OFFICER},
    # See poverty review rounds, surveys, complaints and households' poverty status in scope.
    "poverty.view": {Role.MINISTRY_ANALYST, Role.PROVINCE_OFFICER, Role.COMMUNE_OFFICER, Role.AUDITOR},
    # Run a commune's review round: create it, enter surveys, record meetings, posting, complaints, decide.
    "poverty.change": {Role.PROVINCE_OFFICER, Role.COMMUNE_OFFICER},
    # Mark the communes' decided rounds of a year summarised for the province.
    "poverty.summarise": {Role.PROVINCE_OFFICER},
    # Hand the free health-insurance list to the social insurance agency with personal IDs in full.
    "poverty.insurance_ids": {Role.PROVINCE_OFFICER, Role.COMMUNE_OFFICER},
    # See job seekers, employers, vacancies, matches, job-fair sessions in scope.
    "labour.view": {Role.EMPLOYMENT_COUNSELLOR, Role.PROVINCE_OFFICER, Role.MINISTRY_ANALYST, Role.AUDITOR},
    # Register and edit job seekers, employers and vacancies; import; refer; record outcomes.
    "labour.change": {Role.EMPLOYMENT_COUNSELLOR},
    # See unemployment-benefit claims, decisions and job-search reports in scope.
    "unemployment.view": {
        Role.EMPLOYMENT_COUNSELLOR,
        Role.PROVINCE_OFFICER,
        Role.MINISTRY_ANALYST,
        Role.AUDITOR,
    },
    # File claims, record decisions, monthly job-search reports, suspensions and stops.
    "unemployment.change": {Role.EMPLOYMENT_COUNSELLOR},
    # Read reports and figures in scope.
    "reports.view": set(_ALL_READERS),
    # Enter figures for one's own unit and submit them.
    "reports.enter": {Role.COMMUNE_OFFICER, Role.PROVINCE_OFFICER, Role.EMPLOYMENT_COUNSELLOR},
    # Approve or return the reports of the units below; unlock a locked figure with a reason.
    "reports.approve": {Role.PROVINCE_OFFICER, Role.MINISTRY_ANALYST},
    # Set plan targets for one's own unit and the units below.
    "reports.plan": {Role.PROVINCE_OFFICER, Role.MINISTRY_ANALYST},
    # Review the record-linkage queue in scope: decide same / different / unsure, merge and unmerge.
    "linkage.review": {Role.PROVINCE_OFFICER, Role.COMMUNE_OFFICER},
    # Add and edit indicators in the catalogue.
    "reports.catalogue": {Role.SYSTEM_ADMIN},
    # See support programmes (national ones and the province's own), their policies and dry-runs.
    "programmes.view": {Role.MINISTRY_ANALYST, Role.PROVINCE_OFFICER, Role.COMMUNE_OFFICER, Role.AUDITOR},
    # Define programmes: the ministry the national ones, a province its own programmes and the criteria and
    # amounts a national policy leaves to the province (Resolution 68 policy 12).
    "programmes.define": {Role.MINISTRY_ANALYST, Role.PROVINCE_OFFICER},
    # Take applications to a policy: one entered by an officer, or an employer's list, in the own area.
    "programmes.intake": {Role.PROVINCE_OFFICER, Role.COMMUNE_OFFICER},
    # Run a programme's dry-run against the registry (reads, changes nothing).
    "programmes.dryrun": {Role.MINISTRY_ANALYST, Role.PROVINCE_OFFICER},
    # See who signs the official documents of the units in scope.
    "documents.view": {Role.MINISTRY_ANALYST, Role.PROVINCE_OFFICER, Role.COMMUNE_OFFICER, Role.AUDITOR},
    # Record who signs them: the province officer for the province and its communes, a commune officer for
    # the commune.
    "documents.signatories": {Role.PROVINCE_OFFICER, Role.COMMUNE_OFFICER},
}


def has_capability(role: str, capability: str) -> bool:
    return role in CAPABILITIES.get(capability, set())
