"""Signal conditioning of landmark trajectories (Sports2D / biomechanics practice).

Order: pixel coordinates -> drop visibility < 0.5 -> Hampel (window 7, 3 MAD) -> linear gap fill
(<= 5 frames) -> zero-lag Butterworth low-pass 6 Hz (2nd order run forwards and backwards with
filtfilt = 4th-order zero-lag response, as Sports2D does).
"""

from __future__ import annotations

import contextlib
import warnings
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

import numpy as np
from numpy.lib.stride_tricks import sliding_window_view
from numpy.typing import NDArray
from scipy import signal

MIN_VISIBILITY = 0.5
HAMPEL_WINDOW = 7
HAMPEL_SIGMAS = 3.0
MAX_GAP = 5
CUTOFF_HZ = 6.0
FILTER_ORDER = 4  # effective order after the forward-backward pass
_MAD_SCALE = 1.4826  # MAD -> standard deviation for Gaussian noise


@dataclass(frozen=True)
class Track:
    """Conditioned landmark trajectories of one person, ready for the analysers."""

    xy: NDArray[Any]  # (T, 33, 2) pixel coordinates, NaN where missing
    fps: float  # frames per second of the track (the clip's, divided by the frame step)
    width: int
    height: int
    t: NDArray[Any] | None = None  # (T,) presentation time in seconds from the container; None = i / fps
    ran: NDArray[Any] | None = None  # (T,) the pose model ran on the frame (workers/schedule.py); None = all

    @property
    def n(self) -> int:
        return int(self.xy.shape[0])

    @property
    def times(self) -> NDArray[Any]:
        return self.t if self.t is not None else np.arange(self.n) / self.fps

    def durations(self) -> NDArray[Any]:
        """Seconds each frame stands for (to the next frame; the last one gets the median step)."""
        t = self.times
        if len(t) < 2:
            return np.full(len(t), 1.0 / self.fps)
        d = np.diff(t)
        return np.append(d, np.median(d))


def to_pixels(norm: NDArray[Any], width: int, height: int) -> NDArray[Any]:
    """Normalised (x, y) -> pixels; x and y have different scales before this."""
    out = np.array(norm[..., :2], dtype=np.float64, copy=True)
    out[..., 0] *= width
    out[..., 1] *= height
    return out


def hampel(x: NDArray[Any], window: int = HAMPEL_WINDOW, n_sigmas: float = HAMPEL_SIGMAS) -> NDArray[Any]:
    """Replace spikes (> n_sigmas scaled MADs from the moving median) with the median. NaN-aware."""
    k = window // 2
    padded = np.pad(x, k, constant_values=np.nan)
    win = sliding_window_view(padded, window)
    with np.errstate(all="ignore"), _quiet():
        med = np.nanmedian(win, axis=1)
        mad = _MAD_SCALE * np.nanmedian(np.abs(win - med[:, None]), axis=1)
    out = x.copy()
    spike = np.abs(x - med) > n_sigmas * mad
    spike &= np.isfinite(x) & np.isfinite(med)
    out[spike] = med[spike]
    return out


def fill_gaps(x: NDArray[Any], max_gap: int = MAX_GAP) -> NDArray[Any]:
    """Linearly fill interior NaN runs of at most max_gap frames; longer gaps stay missing."""
    out = x.copy()
    isnan = np.isnan(out)
    if not isnan.any() or isnan.all():
        return out
    idx = np.arange(len(out))
    for start, stop in _runs(isnan):
        if start == 0 or stop == len(out) or stop - start > max_gap:
            continue
        out[start:stop] = np.interp(idx[start:stop], [start - 1, stop], [out[start - 1], out[stop]])
    return out


def lowpass(x: NDArray[Any], fps: float, cutoff: float = CUTOFF_HZ) -> NDArray[Any]:
    """Zero-lag Butterworth on each finite run. Skipped when cutoff >= Nyquist (e.g. 10 fps)."""
    nyq = fps / 2.0
    if cutoff >= nyq:
        return x.copy()
    b, a = signal.butter(FILTER_ORDER // 2, cutoff / nyq, btype="low")
    out = x.copy()
    for start, stop in _runs(np.isfinite(x)):
        seg = x[start:stop]
        if len(seg) < 4:
            continue
        out[start:stop] = signal.filtfilt(b, a, seg, padlen=min(3 * max(len(a), len(b)), len(seg) - 1))
    return out


def condition(xy: NDArray[Any], visibility: NDArray[Any], fps: float) -> NDArray[Any]:
    """(T, 33, 2) raw pixels + (T, 33) visibility -> conditioned (T, 33, 2)."""
    out = np.array(xy, dtype=np.float64, copy=True)
    out[visibility < MIN_VISIBILITY] = np.nan
    t, n, _ = out.shape
    for j in range(n):
        for c in range(2):
            s = out[:, j, c]
            if np.isfinite(s).sum() == 0:
                continue
            out[:, j, c] = lowpass(fill_gaps(hampel(s)), fps)
    return out


def _runs(mask: NDArray[Any]) -> list[tuple[int, int]]:
    """[start, stop) of each run of True in a 1-D boolean array."""
    m = np.concatenate(([False], mask.astype(bool), [False]))
    d = np.diff(m.astype(np.int8))
    return list(zip(np.flatnonzero(d == 1).tolist(), np.flatnonzero(d == -1).tolist(), strict=True))


@contextlib.contextmanager
def _quiet() -> Iterator[None]:
    """Silence numpy's 'All-NaN slice' warnings (all-NaN windows are expected at gaps)."""
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", RuntimeWarning)
        yield
