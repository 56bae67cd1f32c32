// The dead-letter row layout and UTF-8 repair of raw record bytes.
#include "exec/dead_letter_rows.h"

#include <chrono>

namespace weir {

namespace {

// Length of the well-formed UTF-8 sequence starting at text[i] (RFC 3629: no overlongs, no
// surrogates, nothing above U+10FFFF), or 0 when the byte there does not start one.
size_t sequence_length(std::string_view text, size_t i) {
    auto byte = [&](size_t k) { return static_cast<unsigned char>(text[k]); };
    unsigned char c = byte(i);
    if (c < 0x80) return 1;
    size_t length = 0;
    unsigned char low = 0x80, high = 0xBF;  // the allowed range of the second byte
    if (c >= 0xC2 && c <= 0xDF) length = 2;
    else if (c == 0xE0) length = 3, low = 0xA0;
    else if (c >= 0xE1 && c <= 0xEC) length = 3;
    else if (c == 0xED) length = 3, high = 0x9F;
    else if (c >= 0xEE && c <= 0xEF) length = 3;
    else if (c == 0xF0) length = 4, low = 0x90;
    else if (c >= 0xF1 && c <= 0xF3) length = 4;
    else if (c == 0xF4) length = 4, high = 0x8F;
    else return 0;
    if (i + length > text.size()) return 0;
    if (byte(i + 1) < low || byte(i + 1) > high) return 0;
    for (size_t k = 2; k < length; k++) {
        if (byte(i + k) < 0x80 || byte(i + k) > 0xBF) return 0;
    }
    return length;
}

}  // namespace

const Schema &DeadLetterRows::schema() {
    static const Schema schema = [] {
        Schema out;
        out.add("source", TypeId::Text);
        out.add("location", TypeId::Text);
        out.add("reason", TypeId::Text);
        out.add("raw", TypeId::Text);
        out.add("job", TypeId::Text);
        out.add("at", TypeId::Timestamp);
        return out;
    }();
    return schema;
}

std::string DeadLetterRows::valid_utf8(std::string_view text) {
    std::string out;
    out.reserve(text.size());
    size_t i = 0;
    while (i < text.size()) {
        size_t length = sequence_length(text, i);
        if (length == 0) {
            out += "\xEF\xBF\xBD";
            i++;
            continue;
        }
        out.append(text.data() + i, length);
        i += length;
    }
    return out;
}

int64_t DeadLetterRows::now() {
    return std::chrono::duration_cast<std::chrono::microseconds>(std::chrono::system_clock::now().time_since_epoch())
        .count();
}

void DeadLetterRows::add(const std::string &source, const std::string &job, const BadRecord &record, int64_t at) {
    rows_.push_back(Row{valid_utf8(source), valid_utf8(record.where), valid_utf8(record.reason),
                        valid_utf8(record.raw), valid_utf8(job), at});
}

Batch DeadLetterRows::take() {
    Batch batch;
    const Schema &columns = schema();
    size_t count = rows_.size();
    batch.columns.resize(columns.size());
    for (size_t c = 0; c < columns.size(); c++) batch.columns[c].reset(columns[c].type, count);
    batch.set_size(count);
    StringArena &arena = batch.arena();
    for (size_t r = 0; r < count; r++) {
        const Row &row = rows_[r];
        batch.columns[0].strings()[r] = arena.add(row.source);
        batch.columns[1].strings()[r] = arena.add(row.location);
        batch.columns[2].strings()[r] = arena.add(row.reason);
        batch.columns[3].strings()[r] = arena.add(row.raw);
        batch.columns[4].strings()[r] = arena.add(row.job);
        batch.columns[5].ints()[r] = row.at;
    }
    rows_.clear();
    return batch;
}

}  // namespace weir
