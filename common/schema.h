// Named, typed columns: the shape of a batch, a source, a sink or a query result.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "common/type_id.h"

namespace weir {

struct Column {
    std::string name;  // as the user spelled it (case kept for display); lookup is case-insensitive
    TypeId type = TypeId::Null;
};

class Schema {
public:
    Schema() = default;
    explicit Schema(std::vector<Column> columns) : columns_(std::move(columns)) {}

    size_t size() const { return columns_.size(); }
    const Column &operator[](size_t i) const { return columns_[i]; }
    const std::vector<Column> &columns() const { return columns_; }
    void add(std::string name, TypeId type) { columns_.push_back(Column{std::move(name), type}); }
    // Index of the column named `name`, compared case-insensitively; nullopt if absent.
    std::optional<size_t> find(const std::string &name) const;

private:
    std::vector<Column> columns_;
};

// Case-insensitive ASCII comparison, used for every SQL identifier.
bool iequals(const std::string &a, const std::string &b);
// Lower-cases ASCII letters.
std::string to_lower(std::string text);

}  // namespace weir
