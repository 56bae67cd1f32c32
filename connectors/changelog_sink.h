// A sink option `changelog = 'true'`: every change of the result is appended with an `op` column.
#pragma once

#include <memory>

#include "connectors/sink.h"

namespace weir {

// Wraps the sink the option was set on. The wrapped sink's spec.schema is the query's columns plus
// a last TEXT column `op`; write(batch, kind) hands it the batch's live rows with op set to the
// kind's code (change_kind_code: "+I", "+U", "-D") as Insert rows, so an append-only sink (file,
// s3, kafka, redis stream, stdout) stores the change stream itself (docs/changelog.md). Every
// other call, the bad-row handler included, goes to the wrapped sink.
class ChangelogSink : public Sink {
public:
    explicit ChangelogSink(std::unique_ptr<Sink> inner) : inner_(std::move(inner)) {}

    void open() override { inner_->open(); }
    void write(const Batch &batch, ChangeKind kind) override;
    void flush() override { inner_->flush(); }
    void close() override { inner_->close(); }
    bool applies_changes() const override { return false; }

    SinkGuarantee guarantee() const override { return inner_->guarantee(); }
    void enable_checkpoints() override { inner_->enable_checkpoints(); }
    void prepare_checkpoint(int64_t k) override { inner_->prepare_checkpoint(k); }
    std::string checkpoint_data() override { return inner_->checkpoint_data(); }
    void commit_checkpoint(int64_t k, const std::string &positions) override { inner_->commit_checkpoint(k, positions); }
    std::optional<int64_t> committed_checkpoint() override { return inner_->committed_checkpoint(); }
    void restore_checkpoint_data(const std::string &data) override { inner_->restore_checkpoint_data(data); }
    void restore_checkpoint(int64_t k) override { inner_->restore_checkpoint(k); }
    void reset_job() override { inner_->reset_job(); }
    void set_bad_row_handler(std::function<void(const BadRecord &)> handler) override {
        inner_->set_bad_row_handler(std::move(handler));
    }

    // True if `options` (a sink's WITH options, lower-case keys) hold changelog = 'true'; throws
    // WeirError(Bind) for a value other than 'true' or 'false'.
    static bool requested(const std::map<std::string, std::string> &options);

private:
    std::unique_ptr<Sink> inner_;
    Batch out_;
};

}  // namespace weir
