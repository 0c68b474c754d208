"""The digital mirror: live pose on the phone for practice at the barre (nothing is uploaded)."""
