from django.urls import path

from ansinh.merit.allowance import views

urlpatterns = [
    path("<int:record_id>/allowance/<slug:kind>/", views.allowance_event, name="allowance_event"),
]
