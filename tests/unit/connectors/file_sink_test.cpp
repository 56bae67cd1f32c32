// Tests of FileSink: single files in JSON and CSV, append/overwrite, checkpoint restores, Hive-partitioned part files.
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

// The default mode appends: a second run never deletes what the first wrote; 'overwrite' is asked for.
TEST(FileSinkTest, CsvSingleFileAppendsByDefaultAndOverwritesOnRequest) {
    std::string path = temp_dir() + "/out.csv";
    const std::string row = "Warsaw,3.5,10,true,2025-01-15 14:00:00\n";
    Batch batch = fixture_batch();
    batch.set_selection({0});
    for (int run = 0; run < 2; run++) {
        FileSink sink(file_spec({{"path", path}, {"format", "csv"}}));
        sink.open();
        sink.write(batch, ChangeKind::Insert);
        sink.write(batch, ChangeKind::Delete);
        sink.close();
    }
    EXPECT_EQ(read_file(path), "city,temp,n,ok,ts\n" + row + row);
    for (int run = 0; run < 2; run++) {
        FileSink sink(file_spec({{"path", path}, {"format", "csv"}, {"mode", "overwrite"}}));
        sink.open();
        sink.write(batch, ChangeKind::Insert);
        sink.flush();
        EXPECT_EQ(read_file(path), "city,temp,n,ok,ts\n" + row);
    }
}

// Checkpoints: the data of checkpoint k records the file's length; a job resuming from k cuts the
// file back to it (the replay rewrites the rest); a fresh start (k = 0) keeps or empties it by mode.
TEST(FileSinkTest, ARestoreCutsTheFileBackToItsCheckpointLength) {
    std::string path = temp_dir() + "/out.csv";
    const std::string header = "city,temp,n,ok,ts\n", row = "Warsaw,3.5,10,true,2025-01-15 14:00:00\n";
    Batch batch = fixture_batch();
    batch.set_selection({0});
    std::string data;
    {
        FileSink sink(file_spec({{"path", path}, {"format", "csv"}}));
        sink.enable_checkpoints();
        sink.open();
        sink.restore_checkpoint_data("");
        sink.restore_checkpoint(0);
        sink.write(batch, ChangeKind::Insert);
        sink.prepare_checkpoint(1);
        data = sink.checkpoint_data();
        sink.write(batch, ChangeKind::Insert);
        sink.write(batch, ChangeKind::Insert);
    }  // the process dies after checkpoint 1 with three rows in the file
    EXPECT_EQ(read_file(path), header + row + row + row);
    {
        FileSink sink(file_spec({{"path", path}, {"format", "csv"}}));
        sink.enable_checkpoints();
        sink.open();
        sink.restore_checkpoint_data(data);
        sink.restore_checkpoint(1);
        EXPECT_EQ(read_file(path), header + row);
        sink.write(batch, ChangeKind::Insert);  // the replay
        sink.close();
        EXPECT_EQ(read_file(path), header + row + row);
    }
    {
        // A checkpoint without data (an older weir): nothing is cut, rows are appended.
        FileSink sink(file_spec({{"path", path}, {"format", "csv"}}));
        sink.enable_checkpoints();
        sink.open();
        sink.restore_checkpoint_data("");
        sink.restore_checkpoint(1);
        sink.write(batch, ChangeKind::Insert);
        sink.close();
        EXPECT_EQ(read_file(path), header + row + row + row);
    }
    FileSink fresh(file_spec({{"path", path}, {"format", "csv"}, {"mode", "overwrite"}}));
    fresh.enable_checkpoints();
    fresh.open();
    EXPECT_EQ(read_file(path), header + row + row + row);  // open() alone never truncates
    fresh.restore_checkpoint(0);
    fresh.write(batch, ChangeKind::Insert);
    fresh.close();
    EXPECT_EQ(read_file(path), header + row);
}

// Partitioned: each recorded part file is cut back and written on; no new part file for its folder.
TEST(FileSinkTest, APartitionedRestoreContinuesTheRecordedPartFiles) {
    std::string dir = temp_dir();
    Batch batch = fixture_batch();
    batch.set_selection({0});
    auto spec = [&] { return file_spec({{"path", dir + "/raw"}, {"partition_by", "city"}}); };
    std::string data;
    {
        FileSink sink(spec());
        sink.enable_checkpoints();
        sink.open();
        sink.restore_checkpoint(0);
        sink.write(batch, ChangeKind::Insert);
        sink.prepare_checkpoint(1);
        data = sink.checkpoint_data();
        sink.write(batch, ChangeKind::Insert);
    }
    std::string part = dir + "/raw/city=Warsaw/part-0.json";
    std::string line = R"({"city":"Warsaw","temp":3.5,"n":10,"ok":true,"ts":"2025-01-15T14:00:00Z"})" "\n";
    EXPECT_EQ(read_file(part), line + line);
    FileSink sink(spec());
    sink.enable_checkpoints();
    sink.open();
    sink.restore_checkpoint_data(data);
    sink.restore_checkpoint(1);
    EXPECT_EQ(read_file(part), line);
    sink.write(batch, ChangeKind::Insert);
    sink.close();
    EXPECT_EQ(read_file(part), line + line);
    EXPECT_FALSE(std::filesystem::exists(dir + "/raw/city=Warsaw/part-1.json"));
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
