// JsonLineDecoder::decode_in_block (runs of lines through simdjson iterate_many) gives the same rows and
// the same bad-record reasons as decode() one line at a time, for well-formed and broken input alike.
#include <gtest/gtest.h>

#include <random>
#include <string>
#include <vector>

#include "common/value.h"
#include "connectors/formats/json_line_decoder.h"

namespace weir {
namespace {

Schema schema() {
    return Schema({{"city", TypeId::Text}, {"temp", TypeId::Double}, {"n", TypeId::BigInt},
                   {"ok", TypeId::Boolean}, {"ts", TypeId::Timestamp}, {"span", TypeId::Interval},
                   {"blob", TypeId::Text}});
}

// One outcome per non-blank line: "row: v|v|..." or "bad: reason".
using Outcomes = std::vector<std::string>;

std::string describe(bool ok, const Batch &batch, size_t row, const std::string &reason) {
    if (!ok) return "bad: " + reason;
    std::string text = "row: ";
    for (const auto &column : batch.columns) text += Value::from_column(column, row).to_string() + "|";
    return text;
}

bool is_blank(std::string_view line) {
    for (char c : line) {
        if (c != ' ' && c != '\t' && c != '\r') return false;
    }
    return true;
}

// Splits `text` as the file source does (at newlines; a last line without one; blank lines skipped)
// and decodes every line, into batches of `batch_rows` rows; `block` selects decode_in_block.
Outcomes decode_all(const std::string &text, bool block, size_t batch_rows = 5) {
    JsonLineDecoder decoder(schema(), TimestampFormat::Iso, 4);
    Outcomes outcomes;
    Batch batch;
    std::string reason;
    size_t rows = 0;
    decoder.begin_batch(batch, batch_rows);
    std::string_view all(text);
    size_t begin = 0;
    while (begin < all.size()) {
        size_t end = all.find('\n', begin);
        if (end == std::string_view::npos) end = all.size();
        std::string_view line = all.substr(begin, end - begin);
        begin = end + 1;
        if (is_blank(line)) continue;
        size_t after = static_cast<size_t>(all.data() + all.size() - (line.data() + line.size()));
        bool ok = block ? decoder.decode_in_block(all, line, batch, rows, reason)
                        : decoder.decode(line, batch, rows, reason, after);
        outcomes.push_back(describe(ok, batch, rows, reason));
        if (ok && ++rows == batch_rows) {
            decoder.begin_batch(batch, batch_rows);
            rows = 0;
        }
    }
    return outcomes;
}

void expect_same(const std::string &text) {
    Outcomes lines = decode_all(text, false);
    Outcomes blocks = decode_all(text, true);
    ASSERT_EQ(blocks.size(), lines.size());
    for (size_t i = 0; i < lines.size(); i++) EXPECT_EQ(blocks[i], lines[i]) << "line #" << i << " of:\n" << text;
}

std::string good(int i) {
    return R"({"city":"C)" + std::to_string(i % 7) + R"(","temp":)" + std::to_string(i % 40) + ".5," +
           R"("n":)" + std::to_string(i * 13) + R"(,"ok":true,"ts":"2025-01-15T14:00:)" +
           std::to_string(10 + i % 50) + R"(.123Z","span":"5m","blob":{"k":[1,2]},"pad":"xxxxxxxxxxxxxxxx"})";
}

TEST(JsonLineBlockDecoding, BigIntTakesIntegersFirstAndKeepsTheOtherNumberRules) {
    JsonLineDecoder decoder(Schema({{"n", TypeId::BigInt}}), TimestampFormat::Iso, std::nullopt);
    Batch batch;
    decoder.begin_batch(batch, 1);
    std::string reason;
    auto decoded = [&](const std::string &number) -> std::string {
        if (!decoder.decode(R"({"n":)" + number + "}", batch, 0, reason)) return "bad: " + reason;
        return std::to_string(batch.columns[0].ints()[0]);
    };
    EXPECT_EQ(decoded("42"), "42");
    EXPECT_EQ(decoded("-0"), "0");
    EXPECT_EQ(decoded("1e2"), "100");
    EXPECT_EQ(decoded("3.0"), "3");
    EXPECT_EQ(decoded("9223372036854775807"), "9223372036854775807");
    EXPECT_EQ(decoded("-9223372036854775808"), "-9223372036854775808");
    EXPECT_EQ(decoded("9223372036854775808"), "bad: field `n`: expected an integer but found 9223372036854775808");
    EXPECT_EQ(decoded("2.5"), "bad: field `n`: expected an integer but found 2.5");
    EXPECT_EQ(decoded("01"), "bad: field `n`: invalid JSON value");
}

TEST(JsonLineBlockDecoding, WellFormedLinesGiveTheSameRows) {
    std::string text;
    for (int i = 0; i < 2000; i++) text += good(i) + "\n";
    Outcomes blocks = decode_all(text, true);
    ASSERT_EQ(blocks.size(), 2000u);
    for (const auto &outcome : blocks) ASSERT_EQ(outcome.rfind("row: ", 0), 0u) << outcome;
    expect_same(text);
}

TEST(JsonLineBlockDecoding, BlankLinesCrLfAndLeadingOrTrailingBlanks) {
    std::string text = good(1) + "\n\n   \n\t\r\n" + good(2) + "\r\n  " + good(3) + "  \t\r\n\r\n" + good(4) +
                       "\n" + good(5);  // the last line has no newline
    expect_same(text);
    expect_same(text + "\n");
}

TEST(JsonLineBlockDecoding, BrokenLinesNeverSwallowTheirNeighbours) {
    std::vector<std::string> broken = {
        R"({"city":"a","ts":"2025-01-15T14:00:00Z")",          // truncated: no closing brace
        R"({"city":"a","n":)",                                  // truncated after a colon ...
        R"(2,"ts":"2025-01-15T14:00:00Z"})",                    // ... whose rest is on the next line
        R"({"city":"a","ts":"2025-01-15T14:00:00Z"} {"city":"b","ts":"2025-01-15T14:00:00Z"})",  // two objects
        R"({"city":"a","ts":"2025-01-15T14:00:00Z"} x)",      // text after the object
        R"({"city":"a","ts":"2025-01-15T14:00:00Z"}})",       // one brace too many
        R"([1,2,3])",                                          // not an object
        R"(42)",
        R"("text")",
        R"({"city":"unclosed,"ts":"2025-01-15T14:00:00Z"})",  // quote parity flips
        R"({"city":"a\"b\\","ts":"2025-01-15T14:00:00Z"})",  // escapes (valid)
        R"({"city":"a)",                                       // an unclosed string
        R"({"city":"x","temp":"hot","ts":"2025-01-15T14:00:00Z"})",  // wrong type
        R"({"city":"x","n":1.5,"ts":"2025-01-15T14:00:00Z"})",       // fraction for BIGINT
        R"({"city":"x","n":123456789012345678901,"ts":"2025-01-15T14:00:00Z"})",
        R"({"city":"x"})",                                     // no event time
        R"({"city":"x","ts":null})",
        R"({"city":"x","ts":"2025-01-15T14:00:00+02:00","CITY":"y","Ts":"2025-01-15T14:00:00.5Z"})",
        "{\"city\":\"\xff\xfe\",\"ts\":\"2025-01-15T14:00:00Z\"}",  // invalid UTF-8
        "{\"city\":\"tab\there\",\"ts\":\"2025-01-15T14:00:00Z\"}",  // an unescaped control character
        R"({)",
        R"(})",
        R"({"ts":"2025-01-15T14:00:00Z","city":"a",})",       // trailing comma
        R"(  {"ts":"2025-01-15T14:00:00Z"}  )",
        R"({"ts":"2025-01-15T14:00:00Z","blob":[1,{"a":"}"}]})",
        R"({"ts":"2025-01-15T14:00:00Z","span":300000000,"ok":false,"temp":-1e3})",
    };
    // Each broken line between good ones, alone, and all of them in a row.
    std::string all;
    for (const auto &line : broken) {
        expect_same(good(1) + "\n" + line + "\n" + good(2) + "\n" + good(3) + "\n");
        expect_same(line + "\n" + good(2) + "\n");
        expect_same(good(1) + "\n" + line);  // the broken line last, without a newline
        all += line + "\n";
    }
    expect_same(all);
    expect_same(all + all + all);
}

TEST(JsonLineBlockDecoding, LongLinesAndLongRuns) {
    std::string big = R"({"city":")" + std::string(70000, 'x') + R"(","ts":"2025-01-15T14:00:00Z"})";
    std::string medium = R"({"city":")" + std::string(5000, 'y') + R"(","ts":"2025-01-15T14:00:00Z"})";
    std::string text;
    for (int i = 0; i < 300; i++) text += good(i) + "\n";
    text += big + "\n" + medium + "\n" + medium + "\n";
    for (int i = 0; i < 300; i++) text += good(i) + "\n" + medium + "\n";
    expect_same(text);
}

TEST(JsonLineBlockDecoding, RandomTruncationsAndJoinsAgreeWithLineByLine) {
    std::mt19937 random(7);
    for (int round = 0; round < 100; round++) {
        std::string text;
        for (int i = 0; i < 400; i++) {
            std::string line = good(static_cast<int>(random() % 1000));
            switch (random() % 12) {
            case 0: line = line.substr(0, random() % line.size()); break;           // truncated
            case 1: line += line.substr(0, random() % line.size()); break;          // a partial second object
            case 2: line[random() % line.size()] = '"'; break;                      // a stray quote
            case 3: line[random() % line.size()] = '\n'; break;                     // split in two lines
            case 4: line = "  \r"; break;                                           // blank
            case 5: line.insert(random() % line.size(), 1, "{}[]:,"[random() % 6]); break;  // a stray token
            default: break;
            }
            text += line + (random() % 20 == 0 ? "\r\n" : "\n");
        }
        expect_same(text);
    }
}

}  // namespace
}  // namespace weir
