// flock-based exclusion of weir processes sharing a state directory.
#include "exec/state_directory_lock.h"

#include <fcntl.h>
#include <sys/file.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <filesystem>
#include <system_error>

#include "common/weir_error.h"

namespace weir {

namespace {

// The pid the holder wrote into the lock file ("" when it cannot be read).
std::string holder_pid(int fd) {
    char buffer[32] = {};
    ssize_t length = pread(fd, buffer, sizeof buffer - 1, 0);
    std::string pid;
    for (ssize_t i = 0; i < length && buffer[i] >= '0' && buffer[i] <= '9'; i++) pid += buffer[i];
    return pid;
}

}  // namespace

StateDirectoryLock::StateDirectoryLock(const std::string &directory) {
    std::error_code error;
    std::filesystem::create_directories(directory, error);
    if (error) {
        throw WeirError(ErrorKind::Io,
                        "cannot create the state directory '" + directory + "': " + error.message() + ".");
    }
    std::string path = (std::filesystem::path(directory) / kFileName).string();
    fd_ = open(path.c_str(), O_RDWR | O_CREAT | O_CLOEXEC, 0644);
    if (fd_ < 0) {
        throw WeirError(ErrorKind::Io, "cannot open the lock file '" + path + "' of the state directory: " +
                                           std::strerror(errno) + ".");
    }
    if (flock(fd_, LOCK_EX | LOCK_NB) != 0) {
        int reason = errno;
        std::string pid = holder_pid(fd_);
        close(fd_);
        fd_ = -1;
        if (reason == EWOULDBLOCK) {
            std::string holder = pid.empty() ? "another weir process" : "weir process " + pid;
            throw WeirError(ErrorKind::Io, "state directory '" + directory + "' is in use by " + holder +
                                               "; stop it or use another state directory.");
        }
        throw WeirError(ErrorKind::Io, "cannot lock the state directory '" + directory + "' (" + path +
                                           "): " + std::strerror(reason) + ".");
    }
    std::string pid = std::to_string(getpid()) + "\n";
    // The pid is for the message of a second process only: failing to write it does not matter.
    if (ftruncate(fd_, 0) == 0) {
        ssize_t written = pwrite(fd_, pid.data(), pid.size(), 0);
        (void)written;
    }
}

StateDirectoryLock::~StateDirectoryLock() {
    if (fd_ >= 0) close(fd_);
}

}  // namespace weir
