"""The EcoIndex of a web page (method published by the GreenIT collective, ecoindex.fr):
its DOM size, its requests and the kilobytes it transfers, each placed on the quantiles of
the HTTP Archive's pages, weighted 3, 2 and 1. Shared by the build (the « Déclaration
d'écoconception » page) and the benchmark (the same pages measured in Chromium).
"""

from __future__ import annotations

import bisect

QUANTILES_DOM = (0, 47, 75, 159, 233, 298, 358, 417, 476, 537, 603, 674, 753, 843, 949, 1076,
                 1237, 1459, 1801, 2479, 594601)
QUANTILES_REQUESTS = (0, 2, 15, 25, 34, 42, 49, 56, 63, 70, 78, 86, 95, 105, 117, 130, 147, 170,
                      205, 281, 3920)
QUANTILES_KB = (0, 1.37, 144.7, 319.53, 479.46, 631.97, 783.38, 937.91, 1098.62, 1265.47,
                1448.32, 1648.27, 1876.08, 2142.06, 2465.37, 2866.31, 3401.59, 4155.73, 5400.08,
                8037.54, 223212.26)
GRADES = ((80, "A"), (70, "B"), (55, "C"), (40, "D"), (25, "E"), (10, "F"))  # score above → grade


def quantile(quantiles: tuple[float, ...], value: float) -> float:
    """Where `value` falls on the quantiles, linearly between two of them (0 to 20)."""
    i = bisect.bisect_right(quantiles, value)
    if i >= len(quantiles):
        return len(quantiles) - 1
    return i - 1 + (value - quantiles[i - 1]) / (quantiles[i] - quantiles[i - 1])


def score(dom: int, requests: int, kilobytes: float) -> float:
    """100 for an empty page, 0 for the heaviest: 100 - 5 × (3 q_dom + 2 q_req + q_size) / 6."""
    return 100 - 5 * (3 * quantile(QUANTILES_DOM, dom)
                      + 2 * quantile(QUANTILES_REQUESTS, requests)
                      + quantile(QUANTILES_KB, kilobytes)) / 6


def grade(value: float) -> str:
    return next((letter for threshold, letter in GRADES if value > threshold), "G")
