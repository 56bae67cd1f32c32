// FileSource over a multi-megabyte JSON-lines file with good, broken and blank lines: the rows and the
// bad-record reports (path:line, reason, raw prefix) equal those of decoding every line on its own, at
// every batch size, and a source restored from position() continues exactly (block-wise decoding).
#include <gtest/gtest.h>
#include <stdlib.h>

#include <fstream>
#include <random>

#include "common/value.h"
#include "connectors/file/file_source.h"
#include "connectors/formats/json_line_decoder.h"

namespace weir {
namespace {

Schema declared() {
    return Schema({{"city", TypeId::Text}, {"temp", TypeId::Double}, {"n", TypeId::BigInt}, {"ts", TypeId::Timestamp}});
}

struct Result {
    std::vector<std::string> rows;
    std::vector<std::string> bad;  // "where|reason|raw"
};

SourceSpec spec_for(const std::string &path, size_t batch_size, Result *result) {
    SourceSpec spec;
    spec.name = "events";
    spec.connector = "file";
    spec.options = {{"path", path}, {"format", "json"}};
    if (batch_size > 0) spec.options["batch_size"] = std::to_string(batch_size);
    spec.declared = declared();
    spec.projection = {0, 1, 2, 3};
    spec.event_time = 3;
    spec.on_bad_record = [result](const BadRecord &record) {
        result->bad.push_back(record.where + "|" + record.reason + "|" + record.raw);
    };
    return spec;
}

std::string row_text(const Batch &batch, size_t row) {
    std::string text;
    for (const auto &column : batch.columns) text += Value::from_column(column, row).to_string() + "|";
    return text;
}

// Reads up to `max_polls` Data polls.
bool read(Source &source, size_t max_polls, Result &result) {
    Batch batch;
    for (size_t polls = 0; polls < max_polls; polls++) {
        if (source.poll(batch) != Source::PollResult::Data) return true;
        for (size_t r = 0; r < batch.size(); r++) result.rows.push_back(row_text(batch, r));
    }
    return false;
}

// The expected result: each line decoded on its own with JsonLineDecoder::decode.
Result line_by_line(const std::string &path, const std::string &text) {
    Result expected;
    JsonLineDecoder decoder(declared(), TimestampFormat::Iso, 3);
    Batch batch;
    decoder.begin_batch(batch, 1);
    std::string reason;
    size_t begin = 0, line = 1;
    while (begin < text.size()) {
        size_t end = text.find('\n', begin);
        if (end == std::string::npos) end = text.size();
        std::string record = text.substr(begin, end - begin);
        begin = end + 1;
        uint64_t number = line++;
        if (record.find_first_not_of(" \t\r") == std::string::npos) continue;
        if (decoder.decode(record, batch, 0, reason)) {
            expected.rows.push_back(row_text(batch, 0));
        } else {
            expected.bad.push_back(path + ":" + std::to_string(number) + "|" + reason + "|" + record.substr(0, 200));
        }
    }
    return expected;
}

std::string make_text() {
    std::mt19937 random(11);
    std::string text;
    while (text.size() < (5u << 20)) {
        unsigned i = static_cast<unsigned>(random());
        std::string line = R"({"city":"city-)" + std::to_string(i % 50) + R"(","temp":)" + std::to_string(i % 400) +
                           ".25,\"n\":" + std::to_string(i) + R"(,"ts":"2025-01-15T14:)" +
                           std::to_string(10 + i % 50) + ":" + std::to_string(10 + i % 49) + ".5Z\"" +
                           R"(,"padding":")" + std::string(i % 300, 'p') + "\"}";
        switch (random() % 40) {
        case 0: line = line.substr(0, random() % line.size()); break;
        case 1: line += line.substr(0, random() % line.size()); break;
        case 2: line[random() % line.size()] = '"'; break;
        case 3: line[random() % line.size()] = '\n'; break;
        case 4: line = "   "; break;
        case 5: line.insert(random() % line.size(), 1, "{}[]:,"[random() % 6]); break;
        case 6: line = R"({"city":"x","temp":"warm","ts":"2025-01-15T14:00:00Z"})"; break;
        default: break;
        }
        text += line + (random() % 10 == 0 ? "\r\n" : "\n");
    }
    return text + R"({"city":"last","ts":"2025-01-15T15:00:00Z")";  // truncated, no newline
}

TEST(FileSourceJsonBlockTest, RowsAndBadRecordsEqualLineByLineDecodingAndResumeExactly) {
    char pattern[] = "/tmp/weir-json-block-XXXXXX";
    std::string path = std::string(::mkdtemp(pattern)) + "/events.jsonl";
    std::string text = make_text();
    std::ofstream(path) << text;
    Result expected = line_by_line(path, text);
    ASSERT_GT(expected.rows.size(), 10000u);
    ASSERT_GT(expected.bad.size(), 500u);

    for (size_t batch_size : {size_t(1), size_t(7), size_t(0)}) {
        Result whole;
        FileSource source(spec_for(path, batch_size, &whole));
        source.open();
        ASSERT_TRUE(read(source, SIZE_MAX, whole));
        EXPECT_EQ(whole.rows, expected.rows) << "batch_size " << batch_size;
        EXPECT_EQ(whole.bad, expected.bad) << "batch_size " << batch_size;

        // Cut after a few numbers of polls (inside the first read block, across blocks) and resume.
        for (size_t polls : {size_t(1), size_t(3), size_t(40), size_t(1001), size_t(9000)}) {
            Result cut;
            std::string position;
            {
                FileSource first(spec_for(path, batch_size, &cut));
                first.open();
                if (read(first, polls, cut)) continue;
                position = *first.position();
            }
            FileSource second(spec_for(path, batch_size, &cut));
            second.restore_position(position);
            second.open();
            ASSERT_TRUE(read(second, SIZE_MAX, cut));
            EXPECT_EQ(cut.rows, expected.rows) << "batch_size " << batch_size << ", cut after " << polls;
            EXPECT_EQ(cut.bad, expected.bad) << "batch_size " << batch_size << ", cut after " << polls;
        }
    }
}

}  // namespace
}  // namespace weir
