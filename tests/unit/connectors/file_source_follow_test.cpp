// Tests of FileSource with follow = 'true' under log rotation: copytruncate and rename + new file, with
// real files, as tail -F handles them.
#include <gtest/gtest.h>
#include <stdio.h>

#include <fstream>

#include "file_source_reading.h"

namespace weir {
namespace {

void write_file(const std::string &path, const std::string &text, bool append) {
    std::ofstream out(path, append ? std::ios::app : std::ios::trunc);
    out << text;
}

std::string line(const std::string &city) { return "{\"city\":\"" + city + "\",\"ts\":\"2025-01-15T14:00:00Z\"}\n"; }

struct Followed {
    FileReadResult read;
    std::vector<std::string> notices;
    std::unique_ptr<FileSource> source;

    Followed(const std::string &path, const std::string &format) {
        SourceSpec spec = reading_spec(path, format, 0, Schema({{"city", TypeId::Text}, {"ts", TypeId::Timestamp}}), 1,
                                       &read);
        spec.options["follow"] = "true";
        spec.notice = [this](const std::string &message) { notices.push_back(message); };
        source = std::make_unique<FileSource>(spec);
        source->open();
    }
    // The cities of the rows that polls return until the source is idle.
    std::vector<std::string> poll_cities() {
        std::vector<std::string> cities;
        Batch batch;
        for (int polls = 0; polls < 100; polls++) {
            if (source->poll(batch) != Source::PollResult::Data) return cities;
            for (size_t r = 0; r < batch.size(); r++) cities.emplace_back(batch.columns[0].strings()[r]);
        }
        ADD_FAILURE() << "never idle";
        return cities;
    }
};

using Cities = std::vector<std::string>;

TEST(FileSourceFollowTest, CopyTruncateIsReadAgainFromTheStart) {
    std::string path = write_temp_file("app.log", line("A") + line("B") + line("C"));
    Followed followed(path, "json");
    EXPECT_EQ(followed.poll_cities(), (Cities{"A", "B", "C"}));
    // logrotate's copytruncate: the file is copied away and truncated; the writer goes on from its start.
    write_file(path, line("D"), false);
    EXPECT_EQ(followed.poll_cities(), (Cities{"D"}));
    write_file(path, line("E"), true);
    EXPECT_EQ(followed.poll_cities(), (Cities{"E"}));
    EXPECT_EQ(followed.notices,
              (Cities{"source `events`: file `" + path + "` was truncated; reading it again from the start"}));
    EXPECT_TRUE(followed.read.bad.empty());
}

TEST(FileSourceFollowTest, RenameAndNewFileReadsTheOldOneToItsEndThenTheNewOne) {
    std::string path = write_temp_file("app.log", line("A") + line("B"));
    Followed followed(path, "json");
    EXPECT_EQ(followed.poll_cities(), (Cities{"A", "B"}));
    write_file(path, line("C"), true);
    ASSERT_EQ(::rename(path.c_str(), (path + ".1").c_str()), 0);
    // The writer still holds the old file: its last lines (the very last without a newline) belong to it.
    std::string last = line("E");
    write_file(path + ".1", line("D") + last.substr(0, last.size() - 1), true);
    write_file(path, line("F"), false);
    EXPECT_EQ(followed.poll_cities(), (Cities{"C", "D", "E", "F"}));
    write_file(path, line("G"), true);
    EXPECT_EQ(followed.poll_cities(), (Cities{"G"}));
    EXPECT_EQ(followed.notices,
              (Cities{"source `events`: file `" + path + "` was replaced (rotated); reading the new file from its start"}));
    EXPECT_EQ(*followed.source->position(), "{\"file\":\"" + path + "\",\"offset\":" +
                                                 std::to_string(line("F").size() + line("G").size()) + ",\"line\":3}");
    EXPECT_TRUE(followed.read.bad.empty());
}

// CSV: a new file brings its own header; a truncated file goes on with the rows of the header read before.
TEST(FileSourceFollowTest, CsvHeaderAfterRotation) {
    std::string path = write_temp_file("app.csv", "city,ts\nA,2025-01-15T14:00:00Z\n");
    Followed followed(path, "csv");
    EXPECT_EQ(followed.poll_cities(), (Cities{"A"}));
    write_file(path, "B,2025-01-15T14:00:00Z\n", false);
    EXPECT_EQ(followed.poll_cities(), (Cities{"B"}));
    ASSERT_EQ(::rename(path.c_str(), (path + ".1").c_str()), 0);
    write_file(path, "ts,city\n2025-01-15T14:00:00Z,C\n", false);
    EXPECT_EQ(followed.poll_cities(), (Cities{"C"}));
    EXPECT_EQ(followed.notices.size(), 2u);
    EXPECT_TRUE(followed.read.bad.empty());
}

}  // namespace
}  // namespace weir
