"""The demo: the top of the layering, the one place allowed to import every app (`manage.py seed_demo`)."""
