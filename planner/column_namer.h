// Output column names of a select list: alias, else the column's name, else the expression's text.
#pragma once

#include <string>
#include <vector>

#include "parser/ast.h"

namespace weir {

// Names are unique case-insensitively: a repeat gets a suffix (`avg(temp)`, `avg(temp)_1`).
class ColumnNamer {
public:
    // The name for `expr` written with `alias` (empty if none), made unique among the names so far.
    std::string name(const Expr &expr, const std::string &alias);
    // `wanted` made unique among the names so far (for `*` expansion).
    std::string unique(const std::string &wanted);

private:
    std::vector<std::string> used_;
};

}  // namespace weir
