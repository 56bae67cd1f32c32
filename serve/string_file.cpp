// StringFile: fopencookie whose write function appends to a std::string.
#include "serve/string_file.h"

#include <new>

namespace weir_serve {

namespace {

ssize_t append(void *cookie, const char *data, size_t size) {
    static_cast<std::string *>(cookie)->append(data, size);
    return static_cast<ssize_t>(size);
}

}  // namespace

StringFile::StringFile() {
    cookie_io_functions_t functions{};
    functions.write = append;
    file_ = fopencookie(&text_, "w", functions);
    if (!file_) throw std::bad_alloc();
}

StringFile::~StringFile() { std::fclose(file_); }

const std::string &StringFile::text() {
    std::fflush(file_);
    return text_;
}

std::string StringFile::take() {
    std::fflush(file_);
    std::string out;
    out.swap(text_);
    return out;
}

}  // namespace weir_serve
