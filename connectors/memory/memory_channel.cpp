// Fan-out, buffering and end-of-input of the memory channel.
#include "connectors/memory/memory_channel.h"

#include <algorithm>
#include <chrono>

#include "common/weir_error.h"

namespace weir {

MemoryChannel::MemoryChannel(std::string source_name, size_t max_buffered)
    : name_(std::move(source_name)), max_buffered_(max_buffered) {}

void MemoryChannel::push(std::string_view json_lines) {
    std::vector<std::string_view> lines;
    size_t start = 0;
    while (start < json_lines.size()) {
        size_t end = json_lines.find('\n', start);
        if (end == std::string_view::npos) end = json_lines.size();
        std::string_view line = json_lines.substr(start, end - start);
        if (!line.empty() && line.back() == '\r') line.remove_suffix(1);
        if (line.find_first_not_of(" \t") != std::string_view::npos) lines.push_back(line);
        start = end + 1;
    }
    std::lock_guard<std::mutex> lock(mutex_);
    if (ended_) {
        throw WeirError(ErrorKind::Misuse, "cannot push to memory source `" + name_ + "` after its end was signalled");
    }
    if (lines.empty()) return;
    if (readers_.empty()) {
        if (buffer_.size() + lines.size() > max_buffered_) {
            throw WeirError(ErrorKind::Misuse, "memory source `" + name_ + "` buffer is full (" +
                                                   std::to_string(max_buffered_) +
                                                   " lines); start a query that reads it");
        }
        for (auto line : lines) buffer_.push_back(Line{next_number_++, std::string(line)});
        return;
    }
    for (auto line : lines) {
        uint64_t number = next_number_++;
        for (size_t r = 0; r < readers_.size(); r++) readers_[r]->lines.push_back(Line{number, std::string(line)});
    }
    changed_.notify_all();
}

void MemoryChannel::end() {
    std::lock_guard<std::mutex> lock(mutex_);
    ended_ = true;
    changed_.notify_all();
}

bool MemoryChannel::ended() const {
    std::lock_guard<std::mutex> lock(mutex_);
    return ended_;
}

size_t MemoryChannel::buffered() const {
    std::lock_guard<std::mutex> lock(mutex_);
    return buffer_.size();
}

std::shared_ptr<MemoryChannel::Reader> MemoryChannel::subscribe() {
    auto reader = std::make_shared<Reader>();
    std::lock_guard<std::mutex> lock(mutex_);
    reader->lines.swap(buffer_);
    readers_.push_back(reader);
    return reader;
}

void MemoryChannel::unsubscribe(const std::shared_ptr<Reader> &reader) {
    std::lock_guard<std::mutex> lock(mutex_);
    readers_.erase(std::remove(readers_.begin(), readers_.end(), reader), readers_.end());
}

MemoryChannel::TakeResult MemoryChannel::take(Reader &reader, std::vector<Line> &out, size_t max) {
    out.clear();
    std::lock_guard<std::mutex> lock(mutex_);
    while (!reader.lines.empty() && out.size() < max) {
        out.push_back(std::move(reader.lines.front()));
        reader.lines.pop_front();
    }
    if (!out.empty()) return TakeResult::Lines;
    return ended_ ? TakeResult::End : TakeResult::Empty;
}

void MemoryChannel::wait(Reader &reader, int timeout_ms) {
    std::unique_lock<std::mutex> lock(mutex_);
    changed_.wait_for(lock, std::chrono::milliseconds(std::max(timeout_ms, 0)),
                      [&] { return ended_ || !reader.lines.empty(); });
}

}  // namespace weir
