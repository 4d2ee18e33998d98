app_name = "maturity"

urlpatterns = []
