// Tests of ParquetFileSink: file names per job, checkpoint and roll; restores delete later checkpoints' files.
#include "connectors/file/parquet_file_sink.h"

#include <gtest/gtest.h>
#include <stdlib.h>

#include <filesystem>
#include <fstream>
#include <set>
#include <sstream>

#include "batch_fixture.h"
#include "connectors/formats/parquet/parquet_reader.h"

namespace weir {
namespace {

std::string temp_dir() {
    char pattern[] = "/tmp/weir-parquet-sink-XXXXXX";
    return ::mkdtemp(pattern);
}

SinkSpec parquet_spec(const std::string &path, std::map<std::string, std::string> extra = {}) {
    SinkSpec spec;
    spec.name = "lake";
    spec.connector = "file";
    spec.job_name = "my-job";
    spec.schema = fixture_schema();
    spec.options = {{"path", path}, {"format", "parquet"}};
    for (auto &entry : extra) spec.options[entry.first] = entry.second;
    return spec;
}

std::set<std::string> files_in(const std::string &path) {
    std::set<std::string> names;
    for (const auto &entry : std::filesystem::recursive_directory_iterator(path)) {
        if (entry.is_regular_file()) names.insert(std::filesystem::relative(entry.path(), path).string());
    }
    return names;
}

int64_t rows_in(const std::string &file) {
    std::ifstream in(file, std::ios::binary);
    std::stringstream bytes;
    bytes << in.rdbuf();
    std::string data = bytes.str();
    ParquetReader reader(file, data.size(), [&data](uint64_t offset, size_t size) { return data.substr(offset, size); });
    reader.open();
    return reader.metadata().num_rows;
}

TEST(ParquetFileSinkTest, NamesParseOnlyForTheJob) {
    auto name = ParquetFileSink::parse_name("my-job-12-3.parquet", "my-job");
    ASSERT_TRUE(name);
    EXPECT_EQ(name->first, 12);
    EXPECT_EQ(name->second, 3);
    EXPECT_FALSE(ParquetFileSink::parse_name("my-job-2-12-3.parquet", "my-job"));  // job my-job-2
    EXPECT_FALSE(ParquetFileSink::parse_name("my-job-12-3.json", "my-job"));
    EXPECT_FALSE(ParquetFileSink::parse_name("other-1-0.parquet", "my-job"));
}

TEST(ParquetFileSinkTest, WithoutCheckpointsEachRunAddsFilesAndOverwriteReplacesThem) {
    std::string path = temp_dir();
    for (int run = 0; run < 2; run++) {
        ParquetFileSink sink(parquet_spec(path));
        sink.open();
        sink.write(fixture_batch(), ChangeKind::Insert);
        sink.close();
    }
    EXPECT_EQ(files_in(path), (std::set<std::string>{"my-job-0-0.parquet", "my-job-0-1.parquet"}));
    EXPECT_EQ(rows_in(path + "/my-job-0-1.parquet"), 3);
    ParquetFileSink overwrite(parquet_spec(path, {{"mode", "overwrite"}}));
    overwrite.open();
    overwrite.write(fixture_batch(), ChangeKind::Insert);
    overwrite.close();
    EXPECT_EQ(files_in(path), (std::set<std::string>{"my-job-0-0.parquet"}));
}

TEST(ParquetFileSinkTest, CheckpointsWriteFilesAndARestoreDeletesTheLaterOnes) {
    std::string path = temp_dir();
    {
        ParquetFileSink sink(parquet_spec(path, {{"partition_by", "city"}, {"roll_rows", "2"}}));
        sink.enable_checkpoints();
        sink.open();
        sink.restore_checkpoint(0);
        sink.write(fixture_batch(), ChangeKind::Insert);
        sink.prepare_checkpoint(1);
        sink.write(fixture_batch(), ChangeKind::Insert);
        sink.write(fixture_batch(), ChangeKind::Insert);  // each folder reaches roll_rows: rolled under checkpoint 2
        sink.close();                                     // then a crash before checkpoint 2 completes
    }
    std::set<std::string> found = files_in(path);
    EXPECT_EQ(found.count("city=Warsaw/my-job-2-0.parquet"), 1u);
    EXPECT_EQ(found.size(), 6u);  // three folders, checkpoints 1 and 2
    ParquetFileSink restarted(parquet_spec(path, {{"partition_by", "city"}, {"roll_rows", "2"}}));
    restarted.enable_checkpoints();
    restarted.open();
    restarted.restore_checkpoint(1);
    found = files_in(path);
    EXPECT_EQ(found.count("city=Warsaw/my-job-2-0.parquet"), 0u);
    EXPECT_EQ(found.size(), 3u);
    restarted.write(fixture_batch(), ChangeKind::Insert);
    restarted.prepare_checkpoint(2);
    EXPECT_EQ(rows_in(path + "/city=Warsaw/my-job-2-0.parquet"), 1);
}

}  // namespace
}  // namespace weir
