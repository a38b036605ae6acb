"""Small transforms of random numbers shared by the demo's simulators."""

from __future__ import annotations

import numpy as np


def sigmoid(x):
    return 1.0 / (1.0 + np.exp(-x))


def logit(u):
    """The logistic quantile of uniforms (clipped away from 0 and 1)."""
    u = np.clip(u, 1e-9, 1 - 1e-9)
    return np.log(u / (1 - u))


def log_uniform(rng: np.random.Generator, low, high, size=None):
    return np.exp(rng.uniform(np.log(low), np.log(high), size))
