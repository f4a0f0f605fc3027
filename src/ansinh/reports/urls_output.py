app_name = "reports_output"
urlpatterns: list = []
