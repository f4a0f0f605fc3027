app_name = "jobboard"
urlpatterns: list = []
