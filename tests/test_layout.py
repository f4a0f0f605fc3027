"""Large apps are split into feature packages, never into suffix modules (`views_fairs.py`, `api_calc.py`):
each feature keeps its services, selectors, views, API and URLs together, and the labour pages keep every
URL name and path they had."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from django.urls import resolve, reverse

PACKAGE = Path(__file__).resolve().parent.parent / "src" / "ansinh"

# A module named after its layer and a feature (`views_calc.py`, `api_referrals.py`, `urls_output.py`):
# the feature belongs in a package of its own.
SUFFIX_MODULE = re.compile(r"^(views|api|urls|services|selectors|forms)_\w+\.py$")

LABOUR_FEATURES = {
    "registration": {"services.py", "selectors.py", "views.py", "api.py", "urls.py"},
    "matching": {"selectors.py", "views.py", "api.py", "urls.py"},
    "referrals": {"services.py", "selectors.py", "views.py", "api.py", "urls.py"},
    "fairs": {"services.py", "selectors.py", "views.py", "api.py", "urls.py"},
    "reference": {"views.py", "api.py", "urls.py"},
    "dashboard": {"selectors.py", "views.py", "api.py", "urls.py"},
}


def test_no_suffix_modules():
    found = sorted(
        str(path.relative_to(PACKAGE))
        for path in PACKAGE.rglob("*.py")
        if SUFFIX_MODULE.match(path.name) and "migrations" not in path.parts
    )
    assert found == []


@pytest.mark.parametrize("feature", sorted(LABOUR_FEATURES))
def test_labour_feature_package_holds_its_layers(feature):
    present = {path.name for path in (PACKAGE / "labour" / feature).glob("*.py")}
    assert LABOUR_FEATURES[feature] <= present


def test_labour_root_holds_no_feature_modules():
    """What stays at the app root is the app's own: models, config, signals, the task queue's jobs, the
    indicators it registers, demo data, and the URL list and the list-kit lists that join the packages'."""
    root = {path.name for path in (PACKAGE / "labour").glob("*.py")}
    assert root == {
        "__init__.py",
        "apps.py",
        "demo.py",
        "indicators.py",
        "jobs.py",
        "lists.py",
        "models.py",
        "signals.py",
        "urls.py",
    }


LABOUR_URLS = [
    ("dashboard", {}, "/labour/", "dashboard"),
    ("seeker_list", {}, "/labour/seekers/", "registration"),
    ("seeker_create", {}, "/labour/seekers/new/", "registration"),
    ("seeker_export", {}, "/labour/seekers/export/", "registration"),
    ("seeker_detail", {"seeker_id": 7}, "/labour/seekers/7/", "registration"),
    ("seeker_edit", {"seeker_id": 7}, "/labour/seekers/7/edit/", "registration"),
    ("seeker_close", {"seeker_id": 7}, "/labour/seekers/7/close/", "registration"),
    ("occupation_suggest", {}, "/labour/occupations/suggest/", "reference"),
    ("employer_list", {}, "/labour/employers/", "registration"),
    ("employer_create", {}, "/labour/employers/new/", "registration"),
    ("employer_detail", {"employer_id": 7}, "/labour/employers/7/", "registration"),
    ("employer_edit", {"employer_id": 7}, "/labour/employers/7/edit/", "registration"),
    ("vacancy_list", {}, "/labour/vacancies/", "registration"),
    ("vacancy_create", {}, "/labour/vacancies/new/", "registration"),
    ("vacancy_export", {}, "/labour/vacancies/export/", "registration"),
    ("vacancy_detail", {"vacancy_id": 7}, "/labour/vacancies/7/", "registration"),
    ("vacancy_edit", {"vacancy_id": 7}, "/labour/vacancies/7/edit/", "registration"),
    ("vacancy_close", {"vacancy_id": 7}, "/labour/vacancies/7/close/", "registration"),
    ("import", {}, "/labour/import/", "registration"),
    ("import_template", {"kind": "seekers"}, "/labour/import/template/seekers/", "registration"),
    ("fair_list", {}, "/labour/fairs/", "fairs"),
    ("fair_create", {}, "/labour/fairs/new/", "fairs"),
    ("fair_detail", {"fair_id": 7}, "/labour/fairs/7/", "fairs"),
    ("fair_edit", {"fair_id": 7}, "/labour/fairs/7/edit/", "fairs"),
    ("fair_status", {"fair_id": 7}, "/labour/fairs/7/status/", "fairs"),
    ("fair_employer", {"fair_id": 7}, "/labour/fairs/7/employers/", "fairs"),
    ("fair_seeker", {"fair_id": 7}, "/labour/fairs/7/seekers/", "fairs"),
    ("fair_interview", {"fair_id": 7}, "/labour/fairs/7/interviews/", "fairs"),
    ("fair_outcome", {"fair_id": 7, "interview_id": 7}, "/labour/fairs/7/interviews/7/outcome/", "fairs"),
    ("fair_export", {"fair_id": 7}, "/labour/fairs/7/export/", "fairs"),
    ("seeker_matches", {"seeker_id": 7}, "/labour/seekers/7/matches/", "matching"),
    ("vacancy_matches", {"vacancy_id": 7}, "/labour/vacancies/7/matches/", "matching"),
    ("placement_create", {"seeker_id": 7}, "/labour/seekers/7/placement/", "referrals"),
    ("referral_list", {}, "/labour/referrals/", "referrals"),
    ("referral_create", {}, "/labour/referrals/new/", "referrals"),
    ("referral_outcome", {"referral_id": 7}, "/labour/referrals/7/outcome/", "referrals"),
]


@pytest.mark.parametrize(("name", "kwargs", "path", "feature"), LABOUR_URLS, ids=[u[0] for u in LABOUR_URLS])
def test_labour_url_names_and_paths_stay(name, kwargs, path, feature):
    assert reverse(f"labour:{name}", kwargs=kwargs) == path
    match = resolve(path)
    assert match.view_name == f"labour:{name}"
    assert match.func.__module__ == f"ansinh.labour.{feature}.views"


@pytest.mark.parametrize(
    ("name", "path", "module"),
    [
        ("calc:page", "/calc/", "ansinh.benefits.calc.views"),
        ("calc:parameters", "/calc/parameters/", "ansinh.benefits.calc.views"),
        ("simulations:page", "/simulations/", "ansinh.benefits.simulation.views"),
        ("reports_output:page", "/reports/view/", "ansinh.reports.output.views"),
        ("jobboard_staff:interest_list", "/labour/board/interests/", "ansinh.jobboard.staff.views"),
    ],
)
def test_feature_packages_elsewhere_keep_their_urls(name, path, module):
    assert reverse(name) == path
    assert resolve(path).func.__module__ == module


def test_job_page_lives_in_the_jobs_package():
    assert reverse("jobs:detail", kwargs={"job_id": 7}) == "/jobs/7/"
    assert resolve("/jobs/7/").func.__module__ == "ansinh.web.jobs.views"
