"""api_urls routes for dashboards (filled in by that app)."""

urlpatterns: list = []
