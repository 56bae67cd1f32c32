// Block allocation for StringArena.
#include "common/string_arena.h"

#include <algorithm>
#include <cstring>

namespace weir {

char *StringArena::allocate(size_t length) {
    if (blocks_.empty() || blocks_.back().size - blocks_.back().used < length) {
        size_t size = std::max(block_size_, length);
        blocks_.push_back(Block{std::unique_ptr<char[]>(new char[size]), size, 0});
    }
    Block &block = blocks_.back();
    char *out = block.data.get() + block.used;
    block.used += length;
    used_ += length;
    return out;
}

std::string_view StringArena::add(std::string_view text) {
    if (text.empty()) return std::string_view();
    char *out = allocate(text.size());
    std::memcpy(out, text.data(), text.size());
    return std::string_view(out, text.size());
}

void StringArena::clear() {
    blocks_.clear();
    used_ = 0;
}

}  // namespace weir
