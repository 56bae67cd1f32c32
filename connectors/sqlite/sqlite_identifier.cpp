// Quoting of SQLite identifiers.
#include "connectors/sqlite/sqlite_identifier.h"

namespace weir {

std::string SqliteIdentifier::quote(const std::string &name) {
    std::string out = "\"";
    for (char c : name) {
        if (c == '"') out += '"';
        out += c;
    }
    return out + "\"";
}

}  // namespace weir
