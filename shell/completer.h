// Tab completion for the REPL: keywords, functions, options, and the engine's names and columns.
#pragma once

#include <string>
#include <vector>

#include "weir.h"

namespace weir_shell {

// Asks the engine (SHOW SOURCES / SINKS / VIEWS / JOBS) for names at each completion, so what was
// created a moment ago is offered. Context decides what is offered: object names after FROM, INTO,
// DESCRIBE, DROP ...; option names inside WITH (...); connector names after connector = '; dot
// commands at the start of a line; file names after .read; otherwise keywords, functions, object
// and column names. Keywords follow the case of what was typed.
class Completer {
public:
    explicit Completer(weir_db *db) : db_(db) {}
    // Candidates for prefix, the word that starts at byte start of line (line = text before the
    // cursor). Sorted, without duplicates. Sets wants_file_names() when file names fit better.
    std::vector<std::string> candidates(const std::string &line, size_t start, const std::string &prefix);
    bool wants_file_names() const { return wants_file_names_; }
    // The character to put after a completed word: ' ' or '\'' (inside a connector value).
    char append_character() const { return append_character_; }
    // Makes readline complete through this completer (one completer at a time).
    void install();

private:
    enum class Names { Sources, Sinks, Views, Jobs };
    std::vector<std::string> names(Names which);
    std::vector<std::string> column_names();
    // First-column (or the named column's) values of a SHOW statement's rows.
    std::vector<std::string> show_column(const char *sql, int column);
    weir_db *db_;
    bool wants_file_names_ = false;
    char append_character_ = ' ';
};

}  // namespace weir_shell
