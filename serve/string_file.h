// A stdio FILE that appends what is written to it to a string, so printers that write to a FILE
// (the shell's ResultPrinter) can fill HTTP responses.
#pragma once

#include <cstdio>
#include <string>

namespace weir_serve {

// Owns the FILE; not thread-safe (one request uses one). text() holds everything written and
// flushed since the last take().
class StringFile {
public:
    StringFile();
    ~StringFile();
    StringFile(const StringFile &) = delete;
    StringFile &operator=(const StringFile &) = delete;

    FILE *file() { return file_; }
    // What was written so far (flushes the FILE first).
    const std::string &text();
    // Returns and forgets what was written so far.
    std::string take();

private:
    std::string text_;
    FILE *file_ = nullptr;
};

}  // namespace weir_serve
