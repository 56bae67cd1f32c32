// FileSource over a multi-megabyte CSV file with good, damaged, quoted and blank records, stray quotes inside
// fields and an unterminated quote at the end: the rows and the
// bad-record reports (path:line, reason, raw prefix) equal those of splitting the text by the quoting rule
// and decoding every record with CsvDecoder::decode_by_split, at every batch size and across resumes.
#include <gtest/gtest.h>

#include <random>

#include "connectors/formats/csv_decoder.h"
#include "file_source_reading.h"

namespace weir {
namespace {

Schema declared() {
    return Schema({{"city", TypeId::Text}, {"temp", TypeId::Double}, {"n", TypeId::BigInt}, {"ok", TypeId::Boolean},
                   {"ts", TypeId::Timestamp}, {"note", TypeId::Text}});
}

// The expected result: records split with the rule written out byte by byte (a '"' opens quotes only as
// a field's first byte, "" inside quotes is a quote, a '\n' outside quotes ends a record; the rest of the
// file is the last record, unless it ends inside quotes: then it is one malformed record and reading
// resumes at its second line), blank records skipped, the first non-blank one the header, each record
// decoded on its own by the general path.
FileReadResult record_by_record(const std::string &path, const std::string &text) {
    FileReadResult expected;
    CsvDecoder decoder(declared(), TimestampFormat::Iso, 4, ',');
    Batch batch;
    decoder.begin_batch(batch, 1);
    std::string reason;
    size_t begin = 3;  // after the BOM
    uint64_t line = 1;
    while (begin < text.size()) {
        uint64_t start_line = line;
        bool in_quotes = false;
        size_t end = begin;
        for (; end < text.size(); end++) {
            char c = text[end];
            if (in_quotes) {
                if (c == '"' && end + 1 < text.size() && text[end + 1] == '"') end++;
                else if (c == '"') in_quotes = false;
                else if (c == '\n') line++;
            } else if (c == '"' && (end == begin || text[end - 1] == ',')) {
                in_quotes = true;
            } else if (c == '\n') {
                break;
            }
        }
        if (in_quotes) {
            expected.bad.push_back(path + ":" + std::to_string(start_line) + "|unterminated quoted field|" +
                                   text.substr(begin, 200));
            size_t newline = text.find('\n', begin);
            if (newline == std::string::npos) break;
            begin = newline + 1;
            line = start_line + 1;
            continue;
        }
        std::string record = text.substr(begin, end - begin);
        begin = end + 1;
        line++;
        if (record.find_first_not_of(" \t\r") == std::string::npos) continue;
        if (!decoder.has_header()) {
            decoder.set_header(record);
            continue;
        }
        if (decoder.decode_by_split(record, batch, 0, reason)) {
            expected.rows.push_back(row_text(batch, 0));
        } else {
            expected.bad.push_back(path + ":" + std::to_string(start_line) + "|" + reason + "|" + record.substr(0, 200));
        }
    }
    return expected;
}

// One field of a record: mostly the common form, sometimes another valid or an invalid one.
std::string pick(std::mt19937 &random, const std::string &common, const std::vector<std::string> &others) {
    if (random() % 25 != 0) return common;
    return others[random() % others.size()];
}

std::string make_text() {
    std::mt19937 random(5);
    std::string text = "\xEF\xBB\xBF" "n,City,ts,temp,padding,ok\r\n";  // a BOM; `padding` names no column
    while (text.size() < (5u << 20)) {
        unsigned i = static_cast<unsigned>(random());
        std::string ts = "2025-01-15T14:" + std::to_string(10 + i % 50) + ":" + std::to_string(10 + i % 49) + ".5Z";
        std::string record =
            pick(random, std::to_string(i % 100000), {"", "-17", "+5", " 42 ", "1e3", "7.0", "2.5", "x",
                                                      "123456789012345678901", "\"9\""}) + "," +
            pick(random, "city-" + std::to_string(i % 50), {"", "\"a,b\"", "\"two\nlines\"", "\"say \"\"hi\"\"\"",
                                                            "\"\"", "mid\"quote", "\"open", " spaced "}) + "," +
            pick(random, ts, {"", "2025-01-15 14:00:00", "2025-01-15T14:00:00+02:00", "2025-13-15T14:00:00Z",
                              "2025-01-15T14:00:00.1234567Z", "soon", "\"" + ts + "\""}) + "," +
            pick(random, std::to_string(i % 400) + ".25", {"", "warm", "-1e-3", "1.2.3"}) + "," +
            std::string(i % 300, 'p') + "," + pick(random, "true", {"", "no", "maybe", "1"});
        switch (random() % 40) {
        case 0: record = record.substr(0, random() % record.size()); break;           // missing fields
        case 1: record += "," + record.substr(0, random() % record.size()); break;    // extra fields
        case 2: record[random() % record.size()] = ",\"\n\r \t"[random() % 6]; break;  // a stray byte
        case 3: record = "  \t"; break;                                                // blank
        case 4: record = ",,,,,"; break;                                               // all empty: no event time
        default: break;
        }
        text += record + (random() % 10 == 0 ? "\r\n" : "\n");
    }
    // A quote that is never closed: one malformed record, then the next line is read again.
    text += "8,\"never closed,2025-01-15T15:00:00Z,1.5,p,true\n";
    return text + "7,last,2025-01-15T15:00:00Z,1.5,p,true";  // no newline at the end
}

TEST(FileSourceCsvTest, RowsAndBadRecordsEqualRecordByRecordDecodingAndResumeExactly) {
    std::string text = make_text();
    std::string path = write_temp_file("events.csv", text);
    FileReadResult expected = record_by_record(path, text);
    ASSERT_NE(expected.bad.back().find("|unterminated quoted field|8,\"never closed,"), std::string::npos);
    ASSERT_EQ(expected.rows.back(), "last|1.5|7|true|2025-01-15 15:00:00|NULL|");
    expect_reads_as(path, "csv", declared(), 4, expected);
}

}  // namespace
}  // namespace weir
