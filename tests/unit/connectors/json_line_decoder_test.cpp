// Tests of JsonLineDecoder: typing rules, NULLs, malformed lines and one-line-at-a-time parsing.
#include "connectors/formats/json_line_decoder.h"

#include <gtest/gtest.h>

namespace weir {
namespace {

constexpr int64_t kNoon = 1736949600LL * 1000000;  // 2025-01-15T14:00:00Z

Schema weather_schema() {
    return Schema({{"city", TypeId::Text}, {"temp", TypeId::Double}, {"n", TypeId::BigInt},
                   {"ok", TypeId::Boolean}, {"ts", TypeId::Timestamp}, {"span", TypeId::Interval}});
}

struct DecoderFixture : ::testing::Test {
    JsonLineDecoder decoder{weather_schema(), TimestampFormat::Iso, std::nullopt};
    Batch batch;
    std::string reason;
    void SetUp() override { decoder.begin_batch(batch, 8); }
    bool decode(std::string_view line, size_t row = 0) { return decoder.decode(line, batch, row, reason); }
};

TEST_F(DecoderFixture, DecodesEveryTypeAndMatchesKeysCaseInsensitively) {
    ASSERT_TRUE(decode(R"({"CITY":"Warsaw","Temp":3.5,"n":42,"ok":true,"ts":"2025-01-15T14:00:00Z","span":"5m","x":[1]})"))
        << reason;
    EXPECT_EQ(batch.columns[0].strings()[0], "Warsaw");
    EXPECT_DOUBLE_EQ(batch.columns[1].doubles()[0], 3.5);
    EXPECT_EQ(batch.columns[2].ints()[0], 42);
    EXPECT_EQ(batch.columns[3].bools()[0], 1);
    EXPECT_EQ(batch.columns[4].ints()[0], kNoon);
    EXPECT_EQ(batch.columns[5].ints()[0], 5 * 60 * 1000000LL);
    for (size_t c = 0; c < 6; c++) EXPECT_TRUE(batch.columns[c].is_valid(0)) << c;
}

TEST_F(DecoderFixture, MissingKeysAndNullsAreNull) {
    ASSERT_TRUE(decode(R"({"city":null,"n":7})"));
    EXPECT_TRUE(batch.columns[0].is_null(0));
    EXPECT_TRUE(batch.columns[1].is_null(0));
    EXPECT_EQ(batch.columns[2].ints()[0], 7);
    EXPECT_TRUE(batch.columns[4].is_null(0));
}

TEST_F(DecoderFixture, IntegerIntoDoubleAndNumbersIntoText) {
    ASSERT_TRUE(decode(R"({"temp":5,"city":12.50,"n":3.0})"));
    EXPECT_DOUBLE_EQ(batch.columns[1].doubles()[0], 5.0);
    EXPECT_EQ(batch.columns[0].strings()[0], "12.50");
    EXPECT_EQ(batch.columns[2].ints()[0], 3);
    ASSERT_TRUE(decode(R"({"city":{"a":1}})"));
    EXPECT_EQ(batch.columns[0].strings()[0], R"({"a":1})");
}

TEST_F(DecoderFixture, RowsDoNotLeakIntoEachOther) {
    ASSERT_TRUE(decode(R"({"city":"A","temp":1})", 0));
    ASSERT_TRUE(decode(R"({"city":"B"})", 1));
    EXPECT_TRUE(batch.columns[1].is_valid(0));
    EXPECT_TRUE(batch.columns[1].is_null(1));
    EXPECT_EQ(batch.columns[0].strings()[1], "B");
}

TEST_F(DecoderFixture, WrongTypesAreMalformedWithTheFieldName) {
    EXPECT_FALSE(decode(R"({"temp":"warm"})"));
    EXPECT_EQ(reason, "field `temp`: expected a number but found a string");
    EXPECT_FALSE(decode(R"({"n":2.5})"));
    EXPECT_EQ(reason, "field `n`: expected an integer but found 2.5");
    EXPECT_FALSE(decode(R"({"ok":1})"));
    EXPECT_EQ(reason, "field `ok`: expected true or false but found a number");
    EXPECT_FALSE(decode(R"({"ts":"yesterday"})"));
    EXPECT_EQ(reason, "field `ts`: expected an ISO-8601 timestamp but found 'yesterday'");
    EXPECT_FALSE(decode(R"({"ts":1736949600})"));
    EXPECT_EQ(reason, "field `ts`: expected an ISO-8601 timestamp string but found a number");
    EXPECT_FALSE(decode(R"({"span":"soon"})"));
    EXPECT_EQ(reason, "field `span`: expected a duration such as '5m' but found 'soon'");
}

TEST_F(DecoderFixture, BadJsonAndNonObjectsAreMalformed) {
    EXPECT_FALSE(decode(R"([1,2,3])"));
    EXPECT_EQ(reason, "expected a JSON object");
    EXPECT_FALSE(decode("42"));
    EXPECT_EQ(reason, "expected a JSON object");
    EXPECT_FALSE(decode(R"({"city":"Wars)"));
    EXPECT_NE(reason.find("invalid JSON"), std::string::npos) << reason;
    EXPECT_FALSE(decode(R"({"city":"A"} {"city":"B"})"));
    EXPECT_NE(reason.find("invalid JSON"), std::string::npos) << reason;
}

TEST_F(DecoderFixture, TruncatedLineDoesNotSwallowTheNextOne) {
    EXPECT_FALSE(decode(R"({"city":"Warsaw","temp":3)", 0));
    ASSERT_TRUE(decode(R"({"city":"Berlin","temp":4.5})", 0)) << reason;
    EXPECT_EQ(batch.columns[0].strings()[0], "Berlin");
    EXPECT_DOUBLE_EQ(batch.columns[1].doubles()[0], 4.5);
}

TEST(JsonLineDecoderTest, EventTimeMustBePresent) {
    JsonLineDecoder decoder(Schema({{"city", TypeId::Text}, {"ts", TypeId::Timestamp}}), TimestampFormat::Iso, 1);
    Batch batch;
    decoder.begin_batch(batch, 2);
    std::string reason;
    EXPECT_FALSE(decoder.decode(R"({"city":"A"})", batch, 0, reason));
    EXPECT_EQ(reason, "event-time field `ts` is missing or null");
    EXPECT_FALSE(decoder.decode(R"({"city":"A","ts":null})", batch, 0, reason));
    EXPECT_TRUE(decoder.decode(R"({"city":"A","ts":"2025-01-15 14:00"})", batch, 0, reason));
}

TEST(JsonLineDecoderTest, EpochFormats) {
    Schema schema({{"ts", TypeId::Timestamp}});
    Batch batch;
    std::string reason;
    JsonLineDecoder millis(schema, TimestampFormat::EpochMillis, std::nullopt);
    millis.begin_batch(batch, 1);
    ASSERT_TRUE(millis.decode(R"({"ts":1736949600000})", batch, 0, reason));
    EXPECT_EQ(batch.columns[0].ints()[0], kNoon);
    JsonLineDecoder seconds(schema, TimestampFormat::EpochSeconds, std::nullopt);
    ASSERT_TRUE(seconds.decode(R"({"ts":1736949600.5})", batch, 0, reason));
    EXPECT_EQ(batch.columns[0].ints()[0], kNoon + 500000);
    // ISO strings are still accepted with an epoch format.
    ASSERT_TRUE(seconds.decode(R"({"ts":"2025-01-15T15:00:00+01:00"})", batch, 0, reason));
    EXPECT_EQ(batch.columns[0].ints()[0], kNoon);
    JsonLineDecoder micros(schema, TimestampFormat::EpochMicros, std::nullopt);
    ASSERT_TRUE(micros.decode(R"({"ts":17})", batch, 0, reason));
    EXPECT_EQ(batch.columns[0].ints()[0], 17);
}

}  // namespace
}  // namespace weir
