// The side sinks of one job: its source's dead letters (option dlq) and its late rows (option late).
#pragma once

#include <cstdint>
#include <memory>
#include <string>
#include <vector>

#include "common/schema.h"
#include "connectors/sink.h"
#include "connectors/source.h"
#include "exec/dead_letter_rows.h"
#include "exec/late_row_handler.h"

namespace weir {

// Owned by the job (through JobSinks) and used only on its driver thread:
// - report() keeps a bad record (the source calls it through SourceSpec::on_bad_record during
//   poll()); write_pending(), called by the driver after each poll, writes what was kept as one
//   batch of DeadLetterRows::schema() rows (job and source names, detection time) to the
//   dead-letter sink. Without a dead-letter sink report() does nothing.
// - late_rows() (LateRowHandler) writes the late rows at once to the late sink, in
//   late_schema(input): the window aggregation's input columns, then `watermark`.
// - The lifecycle calls apply to every side sink, in the order the main sink gets them (JobSinks
//   drives both); close() closes each opened sink once even if one fails, then rethrows the first
//   error.
// The sinks are written with ChangeKind::Insert.
class SideOutputs : public LateRowHandler {
public:
    SideOutputs(std::string job, std::string source);

    // `sink` was made with a SinkSpec whose schema is DeadLetterRows::schema().
    void set_dead_letter_sink(std::unique_ptr<Sink> sink);
    // `sink` was made with a SinkSpec whose schema is late_schema(<the window's input>).
    void set_late_sink(std::unique_ptr<Sink> sink);
    // `input` plus a TIMESTAMP column `watermark` (`late_watermark` if input has a `watermark`).
    static Schema late_schema(const Schema &input);

    bool has_dead_letter_sink() const { return dead_letters_ != nullptr; }
    bool has_late_sink() const { return late_ != nullptr; }

    void report(const BadRecord &record);
    void write_pending();
    void late_rows(const Batch &batch, const std::vector<uint32_t> &rows,
                   const std::vector<int64_t> &watermarks) override;

    void enable_checkpoints();
    void open();
    void flush();
    // Writes pending dead letters first, so they belong to checkpoint k.
    void prepare_checkpoint(int64_t k);
    void commit_checkpoint(int64_t k, const std::string &positions);
    // One Sink::checkpoint_data() per side sink (dead letters, then late rows), and back.
    std::vector<std::string> checkpoint_data();
    size_t sink_count() const { return sinks().size(); }
    void restore_checkpoint_data(const std::vector<std::string> &data);
    void restore_checkpoint(int64_t k);
    void close();

private:
    std::vector<Sink *> sinks() const;

    std::string job_;
    std::string source_;
    std::unique_ptr<Sink> dead_letters_;
    std::unique_ptr<Sink> late_;
    DeadLetterRows pending_;
    Batch late_batch_;
    size_t opened_ = 0;  // sinks()[0..opened_) were opened and are not closed yet
};

}  // namespace weir
