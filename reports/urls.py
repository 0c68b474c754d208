"""urls routes for reports (filled in by that app)."""

urlpatterns: list = []
