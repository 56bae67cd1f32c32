// The logical column types of weir and their SQL names.
#pragma once

#include <optional>
#include <string_view>

namespace weir {

// Physical layout per type (see ColumnVector): Boolean → uint8_t, BigInt/Timestamp/Interval → int64_t,
// Double → double, Text → std::string_view. Null is the type of an untyped NULL literal only.
enum class TypeId { Null, Boolean, BigInt, Double, Text, Timestamp, Interval };

// The SQL name of a type, e.g. "BIGINT".
const char *type_name(TypeId type);

// Parses a SQL type name (case-insensitive) including the aliases INT/INTEGER → BIGINT,
// FLOAT/REAL → DOUBLE, VARCHAR/STRING → TEXT. Returns nullopt for an unknown name.
std::optional<TypeId> parse_type_name(std::string_view name);

// True for BigInt and Double.
bool is_numeric(TypeId type);

}  // namespace weir
