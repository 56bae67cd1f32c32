// Tests of GeneratorSource checkpoint positions: a restored generator continues the same event sequence.
#include "connectors/generator/generator_source.h"

#include <gtest/gtest.h>

#include "common/value.h"
#include "common/weir_error.h"

namespace weir {
namespace {

SourceSpec generator_spec(std::map<std::string, std::string> options) {
    SourceSpec spec;
    spec.name = "sensors";
    spec.connector = "generator";
    spec.declared = GeneratorSource::produced_columns();
    for (size_t i = 0; i < spec.declared.size(); i++) spec.projection.push_back(i);
    spec.options = std::move(options);
    return spec;
}

// Polls up to `max_polls` Data batches (waiting through Idle), stopping at End.
std::vector<std::string> read_polls(Source &source, size_t max_polls, bool *ended = nullptr) {
    std::vector<std::string> rows;
    Batch batch;
    if (ended) *ended = false;
    for (size_t polls = 0; polls < max_polls;) {
        Source::PollResult result = source.poll(batch);
        if (result == Source::PollResult::End) {
            if (ended) *ended = true;
            break;
        }
        if (result == Source::PollResult::Idle) {
            source.wait_for_data(100);
            continue;
        }
        polls++;
        for (size_t r = 0; r < batch.size(); r++) {
            std::string row;
            for (const auto &column : batch.columns) row += Value::from_column(column, r).to_string() + "|";
            rows.push_back(row);
        }
    }
    return rows;
}

std::vector<std::string> cut_after(const std::map<std::string, std::string> &options, size_t polls, bool *ended) {
    std::string position;
    std::vector<std::string> rows;
    {
        GeneratorSource first(generator_spec(options));
        first.open();
        rows = read_polls(first, polls, ended);
        position = *first.position();
    }
    GeneratorSource second(generator_spec(options));
    second.restore_position(position);
    second.open();
    EXPECT_EQ(*second.position(), position);
    auto rest = read_polls(second, SIZE_MAX);
    rows.insert(rows.end(), rest.begin(), rest.end());
    return rows;
}

const std::map<std::string, std::string> kBase = {{"rate", "unbounded"}, {"count", "40"}, {"seed", "7"},
                                                  {"start", "2025-01-15 00:00:00"}, {"interval", "1s"},
                                                  {"jitter", "2s"}, {"bad_ratio", "0.2"}};

TEST(GeneratorSourcePositionTest, BoundedCountResumesExactlyAtEveryCutPoint) {
    for (std::string batch_size : {"1", "7", "2048"}) {
        auto options = kBase;
        options["batch_size"] = batch_size;
        GeneratorSource whole_source(generator_spec(options));
        whole_source.open();
        auto whole = read_polls(whole_source, SIZE_MAX);
        ASSERT_EQ(whole.size(), 40u);
        for (size_t polls = 0;; polls++) {
            bool ended = false;
            EXPECT_EQ(cut_after(options, polls, &ended), whole) << "batch_size " << batch_size << ", cut after "
                                                                << polls << " polls";
            if (ended) break;
        }
    }
}

TEST(GeneratorSourcePositionTest, PositionNamesTheNextEventAndTheStartTime) {
    auto options = kBase;
    options["batch_size"] = "7";
    GeneratorSource source(generator_spec(options));
    source.open();
    read_polls(source, 2);
    // 2025-01-15 00:00:00 UTC = 1736899200 s.
    EXPECT_EQ(*source.position(), "{\"event\":14,\"start\":1736899200000000}");
}

TEST(GeneratorSourcePositionTest, RateLimitedRunWithoutStartKeepsTheEventTimesOfTheFirstRun) {
    // The start time comes from the wall clock at the first open(); the restored run must reuse it.
    std::map<std::string, std::string> options = {{"rate", "1000"}, {"count", "30"}, {"seed", "3"},
                                                  {"batch_size", "10"}};
    std::vector<std::string> rows;
    std::string position;
    {
        GeneratorSource first(generator_spec(options));
        first.open();
        rows = read_polls(first, 1);
        position = *first.position();
    }
    GeneratorSource second(generator_spec(options));
    second.restore_position(position);
    second.open();
    auto rest = read_polls(second, SIZE_MAX);
    rows.insert(rows.end(), rest.begin(), rest.end());
    ASSERT_EQ(rows.size(), 30u);

    // The same rows as an uninterrupted run started at the first run's start time.
    auto fixed = options;
    size_t start_at = position.find("\"start\":");
    ASSERT_NE(start_at, std::string::npos) << position;
    int64_t start_us = std::stoll(position.substr(start_at + 8));
    GeneratorSource reference(generator_spec(options));
    reference.restore_position("{\"event\":0,\"start\":" + std::to_string(start_us) + "}");
    reference.open();
    EXPECT_EQ(read_polls(reference, SIZE_MAX), rows);
}

TEST(GeneratorSourcePositionTest, PositionAtOrPastTheCountEndsAtOnce) {
    GeneratorSource source(generator_spec(kBase));
    source.restore_position("{\"event\":40,\"start\":0}");
    source.open();
    Batch batch;
    EXPECT_EQ(source.poll(batch), Source::PollResult::End);
}

TEST(GeneratorSourcePositionTest, GarbagePositionTextIsADataErrorNamingTheSource) {
    for (std::string text : {"", "nope", "{}", "{\"event\":-1}", "{\"event\":1,\"start\":\"x\"}", "[3]"}) {
        GeneratorSource source(generator_spec(kBase));
        try {
            source.restore_position(text);
            FAIL() << "expected an error for " << text;
        } catch (const WeirError &error) {
            EXPECT_EQ(error.kind(), ErrorKind::Data) << text;
            EXPECT_EQ(std::string(error.what()).rfind("cannot restore source `sensors`: ", 0), 0u) << error.what();
        }
    }
}

}  // namespace
}  // namespace weir
