// Tests of CsvDecoder: header mapping, RFC 4180 quoting, NULLs, typing errors and record splitting.
#include "connectors/formats/csv_decoder.h"

#include <gtest/gtest.h>

#include <random>

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

// find_record_end's rule written out byte by byte: every '"' toggles, a '\n' outside quotes ends.
size_t reference_record_end(std::string_view data, size_t &newlines) {
    bool in_quotes = false;
    newlines = 0;
    for (size_t i = 0; i < data.size(); i++) {
        if (data[i] == '"') in_quotes = !in_quotes;
        else if (data[i] == '\n' && !in_quotes) return i;
        else if (data[i] == '\n') newlines++;
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
    EXPECT_EQ(CsvDecoder::find_record_end("ab\"c\nd", newlines), std::string_view::npos);  // a quote mid-field toggles
    std::mt19937 random(3);
    for (int round = 0; round < 20000; round++) {
        std::string text(random() % 40, 'a');
        for (char &c : text) c = "ab,\"\n\r "[random() % 7];
        size_t expected_newlines = 0, newlines_found = 0;
        size_t expected = reference_record_end(text, expected_newlines);
        ASSERT_EQ(CsvDecoder::find_record_end(text, newlines_found), expected) << text;
        if (expected != std::string_view::npos) {
            ASSERT_EQ(newlines_found, expected_newlines) << text;
        }
        ASSERT_EQ(CsvDecoder::find_record_end(text), expected) << text;
    }
}

}  // namespace
}  // namespace weir
