"""User administration under /users/ and one's own password under /account/password/."""

from django.urls import path

from ansinh.accounts import views

app_name = "accounts"
urlpatterns = [
    path("users/", views.user_list, name="user_list"),
    path("users/new/", views.user_create, name="user_create"),
    path("users/units/", views.unit_suggest, name="unit_suggest"),
    path("users/<int:user_id>/", views.user_detail, name="user_detail"),
    path("users/<int:user_id>/edit/", views.user_edit, name="user_edit"),
    path("users/<int:user_id>/active/", views.user_active, name="user_active"),
    path("users/<int:user_id>/password/", views.user_password, name="user_password"),
    path("users/<int:user_id>/tokens/", views.token_issue, name="token_issue"),
    path("users/<int:user_id>/tokens/<int:token_id>/revoke/", views.token_revoke, name="token_revoke"),
    path("account/password/", views.password_change, name="password_change"),
]
