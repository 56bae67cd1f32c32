// Writing and strictly parsing S3 sink object file names.
#include "connectors/s3/s3_object_name.h"

namespace weir {
namespace {

constexpr size_t kMaxDigits = 18;  // always fits an int64_t

// Reads a plain decimal number at `at`, advancing it; nullopt when there is none or it is malformed.
std::optional<int64_t> number_at(const std::string &text, size_t &at) {
    size_t begin = at;
    while (at < text.size() && text[at] >= '0' && text[at] <= '9') at++;
    size_t length = at - begin;
    if (length == 0 || length > kMaxDigits) return std::nullopt;
    if (length > 1 && text[begin] == '0') return std::nullopt;
    int64_t value = 0;
    for (size_t i = begin; i < at; i++) value = value * 10 + (text[i] - '0');
    return value;
}

bool is_extension(const std::string &text) {
    for (const char *format : {".json", ".csv"}) {
        for (const char *compression : {"", ".gz", ".zst"}) {
            if (text == std::string(format) + compression) return true;
        }
    }
    return false;
}

}  // namespace

std::string S3ObjectName::format(const std::string &job, int64_t checkpoint, int64_t n, const std::string &extension) {
    return job + "-" + std::to_string(checkpoint) + "-" + std::to_string(n) + extension;
}

std::optional<S3ObjectName> S3ObjectName::parse(const std::string &file_name, const std::string &job) {
    if (job.empty() || file_name.size() <= job.size() + 1) return std::nullopt;
    if (file_name.compare(0, job.size(), job) != 0 || file_name[job.size()] != '-') return std::nullopt;
    size_t at = job.size() + 1;
    std::optional<int64_t> checkpoint = number_at(file_name, at);
    if (!checkpoint || at >= file_name.size() || file_name[at] != '-') return std::nullopt;
    at++;
    std::optional<int64_t> n = number_at(file_name, at);
    if (!n || !is_extension(file_name.substr(at))) return std::nullopt;
    S3ObjectName name;
    name.checkpoint = *checkpoint;
    name.n = *n;
    return name;
}

std::string S3ObjectName::file_name_of(const std::string &key) {
    size_t slash = key.rfind('/');
    return slash == std::string::npos ? key : key.substr(slash + 1);
}

}  // namespace weir
