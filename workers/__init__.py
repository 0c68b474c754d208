"""Pose engine: turns a dance-studio clip into the plié and single-leg-stance measurements.

Plain Python (no Django). Entry point: :func:`workers.engine.analyse`.
"""
