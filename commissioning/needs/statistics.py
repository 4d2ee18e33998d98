"""Confidence intervals, comparisons, ranks, trends, gaps and forecasts for indicator values.

Pure functions on numbers, with no Django, following the methods the Office for Health Improvement and
Disparities (OHID, formerly Public Health England) uses for Fingertips:

- "Technical Guide: Confidence Intervals" (PHE/OHID Fingertips public health technical guidance): the Wilson
  score method for proportions; Byar's method for counts and rates, with the exact method, based on the
  chi-squared distribution, for counts under 10 (the rule of OHID's PHEindicatormethods `phe_rate`).
- Fingertips "Comparisons with a benchmark": a value is significantly different from the benchmark when the
  benchmark lies outside the value's 95% confidence interval.
- Fingertips "Trend markers": a chi-squared test for trend for proportions with numerators and denominators
  (Armitage 1955; Altman, "Practical statistics for medical research", 1991, pp. 261-265), and otherwise an
  inverse-variance weighted regression whose weights come from each point's confidence interval.
- Newcombe (1998), "Interval estimation for the difference between independent proportions", Statistics in
  Medicine 17:873-890, method 10, generalised by Zou and Donner (2008) as MOVER: the confidence interval of a
  difference built from the two values' own intervals.

Distribution functions (normal, chi-squared, Student's t) are computed here from the standard library: the
normal from `statistics.NormalDist`, the others from the regularised incomplete gamma and beta functions
(Numerical Recipes, 3rd edition, sections 6.2 and 6.4) and inverted by bisection.
"""

from __future__ import annotations

import math
from bisect import bisect_left, bisect_right
from collections.abc import Hashable, Mapping, Sequence
from dataclasses import dataclass
from statistics import NormalDist

Z_95 = 1.959964
EXACT_BELOW = 10  # counts under 10 use the exact Poisson method, as OHID does

HIGHER_IS_BETTER = "higher_is_better"
LOWER_IS_BETTER = "lower_is_better"
NO_JUDGEMENT = "no_judgement"

BETTER = "better"
SIMILAR = "similar"
WORSE = "worse"
HIGHER = "higher"
LOWER = "lower"
NOT_COMPARED = "not_compared"

PROPORTION = "proportion"
RATE = "rate"
COUNT = "count"

_EPSILON = 1e-15
_TINY = 1e-300
_MAX_ITERATIONS = 1000


# Distributions ---------------------------------------------------------------------------------------------


def z_for(confidence: float) -> float:
    """The two-sided standard normal quantile for a confidence level (0.95 → 1.959964)."""
    _check_confidence(confidence)
    return NormalDist().inv_cdf(1 - (1 - confidence) / 2)


def _check_confidence(confidence: float) -> None:
    if not 0 < confidence < 1:
        raise ValueError("The confidence level must be between 0 and 1, like 0.95.")


def _gamma_series(a: float, x: float) -> float:
    term = total = 1 / a
    denominator = a
    for _ in range(_MAX_ITERATIONS):
        denominator += 1
        term *= x / denominator
        total += term
        if abs(term) < abs(total) * _EPSILON:
            break
    return total * math.exp(-x + a * math.log(x) - math.lgamma(a))


def _gamma_continued_fraction(a: float, x: float) -> float:
    """Q(a, x) by the modified Lentz method."""
    b = x + 1 - a
    c = 1 / _TINY
    d = 1 / b
    h = d
    for i in range(1, _MAX_ITERATIONS):
        an = -i * (i - a)
        b += 2
        d = an * d + b
        d = _TINY if abs(d) < _TINY else d
        c = b + an / c
        c = _TINY if abs(c) < _TINY else c
        d = 1 / d
        delta = d * c
        h *= delta
        if abs(delta - 1) < _EPSILON:
            break
    return math.exp(-x + a * math.log(x) - math.lgamma(a)) * h


def regularised_gamma_p(a: float, x: float) -> float:
    """The regularised lower incomplete gamma function P(a, x)."""
    if a <= 0:
        raise ValueError("The shape must be positive.")
    if x <= 0:
        return 0.0
    if x < a + 1:
        return _gamma_series(a, x)
    return 1 - _gamma_continued_fraction(a, x)


def chi_squared_cdf(x: float, df: float) -> float:
    return regularised_gamma_p(df / 2, x / 2)


def wilson_hilferty_chi_squared_quantile(p: float, df: float) -> float:
    """Wilson and Hilferty's (1931) cube-root approximation to the chi-squared quantile (Byar's basis)."""
    z = NormalDist().inv_cdf(p)
    k = 2 / (9 * df)
    return max(0.0, df * (1 - k + z * math.sqrt(k)) ** 3)


def _invert(cdf, p: float, high: float) -> float:
    """The x ≥ 0 with cdf(x) = p, by bisection (cdf increasing from 0)."""
    low = 0.0
    high = max(high, 1.0)
    while cdf(high) < p:
        low, high = high, high * 2
    for _ in range(200):
        middle = (low + high) / 2
        if cdf(middle) < p:
            low = middle
        else:
            high = middle
        if high - low <= 1e-13 * max(1.0, high):
            break
    return (low + high) / 2


def chi_squared_quantile(p: float, df: float) -> float:
    """The chi-squared quantile: the x with P(X ≤ x) = p for df degrees of freedom."""
    if not 0 <= p < 1:
        raise ValueError("The probability must be at least 0 and below 1.")
    if df <= 0:
        raise ValueError("The degrees of freedom must be positive.")
    if p == 0:
        return 0.0
    return _invert(lambda x: chi_squared_cdf(x, df), p, wilson_hilferty_chi_squared_quantile(p, df) * 2)


def _beta_continued_fraction(a: float, b: float, x: float) -> float:
    qab, qap, qam = a + b, a + 1, a - 1
    c = 1.0
    d = 1 - qab * x / qap
    d = 1 / (_TINY if abs(d) < _TINY else d)
    h = d
    for m in range(1, _MAX_ITERATIONS):
        m2 = 2 * m
        for numerator in (
            m * (b - m) * x / ((qam + m2) * (a + m2)),
            -(a + m) * (qab + m) * x / ((a + m2) * (qap + m2)),
        ):
            d = 1 + numerator * d
            d = 1 / (_TINY if abs(d) < _TINY else d)
            c = 1 + numerator / c
            c = _TINY if abs(c) < _TINY else c
            delta = d * c
            h *= delta
        if abs(delta - 1) < _EPSILON:
            break
    return h


def regularised_beta(x: float, a: float, b: float) -> float:
    """The regularised incomplete beta function I_x(a, b)."""
    if x <= 0:
        return 0.0
    if x >= 1:
        return 1.0
    front = math.exp(
        math.lgamma(a + b) - math.lgamma(a) - math.lgamma(b) + a * math.log(x) + b * math.log1p(-x)
    )
    if x < (a + 1) / (a + b + 2):
        return front * _beta_continued_fraction(a, b, x) / a
    return 1 - front * _beta_continued_fraction(b, a, 1 - x) / b


def t_cdf(t: float, df: float) -> float:
    """Student's t distribution function."""
    tail = 0.5 * regularised_beta(df / (df + t * t), df / 2, 0.5)
    return 1 - tail if t > 0 else tail


def t_quantile(p: float, df: float) -> float:
    """Student's t quantile (t_quantile(0.975, 3) = 3.182446)."""
    if not 0 < p < 1:
        raise ValueError("The probability must be between 0 and 1.")
    if p == 0.5:
        return 0.0
    if p < 0.5:
        return -t_quantile(1 - p, df)
    return _invert(lambda t: t_cdf(t, df), p, NormalDist().inv_cdf(p) * 4)


def _two_sided_normal_p(statistic: float) -> float:
    return 2 * (1 - NormalDist().cdf(abs(statistic)))


# Confidence intervals ---------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Interval:
    lower: float
    upper: float
    method: str


def wilson_interval(
    numerator: float, denominator: float, *, confidence: float = 0.95, multiplier: float = 100
) -> Interval:
    """Wilson score interval for a proportion O/n, scaled by the multiplier (100 for a percentage).

    Technical Guide: Confidence Intervals, "Proportions": lower and upper limits are
    (2O + z² ∓ z·√(z² + 4O(1 − O/n))) / (2(n + z²)). Wilson (1927); Newcombe (1998) method 3.
    """
    if denominator <= 0:
        raise ValueError("The denominator must be more than 0.")
    if not 0 <= numerator <= denominator:
        raise ValueError("The numerator must be between 0 and the denominator.")
    z = z_for(confidence)
    centre = 2 * numerator + z * z
    spread = z * math.sqrt(z * z + 4 * numerator * (1 - numerator / denominator))
    scale = multiplier / (2 * (denominator + z * z))
    return Interval(max(0.0, (centre - spread) * scale), (centre + spread) * scale, "Wilson score")


def byar_count_interval(count: float, *, confidence: float = 0.95) -> tuple[float, float]:
    """Byar's approximation to the exact Poisson limits of an observed count O (Breslow and Day, 1987).

    lower = O(1 − 1/(9O) − z/(3√O))³, upper = (O + 1)(1 − 1/(9(O + 1)) + z/(3√(O + 1)))³.
    """
    if count <= 0:
        raise ValueError("Byar's method needs a count of at least 1.")
    z = z_for(confidence)
    lower = count * (1 - 1 / (9 * count) - z / (3 * math.sqrt(count))) ** 3
    after = count + 1
    upper = after * (1 - 1 / (9 * after) + z / (3 * math.sqrt(after))) ** 3
    return max(0.0, lower), upper


def exact_count_interval(count: float, *, confidence: float = 0.95) -> tuple[float, float]:
    """Exact Poisson limits from the chi-squared distribution (Garwood 1936):
    lower = χ²(α/2, 2O)/2 (0 when O = 0), upper = χ²(1 − α/2, 2O + 2)/2."""
    if count < 0:
        raise ValueError("A count cannot be negative.")
    _check_confidence(confidence)
    alpha = 1 - confidence
    lower = chi_squared_quantile(alpha / 2, 2 * count) / 2 if count > 0 else 0.0
    upper = chi_squared_quantile(1 - alpha / 2, 2 * count + 2) / 2
    return lower, upper


def count_interval(count: float, *, confidence: float = 0.95) -> Interval:
    """The limits of a count: exact under 10, Byar's from 10 (OHID's rule in PHEindicatormethods)."""
    if count < EXACT_BELOW:
        return Interval(*exact_count_interval(count, confidence=confidence), "Exact Poisson")
    return Interval(*byar_count_interval(count, confidence=confidence), "Byar's")


def rate_interval(
    numerator: float, denominator: float, *, multiplier: float, confidence: float = 0.95
) -> Interval:
    """A crude rate per `multiplier` (per 10,000 for example): the count's limits divided by the denominator."""
    if denominator <= 0:
        raise ValueError("The denominator must be more than 0.")
    counts = count_interval(numerator, confidence=confidence)
    scale = multiplier / denominator
    return Interval(counts.lower * scale, counts.upper * scale, counts.method)


def confidence_interval(
    *,
    kind: str,
    value: float | None,
    numerator: float | None,
    denominator: float | None,
    multiplier: float = 1,
    confidence: float = 0.95,
) -> Interval | None:
    """The interval for a value of this kind (proportion, rate or count), or None when it cannot be computed:
    a proportion or a rate needs its numerator and denominator; a count needs the count."""
    if kind == COUNT:
        count = numerator if numerator is not None else value
        if count is None or count < 0:
            return None
        return count_interval(count, confidence=confidence)
    if kind not in (PROPORTION, RATE) or numerator is None or not denominator or denominator <= 0:
        return None
    if numerator < 0:
        return None
    if kind == PROPORTION:
        if numerator > denominator:
            return None
        return wilson_interval(numerator, denominator, confidence=confidence, multiplier=multiplier)
    return rate_interval(numerator, denominator, multiplier=multiplier, confidence=confidence)


# Comparison, rank and quartile -----------------------------------------------------------------------------


def compare_with_benchmark(
    *, lower: float | None, upper: float | None, benchmark: float | None, polarity: str
) -> str:
    """Better, similar or worse than the benchmark (higher or lower when the polarity makes no judgement).

    Fingertips: similar when the benchmark lies inside the area's confidence interval (limits included);
    otherwise significantly different, and better or worse by the indicator's polarity. Not compared without
    an interval or a benchmark.
    """
    if lower is None or upper is None or benchmark is None:
        return NOT_COMPARED
    if lower <= benchmark <= upper:
        return SIMILAR
    area_is_higher = lower > benchmark
    if polarity == HIGHER_IS_BETTER:
        return BETTER if area_is_higher else WORSE
    if polarity == LOWER_IS_BETTER:
        return WORSE if area_is_higher else BETTER
    return HIGHER if area_is_higher else LOWER


def _count_better(sorted_values: Sequence[float], value: float, polarity: str) -> int:
    if polarity == LOWER_IS_BETTER:
        return bisect_left(sorted_values, value)
    return len(sorted_values) - bisect_right(sorted_values, value)


def rank(values: Mapping[Hashable, float | None], polarity: str) -> dict[Hashable, int | None]:
    """Rank 1 = best by polarity (highest value when the polarity makes no judgement); equal values share
    the better rank and the next rank is skipped ("1, 2, 2, 4"). Keys without a value get None."""
    present = sorted(value for value in values.values() if value is not None)
    return {
        key: None if value is None else 1 + _count_better(present, value, polarity)
        for key, value in values.items()
    }


def quartile(value: float | None, population: Sequence[float | None], polarity: str) -> int | None:
    """The quarter (1 = best quarter by polarity, 4 = worst) of the value among the population, which
    includes the value itself.

    Method: rank r as in `rank` among the n values, then quartile = 1 + ⌊4(r − 1)/n⌋: the share of areas
    ranked above it, in quarters. With 152 authorities ranks 1-38 are quartile 1, 39-76 quartile 2, and so
    on; a lone value is in quartile 1. Tied values share the better rank and quartile.
    """
    present = sorted(item for item in population if item is not None)
    if value is None or not present:
        return None
    position = min(len(present), 1 + _count_better(present, value, polarity))
    return 1 + (4 * (position - 1)) // len(present)


# Slopes, trends, gaps and forecasts ------------------------------------------------------------------------


@dataclass(frozen=True)
class SeriesPoint:
    """One period of a time series: x is the period's first year (so gaps between periods count)."""

    x: float
    value: float | None
    lower: float | None = None
    upper: float | None = None
    numerator: float | None = None
    denominator: float | None = None

    @property
    def has_interval(self) -> bool:
        return self.lower is not None and self.upper is not None and self.upper > self.lower

    @property
    def has_counts(self) -> bool:
        return (
            self.numerator is not None
            and self.denominator is not None
            and self.denominator > 0
            and 0 <= self.numerator <= self.denominator
        )


@dataclass(frozen=True)
class Slope:
    """The change per unit of x (per year), its confidence interval, the test statistic and p-value."""

    slope: float
    lower: float
    upper: float
    statistic: float
    p_value: float
    method: str

    def significant(self, confidence: float = 0.95) -> bool:
        return self.p_value < 1 - confidence


def chi_squared_trend(
    points: Sequence[SeriesPoint], *, multiplier: float = 100, confidence: float = 0.95
) -> Slope:
    """Chi-squared test for linear trend in proportions (Armitage 1955; Fingertips trend markers).

    With O_i out of n_i at times t_i and p̄ = ΣO/Σn: the slope b = Σ(O_i − n_i p̄)(t_i − t̄) / Σn_i(t_i − t̄)²,
    where t̄ = Σn_i t_i / Σn_i; its variance p̄(1 − p̄)/Σn_i(t_i − t̄)²; and χ² = b²/variance on 1 degree of
    freedom. This is R's prop.trend.test. The slope and its limits are scaled by the multiplier.
    """
    if len(points) < 2 or not all(point.has_counts for point in points):
        raise ValueError("The test needs at least two points, each with a numerator and a denominator.")
    total = sum(point.denominator for point in points)
    events = sum(point.numerator for point in points)
    mean_time = sum(point.denominator * point.x for point in points) / total
    mean_rate = events / total
    spread = sum(point.denominator * (point.x - mean_time) ** 2 for point in points)
    if spread == 0:
        raise ValueError("The points must be for different periods.")
    slope = sum((point.numerator - point.denominator * mean_rate) * (point.x - mean_time) for point in points)
    slope /= spread
    variance = mean_rate * (1 - mean_rate) / spread
    return _slope_from_variance(slope, variance, multiplier, confidence, "Chi-squared test for trend")


def weighted_slope(points: Sequence[SeriesPoint], *, confidence: float = 0.95) -> Slope:
    """Inverse-variance weighted least squares slope, each point's standard error taken from its 95%
    interval as (upper − lower)/(2 × 1.96) (Fingertips trend markers, indicators other than proportions).
    The slope's variance is 1/Σw_i(t_i − t̄)² and χ² = slope²/variance on 1 degree of freedom."""
    if len(points) < 2 or not all(point.has_interval and point.value is not None for point in points):
        raise ValueError("The weighted slope needs at least two points, each with a confidence interval.")
    weights = [(2 * Z_95 / (point.upper - point.lower)) ** 2 for point in points]
    total = sum(weights)
    mean_x = sum(w * point.x for w, point in zip(weights, points, strict=True)) / total
    mean_y = sum(w * point.value for w, point in zip(weights, points, strict=True)) / total
    spread = sum(w * (point.x - mean_x) ** 2 for w, point in zip(weights, points, strict=True))
    if spread == 0:
        raise ValueError("The points must be for different periods.")
    slope = sum(
        w * (point.x - mean_x) * (point.value - mean_y) for w, point in zip(weights, points, strict=True)
    )
    slope /= spread
    return _slope_from_variance(slope, 1 / spread, 1, confidence, "Weighted regression")


def _slope_from_variance(
    slope: float, variance: float, multiplier: float, confidence: float, method: str
) -> Slope:
    error = math.sqrt(variance)
    statistic = slope * slope / variance if variance > 0 else math.inf
    p_value = _two_sided_normal_p(slope / error) if error > 0 else (0.0 if slope else 1.0)
    margin = z_for(confidence) * error
    return Slope(
        slope * multiplier,
        (slope - margin) * multiplier,
        (slope + margin) * multiplier,
        statistic,
        p_value,
        method,
    )


@dataclass(frozen=True)
class _Fit:
    n: int
    slope: float
    intercept: float
    mean_x: float
    spread: float
    residual_variance: float


def _least_squares(xs: Sequence[float], ys: Sequence[float]) -> _Fit:
    n = len(xs)
    if n != len(ys) or n < 3:
        raise ValueError("A straight line with an interval needs at least three points.")
    mean_x = sum(xs) / n
    mean_y = sum(ys) / n
    spread = sum((x - mean_x) ** 2 for x in xs)
    if spread == 0:
        raise ValueError("The points must be for different periods.")
    slope = sum((x - mean_x) * (y - mean_y) for x, y in zip(xs, ys, strict=True)) / spread
    intercept = mean_y - slope * mean_x
    residuals = sum((y - intercept - slope * x) ** 2 for x, y in zip(xs, ys, strict=True))
    return _Fit(n, slope, intercept, mean_x, spread, residuals / (n - 2))


def least_squares_slope(xs: Sequence[float], ys: Sequence[float], *, confidence: float = 0.95) -> Slope:
    """Ordinary least squares slope with its t interval on n − 2 degrees of freedom, for series without
    confidence intervals. The statistic is t = slope / standard error."""
    fit = _least_squares(xs, ys)
    error = math.sqrt(fit.residual_variance / fit.spread)
    df = fit.n - 2
    if error == 0:
        return Slope(fit.slope, fit.slope, fit.slope, math.inf, 0.0 if fit.slope else 1.0, "Least squares")
    statistic = fit.slope / error
    margin = t_quantile(1 - (1 - confidence) / 2, df) * error
    p_value = 2 * (1 - t_cdf(abs(statistic), df))
    return Slope(fit.slope, fit.slope - margin, fit.slope + margin, statistic, p_value, "Least squares")


INCREASING = "increasing"
DECREASING = "decreasing"
NO_CHANGE = "no_change"
IMPROVING = "improving"
WORSENING = "worsening"
NOT_ASSESSED = "not_assessed"


@dataclass(frozen=True)
class Trend:
    """The recent trend: direction of the slope, whether that is better or worse, and whether significant."""

    points: int
    first_x: float | None
    last_x: float | None
    slope: Slope | None
    direction: str  # increasing, decreasing, no_change, not_assessed
    change: str | None  # improving, worsening, no_change; None when the polarity makes no judgement
    significant: bool
    reason: str = ""

    @property
    def label(self) -> str:
        """In plain words, as Fingertips puts it."""
        if self.slope is None:
            return "Trend not assessed"
        if not self.significant:
            return "No significant change"
        moving = "Increasing" if self.direction == INCREASING else "Decreasing"
        if self.change == IMPROVING:
            return f"{moving} and getting better"
        if self.change == WORSENING:
            return f"{moving} and getting worse"
        return moving


def _direction(slope: float) -> str:
    if slope > 0:
        return INCREASING
    if slope < 0:
        return DECREASING
    return NO_CHANGE


def _change(direction: str, polarity: str) -> str | None:
    if polarity not in (HIGHER_IS_BETTER, LOWER_IS_BETTER):
        return None
    if direction == NO_CHANGE:
        return NO_CHANGE
    return IMPROVING if (direction == INCREASING) == (polarity == HIGHER_IS_BETTER) else WORSENING


def series_slope(
    points: Sequence[SeriesPoint], *, kind: str, multiplier: float = 100, confidence: float = 0.95
) -> Slope:
    """The slope by the best method the data allow: the chi-squared test for trend for proportions with
    numerators and denominators; else the weighted regression when every point has an interval; else least
    squares."""
    if kind == PROPORTION and all(point.has_counts for point in points):
        return chi_squared_trend(points, multiplier=multiplier, confidence=confidence)
    if all(point.has_interval for point in points):
        return weighted_slope(points, confidence=confidence)
    return least_squares_slope([p.x for p in points], [p.value for p in points], confidence=confidence)


def trend(
    points: Sequence[SeriesPoint],
    *,
    polarity: str,
    kind: str,
    multiplier: float = 100,
    window: int = 5,
    minimum: int = 3,
    confidence: float = 0.95,
) -> Trend:
    """The trend over the most recent `window` periods with a value (five, as Fingertips), if at least
    `minimum` (three) have one. Significant when the slope's p-value is under 1 − confidence."""
    usable = sorted((point for point in points if point.value is not None), key=lambda point: point.x)
    recent = usable[-window:]
    if len(recent) < minimum:
        return Trend(
            len(recent),
            recent[0].x if recent else None,
            recent[-1].x if recent else None,
            None,
            NOT_ASSESSED,
            None,
            False,
            f"Fewer than {minimum} periods have a value.",
        )
    slope = series_slope(recent, kind=kind, multiplier=multiplier, confidence=confidence)
    direction = _direction(slope.slope)
    return Trend(
        len(recent),
        recent[0].x,
        recent[-1].x,
        slope,
        direction,
        _change(direction, polarity),
        slope.significant(confidence),
    )


def difference_interval(
    a: float, a_lower: float, a_upper: float, b: float, b_lower: float, b_upper: float
) -> Interval:
    """The interval of a − b from the two intervals (MOVER; Newcombe 1998, method 10):
    lower = (a − b) − √((a − a_lower)² + (b_upper − b)²), upper = (a − b) + √((a_upper − a)² + (b − b_lower)²)."""
    difference = a - b
    lower = difference - math.sqrt((a - a_lower) ** 2 + (b_upper - b) ** 2)
    upper = difference + math.sqrt((a_upper - a) ** 2 + (b - b_lower) ** 2)
    return Interval(lower, upper, "MOVER")


@dataclass(frozen=True)
class GapPoint:
    x: float
    group: float
    comparator: float
    gap: float
    lower: float | None
    upper: float | None


NARROWING = "narrowing"
WIDENING = "widening"


@dataclass(frozen=True)
class GapTrend:
    points: list[GapPoint]
    slope: Slope | None
    status: str  # narrowing, widening, no_change (not significant), not_assessed
    reason: str = ""


def gap_over_time(
    group: Sequence[SeriesPoint],
    comparator: Sequence[SeriesPoint],
    *,
    window: int = 5,
    minimum: int = 3,
    confidence: float = 0.95,
) -> GapTrend:
    """The gap (group − comparator) in each period both have a value, with its MOVER interval when both
    have intervals, and whether the gap is narrowing over the most recent `window` periods.

    Narrowing means the gap moves significantly towards zero: the slope of the gap (weighted by the gaps'
    intervals when every gap has one, else least squares) has the opposite sign to the mean gap over those
    periods, and its p-value is under 1 − confidence. Widening is the reverse.
    """
    by_x = {point.x: point for point in comparator if point.value is not None}
    gaps = []
    for point in sorted(group, key=lambda item: item.x):
        other = by_x.get(point.x)
        if point.value is None or other is None:
            continue
        interval = None
        if point.has_interval and other.has_interval:
            interval = difference_interval(
                point.value, point.lower, point.upper, other.value, other.lower, other.upper
            )
        gaps.append(
            GapPoint(
                point.x,
                point.value,
                other.value,
                point.value - other.value,
                interval.lower if interval else None,
                interval.upper if interval else None,
            )
        )
    recent = gaps[-window:]
    if len(recent) < minimum:
        return GapTrend(gaps, None, NOT_ASSESSED, f"Fewer than {minimum} periods have both values.")
    series = [SeriesPoint(gap.x, gap.gap, gap.lower, gap.upper) for gap in recent]
    slope = series_slope(series, kind="gap", confidence=confidence)
    mean_gap = sum(gap.gap for gap in recent) / len(recent)
    if not slope.significant(confidence) or slope.slope == 0:
        return GapTrend(gaps, slope, NO_CHANGE)
    if mean_gap == 0:
        return GapTrend(gaps, slope, NOT_ASSESSED, "The gap averages zero over these periods.")
    status = NARROWING if (slope.slope > 0) != (mean_gap > 0) else WIDENING
    return GapTrend(gaps, slope, status)


@dataclass(frozen=True)
class ForecastPoint:
    x: float
    value: float
    lower: float
    upper: float


def linear_forecast(
    xs: Sequence[float], ys: Sequence[float], *, periods: int = 3, step: float = 1, confidence: float = 0.95
) -> list[ForecastPoint]:
    """A straight-line projection for `periods` periods after the last, each with its prediction interval:
    ŷ₀ ± t(n − 2) · s · √(1 + 1/n + (x₀ − x̄)²/Σ(x − x̄)²), s² the residual variance (ordinary least squares)."""
    if periods < 1:
        raise ValueError("Forecast at least one period ahead.")
    fit = _least_squares(xs, ys)
    t = t_quantile(1 - (1 - confidence) / 2, fit.n - 2)
    last = max(xs)
    forecast = []
    for ahead in range(1, periods + 1):
        x = last + ahead * step
        value = fit.intercept + fit.slope * x
        margin = t * math.sqrt(fit.residual_variance * (1 + 1 / fit.n + (x - fit.mean_x) ** 2 / fit.spread))
        forecast.append(ForecastPoint(x, value, value - margin, value + margin))
    return forecast
