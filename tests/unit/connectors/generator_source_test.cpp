// Tests of GeneratorSource: determinism by seed, bounded count, declared subsets, rate and validation.
#include "connectors/generator/generator_source.h"

#include <gtest/gtest.h>

#include <cmath>
#include <set>

#include "common/value.h"
#include "common/weir_error.h"

namespace weir {
namespace {

SourceSpec generator_spec(Schema declared, std::map<std::string, std::string> options) {
    SourceSpec spec;
    spec.name = "sensors";
    spec.connector = "generator";
    spec.declared = std::move(declared);
    for (size_t i = 0; i < spec.declared.size(); i++) spec.projection.push_back(i);
    spec.options = std::move(options);
    return spec;
}

Schema all_columns() { return GeneratorSource::produced_columns(); }

std::vector<std::string> dump(Source &source, size_t *batches = nullptr) {
    std::vector<std::string> rows;
    Batch batch;
    Source::PollResult result;
    while ((result = source.poll(batch)) != Source::PollResult::End) {
        if (result == Source::PollResult::Idle) {
            source.wait_for_data(100);
            continue;
        }
        if (batches) (*batches)++;
        for (size_t r = 0; r < batch.size(); r++) {
            std::string row;
            for (const auto &column : batch.columns) row += Value::from_column(column, r).to_string() + "|";
            rows.push_back(row);
        }
    }
    return rows;
}

const std::map<std::string, std::string> kBase = {
    {"rate", "unbounded"}, {"count", "1000"}, {"seed", "7"}, {"start", "2025-01-15 00:00:00"}, {"interval", "1s"}};

TEST(GeneratorSourceTest, SameSeedSameRowsDifferentSeedDifferentRows) {
    GeneratorSource a(generator_spec(all_columns(), kBase));
    GeneratorSource b(generator_spec(all_columns(), kBase));
    auto other_options = kBase;
    other_options["seed"] = "8";
    GeneratorSource c(generator_spec(all_columns(), other_options));
    a.open();
    b.open();
    c.open();
    auto rows_a = dump(a);
    EXPECT_EQ(rows_a.size(), 1000u);
    EXPECT_EQ(rows_a, dump(b));
    EXPECT_NE(rows_a, dump(c));
}

TEST(GeneratorSourceTest, BoundedCountTimesAndKeys) {
    auto options = kBase;
    options["keys"] = "3";
    options["batch_size"] = "300";
    GeneratorSource source(generator_spec(all_columns(), options));
    source.open();
    Batch batch;
    std::set<std::string> sensors, cities;
    size_t total = 0;
    int64_t expected_ts = 1736899200LL * 1000000;  // 2025-01-15 00:00:00
    std::vector<size_t> sizes;
    while (source.poll(batch) == Source::PollResult::Data) {
        sizes.push_back(batch.size());
        for (size_t r = 0; r < batch.size(); r++, total++) {
            cities.insert(std::string(batch.columns[0].strings()[r]));
            sensors.insert(std::string(batch.columns[1].strings()[r]));
            EXPECT_EQ(batch.columns[6].ints()[r], expected_ts);
            expected_ts += 1000000;
            double temp = batch.columns[3].doubles()[r];
            EXPECT_GT(temp, -20);
            EXPECT_LT(temp, 45);
        }
    }
    EXPECT_EQ(total, 1000u);
    EXPECT_EQ(sizes, (std::vector<size_t>{300, 300, 300, 100}));
    EXPECT_EQ(sensors.size(), 3u);
    EXPECT_EQ(cities, (std::set<std::string>{"Warsaw", "Berlin", "London"}));
    EXPECT_EQ(source.poll(batch), Source::PollResult::End);
}

TEST(GeneratorSourceTest, DeclaredSubsetInAnyOrder) {
    Schema declared({{"ts", TypeId::Timestamp}, {"TEMP", TypeId::Double}});
    GeneratorSource subset(generator_spec(declared, kBase));
    GeneratorSource full(generator_spec(all_columns(), kBase));
    subset.open();
    full.open();
    Batch small, big;
    ASSERT_EQ(subset.poll(small), Source::PollResult::Data);
    ASSERT_EQ(full.poll(big), Source::PollResult::Data);
    ASSERT_EQ(small.columns.size(), 2u);
    EXPECT_EQ(small.columns[0].type(), TypeId::Timestamp);
    for (size_t r = 0; r < 50; r++) {
        EXPECT_EQ(small.columns[0].ints()[r], big.columns[6].ints()[r]);
        EXPECT_EQ(small.columns[1].doubles()[r], big.columns[3].doubles()[r]);
    }
}

TEST(GeneratorSourceTest, TextColumnsCarryTheirDictionaryEncoding) {
    GeneratorSource source(generator_spec(all_columns(), {{"rate", "unbounded"}, {"count", "3000"}, {"keys", "60"}}));
    source.open();
    Batch batch;
    ASSERT_EQ(source.poll(batch), Source::PollResult::Data);
    for (size_t c : {size_t(0), size_t(1), size_t(2)}) {  // city, sensor_id, sensor_type
        const ColumnVector &column = batch.columns[c];
        ASSERT_TRUE(column.has_dictionary()) << c;
        std::set<uint32_t> used;
        for (size_t r = 0; r < batch.size(); r++) {
            ASSERT_LT(column.codes()[r], column.dictionary().size());
            EXPECT_EQ(column.dictionary()[column.codes()[r]], column.strings()[r]);
            used.insert(column.codes()[r]);
        }
        EXPECT_EQ(used.size(), column.dictionary().size()) << c;  // 26 cities, 60 sensors, 2 types: all seen
    }
    EXPECT_EQ(batch.columns[0].dictionary().size(), 26u);
    EXPECT_EQ(batch.columns[1].dictionary().size(), 60u);
}

TEST(GeneratorSourceTest, AfternoonsAreWarmerThanNights) {
    // One reading a second for a day: the daily curve peaks at 15:00 UTC and is lowest at 03:00.
    GeneratorSource source(generator_spec(all_columns(), {{"rate", "unbounded"},
                                                          {"count", "86400"},
                                                          {"interval", "1s"},
                                                          {"keys", "1"},
                                                          {"start", "2025-01-15 00:00:00"}}));
    source.open();
    Batch batch;
    double afternoon = 0, night = 0;
    int afternoon_n = 0, night_n = 0;
    while (source.poll(batch) == Source::PollResult::Data) {
        for (size_t r = 0; r < batch.size(); r++) {
            int64_t hour = batch.columns[6].ints()[r] / 3600000000 % 24;
            double temp = batch.columns[3].doubles()[r];
            EXPECT_DOUBLE_EQ(temp * 10, std::round(temp * 10));  // one decimal
            if (hour == 14 || hour == 15) afternoon += temp, afternoon_n++;
            if (hour == 2 || hour == 3) night += temp, night_n++;
        }
    }
    ASSERT_EQ(afternoon_n, 7200);
    ASSERT_EQ(night_n, 7200);
    // Warsaw swings 5 degrees each way around its mean: the two-hour means differ by about 9.8.
    EXPECT_GT(afternoon / afternoon_n - night / night_n, 9.0);
    EXPECT_LT(afternoon / afternoon_n - night / night_n, 10.5);
}

TEST(GeneratorSourceTest, JitterKeepsTimesWithinBoundAndBadRatioMakesBadReadings) {
    auto options = kBase;
    options["jitter"] = "2s";
    options["bad_ratio"] = "0.2";
    GeneratorSource source(generator_spec(all_columns(), options));
    source.open();
    Batch batch;
    size_t bad = 0, total = 0, late = 0;
    int64_t start = 1736899200LL * 1000000;
    while (source.poll(batch) == Source::PollResult::Data) {
        for (size_t r = 0; r < batch.size(); r++, total++) {
            int64_t nominal = start + static_cast<int64_t>(total) * 1000000;
            int64_t ts = batch.columns[6].ints()[r];
            EXPECT_LE(ts, nominal);
            EXPECT_GE(ts, nominal - 2000000);
            if (ts < nominal) late++;
            if (batch.columns[3].is_null(r) || batch.columns[3].doubles()[r] > 100) bad++;
        }
    }
    EXPECT_GT(late, 900u);
    EXPECT_GT(bad, 120u);
    EXPECT_LT(bad, 280u);
}

TEST(GeneratorSourceTest, RateLimitsByReturningIdle) {
    auto options = kBase;
    options["rate"] = "200";
    options["count"] = "20";
    GeneratorSource source(generator_spec(all_columns(), options));
    source.open();
    Batch batch;
    ASSERT_EQ(source.poll(batch), Source::PollResult::Data);
    EXPECT_EQ(batch.size(), 1u);  // only the first event is due at once
    EXPECT_EQ(source.poll(batch), Source::PollResult::Idle);
    auto begin = std::chrono::steady_clock::now();
    size_t total = 1;
    while (total < 20) {
        auto result = source.poll(batch);
        if (result == Source::PollResult::Data) total += batch.size();
        else if (result == Source::PollResult::Idle) source.wait_for_data(1000);
        else break;
    }
    double seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - begin).count();
    EXPECT_EQ(total, 20u);
    EXPECT_GT(seconds, 0.07);  // 19 more events at 200/s take ~95ms
}

TEST(GeneratorSourceTest, PartialBatchWaitsAtMostFiveMillisecondsForMoreRows) {
    // The next event (pending / rate) plus at most 5ms for a fuller batch, or the full batch when sooner.
    EXPECT_DOUBLE_EQ(GeneratorSource::wake_after(100, 2048, 2000), 0.05 + 0.005);
    EXPECT_DOUBLE_EQ(GeneratorSource::wake_after(3, 2048, 10), 0.3 + 0.005);
    EXPECT_DOUBLE_EQ(GeneratorSource::wake_after(100, 2048, 1e6), (100 + 2047) / 1e6);
    EXPECT_DOUBLE_EQ(GeneratorSource::wake_after(7, 1, 2000), 7 / 2000.0);
    // At 2000 events/s, 400 events (0.2s) arrive in many small batches, not in 50ms lumps of 100.
    auto options = kBase;
    options["rate"] = "2000";
    options["count"] = "400";
    GeneratorSource source(generator_spec(all_columns(), options));
    source.open();
    size_t batches = 0;
    EXPECT_EQ(dump(source, &batches).size(), 400u);
    EXPECT_GE(batches, 8u);
}

TEST(GeneratorSourceTest, ValidationOfColumnsAndOptions) {
    try {
        GeneratorSource::validate(OptionReader("generator", {}), Schema({{"tmp", TypeId::Double}}));
        FAIL();
    } catch (const WeirError &error) {
        EXPECT_EQ(error.kind(), ErrorKind::Bind);
        EXPECT_EQ(std::string(error.what()),
                  "the generator produces no column `tmp`; it produces city, sensor_id, sensor_type, temp, humidity, "
                  "pm25, ts; did you mean `temp`?");
    }
    try {
        GeneratorSource::validate(OptionReader("generator", {}), Schema({{"temp", TypeId::BigInt}}));
        FAIL();
    } catch (const WeirError &error) {
        EXPECT_EQ(std::string(error.what()), "generator column `temp` is DOUBLE, declare it so instead of BIGINT");
    }
    EXPECT_THROW(GeneratorSource::validate(OptionReader("generator", {{"rate", "fast"}}), Schema()), WeirError);
    EXPECT_THROW(GeneratorSource::validate(OptionReader("generator", {{"jitter", "2 seconds"}}), Schema()), WeirError);
    EXPECT_THROW(GeneratorSource::validate(OptionReader("generator", {{"bad_ratio", "1.5"}}), Schema()), WeirError);
    EXPECT_TRUE(GeneratorSource::is_bounded(OptionReader("generator", {{"count", "5"}})));
    EXPECT_FALSE(GeneratorSource::is_bounded(OptionReader("generator", {})));
}

}  // namespace
}  // namespace weir
