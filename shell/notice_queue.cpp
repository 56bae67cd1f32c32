// Thread-safe queue of engine notices.
#include "shell/notice_queue.h"

#include <cstdio>

namespace weir_shell {

void NoticeQueue::callback(void *context, const char *message) {
    auto *queue = static_cast<NoticeQueue *>(context);
    std::lock_guard<std::mutex> lock(queue->mutex_);
    if (queue->messages_.size() < 1000) queue->messages_.push_back(message ? message : "");
}

std::vector<std::string> NoticeQueue::take() {
    std::lock_guard<std::mutex> lock(mutex_);
    std::vector<std::string> out;
    out.swap(messages_);
    return out;
}

void NoticeQueue::print_all() {
    for (const auto &message : take()) std::fprintf(stderr, "weir: %s\n", message.c_str());
    std::fflush(stderr);
}

}  // namespace weir_shell
