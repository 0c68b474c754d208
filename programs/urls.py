"""urls routes for programs (filled in by that app)."""

urlpatterns: list = []
