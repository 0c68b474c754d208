"""Signal conditioning steps."""

from __future__ import annotations

import numpy as np

from workers import signals
from workers.pose import outside_blob_ratio


def test_hampel_removes_a_spike_and_keeps_a_ramp() -> None:
    x = np.linspace(0, 10, 50)
    y = x.copy()
    y[20] += 30
    out = signals.hampel(y)
    assert abs(out[20] - x[20]) < 0.5
    assert np.allclose(np.delete(out, 20), np.delete(x, 20))


def test_gap_fill_only_short_interior_gaps() -> None:
    x = np.arange(30, dtype=float)
    x[5:10] = np.nan  # 5 frames: filled
    x[15:21] = np.nan  # 6 frames: kept missing
    x[0] = np.nan  # edge: kept missing
    out = signals.fill_gaps(x)
    assert np.allclose(out[5:10], np.arange(5, 10))
    assert np.isnan(out[15:21]).all() and np.isnan(out[0])


def test_lowpass_is_zero_lag_and_skipped_below_nyquist() -> None:
    t = np.arange(300) / 30
    slow = np.sin(2 * np.pi * 0.5 * t)
    noisy = slow + 0.2 * np.sin(2 * np.pi * 12 * t)
    out = signals.lowpass(noisy, 30.0)
    assert np.abs(out[30:-30] - slow[30:-30]).max() < 0.02  # no phase lag, 12 Hz removed
    assert np.array_equal(signals.lowpass(noisy, 10.0), noisy)  # 6 Hz >= Nyquist at 10 fps


def test_visibility_gating() -> None:
    xy = np.zeros((20, 33, 2)) + 5.0
    vis = np.ones((20, 33))
    vis[:, 3] = 0.4
    out = signals.condition(xy, vis, 30.0)
    assert np.isnan(out[:, 3]).all() and np.allclose(out[:, 4], 5.0)


def test_outside_blob_ratio() -> None:
    mask = np.zeros((200, 400), bool)
    mask[50:150, 180:220] = True  # dancer, 4000 px
    assert outside_blob_ratio(mask, (180, 50, 220, 150)) == 0.0
    mask[60:140, 20:60] = True  # second person far left, 3200 px
    assert abs(outside_blob_ratio(mask, (180, 50, 220, 150)) - 0.8) < 1e-9
