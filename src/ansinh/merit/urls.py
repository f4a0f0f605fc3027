from django.urls import include, path

from ansinh.merit import pages, views

app_name = "merit"
urlpatterns = [
    path("", views.record_list, name="record_list"),
    path("<int:record_id>/", views.record_detail, name="record_detail"),
    path("<int:record_id>/edit/", views.record_edit, name="record_edit"),
    path("<int:record_id>/assessments/new/", views.assessment_new, name="assessment_new"),
    path("<int:record_id>/caregivers/new/", views.caregiver_new, name="caregiver_new"),
    path("<int:record_id>/care/new/", views.care_new, name="care_new"),
    path("persons/<int:person_id>/new/", views.record_new, name="record_new"),
    path("import/", pages.record_import, name="record_import"),
    path("import/template.xlsx", pages.record_import_template, name="record_import_template"),
    path("payment-list/", pages.payment_list, name="payment_list"),
    path("payment-list/<int:commune>.pdf", pages.payment_list_pdf, name="payment_list_pdf"),
    path("care/", pages.care_list, name="care"),
    path("living-standard/", pages.living_standard, name="living_standard"),
    path("households/<int:household_id>/living-standard/new/", pages.standard_assess, name="standard_assess"),
    path("martyrs/", views.martyr_list, name="martyr_list"),
    path("martyrs/new/", views.martyr_new, name="martyr_new"),
    path("martyrs/<int:martyr_id>/", views.martyr_detail, name="martyr_detail"),
    path("martyrs/<int:martyr_id>/edit/", pages.martyr_edit, name="martyr_edit"),
    path("martyrs/<int:martyr_id>/relatives/new/", views.relative_new, name="relative_new"),
    path("", include("ansinh.merit.allowance.urls")),
]
