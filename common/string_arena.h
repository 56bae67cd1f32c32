// Owns the bytes of strings referenced by string_views in column vectors.
#pragma once

#include <cstddef>
#include <memory>
#include <string_view>
#include <vector>

namespace weir {

// Append-only storage: copies bytes into large blocks and hands out views that stay valid for the
// arena's lifetime. Not thread-safe. Batches share arenas through shared_ptr so that a projection
// can pass strings on without copying them.
class StringArena {
public:
    explicit StringArena(size_t block_size = 64 * 1024) : block_size_(block_size) {}
    StringArena(const StringArena &) = delete;
    StringArena &operator=(const StringArena &) = delete;

    // Copies `text` into the arena and returns a view of the copy.
    std::string_view add(std::string_view text);
    // Reserves `length` writable bytes (for building a string in place); returns a pointer to them.
    char *allocate(size_t length);
    // Bytes handed out so far (for memory accounting).
    size_t bytes_used() const { return used_; }
    void clear();

private:
    struct Block {
        std::unique_ptr<char[]> data;
        size_t size;
        size_t used;
    };
    std::vector<Block> blocks_;
    size_t block_size_;
    size_t used_ = 0;
};

}  // namespace weir
