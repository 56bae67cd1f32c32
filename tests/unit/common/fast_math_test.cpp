// round_half_away against std::round, and index_below's range and spread.
#include "common/fast_math.h"

#include <gtest/gtest.h>

#include <cmath>
#include <random>
#include <vector>

using namespace weir;

TEST(FastMath, RoundHalfAwayEqualsStdRoundAtTheBoundaries) {
    const double cases[] = {0.0, -0.0, 0.5, -0.5, 1.5, -1.5, 2.5, -2.5, 0.49999999999999994, -0.49999999999999994,
                            0.5000000000000001, 123.45 * 10, -123.45 * 10, 4503599627370495.5, -4503599627370495.5,
                            4503599627370496.0, 1e15 + 0.5, 0.1, 0.9, -0.9, 9999.5, -9999.5};
    for (double x : cases) EXPECT_EQ(round_half_away(x), std::round(x)) << x;
}

TEST(FastMath, RoundHalfAwayEqualsStdRoundOnRandomValues) {
    std::mt19937_64 random(7);
    std::uniform_real_distribution<double> wide(-1e9, 1e9);
    std::uniform_int_distribution<int> tenths(-100000, 100000);
    for (int i = 0; i < 200000; i++) {
        double x = wide(random);
        ASSERT_EQ(round_half_away(x), std::round(x)) << x;
        double half = tenths(random) / 10.0 * 10;  // values like the generator's temp * 10
        ASSERT_EQ(round_half_away(half), std::round(half)) << half;
        double exact_half = tenths(random) + 0.5;
        ASSERT_EQ(round_half_away(exact_half), std::round(exact_half)) << exact_half;
    }
}

TEST(FastMath, IndexBelowStaysInRangeAndSpreads) {
    std::mt19937_64 random(11);
    const size_t n = 26;
    std::vector<int> counts(n, 0);
    for (int i = 0; i < 260000; i++) {
        uint32_t index = index_below(random(), n);
        ASSERT_LT(index, n);
        counts[index]++;
    }
    for (int count : counts) {
        EXPECT_GT(count, 9000);
        EXPECT_LT(count, 11000);
    }
    EXPECT_EQ(index_below(~uint64_t(0), n), n - 1);
    EXPECT_EQ(index_below(0, n), 0u);
    EXPECT_EQ(index_below(~uint64_t(0), 1), 0u);
}
