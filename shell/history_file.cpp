// Loading and appending the history file.
#include "shell/history_file.h"

#include <readline/history.h>

#include <cstdlib>
#include <fstream>
#include <vector>

namespace weir_shell {

namespace {

std::string encode(const std::string &entry) {
    std::string out;
    for (char c : entry) {
        if (c == '\\') out += "\\\\";
        else if (c == '\n') out += "\\n";
        else out += c;
    }
    return out;
}

std::string decode(const std::string &line) {
    std::string out;
    for (size_t i = 0; i < line.size(); i++) {
        if (line[i] == '\\' && i + 1 < line.size()) {
            char next = line[++i];
            out += next == 'n' ? '\n' : next;
        } else {
            out += line[i];
        }
    }
    return out;
}

}  // namespace

std::string HistoryFile::default_path() {
    if (const char *path = std::getenv("WEIR_HISTORY")) return path;
    if (const char *home = std::getenv("HOME")) return std::string(home) + "/.weir_history";
    return "";
}

void HistoryFile::load() {
    if (path_.empty()) return;
    std::ifstream in(path_);
    if (!in) return;
    std::vector<std::string> lines;
    for (std::string line; std::getline(in, line);) {
        if (!line.empty()) lines.push_back(line);
    }
    in.close();
    size_t first = lines.size() > kMaxEntries ? lines.size() - kMaxEntries : 0;
    if (first > 0) {
        std::ofstream out(path_, std::ios::trunc);
        for (size_t i = first; i < lines.size(); i++) out << lines[i] << '\n';
    }
    for (size_t i = first; i < lines.size(); i++) {
        last_ = decode(lines[i]);
        add_history(last_.c_str());
    }
}

void HistoryFile::add(const std::string &entry) {
    if (entry.empty() || entry == last_) return;
    last_ = entry;
    add_history(entry.c_str());
    if (path_.empty()) return;
    std::ofstream out(path_, std::ios::app);
    if (out) out << encode(entry) << '\n';
}

}  // namespace weir_shell
