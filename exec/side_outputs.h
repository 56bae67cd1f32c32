// The side sinks of one job: its source's dead letters (option dlq) and its late rows (option late).
#pragma once

#include <cstdint>
#include <memory>
#include <string>
#include <vector>

#include "common/schema.h"
#include "connectors/formats/json_line_encoder.h"
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
// - late_rows() (LateRowHandler) writes the late rows at once to the late sink, in the fixed
//   late_schema() whatever the query reads, so jobs with different columns can share one late sink
//   as they share one dead-letter sink: source and job names, the row as a JSON object text (the
//   window aggregation's input columns, as the JSON encoder writes them), its event time, the
//   watermark that made it late, and the wall-clock time it was found.
// - The lifecycle calls apply to every side sink, in the order the main sink gets them (JobSinks
//   drives both); close() closes each opened sink once even if one fails, then rethrows the first
//   error.
// The sinks are written with ChangeKind::Insert.
class SideOutputs : public LateRowHandler {
public:
    SideOutputs(std::string job, std::string source);

    // `sink` was made with a SinkSpec whose schema is DeadLetterRows::schema().
    void set_dead_letter_sink(std::unique_ptr<Sink> sink);
    // `sink` was made with a SinkSpec whose schema is late_schema(); late rows arrive in `input` (the
    // window aggregation's input) with their event time in column `event_time`.
    void set_late_sink(std::unique_ptr<Sink> sink, const Schema &input, size_t event_time);
    // source TEXT, job TEXT, row TEXT, event_time TIMESTAMP, watermark TIMESTAMP, at TIMESTAMP.
    static const Schema &late_schema();

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
    void reset_job();
    void close();

private:
    std::vector<Sink *> sinks() const;

    std::string job_;
    std::string source_;
    std::unique_ptr<Sink> dead_letters_;
    std::unique_ptr<Sink> late_;
    std::unique_ptr<JsonLineEncoder> late_encoder_;  // the late rows' input columns as JSON
    size_t late_event_time_ = 0;
    std::string late_text_;
    DeadLetterRows pending_;
    Batch late_batch_;
    size_t opened_ = 0;  // sinks()[0..opened_) were opened and are not closed yet
};

}  // namespace weir
