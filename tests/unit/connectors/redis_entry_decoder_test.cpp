// Tests of RedisEntryDecoder: field and JSON entries into typed rows, event time from the entry id.
#include "connectors/redis/redis_entry_decoder.h"

#include <gtest/gtest.h>

#include <vector>

namespace weir {
namespace {

// 2025-01-15 14:00:00 UTC in microseconds.
constexpr int64_t kNoon = 1736949600LL * 1000000;

Schema weather() {
    return Schema({{"city", TypeId::Text}, {"temp", TypeId::Double}, {"n", TypeId::BigInt}, {"ts", TypeId::Timestamp}});
}

TEST(RedisEntryDecoderTest, FieldsByNameAndType) {
    RedisEntryDecoder decoder(weather(), RedisEntryDecoder::Format::Fields, TimestampFormat::Iso, 3, std::nullopt);
    Batch batch;
    decoder.begin_batch(batch, 2);
    std::string reason;
    std::vector<std::string_view> first = {"TEMP", "-3.5", "city", "Warsaw", "ts", "2025-01-15T14:00:00Z", "x", "1"};
    ASSERT_TRUE(decoder.decode("1-0", first.data(), first.size(), batch, 0, reason)) << reason;
    std::vector<std::string_view> second = {"city", "", "n", "", "ts", "2025-01-15 14:00:05"};
    ASSERT_TRUE(decoder.decode("2-0", second.data(), second.size(), batch, 1, reason)) << reason;
    batch.set_size(2);
    EXPECT_EQ(batch.columns[0].strings()[0], "Warsaw");
    EXPECT_EQ(batch.columns[1].doubles()[0], -3.5);
    EXPECT_TRUE(batch.columns[2].is_null(0));
    EXPECT_EQ(batch.columns[3].ints()[0], kNoon);
    EXPECT_TRUE(batch.columns[0].is_valid(1));  // an empty TEXT value is ''
    EXPECT_EQ(batch.columns[0].strings()[1], "");
    EXPECT_TRUE(batch.columns[1].is_null(1));
    EXPECT_TRUE(batch.columns[2].is_null(1));  // an empty BIGINT value is NULL
    EXPECT_EQ(batch.columns[3].ints()[1], kNoon + 5000000);
}

TEST(RedisEntryDecoderTest, MalformedFields) {
    RedisEntryDecoder decoder(weather(), RedisEntryDecoder::Format::Fields, TimestampFormat::Iso, 3, std::nullopt);
    Batch batch;
    decoder.begin_batch(batch, 1);
    std::string reason;
    std::vector<std::string_view> bad_number = {"temp", "warm", "ts", "2025-01-15T14:00:00Z"};
    EXPECT_FALSE(decoder.decode("1-0", bad_number.data(), bad_number.size(), batch, 0, reason));
    EXPECT_EQ(reason.rfind("field `temp`: ", 0), 0u) << reason;
    std::vector<std::string_view> no_time = {"temp", "1"};
    EXPECT_FALSE(decoder.decode("1-0", no_time.data(), no_time.size(), batch, 0, reason));
    EXPECT_EQ(reason, "event-time field `ts` is missing or empty");
    EXPECT_FALSE(decoder.decode("1-0", nullptr, 0, batch, 0, reason));
    EXPECT_EQ(reason, "the entry has no fields (deleted while pending?)");
}

TEST(RedisEntryDecoderTest, TimeFromTheId) {
    RedisEntryDecoder decoder(weather(), RedisEntryDecoder::Format::Fields, TimestampFormat::Iso, 3, size_t(3));
    Batch batch;
    decoder.begin_batch(batch, 1);
    std::string reason;
    // A `ts` field is ignored: the id decides.
    std::vector<std::string_view> fields = {"city", "Oslo", "ts", "garbage"};
    ASSERT_TRUE(decoder.decode("1736949600250-7", fields.data(), fields.size(), batch, 0, reason)) << reason;
    EXPECT_EQ(batch.columns[3].ints()[0], kNoon + 250000);
    EXPECT_EQ(batch.columns[0].strings()[0], "Oslo");
}

TEST(RedisEntryDecoderTest, JsonPayload) {
    RedisEntryDecoder decoder(weather(), RedisEntryDecoder::Format::Json, TimestampFormat::Iso, 3, std::nullopt);
    Batch batch;
    decoder.begin_batch(batch, 1);
    std::string reason;
    std::vector<std::string_view> fields = {
        "source", "sensor-7", "payload", R"({"city":"Rome","temp":21.5,"n":4,"ts":"2025-01-15T14:00:01Z"})"};
    ASSERT_TRUE(decoder.decode("5-0", fields.data(), fields.size(), batch, 0, reason)) << reason;
    EXPECT_EQ(batch.columns[0].strings()[0], "Rome");
    EXPECT_EQ(batch.columns[1].doubles()[0], 21.5);
    EXPECT_EQ(batch.columns[2].ints()[0], 4);
    EXPECT_EQ(batch.columns[3].ints()[0], kNoon + 1000000);
    std::vector<std::string_view> no_json = {"city", "Rome"};
    EXPECT_FALSE(decoder.decode("6-0", no_json.data(), no_json.size(), batch, 0, reason));
    EXPECT_EQ(reason, "the entry has no field `payload` or `json` holding a JSON document");
    std::vector<std::string_view> truncated = {"json", R"({"city":"Ro)"};
    EXPECT_FALSE(decoder.decode("7-0", truncated.data(), truncated.size(), batch, 0, reason));
}

TEST(RedisEntryDecoderTest, JsonWithTimeFromTheId) {
    RedisEntryDecoder decoder(weather(), RedisEntryDecoder::Format::Json, TimestampFormat::Iso, 3, size_t(3));
    Batch batch;
    decoder.begin_batch(batch, 1);
    std::string reason;
    std::vector<std::string_view> fields = {"json", R"({"city":"Rome"})"};
    ASSERT_TRUE(decoder.decode("1736949600000-0", fields.data(), fields.size(), batch, 0, reason)) << reason;
    EXPECT_EQ(batch.columns[3].ints()[0], kNoon);
}

TEST(RedisEntryDecoderTest, Ids) {
    EXPECT_EQ(RedisEntryDecoder::id_millis("1700000000000-3"), 1700000000000);
    EXPECT_EQ(RedisEntryDecoder::id_millis("42"), 42);
    EXPECT_FALSE(RedisEntryDecoder::id_millis("abc-1"));
    EXPECT_FALSE(RedisEntryDecoder::id_millis("5-"));
    EXPECT_LT(RedisEntryDecoder::compare_ids("9-5", "10-0"), 0);
    EXPECT_GT(RedisEntryDecoder::compare_ids("10-1", "10-0"), 0);
    EXPECT_EQ(RedisEntryDecoder::compare_ids("7-0", "7-0"), 0);
}

}  // namespace
}  // namespace weir
