from django.urls import path

from ansinh.poverty import views
from ansinh.poverty.approved import urls as approved

app_name = "poverty"
urlpatterns = [
    path("", views.round_list, name="round_list"),
    path("new/", views.round_create, name="round_create"),
    path("summary/", views.summary, name="summary"),
    path("<int:round_id>/", views.round_detail, name="round_detail"),
    path("<int:round_id>/surveys/", views.round_surveys, name="round_surveys"),
    path("<int:round_id>/village/", views.village_meeting, name="village_meeting"),
    path("<int:round_id>/meetings/", views.round_meetings, name="round_meetings"),
    path("<int:round_id>/posting/", views.round_posting, name="round_posting"),
    path("<int:round_id>/complaints/", views.complaint_record, name="complaint_record"),
    path("<int:round_id>/decision/", views.round_decide, name="round_decide"),
    path("complaints/<int:complaint_id>/answer/", views.complaint_answer, name="complaint_answer"),
    path("surveys/<int:survey_id>/", views.survey_edit, name="survey_edit"),
]
urlpatterns += approved.urlpatterns
