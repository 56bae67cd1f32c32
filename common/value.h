// One scalar SQL value (literals, constants, single result cells).
#pragma once

#include <cstdint>
#include <string>

#include "common/column_vector.h"
#include "common/type_id.h"

namespace weir {

// A typed value or NULL. BigInt/Timestamp/Interval use the int64 slot (microseconds for time).
class Value {
public:
    Value() = default;  // untyped NULL
    static Value null(TypeId type = TypeId::Null);
    static Value boolean(bool v);
    static Value bigint(int64_t v);
    static Value float64(double v);
    static Value text(std::string v);
    static Value timestamp(int64_t micros);
    static Value interval(int64_t micros);
    // The value at physical row `row` of a column (NULL of the column's type if not valid).
    static Value from_column(const ColumnVector &column, size_t row);

    TypeId type() const { return type_; }
    bool is_null() const { return is_null_; }
    bool as_bool() const { return int_ != 0; }
    int64_t as_int() const { return int_; }
    double as_double() const { return double_; }
    const std::string &as_text() const { return text_; }

    // Display form: NULL, true/false, integers, shortest round-trip doubles, text as is,
    // timestamps as "YYYY-MM-DD HH:MM:SS[.ffffff]" (UTC), intervals as "5m"/"1500ms" shorthand.
    std::string to_string() const;
    bool operator==(const Value &other) const;

private:
    TypeId type_ = TypeId::Null;
    bool is_null_ = true;
    int64_t int_ = 0;
    double double_ = 0;
    std::string text_;
};

}  // namespace weir
