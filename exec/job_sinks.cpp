// Forwarding the sink lifecycle to a job's main sink and its side outputs.
#include "exec/job_sinks.h"

#include <exception>
#include <vector>

#include "common/state_reader.h"
#include "common/state_writer.h"
#include "common/weir_error.h"

namespace weir {

namespace {
constexpr const char *kTag = "job-sinks";
}  // namespace

void JobSinks::open() {
    main_->open();
    side_->open();
}

void JobSinks::flush() {
    main_->flush();
    side_->flush();
}

void JobSinks::close() {
    std::exception_ptr first;
    try {
        main_->close();
    } catch (...) {
        first = std::current_exception();
    }
    try {
        side_->close();
    } catch (...) {
        if (!first) first = std::current_exception();
    }
    if (first) std::rethrow_exception(first);
}

void JobSinks::enable_checkpoints() {
    main_->enable_checkpoints();
    side_->enable_checkpoints();
}

void JobSinks::prepare_checkpoint(int64_t k) {
    main_->prepare_checkpoint(k);
    side_->prepare_checkpoint(k);
}

void JobSinks::commit_checkpoint(int64_t k, const std::string &positions) {
    main_->commit_checkpoint(k, positions);
    side_->commit_checkpoint(k, positions);
}

std::string JobSinks::checkpoint_data() {
    std::vector<std::string> parts = side_->checkpoint_data();
    parts.insert(parts.begin(), main_->checkpoint_data());
    StateWriter out;
    out.write_tag(kTag);
    out.write_u64(parts.size());
    for (const auto &part : parts) out.write_string(part);
    return out.take();
}

void JobSinks::restore_checkpoint_data(const std::string &data) {
    std::vector<std::string> parts;
    if (!data.empty()) {
        try {
            StateReader in(data);
            in.expect_tag(kTag);
            size_t count = in.read_count(64);
            for (size_t i = 0; i < count; i++) parts.push_back(in.read_string());
        } catch (const WeirError &) {
            parts.clear();
        }
    }
    parts.resize(1 + side_->sink_count());
    main_->restore_checkpoint_data(parts[0]);
    side_->restore_checkpoint_data(std::vector<std::string>(parts.begin() + 1, parts.end()));
}

void JobSinks::restore_checkpoint(int64_t k) {
    main_->restore_checkpoint(k);
    side_->restore_checkpoint(k);
}

void JobSinks::reset_job() {
    main_->reset_job();
    side_->reset_job();
}

}  // namespace weir
