// Completion candidates from context, and the readline hook that uses them.
#include "shell/completer.h"

#include <readline/readline.h>

#include <algorithm>
#include <cctype>
#include <cstdlib>
#include <cstring>
#include <regex>

#include "shell/sql_vocabulary.h"

namespace weir_shell {

namespace {

Completer *active_completer = nullptr;
std::vector<std::string> current_matches;
size_t next_match = 0;

std::string upper(std::string text) {
    for (char &c : text) c = static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
    return text;
}

std::string lower(std::string text) {
    for (char &c : text) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    return text;
}

bool starts_with_ignoring_case(const std::string &word, const std::string &prefix) {
    return word.size() >= prefix.size() && upper(word.substr(0, prefix.size())) == upper(prefix);
}

// The words of text (letters, digits, '_'), upper-cased.
std::vector<std::string> words_of(const std::string &text) {
    std::vector<std::string> words;
    std::string word;
    for (char c : text) {
        if (std::isalnum(static_cast<unsigned char>(c)) || c == '_') {
            word += static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
        } else if (!word.empty()) {
            words.push_back(word);
            word.clear();
        }
    }
    if (!word.empty()) words.push_back(word);
    return words;
}

// True if the cursor is inside the parentheses of a WITH (...) option list, right after '(' or ','.
bool in_option_name_position(const std::string &before) {
    static const std::regex with_paren(R"(\bwith\s*\()", std::regex::icase);
    auto begin = std::sregex_iterator(before.begin(), before.end(), with_paren);
    size_t open = std::string::npos;
    for (auto it = begin; it != std::sregex_iterator(); ++it) open = static_cast<size_t>(it->position() + it->length());
    if (open == std::string::npos) return false;
    int depth = 1;
    bool in_string = false;
    for (size_t i = open; i < before.size(); i++) {
        char c = before[i];
        if (c == '\'') in_string = !in_string;
        else if (!in_string && c == '(') depth++;
        else if (!in_string && c == ')') depth--;
    }
    if (depth != 1 || in_string) return false;
    size_t last = before.find_last_not_of(" \t\n");
    return last != std::string::npos && (before[last] == '(' || before[last] == ',');
}

char *next_completion(const char *, int state) {
    if (state == 0) next_match = 0;
    if (next_match >= current_matches.size()) return nullptr;
    return strdup(current_matches[next_match++].c_str());
}

char **attempt_completion(const char *text, int start, int end) {
    rl_attempted_completion_over = 1;
    if (!active_completer) return nullptr;
    std::string line(rl_line_buffer, static_cast<size_t>(end));
    current_matches = active_completer->candidates(line, static_cast<size_t>(start), text);
    if (active_completer->wants_file_names()) {
        rl_attempted_completion_over = 0;
        return nullptr;
    }
    rl_completion_append_character = active_completer->append_character();
    if (current_matches.empty()) return nullptr;
    return rl_completion_matches(text, next_completion);
}

}  // namespace

void Completer::install() {
    active_completer = this;
    rl_attempted_completion_function = attempt_completion;
    static char breaks[] = " \t\n\"'`<>=;|&(),";
    rl_completer_word_break_characters = breaks;
    rl_variable_bind("completion-ignore-case", "on");
}

std::vector<std::string> Completer::show_column(const char *sql, int column) {
    std::vector<std::string> values;
    weir_stmt *stmt = nullptr;
    if (weir_prepare(db_, sql, &stmt) != WEIR_OK || !stmt) return values;
    while (weir_step(stmt, 1000) == WEIR_ROW) {
        const char *text = weir_column_text(stmt, column);
        if (text) values.push_back(text);
    }
    weir_finalize(stmt);
    return values;
}

std::vector<std::string> Completer::names(Names which) {
    switch (which) {
    case Names::Sources: return show_column("SHOW SOURCES;", 0);
    case Names::Sinks: return show_column("SHOW SINKS;", 0);
    case Names::Views: return show_column("SHOW VIEWS;", 0);
    case Names::Jobs: return show_column("SHOW JOBS;", 0);
    }
    return {};
}

std::vector<std::string> Completer::column_names() {
    // SHOW SOURCES and SHOW VIEWS list columns as "city TEXT, temp DOUBLE, ...".
    std::vector<std::string> columns = {"window_start", "window_end"};
    std::vector<std::string> lists = show_column("SHOW SOURCES;", 2);
    for (const auto &list : show_column("SHOW VIEWS;", 1)) lists.push_back(list);
    for (const auto &list : lists) {
        size_t at = 0;
        while (at < list.size()) {
            size_t end = list.find(", ", at);
            std::string column = list.substr(at, end == std::string::npos ? std::string::npos : end - at);
            columns.push_back(column.substr(0, column.find(' ')));
            if (end == std::string::npos) break;
            at = end + 2;
        }
    }
    return columns;
}

std::vector<std::string> Completer::candidates(const std::string &line, size_t start, const std::string &prefix) {
    wants_file_names_ = false;
    append_character_ = ' ';
    std::string before = line.substr(0, std::min(start, line.size()));
    std::vector<std::string> words = words_of(before);
    std::string previous = words.empty() ? "" : words.back();
    std::string previous2 = words.size() >= 2 ? words[words.size() - 2] : "";
    std::vector<std::string> pool;
    bool keywords_in_pool = false;
    auto add = [&pool](const std::vector<std::string> &more) { pool.insert(pool.end(), more.begin(), more.end()); };

    size_t first = before.find_first_not_of(" \t");
    if (first != std::string::npos && before[first] == '.') {
        std::string command = before.substr(first, before.find_first_of(" \t", first) - first);
        if (command == ".read") wants_file_names_ = true;
        else if (command == ".stop") add(names(Names::Jobs));
        else if (command == ".format") add({"table", "csv", "json"});
        else if (command == ".mode") add({"table", "changelog"});
        else if (command == ".timer" || command == ".explain") add({"on", "off"});
    } else if (first == std::string::npos && !prefix.empty() && prefix[0] == '.') {
        add(SqlVocabulary::dot_commands());
    } else if (!before.empty() && before.back() == '\'') {
        static const std::regex connector_value(R"(connector\s*=\s*'$)", std::regex::icase);
        if (std::regex_search(before, connector_value)) {
            add(SqlVocabulary::connectors());
            append_character_ = '\'';
        }
    } else if (in_option_name_position(before)) {
        add(SqlVocabulary::option_names());
    } else if (previous == "FROM" || previous == "JOIN") {
        add(names(Names::Sources));
        add(names(Names::Views));
    } else if (previous == "INTO") {
        add(names(Names::Sinks));
    } else if (previous == "DESCRIBE") {
        add(names(Names::Sources));
        add(names(Names::Sinks));
        add(names(Names::Views));
    } else if (previous2 == "DROP" && previous == "SOURCE") {
        add(names(Names::Sources));
    } else if (previous2 == "DROP" && previous == "SINK") {
        add(names(Names::Sinks));
    } else if (previous2 == "DROP" && previous == "VIEW") {
        add(names(Names::Views));
    } else if (previous2 == "DROP" && previous == "JOB") {
        add(names(Names::Jobs));
    } else {
        keywords_in_pool = true;
        add(SqlVocabulary::functions());
        add(names(Names::Sources));
        add(names(Names::Sinks));
        add(names(Names::Views));
        add(column_names());
    }

    std::vector<std::string> matches;
    for (const auto &word : pool) {
        if (starts_with_ignoring_case(word, prefix)) matches.push_back(word);
    }
    if (keywords_in_pool) {
        // Lower-case keywords when the user types in lower case.
        bool lower_case = !prefix.empty() && std::islower(static_cast<unsigned char>(prefix[0]));
        for (const auto &keyword : SqlVocabulary::keywords()) {
            if (starts_with_ignoring_case(keyword, prefix)) matches.push_back(lower_case ? lower(keyword) : keyword);
        }
    }
    std::sort(matches.begin(), matches.end());
    matches.erase(std::unique(matches.begin(), matches.end()), matches.end());
    return matches;
}

}  // namespace weir_shell
