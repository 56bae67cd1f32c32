// Finds where a CSV record ends in a text that may still grow, by RFC 4180 quoting as DuckDB and Python read it.
#pragma once

#include <cstddef>
#include <string_view>

namespace weir {

// The quoting rule: a '"' opens a quoted field only as the first byte of a field (at the record's start
// or right after a delimiter); inside a quoted field '""' is one quote and a single '"' closes it; a
// '"' anywhere else is an ordinary byte. A record ends at the first '\n' outside a quoted field.
// Scanning resumes where the previous call stopped, so a record that arrives in pieces costs linear
// time. A record without any '"' costs two memchr. Not thread-safe.
class CsvRecordScanner {
public:
    explicit CsvRecordScanner(char delimiter) : delimiter_(delimiter) {}

    // `data` starts at the record's first byte and holds at least the bytes given to the previous call
    // since reset(); only the new ones are looked at. Returns the index of the '\n' that ends the
    // record, or npos when `data` holds no complete record yet.
    size_t find_end(std::string_view data);
    // The '\n' bytes inside the record's quoted fields, up to where the last find_end stopped.
    size_t newlines() const { return newlines_; }
    // True when the scanned text ends inside a quoted field: without more text the record is unterminated.
    bool in_quotes() const { return state_ == State::Quoted; }
    // Starts a new record.
    void reset() {
        state_ = State::FieldStart;
        scanned_ = 0;
        newlines_ = 0;
    }

private:
    // Where the scan stands: at a field's first byte, elsewhere outside quotes, inside a quoted field, or
    // right after a '"' inside a quoted field (closing it, unless another '"' follows).
    enum class State { FieldStart, Unquoted, Quoted, QuoteInQuoted };

    char delimiter_;
    State state_ = State::FieldStart;
    size_t scanned_ = 0;
    size_t newlines_ = 0;
};

}  // namespace weir
