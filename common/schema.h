// Named, typed columns: the shape of a batch, a source, a sink or a query result.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "common/type_id.h"

namespace weir {

struct Column {
    Column() = default;
    Column(std::string name_, TypeId type_, std::string qualifier_ = "")
        : name(std::move(name_)), type(type_), qualifier(std::move(qualifier_)) {}

    std::string name;  // as the user spelled it (case kept for display); lookup is case-insensitive
    TypeId type = TypeId::Null;
    std::string qualifier;  // the FROM item it comes from (alias or source name), for `q.name`; may be empty
};

class Schema {
public:
    Schema() = default;
    explicit Schema(std::vector<Column> columns) : columns_(std::move(columns)) {}

    size_t size() const { return columns_.size(); }
    const Column &operator[](size_t i) const { return columns_[i]; }
    const std::vector<Column> &columns() const { return columns_; }
    void add(std::string name, TypeId type, std::string qualifier = "") {
        columns_.push_back(Column{std::move(name), type, std::move(qualifier)});
    }
    // Index of the column named `name`, compared case-insensitively; nullopt if absent.
    std::optional<size_t> find(const std::string &name) const;
    // Index of the column `qualifier.name` (any qualifier when `qualifier` is empty), compared
    // case-insensitively; nullopt if absent. Sets *ambiguous (if given) when an unqualified name
    // matches columns of two different qualifiers; the first match is returned then.
    std::optional<size_t> resolve(const std::string &qualifier, const std::string &name, bool *ambiguous = nullptr) const;
    // The same columns, all qualified by `qualifier` (a FROM item's alias).
    Schema qualified(const std::string &qualifier) const;

private:
    std::vector<Column> columns_;
};

// Case-insensitive ASCII comparison, used for every SQL identifier.
bool iequals(const std::string &a, const std::string &b);
// Lower-cases ASCII letters.
std::string to_lower(std::string text);

}  // namespace weir
