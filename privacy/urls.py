"""urls routes for privacy (filled in by that app)."""

urlpatterns: list = []
