// Tests of HivePartitioner: folder names, time parts, escaping, grouping and configuration errors.
#include "connectors/partitioning/hive_partitioner.h"

#include <gtest/gtest.h>

#include "common/weir_error.h"

namespace weir {
namespace {

constexpr int64_t kNoon = 1736949600LL * 1000000;  // 2025-01-15 14:00:00 UTC

Schema window_schema() {
    return Schema({{"sensor_type", TypeId::Text}, {"city", TypeId::Text}, {"window_start", TypeId::Timestamp},
                   {"avg_temp", TypeId::Double}});
}

Batch window_batch() {
    Batch batch;
    batch.columns.resize(4);
    batch.columns[0].reset(TypeId::Text, 3);
    batch.columns[1].reset(TypeId::Text, 3);
    batch.columns[2].reset(TypeId::Timestamp, 3);
    batch.columns[3].reset(TypeId::Double, 3);
    batch.set_size(3);
    auto &arena = batch.arena();
    batch.columns[0].strings()[0] = arena.add("air_quality");
    batch.columns[0].strings()[1] = arena.add("air_quality");
    batch.columns[0].strings()[2] = arena.add("weather");
    batch.columns[1].strings()[0] = arena.add("Warsaw");
    batch.columns[1].strings()[1] = arena.add("a/b=c%d\n");
    batch.columns[1].strings()[2] = arena.add("Warsaw");
    batch.columns[2].ints()[0] = kNoon;
    batch.columns[2].ints()[1] = kNoon - 15 * 3600 * 1000000LL;  // 2025-01-14 23:00
    batch.columns[2].set_null(2);
    return batch;
}

TEST(HivePartitionerTest, FolderWithTimeParts) {
    HivePartitioner partitioner(window_schema(), {"sensor_type", "City", "year", "month", "day", "hour"});
    Batch batch = window_batch();
    EXPECT_EQ(partitioner.folder(batch, 0), "sensor_type=air_quality/city=Warsaw/year=2025/month=01/day=15/hour=14/");
    EXPECT_EQ(partitioner.folder(batch, 1), "sensor_type=air_quality/city=a%2Fb%3Dc%25d%0A/year=2025/month=01/day=14/hour=23/");
    EXPECT_EQ(partitioner.folder(batch, 2), "sensor_type=weather/city=Warsaw/year=__HIVE_DEFAULT_PARTITION__/"
                                            "month=__HIVE_DEFAULT_PARTITION__/day=__HIVE_DEFAULT_PARTITION__/"
                                            "hour=__HIVE_DEFAULT_PARTITION__/");
}

TEST(HivePartitionerTest, SplitGroupsLiveRowsInOrder) {
    HivePartitioner partitioner(window_schema(), {"city"});
    Batch batch = window_batch();
    auto groups = partitioner.split(batch);
    ASSERT_EQ(groups.size(), 2u);
    EXPECT_EQ(groups[0].first, "city=Warsaw/");
    EXPECT_EQ(groups[0].second, (std::vector<uint32_t>{0, 2}));
    batch.set_selection({1, 2});
    groups = partitioner.split(batch);
    ASSERT_EQ(groups.size(), 2u);
    EXPECT_EQ(groups[0].second, (std::vector<uint32_t>{1}));
}

TEST(HivePartitionerTest, TimeColumnChoice) {
    Schema schema({{"ts", TypeId::Timestamp}, {"other", TypeId::Timestamp}});
    Batch batch;
    batch.columns.resize(2);
    batch.columns[0].reset(TypeId::Timestamp, 1);
    batch.columns[1].reset(TypeId::Timestamp, 1);
    batch.set_size(1);
    batch.columns[0].ints()[0] = kNoon;
    batch.columns[1].ints()[0] = kNoon + 3600 * 1000000LL;
    EXPECT_EQ(HivePartitioner(schema, {"hour"}).folder(batch, 0), "hour=14/");
    EXPECT_EQ(HivePartitioner(schema, {"hour"}, "other").folder(batch, 0), "hour=15/");
}

// A column alias is escaped exactly like a value: "../../evil" cannot climb out of the sink's folder.
TEST(HivePartitionerTest, ColumnNamesAreEscapedLikeValues) {
    Schema schema({{"../../evil", TypeId::Text}, {"a=b", TypeId::BigInt}});
    Batch batch;
    batch.columns.resize(2);
    batch.columns[0].reset(TypeId::Text, 1);
    batch.columns[1].reset(TypeId::BigInt, 1);
    batch.set_size(1);
    batch.columns[0].strings()[0] = batch.arena().add("..");
    batch.columns[1].ints()[0] = 7;
    HivePartitioner partitioner(schema, {"../../evil", "a=b"});
    EXPECT_EQ(partitioner.folder(batch, 0), "..%2F..%2Fevil=../a%3Db=7/");
    EXPECT_EQ(partitioner.split(batch)[0].first, "..%2F..%2Fevil=../a%3Db=7/");
}

TEST(HivePartitionerTest, ConfigurationErrors) {
    EXPECT_THROW(HivePartitioner(window_schema(), {"country"}), WeirError);
    EXPECT_THROW(HivePartitioner(window_schema(), {}), WeirError);
    EXPECT_THROW(HivePartitioner(window_schema(), {"hour"}, "city"), WeirError);
    Schema no_time({{"city", TypeId::Text}});
    try {
        HivePartitioner(no_time, {"city", "day"});
        FAIL();
    } catch (const WeirError &error) {
        EXPECT_EQ(std::string(error.what()), "partition_by uses `day` but the output has no TIMESTAMP column to take it from");
    }
}

}  // namespace
}  // namespace weir
