"""Operations: health endpoints (/healthz, /readyz) and Prometheus metrics (/metrics)."""
