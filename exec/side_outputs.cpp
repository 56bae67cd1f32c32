// Buffering dead letters, copying late rows, and the lifecycle of a job's side sinks.
#include "exec/side_outputs.h"

#include <exception>

#include "exec/column_gather.h"

namespace weir {

SideOutputs::SideOutputs(std::string job, std::string source) : job_(std::move(job)), source_(std::move(source)) {}

void SideOutputs::set_dead_letter_sink(std::unique_ptr<Sink> sink) { dead_letters_ = std::move(sink); }

void SideOutputs::set_late_sink(std::unique_ptr<Sink> sink) { late_ = std::move(sink); }

Schema SideOutputs::late_schema(const Schema &input) {
    Schema schema = input;
    schema.add(input.find("watermark") ? "late_watermark" : "watermark", TypeId::Timestamp);
    return schema;
}

std::vector<Sink *> SideOutputs::sinks() const {
    std::vector<Sink *> out;
    if (dead_letters_) out.push_back(dead_letters_.get());
    if (late_) out.push_back(late_.get());
    return out;
}

void SideOutputs::report(const BadRecord &record) {
    if (!dead_letters_) return;
    pending_.add(source_, job_, record, DeadLetterRows::now());
}

void SideOutputs::write_pending() {
    if (pending_.empty()) return;
    Batch batch = pending_.take();
    dead_letters_->write(batch, ChangeKind::Insert);
}

void SideOutputs::late_rows(const Batch &batch, const std::vector<uint32_t> &rows,
                            const std::vector<int64_t> &watermarks) {
    if (!late_ || rows.empty()) return;
    size_t count = rows.size();
    late_batch_.clear();
    late_batch_.columns.resize(batch.columns.size() + 1);
    StringArena &arena = late_batch_.arena();
    for (size_t c = 0; c < batch.columns.size(); c++) {
        late_batch_.columns[c].reset(batch.columns[c].type(), count);
        ColumnGather::gather(batch.columns[c], rows.data(), count, late_batch_.columns[c], 0, &arena);
    }
    ColumnVector &watermark = late_batch_.columns.back();
    watermark.reset(TypeId::Timestamp, count);
    for (size_t i = 0; i < count; i++) watermark.ints()[i] = watermarks[i];
    late_batch_.set_size(count);
    late_->write(late_batch_, ChangeKind::Insert);
}

void SideOutputs::enable_checkpoints() {
    for (Sink *sink : sinks()) sink->enable_checkpoints();
}

void SideOutputs::open() {
    for (Sink *sink : sinks()) {
        sink->open();
        opened_++;
    }
}

void SideOutputs::flush() {
    write_pending();
    for (Sink *sink : sinks()) sink->flush();
}

void SideOutputs::prepare_checkpoint(int64_t k) {
    write_pending();
    for (Sink *sink : sinks()) sink->prepare_checkpoint(k);
}

void SideOutputs::commit_checkpoint(int64_t k, const std::string &positions) {
    for (Sink *sink : sinks()) sink->commit_checkpoint(k, positions);
}

std::vector<std::string> SideOutputs::checkpoint_data() {
    std::vector<std::string> out;
    for (Sink *sink : sinks()) out.push_back(sink->checkpoint_data());
    return out;
}

void SideOutputs::restore_checkpoint_data(const std::vector<std::string> &data) {
    std::vector<Sink *> all = sinks();
    for (size_t i = 0; i < all.size() && i < data.size(); i++) all[i]->restore_checkpoint_data(data[i]);
}

void SideOutputs::restore_checkpoint(int64_t k) {
    for (Sink *sink : sinks()) sink->restore_checkpoint(k);
}

void SideOutputs::close() {
    if (opened_ == 0) return;
    std::exception_ptr first;
    try {
        write_pending();
    } catch (...) {
        first = std::current_exception();
    }
    std::vector<Sink *> open_sinks = sinks();
    open_sinks.resize(opened_);
    opened_ = 0;
    for (Sink *sink : open_sinks) {
        try {
            sink->close();
        } catch (...) {
            if (!first) first = std::current_exception();
        }
    }
    if (first) std::rethrow_exception(first);
}

}  // namespace weir
