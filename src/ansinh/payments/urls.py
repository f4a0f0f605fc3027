from django.urls import path

from ansinh.payments import views

app_name = "payments"
urlpatterns = [
    path("", views.cycle_list, name="cycle_list"),
    path("cycles/new/", views.cycle_create, name="cycle_create"),
    path("cycles/<int:cycle_id>/", views.cycle_detail, name="cycle_detail"),
    path("cycles/<int:cycle_id>/generate/", views.cycle_generate, name="cycle_generate"),
    path("cycles/<int:cycle_id>/submit/", views.cycle_submit, name="cycle_submit"),
    path("cycles/<int:cycle_id>/approve/", views.cycle_approve, name="cycle_approve"),
    path("cycles/<int:cycle_id>/reject/", views.cycle_reject, name="cycle_reject"),
    path("cycles/<int:cycle_id>/export/", views.cycle_export, name="cycle_export"),
    path("cycles/<int:cycle_id>/export/file/", views.cycle_export_file, name="cycle_export_file"),
    path("cycles/<int:cycle_id>/result/", views.cycle_result, name="cycle_result"),
    path(
        "cycles/<int:cycle_id>/cash-list/<int:commune>.pdf",
        views.cycle_cash_list_pdf,
        name="cycle_cash_list_pdf",
    ),
    path(
        "cycles/<int:cycle_id>/cash-list/<int:commune>/issue/",
        views.cycle_cash_list_issue,
        name="cycle_cash_list_issue",
    ),
    path("cycles/<int:cycle_id>/lines/", views.line_list, name="line_list"),
    path("cycles/<int:cycle_id>/report/", views.cycle_report, name="cycle_report"),
    path("lines/<int:line_id>/cash/", views.line_cash, name="line_cash"),
    path("lines/<int:line_id>/cash-paid/", views.line_cash_paid, name="line_cash_paid"),
]
