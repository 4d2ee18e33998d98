"""The statistics against published values and values worked by hand (the working is in each test)."""

import math

import pytest

from commissioning.needs import statistics as s

approx = pytest.approx


class TestDistributions:
    def test_normal_quantile_for_95_percent(self):
        assert s.z_for(0.95) == approx(1.959964, abs=1e-6)
        assert s.z_for(0.998) == approx(3.090232, abs=1e-6)

    @pytest.mark.parametrize(
        ("p", "df", "expected"),
        [
            # Published chi-squared tables (e.g. NIST/SEMATECH e-Handbook, table 1.3.6.7.4).
            (0.95, 1, 3.841459),
            (0.975, 2, 7.377759),
            (0.025, 2, 0.050636),
            (0.025, 10, 3.246973),
            (0.975, 12, 23.336664),
            (0.999, 1, 10.827566),
            (0.5, 30, 29.336030),
        ],
    )
    def test_chi_squared_quantile_matches_tables(self, p, df, expected):
        assert s.chi_squared_quantile(p, df) == approx(expected, abs=2e-6)

    def test_chi_squared_cdf_inverts_the_quantile(self):
        for df in (1, 2, 7.5, 40, 400):
            for p in (0.001, 0.025, 0.5, 0.975, 0.999):
                assert s.chi_squared_cdf(s.chi_squared_quantile(p, df), df) == approx(p, abs=1e-10)

    def test_chi_squared_cdf_in_closed_form_for_two_degrees_of_freedom(self):
        # With 2 degrees of freedom the distribution function is 1 − e^(−x/2).
        for x in (0.1, 1, 5, 20):
            assert s.chi_squared_cdf(x, 2) == approx(1 - math.exp(-x / 2), rel=1e-12)

    def test_incomplete_gamma_and_beta_closed_forms(self):
        # P(1, x) = 1 − e^(−x); I_x(a, 1) = x^a; I_x(1, b) = 1 − (1 − x)^b.
        for x in (0.01, 0.5, 3, 12):
            assert s.regularised_gamma_p(1, x) == approx(1 - math.exp(-x), rel=1e-12)
        for x in (0.05, 0.3, 0.7, 0.99):
            assert s.regularised_beta(x, 2.5, 1) == approx(x**2.5, rel=1e-12)
            assert s.regularised_beta(x, 1, 3) == approx(1 - (1 - x) ** 3, rel=1e-12)
        assert (s.regularised_beta(0, 2, 2), s.regularised_beta(1, 2, 2)) == (0, 1)
        assert s.regularised_gamma_p(2, 0) == 0
        with pytest.raises(ValueError, match="shape"):
            s.regularised_gamma_p(0, 1)

    def test_wilson_hilferty_is_close_to_exact(self):
        assert s.wilson_hilferty_chi_squared_quantile(0.975, 12) == approx(23.336664, abs=1e-3)
        assert s.wilson_hilferty_chi_squared_quantile(0.025, 200) == approx(162.728, abs=0.01)

    @pytest.mark.parametrize(
        ("p", "df", "expected"),
        [(0.975, 1, 12.706205), (0.975, 3, 3.182446), (0.975, 10, 2.228139), (0.95, 5, 2.015048)],
    )
    def test_t_quantile_matches_tables(self, p, df, expected):
        assert s.t_quantile(p, df) == approx(expected, abs=1e-6)
        assert s.t_quantile(1 - p, df) == approx(-expected, abs=1e-6)

    def test_t_cdf_closed_form_for_one_degree_of_freedom(self):
        # With 1 degree of freedom t is Cauchy: F(t) = 1/2 + atan(t)/π.
        for t in (-3, -0.5, 0.7, 4):
            assert s.t_cdf(t, 1) == approx(0.5 + math.atan(t) / math.pi, abs=1e-12)

    def test_bad_arguments_are_refused(self):
        with pytest.raises(ValueError, match="between 0 and 1"):
            s.z_for(95)
        with pytest.raises(ValueError, match="degrees of freedom"):
            s.chi_squared_quantile(0.5, 0)
        with pytest.raises(ValueError, match="probability"):
            s.t_quantile(1, 3)


class TestWilson:
    def test_half_of_a_hundred(self):
        # The brief's check: 50/100 → 40.4% to 59.6%. By hand with z = 1.959964:
        # (100 + 3.8415 ∓ 1.959964·√(3.8415 + 100)) / (2 · 103.8415) = 0.403832 and 0.596168.
        interval = s.wilson_interval(50, 100)
        assert (round(interval.lower, 1), round(interval.upper, 1)) == (40.4, 59.6)
        assert interval.lower == approx(40.3832, abs=1e-4)
        assert interval.upper == approx(59.6168, abs=1e-4)
        assert interval.method == "Wilson score"

    @pytest.mark.parametrize(
        ("numerator", "denominator", "lower", "upper"),
        [
            # Newcombe (1998), Statistics in Medicine 17:857-872, table II, method 3 (Wilson score).
            (81, 263, 0.2553, 0.3662),
            (15, 148, 0.0624, 0.1605),
            (0, 20, 0.0000, 0.1611),
            (1, 29, 0.0061, 0.1718),
        ],
    )
    def test_newcombe_published_examples(self, numerator, denominator, lower, upper):
        interval = s.wilson_interval(numerator, denominator, multiplier=1)
        assert interval.lower == approx(lower, abs=5e-5)
        assert interval.upper == approx(upper, abs=5e-5)

    def test_all_events_reaches_the_top(self):
        interval = s.wilson_interval(20, 20)
        assert interval.upper == approx(100)
        assert interval.lower == approx(83.8875, abs=1e-4)  # 1 − 0.1611 from the 0/20 example, mirrored

    def test_refuses_impossible_counts(self):
        with pytest.raises(ValueError, match="denominator"):
            s.wilson_interval(1, 0)
        with pytest.raises(ValueError, match="numerator"):
            s.wilson_interval(11, 10)


class TestCountsAndRates:
    def test_byar_by_hand(self):
        # O = 82: 82·(1 − 1/738 − 1.959964/(3·√82))³ = 82·0.926497³ = 65.2149;
        # 83·(1 − 1/747 + 1.959964/(3·√83))³ = 83·1.070374³ = 101.7848.
        lower, upper = s.byar_count_interval(82)
        assert lower == approx(65.2149, abs=1e-4)
        assert upper == approx(101.7848, abs=1e-4)

    def test_exact_poisson_published_limits(self):
        # Exact Poisson limits (Garwood 1936; as tabulated in Breslow and Day 1987, appendix II):
        # 0 → 0 to 3.689; 5 → 1.624 to 11.668; 9 → 4.115 to 17.085.
        assert s.exact_count_interval(0) == approx((0, 3.6889), abs=1e-4)
        assert s.exact_count_interval(5) == approx((1.6235, 11.6683), abs=1e-4)
        assert s.exact_count_interval(9) == approx((4.1154, 17.0848), abs=1e-4)

    def test_exact_below_ten_and_byar_from_ten(self):
        assert s.count_interval(9).method == "Exact Poisson"
        ten = s.count_interval(10)
        assert ten.method == "Byar's"
        # Byar's for 10 by hand: 10·(1 − 1/90 − 1.959964/(3·√10))³ = 4.7874; 11·(1 − 1/99 + 1.959964/(3·√11))³
        assert (ten.lower, ten.upper) == approx((4.7874, 18.3915), abs=1e-4)

    def test_byar_is_close_to_exact_for_large_counts(self):
        exact = s.exact_count_interval(400)
        byar = s.byar_count_interval(400)
        assert byar == approx(exact, rel=1e-4)

    def test_rate_per_ten_thousand(self):
        # 82 children looked after out of 10,000: 82 per 10,000, limits 65.2149 and 101.7848 per 10,000.
        interval = s.rate_interval(82, 10_000, multiplier=10_000)
        assert (interval.lower, interval.upper) == approx((65.2149, 101.7848), abs=1e-4)
        per_1000 = s.rate_interval(82, 20_000, multiplier=1_000)
        assert (per_1000.lower, per_1000.upper) == approx((3.26075, 5.08924), abs=1e-5)

    def test_small_rate_uses_exact_limits(self):
        interval = s.rate_interval(5, 1000, multiplier=1000)
        assert interval.method == "Exact Poisson"
        assert (interval.lower, interval.upper) == approx((1.6235, 11.6683), abs=1e-4)

    def test_byar_needs_a_count(self):
        with pytest.raises(ValueError, match="at least 1"):
            s.byar_count_interval(0)
        with pytest.raises(ValueError, match="negative"):
            s.exact_count_interval(-1)
        with pytest.raises(ValueError, match="denominator"):
            s.rate_interval(3, 0, multiplier=100)


class TestConfidenceIntervalByKind:
    def test_proportion_needs_numerator_and_denominator(self):
        interval = s.confidence_interval(
            kind=s.PROPORTION, value=50, numerator=50, denominator=100, multiplier=100
        )
        assert interval.lower == approx(40.3832, abs=1e-4)
        assert s.confidence_interval(kind=s.PROPORTION, value=50, numerator=None, denominator=100) is None
        assert s.confidence_interval(kind=s.PROPORTION, value=50, numerator=50, denominator=0) is None
        assert s.confidence_interval(kind=s.PROPORTION, value=50, numerator=120, denominator=100) is None

    def test_rate(self):
        interval = s.confidence_interval(
            kind=s.RATE, value=82, numerator=82, denominator=10_000, multiplier=10_000
        )
        assert interval.upper == approx(101.7848, abs=1e-4)
        assert s.confidence_interval(kind=s.RATE, value=82, numerator=-1, denominator=10) is None

    def test_count_uses_the_numerator_or_the_value(self):
        assert s.confidence_interval(kind=s.COUNT, value=5, numerator=None, denominator=None).upper == approx(
            11.6683, abs=1e-4
        )
        assert s.confidence_interval(kind=s.COUNT, value=99, numerator=5, denominator=None).lower == approx(
            1.6235, abs=1e-4
        )
        assert s.confidence_interval(kind=s.COUNT, value=None, numerator=None, denominator=None) is None

    def test_a_score_has_no_computed_interval(self):
        assert s.confidence_interval(kind="score", value=31.2, numerator=10, denominator=20) is None


class TestComparison:
    @pytest.mark.parametrize(
        ("lower", "upper", "benchmark", "polarity", "expected"),
        [
            (40.4, 59.6, 45, s.HIGHER_IS_BETTER, s.SIMILAR),
            (40.4, 59.6, 40.4, s.HIGHER_IS_BETTER, s.SIMILAR),  # on the limit: not significant
            (40.4, 59.6, 35, s.HIGHER_IS_BETTER, s.BETTER),
            (40.4, 59.6, 65, s.HIGHER_IS_BETTER, s.WORSE),
            (40.4, 59.6, 35, s.LOWER_IS_BETTER, s.WORSE),
            (40.4, 59.6, 65, s.LOWER_IS_BETTER, s.BETTER),
            (40.4, 59.6, 35, s.NO_JUDGEMENT, s.HIGHER),
            (40.4, 59.6, 65, s.NO_JUDGEMENT, s.LOWER),
            (None, None, 45, s.HIGHER_IS_BETTER, s.NOT_COMPARED),
            (40.4, 59.6, None, s.HIGHER_IS_BETTER, s.NOT_COMPARED),
        ],
    )
    def test_benchmark_outside_the_interval_is_significant(self, lower, upper, benchmark, polarity, expected):
        assert s.compare_with_benchmark(lower=lower, upper=upper, benchmark=benchmark, polarity=polarity) == (
            expected
        )


class TestRankAndQuartile:
    def test_rank_by_polarity_with_ties(self):
        values = {"a": 10.0, "b": 30.0, "c": 20.0, "d": 30.0, "e": None}
        assert s.rank(values, s.HIGHER_IS_BETTER) == {"a": 4, "b": 1, "c": 3, "d": 1, "e": None}
        assert s.rank(values, s.LOWER_IS_BETTER) == {"a": 1, "b": 3, "c": 2, "d": 3, "e": None}
        assert s.rank(values, s.NO_JUDGEMENT) == s.rank(values, s.HIGHER_IS_BETTER)

    def test_quartiles_of_152_authorities(self):
        population = [float(v) for v in range(1, 153)]  # 152 values, 152 is the highest
        assert s.quartile(152.0, population, s.HIGHER_IS_BETTER) == 1  # rank 1
        assert s.quartile(115.0, population, s.HIGHER_IS_BETTER) == 1  # rank 38 = 152/4
        assert s.quartile(114.0, population, s.HIGHER_IS_BETTER) == 2  # rank 39
        assert s.quartile(39.0, population, s.HIGHER_IS_BETTER) == 3  # rank 114
        assert s.quartile(38.0, population, s.HIGHER_IS_BETTER) == 4  # rank 115
        assert s.quartile(1.0, population, s.LOWER_IS_BETTER) == 1
        assert s.quartile(152.0, population, s.LOWER_IS_BETTER) == 4

    def test_quartile_ties_share_the_better_quarter_and_missing_is_none(self):
        population = [5.0, 5.0, 5.0, 5.0, 1.0, 2.0, 3.0, 4.0, None]
        assert s.quartile(5.0, population, s.HIGHER_IS_BETTER) == 1
        assert s.quartile(4.0, population, s.HIGHER_IS_BETTER) == 3  # rank 5 of 8 → 1 + ⌊16/8⌋
        assert s.quartile(4.0, [4.0], s.LOWER_IS_BETTER) == 1
        assert s.quartile(3.0, [4.0, 3.0], s.HIGHER_IS_BETTER) == 3
        assert s.quartile(None, population, s.HIGHER_IS_BETTER) is None
        assert s.quartile(3.0, [None], s.HIGHER_IS_BETTER) is None


def _proportions(pairs, start=2019):
    return [
        s.SeriesPoint(start + i, 100 * o / n, numerator=o, denominator=n) for i, (o, n) in enumerate(pairs)
    ]


class TestSlopes:
    def test_chi_squared_trend_matches_r_prop_trend_test(self):
        # R documentation example for prop.trend.test: smokers <- c(83, 90, 129, 70);
        # patients <- c(86, 93, 136, 82) → X-squared = 8.2249, df = 1, p-value = 0.004132.
        points = _proportions([(83, 86), (90, 93), (129, 136), (70, 82)])
        slope = s.chi_squared_trend(points, multiplier=100)
        assert slope.statistic == approx(8.2249, abs=1e-4)
        assert slope.p_value == approx(0.004132, abs=1e-6)
        # By hand: p̄ = 372/397, t̄ = 1014/397 + 2018, slope = Σ(O − n p̄)(t − t̄)/Σn(t − t̄)² = −0.033416 per year.
        assert slope.slope == approx(-3.3416, abs=1e-4)
        assert slope.lower < slope.slope < slope.upper < 0

    def test_weighted_slope_by_hand(self):
        # Three points 10, 12, 14 with intervals ±1.959964 (standard error 1, weight 1): slope 2,
        # variance 1/Σ(x − x̄)² = 1/2, χ² = 4/0.5 = 8, p = 2(1 − Φ(2.828427)) = 0.004678,
        # limits 2 ± 1.959964·0.707107 = 0.614096 to 3.385904.
        points = [
            s.SeriesPoint(x, y, y - s.Z_95, y + s.Z_95) for x, y in ((2020, 10), (2021, 12), (2022, 14))
        ]
        slope = s.weighted_slope(points)
        assert slope.slope == approx(2)
        assert slope.statistic == approx(8)
        assert slope.p_value == approx(0.004678, abs=1e-6)
        assert (slope.lower, slope.upper) == approx((0.614096, 3.385904), abs=1e-6)

    def test_weighted_slope_gives_precise_points_more_weight(self):
        # The middle point is 4 times as precise (weight 16): the weighted mean of y moves towards it, but
        # with x symmetric the slope stays (14 − 10)/2.
        points = [
            s.SeriesPoint(0, 10, 10 - s.Z_95, 10 + s.Z_95),
            s.SeriesPoint(1, 20, 20 - s.Z_95 / 4, 20 + s.Z_95 / 4),
            s.SeriesPoint(2, 14, 14 - s.Z_95, 14 + s.Z_95),
        ]
        assert s.weighted_slope(points).slope == approx(2)

    def test_least_squares_slope_by_hand(self):
        # x 1..5, y 10, 12, 13, 15, 16: Sxx = 10, Sxy = 15, slope 1.5, residuals −0.2, 0.3, −0.2, 0.3, −0.2,
        # SSE 0.3, s² = 0.1, se = √(0.1/10) = 0.1, t = 15 on 3 df, limits 1.5 ± 3.182446·0.1.
        slope = s.least_squares_slope([1, 2, 3, 4, 5], [10, 12, 13, 15, 16])
        assert slope.slope == approx(1.5)
        assert slope.statistic == approx(15)
        assert (slope.lower, slope.upper) == approx((1.181755, 1.818245), abs=1e-6)
        # With 3 df, F(t) = 1/2 + (r/(1 + r²) + atan r)/π where r = t/√3, so p = 2(1 − F(15)) = 0.000643.
        assert slope.p_value == approx(0.000643119, abs=1e-9)

    def test_a_perfect_line_is_significant_and_a_flat_one_is_not(self):
        assert s.least_squares_slope([1, 2, 3], [1, 2, 3]).p_value == 0
        assert s.least_squares_slope([1, 2, 3], [5, 5, 5]).p_value == 1

    def test_slopes_need_enough_points(self):
        with pytest.raises(ValueError, match="three points"):
            s.least_squares_slope([1, 2], [1, 2])
        with pytest.raises(ValueError, match="numerator"):
            s.chi_squared_trend([s.SeriesPoint(1, 5)])
        with pytest.raises(ValueError, match="different periods"):
            s.least_squares_slope([1, 1, 1], [1, 2, 3])


class TestSeriesSlope:
    def test_the_method_follows_the_data(self):
        counts = _proportions([(40, 100), (45, 100), (50, 100)])
        assert s.series_slope(counts, kind=s.PROPORTION).method == "Chi-squared test for trend"
        # A rate with counts has no chi-squared test: without intervals it is least squares.
        assert s.series_slope(counts, kind=s.RATE).method == "Least squares"
        with_intervals = [s.SeriesPoint(x, 5.0, 4.0, 6.0) for x in (1, 2, 3)]
        assert s.series_slope(with_intervals, kind=s.RATE).method == "Weighted regression"
        mixed = [*with_intervals[:2], s.SeriesPoint(3, 5.0)]
        assert s.series_slope(mixed, kind=s.RATE).method == "Least squares"


class TestTrend:
    def test_proportion_with_counts_uses_the_chi_squared_test(self):
        points = _proportions([(83, 86), (90, 93), (129, 136), (70, 82)])
        result = s.trend(points, polarity=s.HIGHER_IS_BETTER, kind=s.PROPORTION)
        assert result.slope.method == "Chi-squared test for trend"
        assert (result.direction, result.change, result.significant) == (s.DECREASING, s.WORSENING, True)
        assert result.label == "Decreasing and getting worse"
        assert (result.points, result.first_x, result.last_x) == (4, 2019, 2022)

    def test_lower_is_better_falling_is_improving(self):
        points = _proportions([(83, 86), (90, 93), (129, 136), (70, 82)])
        result = s.trend(points, polarity=s.LOWER_IS_BETTER, kind=s.PROPORTION)
        assert result.change == s.IMPROVING
        assert result.label == "Decreasing and getting better"
        no_judgement = s.trend(points, polarity=s.NO_JUDGEMENT, kind=s.PROPORTION)
        assert (no_judgement.change, no_judgement.label) == (None, "Decreasing")

    def test_only_the_five_most_recent_points_count(self):
        old = [s.SeriesPoint(2010 + i, 100.0 - 10 * i) for i in range(5)]
        recent = [s.SeriesPoint(2015 + x, y) for x, y in enumerate([10, 12, 13, 15, 16], start=1)]
        result = s.trend(old + recent, polarity=s.HIGHER_IS_BETTER, kind=s.RATE)
        assert (result.points, result.first_x, result.last_x) == (5, 2016, 2020)
        assert result.slope.method == "Least squares"
        assert result.slope.slope == approx(1.5)
        assert result.label == "Increasing and getting better"

    def test_missing_values_are_skipped_and_too_few_points_are_not_assessed(self):
        points = [s.SeriesPoint(2019, 5), s.SeriesPoint(2020, None), s.SeriesPoint(2021, 6)]
        result = s.trend(points, polarity=s.HIGHER_IS_BETTER, kind=s.RATE)
        assert (result.direction, result.slope, result.significant) == (s.NOT_ASSESSED, None, False)
        assert result.reason == "Fewer than 3 periods have a value."
        assert result.label == "Trend not assessed"

    def test_not_significant_is_no_significant_change(self):
        points = [s.SeriesPoint(2019 + i, y) for i, y in enumerate([10, 14, 9, 13])]
        result = s.trend(points, polarity=s.HIGHER_IS_BETTER, kind=s.RATE)
        assert result.direction == s.INCREASING
        assert not result.significant
        assert result.label == "No significant change"

    def test_points_with_intervals_use_the_weighted_regression(self):
        points = [
            s.SeriesPoint(x, y, y - s.Z_95, y + s.Z_95) for x, y in ((2020, 10), (2021, 12), (2022, 14))
        ]
        result = s.trend(points, polarity=s.LOWER_IS_BETTER, kind=s.RATE)
        assert result.slope.method == "Weighted regression"
        assert result.label == "Increasing and getting worse"


class TestGap:
    def test_mover_difference_matches_newcombe(self):
        # Newcombe (1998), Statistics in Medicine 17:873-890, table II, method 10:
        # 56/70 − 48/80 → 0.0524 to 0.3339; 9/10 − 3/10 → 0.1705 to 0.8090.
        for (a_o, a_n), (b_o, b_n), expected in (
            ((56, 70), (48, 80), (0.0524, 0.3339)),
            ((9, 10), (3, 10), (0.1705, 0.8090)),
        ):
            a = s.wilson_interval(a_o, a_n, multiplier=1)
            b = s.wilson_interval(b_o, b_n, multiplier=1)
            interval = s.difference_interval(a_o / a_n, a.lower, a.upper, b_o / b_n, b.lower, b.upper)
            assert (interval.lower, interval.upper) == approx(expected, abs=5e-5)

    def test_a_gap_closing_towards_england_is_narrowing(self):
        # Gaps 10, 8.5, 6, 4.5, 2 (least squares: slope −2, residuals 0, 0.5, 0, 0.5, 0 less their mean).
        group = [s.SeriesPoint(2019 + i, y) for i, y in enumerate([30, 28.5, 26, 24.5, 22])]
        england = [s.SeriesPoint(2019 + i, 20) for i in range(5)]
        result = s.gap_over_time(group, england)
        assert [point.gap for point in result.points] == [10, 8.5, 6, 4.5, 2]
        assert result.slope.slope == approx(-2)
        assert result.status == s.NARROWING

    def test_a_negative_gap_moving_away_from_zero_is_widening(self):
        group = [s.SeriesPoint(2019 + i, y) for i, y in enumerate([18, 16.5, 14, 12.5, 10])]
        england = [s.SeriesPoint(2019 + i, 20) for i in range(5)]
        assert s.gap_over_time(group, england).status == s.WIDENING

    def test_gap_intervals_and_weighted_slope(self):
        group = [s.SeriesPoint(2019 + i, y, y - 2, y + 3) for i, y in enumerate([30, 27, 25])]
        england = [s.SeriesPoint(2019 + i, 20, 19, 21) for i in range(3)]
        result = s.gap_over_time(group, england)
        first = result.points[0]
        # MOVER by hand: 10 − √(2² + 1²) = 7.763932, 10 + √(3² + 1²) = 13.162278.
        assert (first.lower, first.upper) == approx((7.763932, 13.162278), abs=1e-6)
        assert result.slope.method == "Weighted regression"
        assert result.slope.slope == approx(-2.5)

    def test_periods_without_both_values_are_left_out(self):
        group = [s.SeriesPoint(2019, 30), s.SeriesPoint(2020, 28), s.SeriesPoint(2021, None)]
        england = [s.SeriesPoint(2019, 20), s.SeriesPoint(2020, None), s.SeriesPoint(2021, 20)]
        result = s.gap_over_time(group, england)
        assert [point.x for point in result.points] == [2019]
        assert result.status == s.NOT_ASSESSED
        assert result.reason == "Fewer than 3 periods have both values."

    def test_no_significant_change(self):
        group = [s.SeriesPoint(2019 + i, y) for i, y in enumerate([30, 26, 31, 27])]
        england = [s.SeriesPoint(2019 + i, 20) for i in range(4)]
        assert s.gap_over_time(group, england).status == s.NO_CHANGE


class TestForecast:
    def test_prediction_intervals_by_hand(self):
        # The least squares example: ŷ = 8.7 + 1.5x, s² = 0.1, x̄ = 3, Sxx = 10, t(0.975, 3) = 3.182446.
        # x = 6: 17.7 ± 3.182446·√(0.1·(1 + 1/5 + 9/10)) = 17.7 ± 1.458380.
        # x = 7: 19.2 ± 3.182446·√(0.1·(1 + 1/5 + 16/10)) = 19.2 ± 1.683992.
        forecast = s.linear_forecast([1, 2, 3, 4, 5], [10, 12, 13, 15, 16], periods=2)
        assert [point.x for point in forecast] == [6, 7]
        assert (forecast[0].value, forecast[0].lower, forecast[0].upper) == approx(
            (17.7, 16.241620, 19.158380), abs=1e-6
        )
        assert (forecast[1].value, forecast[1].lower, forecast[1].upper) == approx(
            (19.2, 17.516008, 20.883992), abs=1e-6
        )

    def test_forecast_needs_three_points_and_a_period(self):
        with pytest.raises(ValueError, match="three points"):
            s.linear_forecast([1, 2], [3, 4])
        with pytest.raises(ValueError, match="at least one period"):
            s.linear_forecast([1, 2, 3], [3, 4, 5], periods=0)
