// Where a file source stands in its sorted list of files: a file, a byte offset and a line number.
#pragma once

#include <cstdint>
#include <string>
#include <utility>

namespace weir {

// The checkpoint position of FileSource as JSON text: {"file":"data/a.jsonl","offset":1234,"line":17}.
// `offset` is the byte offset in `file` of the first record not yet returned and `line` the 1-based
// line number there (bad-record positions stay right after a restore); every file sorting before
// `file` in the source's match list is done. An empty `file` means nothing was read yet.
class FilePosition {
public:
    FilePosition() = default;
    FilePosition(std::string file, uint64_t offset, uint64_t line)
        : file_(std::move(file)), offset_(offset), line_(line) {}

    const std::string &file() const { return file_; }
    uint64_t offset() const { return offset_; }
    uint64_t line() const { return line_; }

    // The JSON text (the file name escaped per RFC 8259).
    std::string to_text() const;
    // Reads a text to_text() wrote; anything else → WeirError(Data) naming `source` (the catalog name).
    static FilePosition parse(const std::string &text, const std::string &source);

private:
    std::string file_;
    uint64_t offset_ = 0;
    uint64_t line_ = 1;
};

}  // namespace weir
