// Tests of FileSource checkpoint positions: a restored source continues exactly where position() said.
#include "connectors/file/file_source.h"

#include <gtest/gtest.h>
#include <stdlib.h>
#include <unistd.h>

#include <fstream>

#include "common/value.h"
#include "common/weir_error.h"

namespace weir {
namespace {

std::string temp_dir() {
    char pattern[] = "/tmp/weir-file-position-XXXXXX";
    return ::mkdtemp(pattern);
}

void write_file(const std::string &path, const std::string &text, bool append = false) {
    std::ofstream out(path, append ? std::ios::app : std::ios::trunc);
    out << text;
}

SourceSpec spec_for(const std::string &path, const std::string &format, size_t batch_size,
                    std::vector<std::string> *bad) {
    SourceSpec spec;
    spec.name = "weather";
    spec.connector = "file";
    spec.options = {{"path", path}, {"format", format}};
    if (batch_size > 0) spec.options["batch_size"] = std::to_string(batch_size);
    spec.declared = Schema({{"city", TypeId::Text}, {"temp", TypeId::Double}, {"ts", TypeId::Timestamp}});
    spec.projection = {0, 1, 2};
    spec.event_time = 2;
    spec.on_bad_record = [bad](const BadRecord &record) { bad->push_back(record.where); };
    return spec;
}

// Polls up to `max_polls` Data batches (stops early at End/Idle); rows as "city|temp|ts".
std::vector<std::string> read_polls(Source &source, size_t max_polls, bool *finished = nullptr) {
    std::vector<std::string> rows;
    Batch batch;
    if (finished) *finished = false;
    for (size_t polls = 0; polls < max_polls; polls++) {
        if (source.poll(batch) != Source::PollResult::Data) {
            if (finished) *finished = true;
            break;
        }
        for (size_t r = 0; r < batch.size(); r++) {
            std::string row;
            for (const auto &column : batch.columns) row += Value::from_column(column, r).to_string() + "|";
            rows.push_back(row);
        }
    }
    return rows;
}

struct ReadResult {
    std::vector<std::string> rows;
    std::vector<std::string> bad;
};

// Reads everything in one source.
ReadResult uninterrupted(const std::string &path, const std::string &format, size_t batch_size) {
    ReadResult run;
    FileSource source(spec_for(path, format, batch_size, &run.bad));
    source.open();
    run.rows = read_polls(source, SIZE_MAX);
    return run;
}

// Reads `polls` batches with one source, then the rest with a new one restored from its position.
ReadResult cut_after(const std::string &path, const std::string &format, size_t batch_size, size_t polls,
              bool *first_finished) {
    ReadResult run;
    std::string position;
    {
        FileSource first(spec_for(path, format, batch_size, &run.bad));
        first.open();
        run.rows = read_polls(first, polls, first_finished);
        position = *first.position();
    }
    FileSource second(spec_for(path, format, batch_size, &run.bad));
    second.restore_position(position);
    EXPECT_EQ(*second.position(), position);  // before open(): the restored position
    second.open();
    EXPECT_EQ(*second.position(), position) << "opening a restored source must not move it";
    auto rest = read_polls(second, SIZE_MAX);
    run.rows.insert(run.rows.end(), rest.begin(), rest.end());
    return run;
}

void expect_every_cut_point_exact(const std::string &path, const std::string &format) {
    for (size_t batch_size : {size_t(1), size_t(7), size_t(0)}) {
        ReadResult whole = uninterrupted(path, format, batch_size);
        ASSERT_FALSE(whole.rows.empty());
        for (size_t polls = 0;; polls++) {
            bool finished = false;
            ReadResult cut = cut_after(path, format, batch_size, polls, &finished);
            EXPECT_EQ(cut.rows, whole.rows) << "batch_size " << batch_size << ", cut after " << polls << " polls";
            EXPECT_EQ(cut.bad, whole.bad) << "batch_size " << batch_size << ", cut after " << polls << " polls";
            if (finished) break;
        }
    }
}

// Three files matched by a glob (one with a quote in its name), with blank lines, bad records and a
// last line without a newline.
std::string json_files() {
    std::string dir = temp_dir();
    write_file(dir + "/a \"quoted\".jsonl",
               "{\"city\":\"Warsaw\",\"temp\":1.5,\"ts\":\"2025-01-15T14:00:00Z\"}\n"
               "\n"
               "{\"city\":\"Berlin\",\"temp\":2,\"ts\":\"2025-01-15T14:00:01Z\"}\n"
               "{\"city\":\"Paris\",\"temp\":\"warm\",\"ts\":\"2025-01-15T14:00:02Z\"}\n"
               "{\"city\":\"Oslo\",\"temp\":-3,\"ts\":\"2025-01-15T14:00:03Z\"}\n");
    write_file(dir + "/b.jsonl",
               "{\"city\":\"Rome\",\"temp\":18,\"ts\":\"2025-01-15T14:01:00Z\"}\n"
               "not json\n"
               "   \n"
               "{\"city\":\"Madrid\",\"temp\":20.25,\"ts\":\"2025-01-15T14:01:01Z\"}\n"
               "{\"city\":\"Lisbon\",\"temp\":19,\"ts\":\"2025-01-15T14:01:02Z\"}\n"
               "{\"city\":\"Athens\",\"temp\":21,\"ts\":\"2025-01-15T14:01:03Z\"}\n"
               "{\"city\":\"Cairo\",\"temp\":25}\n"
               "{\"city\":\"Vienna\",\"temp\":9,\"ts\":\"2025-01-15T14:01:04Z\"}\n");
    write_file(dir + "/c.jsonl",
               "{\"city\":\"Tokyo\",\"temp\":12,\"ts\":\"2025-01-15T14:02:00Z\"}\n"
               "{\"city\":\"Sydney\",\"temp\":22,\"ts\":\"2025-01-15T14:02:01Z\"}\n"
               "{\"city\":\"Dublin\",\"temp\":8,\"ts\":\"2025-01-15T14:02:02Z\"}");
    return dir;
}

TEST(FileSourcePositionTest, JsonLinesOverAGlobResumeExactlyAtEveryCutPoint) {
    std::string dir = json_files();
    ReadResult whole = uninterrupted(dir + "/*.jsonl", "json", 1);
    ASSERT_EQ(whole.rows.size(), 11u);
    EXPECT_EQ(whole.bad, (std::vector<std::string>{dir + "/a \"quoted\".jsonl:4", dir + "/b.jsonl:2",
                                                   dir + "/b.jsonl:7"}));
    expect_every_cut_point_exact(dir + "/*.jsonl", "json");
}

TEST(FileSourcePositionTest, CsvOverAGlobResumeExactlyAtEveryCutPoint) {
    std::string dir = temp_dir();
    // A blank line before the header, a quoted field spanning lines, a bad record, a missing newline.
    write_file(dir + "/1.csv",
               "\n"
               "city,temp,ts\n"
               "Warsaw,1.5,2025-01-15T14:00:00Z\n"
               "\"New\nYork\",7,2025-01-15T14:00:01Z\n"
               "Paris,warm,2025-01-15T14:00:02Z\n"
               "\"Say \"\"hi\"\"\",3,2025-01-15T14:00:03Z\n");
    write_file(dir + "/2.csv",
               "ts,city,temp\n"
               "2025-01-15T14:01:00Z,Rome,18\n"
               "\n"
               "2025-01-15T14:01:01Z,Madrid,20\n"
               "2025-01-15T14:01:02Z,Lisbon\n"
               "2025-01-15T14:01:03Z,Oslo,-4");
    ReadResult whole = uninterrupted(dir + "/*.csv", "csv", 1);
    ASSERT_EQ(whole.rows.size(), 6u);
    EXPECT_EQ(whole.rows[1], "New\nYork|7|2025-01-15 14:00:01|");
    EXPECT_EQ(whole.bad, (std::vector<std::string>{dir + "/1.csv:6", dir + "/2.csv:5"}));
    expect_every_cut_point_exact(dir + "/*.csv", "csv");
}

TEST(FileSourcePositionTest, PositionIsJsonWithTheEscapedFileOffsetAndLine) {
    std::string dir = json_files();
    std::vector<std::string> bad;
    FileSource source(spec_for(dir + "/*.jsonl", "json", 2, &bad));
    source.open();
    EXPECT_EQ(*source.position(), "{\"file\":\"" + dir + "/a \\\"quoted\\\".jsonl\",\"offset\":0,\"line\":1}");
    read_polls(source, 1);
    // Warsaw (57 bytes with its newline), a blank line, then Berlin (55 bytes): Paris starts at line 4.
    EXPECT_EQ(*source.position(), "{\"file\":\"" + dir + "/a \\\"quoted\\\".jsonl\",\"offset\":113,\"line\":4}");
}

TEST(FileSourcePositionTest, RestoredPositionOfAFinishedRunReadsNothing) {
    std::string dir = json_files();
    std::vector<std::string> bad;
    std::string position;
    {
        FileSource source(spec_for(dir + "/*.jsonl", "json", 0, &bad));
        source.open();
        read_polls(source, SIZE_MAX);
        position = *source.position();
    }
    EXPECT_NE(position.find("c.jsonl"), std::string::npos) << position;
    FileSource restored(spec_for(dir + "/*.jsonl", "json", 0, &bad));
    restored.restore_position(position);
    restored.open();
    Batch batch;
    EXPECT_EQ(restored.poll(batch), Source::PollResult::End);
}

TEST(FileSourcePositionTest, FollowResumesAtTheIncompleteLastLine) {
    std::string dir = temp_dir();
    std::string path = dir + "/tail.jsonl";
    write_file(path, "{\"city\":\"A\",\"temp\":1,\"ts\":\"2025-01-15T14:00:00Z\"}\n"
                     "{\"city\":\"B\",\"temp\":2,\"ts\":\"2025-01-15T14:00:01Z\"}\n"
                     "{\"city\":\"C\",\"temp\":3,");
    std::vector<std::string> bad;
    SourceSpec spec = spec_for(path, "json", 0, &bad);
    spec.options["follow"] = "true";
    std::string position;
    {
        FileSource first(spec);
        first.open();
        bool finished = false;
        auto rows = read_polls(first, SIZE_MAX, &finished);
        EXPECT_EQ(rows.size(), 2u);
        position = *first.position();
    }
    EXPECT_NE(position.find("\"line\":3"), std::string::npos) << position;
    write_file(path, "\"ts\":\"2025-01-15T14:00:02Z\"}\nbroken\n{\"city\":\"D\",\"temp\":4,\"ts\":\"2025-01-15T14:00:03Z\"}\n",
               true);
    FileSource second(spec);
    second.restore_position(position);
    second.open();
    Batch batch;
    ASSERT_EQ(second.poll(batch), Source::PollResult::Data);
    ASSERT_EQ(batch.size(), 2u);
    EXPECT_EQ(batch.columns[0].strings()[0], "C");
    EXPECT_EQ(batch.columns[0].strings()[1], "D");
    EXPECT_EQ(bad, (std::vector<std::string>{path + ":4"}));
    EXPECT_EQ(second.poll(batch), Source::PollResult::Idle);
}

TEST(FileSourcePositionTest, MissingFileIsADataError) {
    std::string dir = json_files();
    std::vector<std::string> bad;
    std::string position;
    {
        FileSource source(spec_for(dir + "/*.jsonl", "json", 3, &bad));
        source.open();
        read_polls(source, 2);
        position = *source.position();
    }
    ASSERT_NE(position.find("b.jsonl"), std::string::npos) << position;
    ASSERT_EQ(::unlink((dir + "/b.jsonl").c_str()), 0);
    FileSource restored(spec_for(dir + "/*.jsonl", "json", 3, &bad));
    restored.restore_position(position);
    try {
        restored.open();
        FAIL() << "expected an error";
    } catch (const WeirError &error) {
        EXPECT_EQ(error.kind(), ErrorKind::Data);
        EXPECT_EQ(std::string(error.what()), "cannot restore source `weather`: the file of its checkpoint position "
                                             "no longer exists (No such file or directory): " + dir + "/b.jsonl");
    }
    // A single-file path that vanished is a Data error too (not the Io error of a plain open).
    FileSource single(spec_for(dir + "/b.jsonl", "json", 3, &bad));
    single.restore_position(position);
    try {
        single.open();
        FAIL() << "expected an error";
    } catch (const WeirError &error) {
        EXPECT_EQ(error.kind(), ErrorKind::Data);
    }
}

TEST(FileSourcePositionTest, FileShorterThanThePositionIsADataError) {
    std::string dir = json_files();
    std::vector<std::string> bad;
    FileSource source(spec_for(dir + "/*.jsonl", "json", 3, &bad));
    source.restore_position("{\"file\":\"" + dir + "/c.jsonl\",\"offset\":100000,\"line\":3}");
    try {
        source.open();
        FAIL() << "expected an error";
    } catch (const WeirError &error) {
        EXPECT_EQ(error.kind(), ErrorKind::Data);
        EXPECT_NE(std::string(error.what()).find("shorter than the position"), std::string::npos) << error.what();
    }
}

TEST(FileSourcePositionTest, GarbagePositionTextIsADataErrorNamingTheSource) {
    std::vector<std::string> bad;
    for (std::string text : {"", "garbage", "[1,2]", "{\"file\":3,\"offset\":0,\"line\":1}",
                             "{\"file\":\"a\",\"offset\":-1,\"line\":1}", "{\"file\":\"a\",\"offset\":5}",
                             "{\"file\":\"a\",\"offset\":5,\"line\":0}", "{\"event\":5}"}) {
        FileSource source(spec_for("/nonexistent/*.jsonl", "json", 3, &bad));
        try {
            source.restore_position(text);
            FAIL() << "expected an error for " << text;
        } catch (const WeirError &error) {
            EXPECT_EQ(error.kind(), ErrorKind::Data) << text;
            EXPECT_EQ(std::string(error.what()).rfind("cannot restore source `weather`: ", 0), 0u) << error.what();
        }
    }
}

}  // namespace
}  // namespace weir
