// Tests of FileSource: JSON and CSV files, bad-record positions, glob order, errors and follow mode.
#include "connectors/file/file_source.h"

#include <gtest/gtest.h>
#include <stdlib.h>
#include <unistd.h>

#include <fstream>

#include "common/weir_error.h"

namespace weir {
namespace {

std::string temp_dir() {
    char pattern[] = "/tmp/weir-file-source-XXXXXX";
    return ::mkdtemp(pattern);
}

void write_file(const std::string &path, const std::string &text, bool append = false) {
    std::ofstream out(path, append ? std::ios::app : std::ios::trunc);
    out << text;
}

SourceSpec weather_spec(const std::string &path, std::vector<BadRecord> *bad) {
    SourceSpec spec;
    spec.name = "weather";
    spec.connector = "file";
    spec.options = {{"path", path}};
    spec.declared = Schema({{"city", TypeId::Text}, {"temp", TypeId::Double}, {"ts", TypeId::Timestamp}});
    spec.projection = {0, 1, 2};
    spec.event_time = 2;
    if (bad) spec.on_bad_record = [bad](const BadRecord &record) { bad->push_back(record); };
    return spec;
}

std::vector<std::string> read_cities(Source &source, Source::PollResult *last = nullptr) {
    std::vector<std::string> cities;
    Batch batch;
    while (true) {
        auto result = source.poll(batch);
        if (result != Source::PollResult::Data) {
            if (last) *last = result;
            return cities;
        }
        for (size_t i = 0; i < batch.size(); i++) cities.emplace_back(batch.columns[0].strings()[i]);
    }
}

TEST(FileSourceTest, ReadsJsonLinesAndReportsBadOnesWithPositions) {
    std::vector<BadRecord> bad;
    std::string path = std::string(WEIR_TEST_DATA) + "/connectors/weather.jsonl";
    FileSource source(weather_spec(path, &bad));
    source.open();
    Source::PollResult last;
    auto cities = read_cities(source, &last);
    EXPECT_EQ(last, Source::PollResult::End);
    EXPECT_EQ(cities, (std::vector<std::string>{"Warsaw", "Berlin", "Oslo"}));
    ASSERT_EQ(bad.size(), 2u);
    EXPECT_EQ(bad[0].where, path + ":3");
    EXPECT_EQ(bad[0].reason, "field `temp`: expected a number but found a string");
    EXPECT_EQ(bad[0].raw, R"({"city":"Paris","temp":"warm","ts":"2025-01-15T14:00:02Z"})");
    EXPECT_EQ(bad[1].where, path + ":6");
    EXPECT_EQ(source.poll(*std::make_unique<Batch>()), Source::PollResult::End);
}

TEST(FileSourceTest, FailModeThrowsDataErrorWithPosition) {
    std::string path = std::string(WEIR_TEST_DATA) + "/connectors/weather.jsonl";
    SourceSpec spec = weather_spec(path, nullptr);
    spec.options["on_error"] = "fail";
    FileSource source(spec);
    source.open();
    Batch batch;
    try {
        source.poll(batch);
        FAIL() << "expected an error";
    } catch (const WeirError &error) {
        EXPECT_EQ(error.kind(), ErrorKind::Data);
        EXPECT_EQ(std::string(error.what()),
                  "malformed record at " + path + ":3: field `temp`: expected a number but found a string");
    }
}

TEST(FileSourceTest, BatchSizeOptionAndProjection) {
    std::string dir = temp_dir();
    std::string text;
    for (int i = 0; i < 10; i++) text += R"({"city":"c)" + std::to_string(i) + R"(","temp":1,"ts":"2025-01-15"})" "\n";
    write_file(dir + "/a.jsonl", text);
    SourceSpec spec = weather_spec(dir + "/a.jsonl", nullptr);
    spec.options["batch_size"] = "4";
    spec.projection = {2, 0};
    spec.event_time = 0;
    FileSource source(spec);
    source.open();
    Batch batch;
    std::vector<size_t> sizes;
    while (source.poll(batch) == Source::PollResult::Data) {
        sizes.push_back(batch.size());
        ASSERT_EQ(batch.columns.size(), 2u);
        EXPECT_EQ(batch.columns[0].type(), TypeId::Timestamp);
        EXPECT_EQ(batch.columns[1].type(), TypeId::Text);
    }
    EXPECT_EQ(sizes, (std::vector<size_t>{4, 4, 2}));
}

TEST(FileSourceTest, GlobReadsFilesInSortedOrderAndLastLineWithoutNewline) {
    std::string dir = temp_dir();
    write_file(dir + "/part-2.jsonl", R"({"city":"C","ts":"2025-01-15"})");
    write_file(dir + "/part-1.jsonl", R"({"city":"A","ts":"2025-01-15"})" "\n" R"({"city":"B","ts":"2025-01-15"})" "\n");
    write_file(dir + "/part-10.jsonl", R"({"city":"D","ts":"2025-01-15"})" "\n");
    write_file(dir + "/other.txt", R"({"city":"X","ts":"2025-01-15"})" "\n");
    FileSource source(weather_spec(dir + "/part-*.jsonl", nullptr));
    source.open();
    // Byte-wise order: part-1, part-10, part-2.
    EXPECT_EQ(read_cities(source), (std::vector<std::string>{"A", "B", "D", "C"}));
}

TEST(FileSourceTest, MissingFileAndEmptyGlobAreIoErrors) {
    FileSource missing(weather_spec("/nonexistent/weather.jsonl", nullptr));
    try {
        missing.open();
        FAIL();
    } catch (const WeirError &error) {
        EXPECT_EQ(error.kind(), ErrorKind::Io);
        EXPECT_NE(std::string(error.what()).find("/nonexistent/weather.jsonl"), std::string::npos);
    }
    FileSource empty(weather_spec(temp_dir() + "/*.jsonl", nullptr));
    EXPECT_THROW(empty.open(), WeirError);
}

TEST(FileSourceTest, CsvWithHeaderAndQuotedNewline) {
    std::string dir = temp_dir();
    write_file(dir + "/w.csv", "ts,city,temp\n2025-01-15 14:00:00,\"New\nYork\",1.5\n\n2025-01-15 14:00:01,Oslo,x\n"
                               "2025-01-15 14:00:02,Rome,2\n");
    std::vector<BadRecord> bad;
    SourceSpec spec = weather_spec(dir + "/w.csv", &bad);
    spec.options["format"] = "csv";
    FileSource source(spec);
    source.open();
    EXPECT_EQ(read_cities(source), (std::vector<std::string>{"New\nYork", "Rome"}));
    ASSERT_EQ(bad.size(), 1u);
    EXPECT_EQ(bad[0].where, dir + "/w.csv:5");
    EXPECT_EQ(bad[0].reason, "field `temp`: expected a number but found 'x'");
}

TEST(FileSourceTest, SampleCsvFile) {
    SourceSpec spec = weather_spec(std::string(WEIR_TEST_DATA) + "/connectors/weather.csv", nullptr);
    spec.options["format"] = "csv";
    spec.options["on_error"] = "fail";
    FileSource source(spec);
    source.open();
    Batch batch;
    ASSERT_EQ(source.poll(batch), Source::PollResult::Data);
    ASSERT_EQ(batch.size(), 3u);
    EXPECT_EQ(batch.columns[0].strings()[1], "Kraków, PL");
    EXPECT_TRUE(batch.columns[1].is_null(1));
    EXPECT_EQ(batch.columns[0].strings()[2], "Say \"hi\"");
    EXPECT_EQ(batch.columns[2].ints()[2], (1736949600LL + 2) * 1000000);
}

TEST(FileSourceTest, FollowPicksUpAppendedCompleteLines) {
    std::string dir = temp_dir();
    std::string path = dir + "/live.jsonl";
    write_file(path, R"({"city":"A","ts":"2025-01-15"})" "\n");
    SourceSpec spec = weather_spec(path, nullptr);
    spec.options["follow"] = "true";
    FileSource source(spec);
    source.open();
    Batch batch;
    ASSERT_EQ(source.poll(batch), Source::PollResult::Data);
    EXPECT_EQ(batch.size(), 1u);
    EXPECT_EQ(source.poll(batch), Source::PollResult::Idle);
    write_file(path, R"({"city":"B","ts":"2025-01-15"})" "\n" R"({"city":"C",)", true);
    source.wait_for_data(5);
    ASSERT_EQ(source.poll(batch), Source::PollResult::Data);
    ASSERT_EQ(batch.size(), 1u);
    EXPECT_EQ(batch.columns[0].strings()[0], "B");
    EXPECT_EQ(source.poll(batch), Source::PollResult::Idle);  // "C" is not complete yet
    write_file(path, R"("ts":"2025-01-15"})" "\n", true);
    ASSERT_EQ(source.poll(batch), Source::PollResult::Data);
    ASSERT_EQ(batch.size(), 1u);
    EXPECT_EQ(batch.columns[0].strings()[0], "C");
    EXPECT_FALSE(FileSource::is_bounded(OptionReader("file", spec.options)));
}

}  // namespace
}  // namespace weir
