"""Read-only cards a studio's own portal shows in an iframe (launch links: integrations/embed.py)."""
