from django.urls import path

from ansinh.linkage import views

app_name = "linkage"
urlpatterns = [
    path("", views.queue, name="queue"),
    path("pairs/<int:pair_id>/", views.pair_detail, name="pair_detail"),
    path("merges/", views.merges, name="merges"),
    path("merges/<int:merge_id>/", views.merge_detail, name="merge_detail"),
]
