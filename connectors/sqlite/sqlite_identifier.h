// Quoting of table and column names for SQL text sent to SQLite (shared by the sqlite source and sink).
#pragma once

#include <string>

namespace weir {

// SQLite identifiers are written as "name" with every inner double quote doubled, so any name
// (spaces, keywords, quotes) can be used for a table or a column.
class SqliteIdentifier {
public:
    // "weather rt" → "\"weather rt\"", say "hi" → "\"say \"\"hi\"\"\"".
    static std::string quote(const std::string &name);
};

}  // namespace weir
