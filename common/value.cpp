// Construction and display of Value.
#include "common/value.h"

#include "common/timestamp.h"
#include "common/number_format.h"

namespace weir {

Value Value::null(TypeId type) {
    Value v;
    v.type_ = type;
    return v;
}

Value Value::boolean(bool b) {
    Value v;
    v.type_ = TypeId::Boolean;
    v.is_null_ = false;
    v.int_ = b ? 1 : 0;
    return v;
}

Value Value::bigint(int64_t i) {
    Value v;
    v.type_ = TypeId::BigInt;
    v.is_null_ = false;
    v.int_ = i;
    return v;
}

Value Value::float64(double d) {
    Value v;
    v.type_ = TypeId::Double;
    v.is_null_ = false;
    v.double_ = d;
    return v;
}

Value Value::text(std::string s) {
    Value v;
    v.type_ = TypeId::Text;
    v.is_null_ = false;
    v.text_ = std::move(s);
    return v;
}

Value Value::timestamp(int64_t micros) {
    Value v = bigint(micros);
    v.type_ = TypeId::Timestamp;
    return v;
}

Value Value::interval(int64_t micros) {
    Value v = bigint(micros);
    v.type_ = TypeId::Interval;
    return v;
}

Value Value::from_column(const ColumnVector &column, size_t row) {
    if (column.is_null(row)) return null(column.type());
    switch (column.type()) {
    case TypeId::Boolean: return boolean(column.bools()[row] != 0);
    case TypeId::BigInt: return bigint(column.ints()[row]);
    case TypeId::Double: return float64(column.doubles()[row]);
    case TypeId::Text: return text(std::string(column.strings()[row]));
    case TypeId::Timestamp: return timestamp(column.ints()[row]);
    case TypeId::Interval: return interval(column.ints()[row]);
    case TypeId::Null: return null();
    }
    return null();
}

std::string Value::to_string() const {
    if (is_null_) return "NULL";
    switch (type_) {
    case TypeId::Boolean: return int_ ? "true" : "false";
    case TypeId::BigInt: return std::to_string(int_);
    case TypeId::Double: return format_double(double_);
    case TypeId::Text: return text_;
    case TypeId::Timestamp: return format_timestamp(int_);
    case TypeId::Interval: return format_interval(int_);
    case TypeId::Null: return "NULL";
    }
    return "NULL";
}

bool Value::operator==(const Value &other) const {
    if (is_null_ || other.is_null_) return is_null_ == other.is_null_ && type_ == other.type_;
    if (type_ != other.type_) return false;
    if (type_ == TypeId::Double) return double_ == other.double_;
    if (type_ == TypeId::Text) return text_ == other.text_;
    return int_ == other.int_;
}

}  // namespace weir
