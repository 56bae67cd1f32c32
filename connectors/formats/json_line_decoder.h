// Decodes one JSON object per line into a row of typed output columns (simdjson On-Demand).
#pragma once

#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "common/batch.h"
#include "common/schema.h"
#include "connectors/formats/timestamp_format.h"

namespace weir {

// Typing rules: keys match the output column names case-insensitively (the last duplicate wins),
// other keys are ignored; a missing key or JSON null gives NULL; numbers fill BIGINT (a fraction is
// malformed) and DOUBLE; TEXT takes a string, or the text of a number/boolean/object/array; BOOLEAN
// takes true/false; TIMESTAMP takes an ISO-8601 string (any format) or an epoch number (epoch_*
// formats); INTERVAL takes a duration string ('5m') or integer microseconds. A line that is not one
// JSON object, has a wrongly typed field, or has a NULL/missing event-time column is malformed.
// Each line is decoded as if on its own (decode_in_block parses runs of lines but falls back to the line
// whenever that could differ), so a truncated line never swallows the next one. Not thread-safe.
class JsonLineDecoder {
public:
    // `output`: the columns to fill, in order. `event_time`: index into `output` that must be non-NULL.
    JsonLineDecoder(Schema output, TimestampFormat timestamp_format, std::optional<size_t> event_time);
    ~JsonLineDecoder();
    JsonLineDecoder(const JsonLineDecoder &) = delete;
    JsonLineDecoder &operator=(const JsonLineDecoder &) = delete;

    // Replaces the columns of `out` with empty columns of the output types, `capacity` rows each, a
    // fresh string arena, no selection and no row watermarks.
    void begin_batch(Batch &out, size_t capacity) const;
    // Decodes `line` into physical row `row` of `out` (prepared by begin_batch). Returns false and
    // sets `reason` ("field `temp`: expected a number but found a string") when malformed; the row's
    // content is then unspecified and the caller reuses it for the next line.
    // `readable_after`: how many bytes after the end of `line` the caller guarantees readable (their
    // content does not matter). With at least kPadding the line is parsed in place; otherwise it is
    // first copied into a padded buffer. Results are the same either way.
    bool decode(std::string_view line, Batch &out, size_t row, std::string &reason, size_t readable_after = 0);
    // decode() for a caller that reads lines out of one text block: `line` (without its newline) lies
    // in `block`, the caller's whole readable text, and successive calls hand over successive lines
    // of the block, leaving out only blank ones. Lines are parsed a run at a time (stage 1 once per run
    // of whole lines instead of once per line); rows and reasons are those of decode(line, ...,
    // readable_after = the bytes of `block` after `line`).
    bool decode_in_block(std::string_view block, std::string_view line, Batch &out, size_t row,
                         std::string &reason);
    // Must be called before the text of the block passed to decode_in_block moves or changes.
    void forget_block();
    // Readable bytes after a line that let decode() skip the copy (simdjson's padding).
    static constexpr size_t kPadding = 64;
    // Sets the final row count of `out`.
    static void end_batch(Batch &out, size_t rows) { out.set_size(rows); }

    const Schema &output() const { return output_; }

private:
    // The simdjson parser lives in the .cpp so that includers need neither simdjson nor its defines.
    struct Parser;
    int find_column(std::string_view key) const;
    // Fills row `row` from a parsed document (one line, or one of a run); `after` is set to the first
    // token after the object, nullptr at the end of the input. Defined (and instantiated) in the .cpp.
    template <typename Document>
    bool decode_document(Document &document, Batch &out, size_t row, std::string &reason, const char *&after);
    bool event_time_present(const Batch &out, size_t row, std::string &reason) const;
    // decode_in_block: starts a run of lines at `start`; false when none fits (then decode() is used).
    bool start_chunk(std::string_view block, const char *start);
    // find_column through known_keys_: the column of the `field_index`-th key of an object.
    int column_of(size_t field_index, std::string_view key);

    // The key last seen at each field position of a line and its column (-1: not an output column).
    struct KnownKey {
        std::string key;
        int column;
        bool plain;  // no quote or backslash in `key`: decode_document compares the raw key text with it
    };
    static constexpr size_t kKnownKeys = 64;

    Schema output_;
    TimestampFormat timestamp_format_;
    std::optional<size_t> event_time_;
    std::vector<std::string> lower_names_;
    std::unique_ptr<Parser> parser_;
    std::vector<char> buffer_;
    std::vector<KnownKey> known_keys_;
};

}  // namespace weir
