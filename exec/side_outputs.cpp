// Buffering dead letters, copying late rows, and the lifecycle of a job's side sinks.
#include "exec/side_outputs.h"

#include <exception>


namespace weir {

SideOutputs::SideOutputs(std::string job, std::string source) : job_(std::move(job)), source_(std::move(source)) {}

void SideOutputs::set_dead_letter_sink(std::unique_ptr<Sink> sink) { dead_letters_ = std::move(sink); }

void SideOutputs::set_late_sink(std::unique_ptr<Sink> sink, const Schema &input, size_t event_time) {
    late_ = std::move(sink);
    late_encoder_ = std::make_unique<JsonLineEncoder>(input);
    late_event_time_ = event_time;
}

const Schema &SideOutputs::late_schema() {
    static const Schema schema = [] {
        Schema out;
        out.add("source", TypeId::Text);
        out.add("job", TypeId::Text);
        out.add("row", TypeId::Text);
        out.add("event_time", TypeId::Timestamp);
        out.add("watermark", TypeId::Timestamp);
        out.add("at", TypeId::Timestamp);
        return out;
    }();
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
    const Schema &schema = late_schema();
    late_batch_.clear();
    late_batch_.columns.resize(schema.size());
    for (size_t c = 0; c < schema.size(); c++) late_batch_.columns[c].reset(schema[c].type, count);
    StringArena &arena = late_batch_.arena();
    std::string_view source = arena.add(source_), job = arena.add(job_);
    const ColumnVector &times = batch.columns[late_event_time_];
    int64_t found_at = DeadLetterRows::now();
    for (size_t i = 0; i < count; i++) {
        late_text_.clear();
        late_encoder_->append_row(batch, rows[i], late_text_);
        late_batch_.columns[0].strings()[i] = source;
        late_batch_.columns[1].strings()[i] = job;
        late_batch_.columns[2].strings()[i] = arena.add(late_text_);
        if (times.is_null(rows[i])) late_batch_.columns[3].set_null(i);
        else late_batch_.columns[3].ints()[i] = times.ints()[rows[i]];
        late_batch_.columns[4].ints()[i] = watermarks[i];
        late_batch_.columns[5].ints()[i] = found_at;
    }
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

void SideOutputs::reset_job() {
    for (Sink *sink : sinks()) sink->reset_job();
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
