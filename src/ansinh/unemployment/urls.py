app_name = "unemployment"
urlpatterns: list = []
