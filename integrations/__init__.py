"""Integration surface for studio software: machine credentials (per-studio API keys)."""
