"""Typed input of claim writes, shared by the web forms and the API."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass


@dataclass
class ClaimData:
    person_id: int | None = None
    termination_date: dt.date | None = None
    filed_on: dt.date | None = None  # today when not given
    employer_name: str = ""
    avg_salary_6m: int | None = None
    contribution_months: int | None = None
    recent_contribution_months: int | None = None
    salary_regime: str = "employer"
    region: int = 1
    short_contract: bool = False
    last_contribution_month: dt.date | None = None
    unlawful_termination: bool = False
    receiving_pension: bool = False
    pension_eligible: bool = False
    doc_application: bool = False
    doc_termination: bool = False
    doc_si_book: bool = False
    job_title: str = ""  # the job wanted: registers the claimant as a job seeker when not one already
    general_education: int | None = None
    notes: str = ""


@dataclass
class DecisionData:
    approve: bool = True
    number: str = ""
    decided_on: dt.date | None = None
    signer: str = ""
    refusal_reason: str = ""
