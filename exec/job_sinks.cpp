// Forwarding the sink lifecycle to a job's main sink and its side outputs.
#include "exec/job_sinks.h"

#include <exception>

namespace weir {

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

void JobSinks::restore_checkpoint(int64_t k) {
    main_->restore_checkpoint(k);
    side_->restore_checkpoint(k);
}

void JobSinks::reset_job() {
    main_->reset_job();
    side_->reset_job();
}

}  // namespace weir
