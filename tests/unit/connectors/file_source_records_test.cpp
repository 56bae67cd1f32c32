// Tests of FileSource record boundaries: stray and unterminated CSV quotes, max_record_size, endless
// lines (/dev/zero), a UTF-8 BOM, and polls that stay bounded.
#include <gtest/gtest.h>

#include <chrono>

#include "common/weir_error.h"
#include "file_source_reading.h"

namespace weir {
namespace {

Schema n_and_s() { return Schema({{"n", TypeId::BigInt}, {"s", TypeId::Text}}); }

// A source over `path` reading n and s (no event time), reporting bad records as "where|reason|raw".
SourceSpec spec_for(const std::string &path, const std::string &format, size_t batch_size, FileReadResult *result) {
    SourceSpec spec = reading_spec(path, format, batch_size, n_and_s(), 0, result);
    spec.event_time.reset();
    return spec;
}

// Polls until End (Idle polls are polled again, at most `max_idle` of them).
void read_to_end(Source &source, FileReadResult &result, size_t max_idle = 100) {
    Batch batch;
    size_t idle = 0;
    while (true) {
        Source::PollResult polled = source.poll(batch);
        if (polled == Source::PollResult::End) return;
        if (polled == Source::PollResult::Idle) {
            ASSERT_LT(++idle, max_idle) << "the source never ended";
            continue;
        }
        for (size_t r = 0; r < batch.size(); r++) result.rows.push_back(row_text(batch, r));
    }
}

// Reads the file whole at batch sizes 1, 7 and the default; each must give `expected`.
void expect_file(const std::string &path, const std::string &format, const FileReadResult &expected,
                 const std::map<std::string, std::string> &options = {}) {
    for (size_t batch_size : {size_t(1), size_t(7), size_t(0)}) {
        FileReadResult read;
        SourceSpec spec = spec_for(path, format, batch_size, &read);
        for (const auto &[key, value] : options) spec.options[key] = value;
        FileSource source(spec);
        source.open();
        read_to_end(source, read);
        EXPECT_EQ(read.rows, expected.rows) << "batch_size " << batch_size;
        EXPECT_EQ(read.bad, expected.bad) << "batch_size " << batch_size;
    }
}

std::string numbered_rows(int from, int to) {
    std::string text;
    for (int i = from; i <= to; i++) text += std::to_string(i) + ",row" + std::to_string(i) + "\n";
    return text;
}

std::vector<std::string> expected_rows(int from, int to) {
    std::vector<std::string> rows;
    for (int i = from; i <= to; i++) rows.push_back(std::to_string(i) + "|row" + std::to_string(i) + "|");
    return rows;
}

TEST(FileSourceRecordsTest, CsvQuoteInsideAnUnquotedFieldIsText) {
    std::string path = write_temp_file("stray.csv", "n,s\n1,x\"y\n2,z\n3,\"a \"\"b\"\"\"\n");
    FileReadResult expected;
    expected.rows = {"1|x\"y|", "2|z|", "3|a \"b\"|"};
    expect_file(path, "csv", expected);
}

TEST(FileSourceRecordsTest, CsvUnterminatedQuoteIsOneBadRecordAndReadingResumesAtTheNextLine) {
    std::string path = write_temp_file("open.csv", "n,s\n1,\"abc\n" + numbered_rows(2, 5000));
    FileReadResult expected;
    expected.rows = expected_rows(2, 5000);
    // The file ends inside the quoted field: one malformed record, at its first line.
    expected.bad = {path + ":2|unterminated quoted field|" + ("1,\"abc\n" + numbered_rows(2, 5000)).substr(0, 200)};
    expect_file(path, "csv", expected);
    // The quoted field outgrows max_record_size before the end of the file.
    expected.bad = {path + ":2|record is longer than max_record_size (4096 bytes): a quoted field is not closed|" +
                    ("1,\"abc\n" + numbered_rows(2, 5000)).substr(0, 200)};
    expect_file(path, "csv", expected, {{"max_record_size", "4096"}});
}

TEST(FileSourceRecordsTest, JsonLineLongerThanMaxRecordSizeIsMalformedAndSkipped) {
    std::string long_line = "{\"n\":2,\"s\":\"" + std::string(5000, 'x') + "\"}";
    std::string endless_line = "{\"n\":4,\"s\":\"" + std::string(3 << 20, 'y') + "\"}";  // longer than a read block
    std::string exact_line = "{\"n\":6,\"s\":\"" + std::string(1024 - 14, 'z') + "\"}";    // exactly 1024 bytes
    ASSERT_EQ(exact_line.size(), 1024u);
    std::string path = write_temp_file("long.jsonl", "{\"n\":1,\"s\":\"a\"}\n" + long_line + "\n{\"n\":3,\"s\":\"b\"}\n" +
                                                        endless_line + "\n{\"n\":5,\"s\":\"c\"}\n" + exact_line +
                                                        "\n{\"n\":\"bad\"}\n{\"n\":8,\"s\":\"d\"}");
    FileReadResult expected;
    expected.rows = {"1|a|", "2|" + std::string(5000, 'x') + "|", "3|b|", "4|" + std::string(3 << 20, 'y') + "|",
                     "5|c|", "6|" + std::string(1024 - 14, 'z') + "|", "8|d|"};
    expected.bad = {path + ":7|field `n`: expected an integer but found a string|{\"n\":\"bad\"}"};
    expect_file(path, "json", expected);  // the default limit (64 MiB) takes every line
    std::string reason = "|record is longer than max_record_size (1024 bytes)|";
    expected.rows = {"1|a|", "3|b|", "5|c|", "6|" + std::string(1024 - 14, 'z') + "|", "8|d|"};
    expected.bad = {path + ":2" + reason + long_line.substr(0, 200), path + ":4" + reason + endless_line.substr(0, 200),
                    expected.bad[0]};
    expect_file(path, "json", expected, {{"max_record_size", "1024"}});
    // CSV follows the same rule for a long line.
    std::string csv = write_temp_file("long.csv", "n,s\n1,a\n2," + std::string(3 << 20, 'y') + "\n3,b\n");
    expected.rows = {"1|a|", "3|b|"};
    expected.bad = {csv + ":3" + reason + ("2," + std::string(198, 'y'))};
    expect_file(csv, "csv", expected, {{"max_record_size", "1024"}});
}

// A record that takes several polls' read budgets to arrive is read whole; each poll stays bounded.
TEST(FileSourceRecordsTest, RecordLongerThanThePollBudgetIsReadAcrossPolls) {
    std::string big(FileSource::kPollReadBudget * 2 + 12345, 'q');
    std::string path = write_temp_file("big.jsonl", "{\"n\":1,\"s\":\"" + big + "\"}\n{\"n\":2,\"s\":\"e\"}\n");
    FileReadResult read;
    FileSource source(spec_for(path, "json", 0, &read));
    source.open();
    Batch batch;
    EXPECT_EQ(source.poll(batch), Source::PollResult::Idle);  // the budget ends the poll mid-record
    read_to_end(source, read);
    ASSERT_EQ(read.rows.size(), 2u);
    EXPECT_EQ(read.rows[0], "1|" + big + "|");
    EXPECT_TRUE(read.bad.empty());
}

// An endless line (JSON source on /dev/zero): every poll returns after bounded work, the line is reported
// once as too long and then skipped without being held in memory.
TEST(FileSourceRecordsTest, EndlessInputKeepsEveryPollBounded) {
    FileReadResult read;
    SourceSpec spec = spec_for("/dev/zero", "json", 0, &read);
    spec.options["max_record_size"] = "4000000";
    FileSource source(spec);
    source.open();
    Batch batch;
    auto started = std::chrono::steady_clock::now();
    for (int poll = 0; poll < 20; poll++) {
        ASSERT_EQ(source.poll(batch), Source::PollResult::Idle);
        source.wait_for_data(1000);  // returns at once: there is more to read now
    }
    EXPECT_LT(std::chrono::steady_clock::now() - started, std::chrono::seconds(20));
    ASSERT_EQ(read.bad.size(), 1u);
    EXPECT_EQ(read.bad[0], "/dev/zero:1|record is longer than max_record_size (4000000 bytes)|" + std::string(200, '\0'));
    EXPECT_EQ(*source.position(), "{\"file\":\"/dev/zero\",\"offset\":0,\"line\":1}");
}

TEST(FileSourceRecordsTest, LeadingByteOrderMarkIsSkipped) {
    std::string json = write_temp_file("bom.jsonl", "\xEF\xBB\xBF{\"n\":1,\"s\":\"a\"}\n{\"n\":2,\"s\":\"\xEF\xBB\xBF\"}\n");
    FileReadResult expected;
    expected.rows = {"1|a|", "2|\xEF\xBB\xBF|"};  // only the file's first bytes are a BOM
    expect_file(json, "json", expected);
    std::string csv = write_temp_file("bom.csv", "\xEF\xBB\xBF\"n\",s\n1,a\n");
    expected.rows = {"1|a|"};
    expect_file(csv, "csv", expected);
}

// Invalid UTF-8 is a malformed record with its position in CSV as in JSON lines.
TEST(FileSourceRecordsTest, InvalidUtf8IsMalformedInBothFormats) {
    std::string csv = write_temp_file("bad.csv", "n,s\n1,a\n2,b\xFF\n3,c\n");
    FileReadResult expected;
    expected.rows = {"1|a|", "3|c|"};
    expected.bad = {csv + ":3|invalid UTF-8|2,b\xFF"};
    expect_file(csv, "csv", expected);
    std::string json = write_temp_file("bad.jsonl", "{\"n\":1,\"s\":\"a\"}\n{\"n\":2,\"s\":\"b\xFF\"}\n{\"n\":3,\"s\":\"c\"}\n");
    expected.bad = {json + ":2|invalid UTF-8|{\"n\":2,\"s\":\"b\xFF\"}"};
    expect_file(json, "json", expected);
}

TEST(FileSourceRecordsTest, MaxRecordSizeIsValidated) {
    FileReadResult read;
    SourceSpec spec = spec_for("/dev/null", "json", 0, &read);
    spec.options["max_record_size"] = "0";
    try {
        FileSource source(spec);
        FAIL() << "expected an error";
    } catch (const WeirError &error) {
        EXPECT_EQ(error.kind(), ErrorKind::Bind);
        EXPECT_NE(std::string(error.what()).find("max_record_size"), std::string::npos) << error.what();
    }
}

}  // namespace
}  // namespace weir
