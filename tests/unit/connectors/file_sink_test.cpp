// Tests of FileSink: single files in JSON and CSV, overwrite/append, and Hive-partitioned part files.
#include "connectors/file/file_sink.h"

#include <gtest/gtest.h>
#include <stdlib.h>

#include <filesystem>
#include <fstream>
#include <sstream>

#include "batch_fixture.h"
#include "common/weir_error.h"

namespace weir {
namespace {

std::string temp_dir() {
    char pattern[] = "/tmp/weir-file-sink-XXXXXX";
    return ::mkdtemp(pattern);
}

std::string read_file(const std::string &path) {
    std::ifstream in(path);
    std::stringstream text;
    text << in.rdbuf();
    return text.str();
}

SinkSpec file_spec(std::map<std::string, std::string> options) {
    SinkSpec spec;
    spec.name = "archive";
    spec.connector = "file";
    spec.schema = fixture_schema();
    spec.options = std::move(options);
    return spec;
}

TEST(FileSinkTest, CsvSingleFileOverwritesThenAppends) {
    std::string path = temp_dir() + "/out.csv";
    Batch batch = fixture_batch();
    batch.set_selection({0});
    for (int run = 0; run < 2; run++) {
        FileSink sink(file_spec({{"path", path}, {"format", "csv"}}));
        sink.open();
        sink.write(batch, ChangeKind::Insert);
        sink.write(batch, ChangeKind::Delete);
        sink.close();
    }
    EXPECT_EQ(read_file(path), "city,temp,n,ok,ts\nWarsaw,3.5,10,true,2025-01-15 14:00:00\n");
    FileSink appender(file_spec({{"path", path}, {"format", "csv"}, {"mode", "append"}}));
    appender.open();
    appender.write(batch, ChangeKind::Insert);
    appender.flush();
    EXPECT_EQ(read_file(path), "city,temp,n,ok,ts\nWarsaw,3.5,10,true,2025-01-15 14:00:00\n"
                               "Warsaw,3.5,10,true,2025-01-15 14:00:00\n");
}

TEST(FileSinkTest, PartitionedJsonFoldersAndPartNumbers) {
    std::string dir = temp_dir();
    Batch batch = fixture_batch();
    batch.set_selection({0, 1});
    for (int run = 0; run < 2; run++) {
        FileSink sink(file_spec({{"path", dir + "/raw"}, {"partition_by", "city, year, month, day, hour"}}));
        sink.open();
        sink.write(batch, ChangeKind::Insert);
        sink.close();
    }
    std::string warsaw = dir + "/raw/city=Warsaw/year=2025/month=01/day=15/hour=14/";
    EXPECT_EQ(read_file(warsaw + "part-0.json"),
              R"({"city":"Warsaw","temp":3.5,"n":10,"ok":true,"ts":"2025-01-15T14:00:00Z"})" "\n");
    EXPECT_TRUE(std::filesystem::exists(warsaw + "part-1.json"));  // the second run does not overwrite
    EXPECT_FALSE(std::filesystem::exists(warsaw + "part-2.json"));
    std::string quoted = dir + "/raw/city=Say \"hi\", ok/year=2025/month=01/day=15/hour=14/part-0.json";
    EXPECT_TRUE(std::filesystem::exists(quoted)) << quoted;
}

// A partition column aliased "../../evil" names a folder inside the sink's folder, never outside it.
TEST(FileSinkTest, APartitionColumnNameCannotLeaveTheSinkFolder) {
    std::string dir = temp_dir();
    SinkSpec spec = file_spec({{"path", dir + "/a/b/raw"}, {"partition_by", "../../evil"}});
    spec.schema = Schema({{"../../evil", TypeId::Text}, {"n", TypeId::BigInt}});
    Batch batch;
    batch.columns.resize(2);
    batch.columns[0].reset(TypeId::Text, 1);
    batch.columns[1].reset(TypeId::BigInt, 1);
    batch.set_size(1);
    batch.columns[0].strings()[0] = batch.arena().add("x");
    batch.columns[1].ints()[0] = 1;
    FileSink sink(spec);
    sink.open();
    sink.write(batch, ChangeKind::Insert);
    sink.close();
    EXPECT_FALSE(std::filesystem::exists(dir + "/a/evil=x"));
    EXPECT_TRUE(std::filesystem::exists(dir + "/a/b/raw/..%2F..%2Fevil=x/part-0.json"));
}

TEST(FileSinkTest, OptionErrors) {
    EXPECT_THROW(FileSink(file_spec({})), WeirError);
    EXPECT_THROW(FileSink(file_spec({{"path", "x"}, {"format", "parquet"}})), WeirError);
    EXPECT_THROW(FileSink(file_spec({{"path", "x"}, {"partition_by", "country"}})), WeirError);
    FileSink unwritable(file_spec({{"path", "/nonexistent/dir/out.json"}}));
    try {
        unwritable.open();
        FAIL();
    } catch (const WeirError &error) {
        EXPECT_EQ(error.kind(), ErrorKind::Io);
        EXPECT_NE(std::string(error.what()).find("/nonexistent/dir/out.json"), std::string::npos);
    }
}

}  // namespace
}  // namespace weir
