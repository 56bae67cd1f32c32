// A canonical text of a syntax tree, so two spellings of the same expression compare equal.
#pragma once

#include <string>

#include "parser/ast.h"

namespace weir {

class ExprFingerprint {
public:
    // Equal for expressions that differ only in identifier case, qualifiers or source positions
    // (`avg(Temp)` and `AVG(temp)`); text literals stay case-sensitive.
    static std::string of(const Expr &expr);
    static bool same(const Expr &a, const Expr &b) { return of(a) == of(b); }
};

}  // namespace weir
