// Appending the op column to each written batch.
#include "connectors/changelog_sink.h"

#include "connectors/option_reader.h"

namespace weir {

bool ChangelogSink::requested(const std::map<std::string, std::string> &options) {
    auto it = options.find("changelog");
    if (it == options.end()) return false;
    return OptionReader("sink", options).boolean("changelog", false);
}

void ChangelogSink::write(const Batch &batch, ChangeKind kind) {
    if (batch.live_count() == 0) return;
    // Columns are copied (their TEXT values stay views into the batch's arenas, shared below): an
    // updating result is one row per changed group, so this is no hot path.
    out_.columns = batch.columns;
    out_.arenas = batch.arenas;
    size_t size = batch.size();
    out_.columns.emplace_back(TypeId::Text, size);
    std::string_view code = change_kind_code(kind);
    std::string_view *ops = out_.columns.back().strings();
    for (size_t i = 0; i < size; i++) ops[i] = code;
    out_.set_size(size);
    if (batch.has_selection()) out_.set_selection(batch.selection());
    inner_->write(out_, ChangeKind::Insert);
    out_.clear();
}

}  // namespace weir
