"""Referrals and placements."""

from django.urls import path

from ansinh.labour.referrals import views

urlpatterns = [
    path("seekers/<int:seeker_id>/placement/", views.placement_create, name="placement_create"),
    path("referrals/", views.referral_list, name="referral_list"),
    path("referrals/new/", views.referral_create, name="referral_create"),
    path("referrals/<int:referral_id>/slip.pdf", views.referral_slip_pdf, name="referral_slip_pdf"),
    path("referrals/<int:referral_id>/slip/issue/", views.referral_slip_issue, name="referral_slip_issue"),
    path("referrals/<int:referral_id>/outcome/", views.referral_outcome, name="referral_outcome"),
]
