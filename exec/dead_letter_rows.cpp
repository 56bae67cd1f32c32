// The dead-letter row layout and UTF-8 repair of raw record bytes.
#include "exec/dead_letter_rows.h"

#include <chrono>

#include "common/utf8.h"

namespace weir {

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
        size_t length = utf8_sequence_length(text, i);
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
