// The REPL's history across sessions: readline's in-memory history plus a file appended per entry.
#pragma once

#include <string>

namespace weir_shell {

// One entry per line in the file; a multi-line statement is one entry (newlines stored as "\n",
// backslashes as "\\"). Each entry is appended when it is entered, so a crash loses nothing and two
// shells at once both keep theirs. The file is cut to the last kMaxEntries when it is loaded.
class HistoryFile {
public:
    static constexpr size_t kMaxEntries = 1000;
    // path "" keeps history for this session only.
    explicit HistoryFile(std::string path) : path_(std::move(path)) {}
    // $WEIR_HISTORY if set (empty: no file), else ~/.weir_history, else "".
    static std::string default_path();
    // Reads the file into readline's history. A missing file is not an error.
    void load();
    // Adds an entry to readline's history and to the file, unless it repeats the previous one.
    void add(const std::string &entry);

private:
    std::string path_;
    std::string last_;
};

}  // namespace weir_shell
