// Reads a file through FileSource whole and cut-and-resumed at several batch sizes, and compares the rows and
// bad-record reports with an expected record-by-record result (the JSON-lines and CSV whole-file tests).
#pragma once

#include <gtest/gtest.h>

#include <stdlib.h>

#include <cstdint>
#include <fstream>
#include <string>
#include <vector>

#include "common/value.h"
#include "connectors/file/file_source.h"

namespace weir {

struct FileReadResult {
    std::vector<std::string> rows;  // "v|v|...|"
    std::vector<std::string> bad;   // "where|reason|raw"
};

inline std::string row_text(const Batch &batch, size_t row) {
    std::string text;
    for (const auto &column : batch.columns) text += Value::from_column(column, row).to_string() + "|";
    return text;
}

// Writes `text` to a new temporary folder as `name`; returns the file's path.
inline std::string write_temp_file(const std::string &name, const std::string &text) {
    char pattern[] = "/tmp/weir-file-reading-XXXXXX";
    std::string path = std::string(::mkdtemp(pattern)) + "/" + name;
    std::ofstream(path) << text;
    return path;
}

// A file source over `path` reading every declared column; batch_size 0 keeps the default.
inline SourceSpec reading_spec(const std::string &path, const std::string &format, size_t batch_size,
                               const Schema &declared, size_t event_time, FileReadResult *result) {
    SourceSpec spec;
    spec.name = "events";
    spec.connector = "file";
    spec.options = {{"path", path}, {"format", format}};
    if (batch_size > 0) spec.options["batch_size"] = std::to_string(batch_size);
    spec.declared = declared;
    for (size_t c = 0; c < declared.size(); c++) spec.projection.push_back(c);
    spec.event_time = event_time;
    spec.on_bad_record = [result](const BadRecord &record) {
        result->bad.push_back(record.where + "|" + record.reason + "|" + record.raw);
    };
    return spec;
}

// Reads up to `max_polls` Data polls into `result`; true when the source ran out first.
inline bool read_polls(Source &source, size_t max_polls, FileReadResult &result) {
    Batch batch;
    for (size_t polls = 0; polls < max_polls; polls++) {
        if (source.poll(batch) != Source::PollResult::Data) return true;
        for (size_t r = 0; r < batch.size(); r++) result.rows.push_back(row_text(batch, r));
    }
    return false;
}

// At batch sizes 1, 7 and the default: the whole file, and the file cut after 1, 3, 40, 1001 and 9000
// polls and resumed from position() in a new source, give exactly `expected`, which must hold over
// 10000 rows and 500 bad records (so that reads cross blocks and batches, and damage is exercised).
inline void expect_reads_as(const std::string &path, const std::string &format, const Schema &declared,
                            size_t event_time, const FileReadResult &expected) {
    ASSERT_GT(expected.rows.size(), 10000u);
    ASSERT_GT(expected.bad.size(), 500u);
    for (size_t batch_size : {size_t(1), size_t(7), size_t(0)}) {
        FileReadResult whole;
        FileSource source(reading_spec(path, format, batch_size, declared, event_time, &whole));
        source.open();
        ASSERT_TRUE(read_polls(source, SIZE_MAX, whole));
        EXPECT_EQ(whole.rows, expected.rows) << "batch_size " << batch_size;
        EXPECT_EQ(whole.bad, expected.bad) << "batch_size " << batch_size;

        for (size_t polls : {size_t(1), size_t(3), size_t(40), size_t(1001), size_t(9000)}) {
            FileReadResult cut;
            std::string position;
            {
                FileSource first(reading_spec(path, format, batch_size, declared, event_time, &cut));
                first.open();
                if (read_polls(first, polls, cut)) continue;
                position = *first.position();
            }
            FileSource second(reading_spec(path, format, batch_size, declared, event_time, &cut));
            second.restore_position(position);
            second.open();
            ASSERT_TRUE(read_polls(second, SIZE_MAX, cut));
            EXPECT_EQ(cut.rows, expected.rows) << "batch_size " << batch_size << ", cut after " << polls;
            EXPECT_EQ(cut.bad, expected.bad) << "batch_size " << batch_size << ", cut after " << polls;
        }
    }
}

}  // namespace weir
