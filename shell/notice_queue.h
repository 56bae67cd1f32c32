// Collects engine notices (from job threads) so the REPL prints them where they do not break a redraw.
#pragma once

#include <mutex>
#include <string>
#include <vector>

namespace weir_shell {

class NoticeQueue {
public:
    // A weir_notice_fn: context is the NoticeQueue. Thread-safe.
    static void callback(void *context, const char *message);
    // Removes and returns every queued notice, oldest first.
    std::vector<std::string> take();
    // Prints every queued notice to stderr as "weir: message" lines.
    void print_all();

private:
    std::mutex mutex_;
    std::vector<std::string> messages_;
};

}  // namespace weir_shell
