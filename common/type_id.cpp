// SQL names of the logical types.
#include "common/type_id.h"

#include <algorithm>
#include <string>

namespace weir {

const char *type_name(TypeId type) {
    switch (type) {
    case TypeId::Null: return "NULL";
    case TypeId::Boolean: return "BOOLEAN";
    case TypeId::BigInt: return "BIGINT";
    case TypeId::Double: return "DOUBLE";
    case TypeId::Text: return "TEXT";
    case TypeId::Timestamp: return "TIMESTAMP";
    case TypeId::Interval: return "INTERVAL";
    }
    return "?";
}

std::optional<TypeId> parse_type_name(std::string_view name) {
    std::string upper(name);
    std::transform(upper.begin(), upper.end(), upper.begin(), [](unsigned char c) { return std::toupper(c); });
    if (upper == "BOOLEAN" || upper == "BOOL") return TypeId::Boolean;
    if (upper == "BIGINT" || upper == "INT" || upper == "INTEGER") return TypeId::BigInt;
    if (upper == "DOUBLE" || upper == "FLOAT" || upper == "REAL") return TypeId::Double;
    if (upper == "TEXT" || upper == "VARCHAR" || upper == "STRING") return TypeId::Text;
    if (upper == "TIMESTAMP") return TypeId::Timestamp;
    if (upper == "INTERVAL") return TypeId::Interval;
    return std::nullopt;
}

bool is_numeric(TypeId type) { return type == TypeId::BigInt || type == TypeId::Double; }

}  // namespace weir
