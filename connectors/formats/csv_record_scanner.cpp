// The CSV record-end scan: memchr for newlines and quotes, byte rules only around quotes.
#include "connectors/formats/csv_record_scanner.h"

#include <algorithm>
#include <cstring>

namespace weir {

size_t CsvRecordScanner::find_end(std::string_view data) {
    const char *p = data.data();
    const size_t n = data.size();
    size_t i = scanned_;
    while (i < n) {
        if (state_ == State::Quoted) {
            const void *quote = std::memchr(p + i, '"', n - i);
            size_t stop = quote != nullptr ? static_cast<size_t>(static_cast<const char *>(quote) - p) : n;
            newlines_ += static_cast<size_t>(std::count(p + i, p + stop, '\n'));
            if (quote == nullptr) {
                i = n;
                break;
            }
            state_ = State::QuoteInQuoted;
            i = stop + 1;
            continue;
        }
        if (state_ == State::QuoteInQuoted) {
            if (p[i] == '"') {  // "" inside quotes: one quote, still quoted
                state_ = State::Quoted;
                i++;
                continue;
            }
            state_ = State::Unquoted;  // closed; p[i] is read by the rule outside quotes
        }
        // Outside quotes: the record ends at the next newline unless a field before it starts with '"'.
        const void *newline = std::memchr(p + i, '\n', n - i);
        size_t line_end = newline != nullptr ? static_cast<size_t>(static_cast<const char *>(newline) - p) : n;
        size_t q = i;
        bool opened = false;
        while (q < line_end) {
            const void *quote = std::memchr(p + q, '"', line_end - q);
            if (quote == nullptr) break;
            q = static_cast<size_t>(static_cast<const char *>(quote) - p);
            if (q == i ? state_ == State::FieldStart : p[q - 1] == delimiter_) {
                opened = true;
                break;
            }
            q++;
        }
        if (opened) {
            state_ = State::Quoted;
            i = q + 1;
            continue;
        }
        if (newline != nullptr) {
            scanned_ = line_end;
            return line_end;
        }
        if (line_end > i) state_ = p[line_end - 1] == delimiter_ ? State::FieldStart : State::Unquoted;
        i = line_end;
    }
    scanned_ = i;
    return std::string_view::npos;
}

}  // namespace weir
