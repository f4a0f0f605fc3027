from django.urls import path

from ansinh.benefits import views

app_name = "benefits"
urlpatterns = [
    path("", views.enrolment_list, name="enrolment_list"),
    path("<int:enrolment_id>/", views.enrolment_detail, name="enrolment_detail"),
    path("<int:enrolment_id>/decision.pdf", views.enrolment_decision_pdf, name="enrolment_decision_pdf"),
    path(
        "<int:enrolment_id>/decision/issue/",
        views.enrolment_decision_issue,
        name="enrolment_decision_issue",
    ),
    path("<int:enrolment_id>/<slug:action>/", views.enrolment_action, name="enrolment_action"),
    path("persons/<int:person_id>/", views.person_history, name="person_history"),
    path("persons/<int:person_id>/enrol/", views.enrol, name="enrol"),
    path("persons/<int:person_id>/enrol/preview/", views.enrol_preview, name="enrol_preview"),
    path("persons/<int:person_id>/death/", views.person_death, name="person_death"),
    path("persons/<int:person_id>/move/", views.person_move, name="person_move"),
]
