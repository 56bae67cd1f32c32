// FileSource over a multi-megabyte JSON-lines file with good, broken and blank lines: the rows and the
// bad-record reports (path:line, reason, raw prefix) equal those of decoding every line on its own, at
// every batch size, and a source restored from position() continues exactly (block-wise decoding).
#include <gtest/gtest.h>

#include <random>

#include "connectors/formats/json_line_decoder.h"
#include "file_source_reading.h"

namespace weir {
namespace {

Schema declared() {
    return Schema({{"city", TypeId::Text}, {"temp", TypeId::Double}, {"n", TypeId::BigInt}, {"ts", TypeId::Timestamp}});
}

// The expected result: each line decoded on its own with JsonLineDecoder::decode.
FileReadResult line_by_line(const std::string &path, const std::string &text) {
    FileReadResult expected;
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
    std::string text = make_text();
    std::string path = write_temp_file("events.jsonl", text);
    expect_reads_as(path, "json", declared(), 3, line_by_line(path, text));
}

}  // namespace
}  // namespace weir
