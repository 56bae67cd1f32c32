// Reading and rewriting the list of jobs that have checkpoints.
#include "exec/checkpointed_jobs.h"

#include <fcntl.h>
#include <unistd.h>

#include <cerrno>
#include <cstdio>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <mutex>
#include <iterator>

#include "common/schema.h"
#include "common/weir_error.h"

namespace weir {

namespace {

std::mutex &file_mutex() {
    static std::mutex mutex;
    return mutex;
}

std::string escape(const std::string &job) {
    std::string out;
    for (char c : job) {
        if (c == '\\') out += "\\\\";
        else if (c == '\n') out += "\\n";
        else out += c;
    }
    return out;
}

std::string unescape(const std::string &line) {
    std::string out;
    for (size_t i = 0; i < line.size(); i++) {
        if (line[i] != '\\' || i + 1 == line.size()) {
            out += line[i];
            continue;
        }
        out += line[++i] == 'n' ? '\n' : line[i];
    }
    return out;
}

}  // namespace

CheckpointedJobs::CheckpointedJobs(std::string directory)
    : path_((std::filesystem::path(directory) / kFileName).string()) {}

std::set<std::string> CheckpointedJobs::read() const {
    std::set<std::string> jobs;
    std::ifstream in(path_);
    std::string line;
    while (std::getline(in, line)) {
        if (!line.empty()) jobs.insert(unescape(line));
    }
    return jobs;
}

void CheckpointedJobs::write(const std::set<std::string> &jobs) const {
    std::string text;
    for (const auto &job : jobs) text += escape(job) + "\n";
    std::string temporary = path_ + ".tmp";
    int fd = open(temporary.c_str(), O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0644);
    bool ok = fd >= 0 && ::write(fd, text.data(), text.size()) == static_cast<ssize_t>(text.size()) && fsync(fd) == 0;
    int reason = errno;
    if (fd >= 0) close(fd);
    if (ok && std::rename(temporary.c_str(), path_.c_str()) != 0) {
        ok = false;
        reason = errno;
    }
    if (!ok) {
        throw WeirError(ErrorKind::Io, "cannot write '" + path_ + "' (the list of jobs with checkpoints): " +
                                           std::strerror(reason) + ".");
    }
}

bool CheckpointedJobs::contains(const std::string &job) const {
    std::lock_guard<std::mutex> lock(file_mutex());
    return read().count(job) > 0;
}

void CheckpointedJobs::add(const std::string &job) {
    std::lock_guard<std::mutex> lock(file_mutex());
    std::set<std::string> jobs = read();
    if (!jobs.insert(job).second) return;
    write(jobs);
}

void CheckpointedJobs::remove(const std::string &job) {
    std::lock_guard<std::mutex> lock(file_mutex());
    std::set<std::string> jobs = read();
    size_t before = jobs.size();
    for (auto it = jobs.begin(); it != jobs.end();) it = iequals(*it, job) ? jobs.erase(it) : std::next(it);
    if (jobs.size() == before) return;
    write(jobs);
}

}  // namespace weir
