// Collects what librdkafka reports from its own threads (errors, logs) for one client handle.
#pragma once

#include <mutex>
#include <string>

namespace weir {

// librdkafka calls the error and log callbacks from its background threads; this keeps the last
// error text (raw: mask it with KafkaClientConfig::mask before showing it) so a failure message can
// name the cause. Logs are swallowed: librdkafka would otherwise print to stderr. It is the handle's
// opaque pointer, so `owner` lets the rebalance and delivery callbacks find their source or sink.
// Thread-safe, except `owner`, which is set before the handle exists.
class KafkaClientEvents {
public:
    void *owner = nullptr;

    void set_last_error(std::string text) {
        std::lock_guard<std::mutex> lock(mutex_);
        last_error_ = std::move(text);
    }
    std::string last_error() const {
        std::lock_guard<std::mutex> lock(mutex_);
        return last_error_;
    }
    // True once librdkafka reported a fatal error (the client cannot continue).
    void set_fatal() {
        std::lock_guard<std::mutex> lock(mutex_);
        fatal_ = true;
    }
    bool fatal() const {
        std::lock_guard<std::mutex> lock(mutex_);
        return fatal_;
    }

private:
    mutable std::mutex mutex_;
    std::string last_error_;
    bool fatal_ = false;
};

}  // namespace weir
