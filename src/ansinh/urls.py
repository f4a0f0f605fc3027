from django.urls import include, path

from ansinh.api import api

handler500 = "ansinh.web.busy.handler500"

urlpatterns = [
    path("api/v1/", api.urls),
    path("i18n/", include("django.conf.urls.i18n")),
    path("calc/poverty/", include("ansinh.poverty.calc.urls")),
    path("calc/merit/", include("ansinh.merit.calc.urls")),
    path("calc/", include("ansinh.benefits.calc.urls")),
    path("benefits/", include("ansinh.benefits.urls")),
    path("simulations/", include("ansinh.benefits.simulation.urls")),
    path("merit/", include("ansinh.merit.urls")),
    path("programmes/", include("ansinh.programmes.urls")),
    path("payments/", include("ansinh.payments.urls")),
    path("labour/board/", include("ansinh.jobboard.staff.urls")),
    path("labour/", include("ansinh.labour.urls")),
    path("unemployment/", include("ansinh.unemployment.urls")),
    path("poverty/", include("ansinh.poverty.urls")),
    path("viec-lam/", include("ansinh.jobboard.urls")),
    path("reports/", include("ansinh.reports.urls")),
    path("reports/", include("ansinh.reports.output.urls")),
    path("jobs/", include("ansinh.web.jobs.urls")),
    path("", include("ansinh.accounts.urls")),
    path("linkage/", include("ansinh.linkage.urls")),
    path("documents/", include("ansinh.documents.urls")),
    path("", include("ansinh.web.urls")),
]
