app_name = "jobboard_staff"
urlpatterns: list = []
