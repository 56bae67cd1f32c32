// Tests of CsvDecoder: header mapping, RFC 4180 quoting, NULLs, typing errors, record splitting, and
// the one-pass path of decode() against decode_by_split.
#include "connectors/formats/csv_decoder.h"
#include "connectors/formats/csv_record_scanner.h"

#include <gtest/gtest.h>

#include <random>

#include "common/value.h"

namespace weir {
namespace {

struct CsvFixture : ::testing::Test {
    CsvDecoder decoder{Schema({{"city", TypeId::Text}, {"temp", TypeId::Double}, {"n", TypeId::BigInt},
                               {"ok", TypeId::Boolean}}),
                       TimestampFormat::Iso, std::nullopt, ','};
    Batch batch;
    std::string reason;
    void SetUp() override {
        decoder.set_header("\xEF\xBB\xBF" "Temp, city ,ignored,n,ok");
        decoder.begin_batch(batch, 4);
    }
};

TEST_F(CsvFixture, MapsColumnsByHeaderName) {
    ASSERT_TRUE(decoder.decode("3.5,Warsaw,zzz,7,true", batch, 0, reason)) << reason;
    EXPECT_EQ(batch.columns[0].strings()[0], "Warsaw");
    EXPECT_DOUBLE_EQ(batch.columns[1].doubles()[0], 3.5);
    EXPECT_EQ(batch.columns[2].ints()[0], 7);
    EXPECT_EQ(batch.columns[3].bools()[0], 1);
}

TEST_F(CsvFixture, QuotedFieldsAndEscapedQuotes) {
    ASSERT_TRUE(decoder.decode(R"(1,"Say ""hi"", PL",x,2,FALSE)", batch, 0, reason)) << reason;
    EXPECT_EQ(batch.columns[0].strings()[0], "Say \"hi\", PL");
    EXPECT_EQ(batch.columns[3].bools()[0], 0);
    ASSERT_TRUE(decoder.decode("1,\"two\nlines\",x,2,0\r", batch, 1, reason)) << reason;
    EXPECT_EQ(batch.columns[0].strings()[1], "two\nlines");
}

TEST_F(CsvFixture, EmptyUnquotedIsNullQuotedEmptyIsEmptyText) {
    ASSERT_TRUE(decoder.decode(",,,,", batch, 0, reason)) << reason;
    for (size_t c = 0; c < 4; c++) EXPECT_TRUE(batch.columns[c].is_null(0)) << c;
    ASSERT_TRUE(decoder.decode(R"("",""," ","",)", batch, 1, reason)) << reason;
    EXPECT_TRUE(batch.columns[0].is_valid(1));
    EXPECT_EQ(batch.columns[0].strings()[1], "");
    EXPECT_TRUE(batch.columns[1].is_null(1));
}

TEST_F(CsvFixture, MalformedRecords) {
    EXPECT_FALSE(decoder.decode("warm,Warsaw,x,1,true", batch, 0, reason));
    EXPECT_EQ(reason, "field `temp`: expected a number but found 'warm'");
    EXPECT_FALSE(decoder.decode("1,Warsaw,x,1.5,true", batch, 0, reason));
    EXPECT_EQ(reason, "field `n`: expected an integer but found '1.5'");
    EXPECT_FALSE(decoder.decode("1,Warsaw,x,1,maybe", batch, 0, reason));
    EXPECT_EQ(reason, "field `ok`: expected true or false but found 'maybe'");
    EXPECT_FALSE(decoder.decode("1,Warsaw,x", batch, 0, reason));
    EXPECT_EQ(reason, "record has 3 fields but the header has 5");
    EXPECT_FALSE(decoder.decode(R"(1,"Warsaw,x,1,true)", batch, 0, reason));
    EXPECT_EQ(reason, "unterminated quoted field");
    EXPECT_FALSE(decoder.decode(R"(1,"Wa"rsaw,x,1,true)", batch, 0, reason));
    EXPECT_EQ(reason, "unexpected text after a closing quote");
}

// Bytes that are not UTF-8 make the record malformed, as in JSON input (also in fields no column reads).
TEST_F(CsvFixture, InvalidUtf8IsMalformed) {
    for (const char *record : {"1,Wa\xFFrsaw,x,1,true", "1,Warsaw,\xC3(,1,true", "1,\"\xE2\x82\",x,1,true"}) {
        EXPECT_FALSE(decoder.decode(record, batch, 0, reason)) << record;
        EXPECT_EQ(reason, "invalid UTF-8");
    }
    ASSERT_TRUE(decoder.decode("1,Kraków \xE2\x82\xAC,x,1,true", batch, 0, reason)) << reason;
    EXPECT_EQ(batch.columns[0].strings()[0], "Kraków \xE2\x82\xAC");
}

// JSON has no NaN or infinity; CSV refuses them too (they used to become NULL without a word).
TEST_F(CsvFixture, NanAndInfinityAreMalformed) {
    for (const char *text : {"NaN", "nan", "inf", "-inf", "Infinity", "+INF"}) {
        EXPECT_FALSE(decoder.decode(std::string(text) + ",Warsaw,x,1,true", batch, 0, reason)) << text;
        EXPECT_EQ(reason, "field `temp`: expected a finite number but found '" + std::string(text) + "'");
    }
    EXPECT_FALSE(decoder.decode("1e999,Warsaw,x,1,true", batch, 0, reason));
    EXPECT_EQ(reason, "field `temp`: expected a number but found '1e999'");
}

TEST(CsvDecoderTest, SemicolonDelimiterAndEventTime) {
    CsvDecoder decoder(Schema({{"ts", TypeId::Timestamp}, {"v", TypeId::BigInt}}), TimestampFormat::EpochSeconds, 0, ';');
    decoder.set_header("v;ts");
    Batch batch;
    decoder.begin_batch(batch, 2);
    std::string reason;
    ASSERT_TRUE(decoder.decode("5;1736949600", batch, 0, reason)) << reason;
    EXPECT_EQ(batch.columns[0].ints()[0], 1736949600LL * 1000000);
    EXPECT_FALSE(decoder.decode("5;", batch, 1, reason));
    EXPECT_EQ(reason, "event-time field `ts` is missing or null");
}

TEST(CsvDecoderTest, FindRecordEndSkipsQuotedNewlines) {
    EXPECT_EQ(CsvDecoder::find_record_end("a,b\nc"), 3u);
    EXPECT_EQ(CsvDecoder::find_record_end("\"a\nb\",c\nd"), 7u);
    EXPECT_EQ(CsvDecoder::find_record_end("\"a\nb"), std::string_view::npos);
}

// find_record_end's rule written out byte by byte: a '"' opens quotes only as a field's first byte;
// inside quotes "" is a quote and a single '"' closes; a '\n' outside quotes ends the record.
size_t reference_record_end(std::string_view data, size_t &newlines, char delimiter = ',') {
    bool in_quotes = false;
    newlines = 0;
    for (size_t i = 0; i < data.size(); i++) {
        char c = data[i];
        bool field_start = i == 0 || data[i - 1] == delimiter;
        if (in_quotes) {
            if (c == '"' && i + 1 < data.size() && data[i + 1] == '"') i++;
            else if (c == '"') in_quotes = false;
            else if (c == '\n') newlines++;
        } else if (c == '"' && field_start) {
            in_quotes = true;
        } else if (c == '\n') {
            return i;
        }
    }
    return std::string_view::npos;
}

TEST(CsvDecoderTest, FindRecordEndCountsQuotedNewlinesAndAgreesWithTheRule) {
    size_t newlines = 9;
    EXPECT_EQ(CsvDecoder::find_record_end("a,\"x\ny\nz\",b\nc", newlines), 11u);
    EXPECT_EQ(newlines, 2u);
    EXPECT_EQ(CsvDecoder::find_record_end("a,b\nc", newlines), 3u);
    EXPECT_EQ(newlines, 0u);
    EXPECT_EQ(CsvDecoder::find_record_end("", newlines), std::string_view::npos);
    std::mt19937 random(3);
    for (char delimiter : {',', ';'}) {
        for (int round = 0; round < 20000; round++) {
            std::string text(random() % 40, 'a');
            for (char &c : text) c = "ab,;\"\n\r "[random() % 8];
            size_t expected_newlines = 0, newlines_found = 0;
            size_t expected = reference_record_end(text, expected_newlines, delimiter);
            ASSERT_EQ(CsvDecoder::find_record_end(text, newlines_found, delimiter), expected) << text;
            if (expected != std::string_view::npos) {
                ASSERT_EQ(newlines_found, expected_newlines) << text;
            }
            ASSERT_EQ(CsvDecoder::find_record_end(text, delimiter), expected) << text;
        }
    }
}

// A quote inside an unquoted field is text: it neither opens quotes nor swallows the next lines.
TEST(CsvDecoderTest, QuoteInsideAnUnquotedFieldIsText) {
    EXPECT_EQ(CsvDecoder::find_record_end("1,x\"y\n2,z\n"), 5u);
    EXPECT_EQ(CsvDecoder::find_record_end("ab\"c\nd"), 4u);
    EXPECT_EQ(CsvDecoder::find_record_end("1,\"a\"\"b\"\n2"), 8u);
    EXPECT_EQ(CsvDecoder::find_record_end("1;\"a\nb\";2\n3", ';'), 9u);
    EXPECT_EQ(CsvDecoder::find_record_end("1;\"a\nb\"\n", ','), 4u);  // ';' is no delimiter here
    CsvDecoder decoder(Schema({{"n", TypeId::BigInt}, {"s", TypeId::Text}}), TimestampFormat::Iso, std::nullopt, ',');
    decoder.set_header("n,s");
    Batch batch;
    decoder.begin_batch(batch, 1);
    std::string reason;
    ASSERT_TRUE(decoder.decode("1,x\"y", batch, 0, reason)) << reason;
    EXPECT_EQ(batch.columns[1].strings()[0], "x\"y");
}

// Fed in pieces (as a file is read), the scanner finds the same end as over the whole text at once.
TEST(CsvDecoderTest, RecordScannerResumesAcrossPieces) {
    std::mt19937 random(11);
    for (int round = 0; round < 20000; round++) {
        std::string text(random() % 40, 'a');
        for (char &c : text) c = "ab,\"\n "[random() % 6];
        size_t expected_newlines = 0;
        size_t expected = reference_record_end(text, expected_newlines);
        CsvRecordScanner scanner(',');
        size_t end = std::string_view::npos;
        for (size_t size = 0; size <= text.size() && end == std::string_view::npos; size += 1 + random() % 5) {
            end = scanner.find_end(std::string_view(text).substr(0, size));
        }
        if (end == std::string_view::npos) end = scanner.find_end(text);
        ASSERT_EQ(end, expected) << text;
        if (expected != std::string_view::npos) {
            ASSERT_EQ(scanner.newlines(), expected_newlines) << text;
        } else {
            size_t ignored;
            bool reference_in_quotes = reference_record_end(text + "\n", ignored) == std::string_view::npos;
            ASSERT_EQ(scanner.in_quotes(), reference_in_quotes) << text;
        }
    }
}

// decode() (one pass over records without quoted fields, split otherwise) against decode_by_split:
// the same row or the same reason for every record, for valid and damaged fields of every type.
struct CsvPlainPathTest : ::testing::TestWithParam<std::tuple<TimestampFormat, char>> {
    static Schema schema() {
        return Schema({{"city", TypeId::Text}, {"temp", TypeId::Double}, {"n", TypeId::BigInt},
                       {"ok", TypeId::Boolean}, {"ts", TypeId::Timestamp}, {"span", TypeId::Interval},
                       {"absent", TypeId::Text}});
    }
    // In header order (which differs from the schema's).
    static std::vector<std::string> good_fields(TimestampFormat format) {
        return {"42", "Warsaw", format == TimestampFormat::Iso ? "2025-01-15T14:00:00.250Z" : "1736949600250",
                "3.5", "zzz", "true", "5m"};
    }
    static std::vector<std::vector<std::string>> variants() {
        return {
            // n (BIGINT)
            {"", " ", "0", "-0", "-7", "+5", " 42 ", "\t42\r", "007", "999999999999999999", "-999999999999999999",
             "9223372036854775807", "-9223372036854775808", "9223372036854775808", "123456789012345678901", "1e3",
             "7.0", "2.5", "-", "--1", "0x10", "4 2", "x", "\"17\"", "\"\"", "1\"2"},
            // city (TEXT)
            {"", " ", " padded ", "\"quoted\"", "\"a,b\"", "\"two\nlines\"", "\"say \"\"hi\"\"\"", "\"\"",
             "mid\"quote", "\"open", "\"closed\"tail", "\xEF\xBB\xBF" "bom", "\r", "tab\there", "bad\xFFutf8",
             "\"cut \xC3\""},
            // ts (TIMESTAMP)
            {"", " ", "2025-01-15T14:00:00Z", "2025-01-15T14:00:00.123456Z", "2025-01-15T14:00:00.1234567Z",
             "2025-01-15 14:00:00", "2025-01-15T14:00:00+02:00", " 2025-01-15T14:00:00Z ", "2025-13-15T14:00:00Z",
             "2025-01-15T14:00:00", "1736949600", "1736949600.5", "-5", "soon", "\"2025-01-15T14:00:00Z\""},
            // temp (DOUBLE)
            {"", "-1.5", "+2", "1e-3", " 3.25 ", "nan", "inf", "1.2.3", "3,5", "warm", "\"4.5\""},
            // the fifth field (no column, or `n` again)
            {"", "\"x,y\"", "anything at all", "99", " -7 "},
            // ok (BOOLEAN)
            {"", "FALSE", "yes", "0", "t", " true ", "maybe", "\"true\""},
            // span (INTERVAL)
            {"", "90s", "1500", "5 minutes", "-3", "1.5"},
        };
    }
};

std::string outcome(bool ok, const Batch &batch, size_t row, const std::string &reason) {
    if (!ok) return "bad: " + reason;
    std::string text = "row: ";
    for (const auto &column : batch.columns) text += Value::from_column(column, row).to_string() + "|";
    return text;
}

TEST_P(CsvPlainPathTest, DecodeAgreesWithDecodeBySplit) {
    auto [format, delimiter] = GetParam();
    std::string d(1, delimiter);
    auto join = [&](const std::vector<std::string> &fields) {
        std::string record;
        for (size_t f = 0; f < fields.size(); f++) record += (f > 0 ? d : "") + fields[f];
        return record;
    };
    std::vector<std::string> records;
    std::vector<std::string> good = good_fields(format);
    std::vector<std::vector<std::string>> forms = variants();
    records.push_back(join(good));
    for (size_t f = 0; f < good.size(); f++) {
        for (const auto &variant : forms[f]) {
            std::vector<std::string> fields = good;
            fields[f] = variant;
            records.push_back(join(fields));
        }
    }
    std::string base = join(good);
    std::vector<std::string> whole = {
        "", " ", base + "\r", base + "\r\r", base + d, base + d + "extra", d + base, join({"42", "Warsaw"}),
        std::string(6, delimiter), std::string(7, delimiter), "\xEF\xBB\xBF" + base, base.substr(0, base.size() - 3),
        "\"" + base, base + "\"", base + "\n" + base,
    };
    records.insert(records.end(), whole.begin(), whole.end());

    // The fifth field names no column, or (the second header) `n` a second time: the later field wins.
    for (const char *fifth : {"ignored", "N"}) {
        CsvDecoder decoder(schema(), format, 4, delimiter);
        decoder.set_header("\xEF\xBB\xBF" "n" + d + "City " + d + "ts" + d + "temp" + d + fifth + d + "OK" + d + "span");
        Batch fast, general;
        decoder.begin_batch(fast, 7);
        decoder.begin_batch(general, 7);
        std::string fast_reason, general_reason;
        for (size_t i = 0; i < records.size(); i++) {
            size_t row = i % 7;
            bool fast_ok = decoder.decode(records[i], fast, row, fast_reason);
            bool general_ok = decoder.decode_by_split(records[i], general, row, general_reason);
            EXPECT_EQ(outcome(fast_ok, fast, row, fast_reason), outcome(general_ok, general, row, general_reason))
                << "header field " << fifth << ", record: " << records[i];
        }
    }
}

INSTANTIATE_TEST_SUITE_P(FormatsAndDelimiters, CsvPlainPathTest,
                         ::testing::Combine(::testing::Values(TimestampFormat::Iso, TimestampFormat::EpochMillis),
                                            ::testing::Values(',', ';', '\t')));

}  // namespace
}  // namespace weir
