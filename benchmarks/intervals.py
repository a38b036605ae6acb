"""Confidence intervals the bureau's figures carry: Wilson's score interval for a share, and
percentile bootstrap intervals (``scipy.stats.bootstrap``, seeded) for a mean and for a
difference of two means."""

from __future__ import annotations

import math

import numpy as np
from scipy import stats

Z95 = 1.959963984540054  # the standard normal's 97.5th percentile


def wilson(successes: int, n: int, z: float = Z95) -> tuple[float, float]:
    """Wilson's score interval for a share ``successes / n`` (95 % by default).

    >>> [round(x, 4) for x in wilson(8, 10)]
    [0.4902, 0.9433]
    """
    if n <= 0:
        raise ValueError("a share needs n >= 1")
    if not 0 <= successes <= n:
        raise ValueError("successes must lie in 0..n")
    p = successes / n
    denominator = 1 + z * z / n
    centre = (p + z * z / (2 * n)) / denominator
    half = z * math.sqrt(p * (1 - p) / n + z * z / (4 * n * n)) / denominator
    # at 0 and at n the bound is exactly 0 (or 1); rounding would leave it a hair off
    low = 0.0 if successes == 0 else max(0.0, centre - half)
    high = 1.0 if successes == n else min(1.0, centre + half)
    return low, high


def _mean(x, axis=-1):
    return np.mean(x, axis=axis)


def _difference(x, y, axis=-1):
    return np.mean(x, axis=axis) - np.mean(y, axis=axis)


# resamples are drawn this many at a time: 2,000 resamples of 10,000 values at once would hold
# two arrays of 160 MB each
BATCH = 200


def bootstrap_mean(values, n_resamples: int, rng: np.random.Generator) -> tuple[float, float]:
    """95 % percentile bootstrap interval of the mean of ``values``."""
    values = np.asarray(values, dtype=float)
    if np.ptp(values) == 0:  # every value the same: every resample has the same mean
        return float(values[0]), float(values[0])
    result = stats.bootstrap(
        (values,), _mean, n_resamples=n_resamples, method="percentile", vectorized=True, batch=BATCH, rng=rng
    )
    return float(result.confidence_interval.low), float(result.confidence_interval.high)


def bootstrap_difference(x, y, n_resamples: int, rng: np.random.Generator) -> tuple[float, float]:
    """95 % percentile bootstrap interval of ``mean(x) - mean(y)``, each group resampled on its own."""
    x, y = np.asarray(x, dtype=float), np.asarray(y, dtype=float)
    if np.ptp(x) == 0 and np.ptp(y) == 0:
        return float(x[0] - y[0]), float(x[0] - y[0])
    result = stats.bootstrap(
        (x, y), _difference, n_resamples=n_resamples, method="percentile", vectorized=True, batch=BATCH, rng=rng
    )
    return float(result.confidence_interval.low), float(result.confidence_interval.high)
