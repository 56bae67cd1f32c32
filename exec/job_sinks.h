// A job's main sink and its side outputs, driven as one sink by the job driver and checkpointer.
#pragma once

#include <memory>

#include "connectors/sink.h"
#include "exec/side_outputs.h"

namespace weir {

// write() goes to the main sink only (query results); every lifecycle and checkpoint call goes to
// the main sink, then to the side outputs, so the side sinks are opened, flushed, checkpointed
// (prepare_checkpoint/commit_checkpoint with the same k) and closed with it. guarantee() and
// committed_checkpoint() are the main sink's: the job resumes where its results resume. close()
// closes the side outputs even when closing the main sink fails (and rethrows the first error).
class JobSinks : public Sink {
public:
    JobSinks(std::unique_ptr<Sink> main, std::unique_ptr<SideOutputs> side_outputs)
        : main_(std::move(main)), side_(std::move(side_outputs)) {}

    Sink &main() { return *main_; }
    SideOutputs &side_outputs() { return *side_; }

    void open() override;
    void write(const Batch &batch, ChangeKind kind) override { main_->write(batch, kind); }
    void flush() override;
    void close() override;

    SinkGuarantee guarantee() const override { return main_->guarantee(); }
    void enable_checkpoints() override;
    void prepare_checkpoint(int64_t k) override;
    // The main sink's checkpoint_data(), then each side sink's, in one string.
    std::string checkpoint_data() override;
    void commit_checkpoint(int64_t k, const std::string &positions) override;
    std::optional<int64_t> committed_checkpoint() override { return main_->committed_checkpoint(); }
    // Splits what checkpoint_data() joined ("" or an unreadable text: every sink gets "").
    void restore_checkpoint_data(const std::string &data) override;
    void restore_checkpoint(int64_t k) override;
    void reset_job() override;

private:
    std::unique_ptr<Sink> main_;
    std::unique_ptr<SideOutputs> side_;
};

}  // namespace weir
