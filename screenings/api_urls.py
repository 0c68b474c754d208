"""api_urls routes for screenings (filled in by that app)."""

urlpatterns: list = []
