// Overload resolution of scalar calls and the implicit casts that make argument types match.
#pragma once

#include <memory>
#include <string>
#include <vector>

#include "planner/bound_expression.h"

namespace weir {

// Implicit casts: BIGINT → DOUBLE, an untyped NULL → any type, a TEXT constant → TIMESTAMP or
// INTERVAL (parsed now, so a bad literal is a bind error). Each becomes an explicit Cast node, or a
// converted constant, so exec never coerces.
class FunctionResolver {
public:
    // Resolves `name` (a FunctionCatalog entry that exists) against its overloads: an exact match
    // first, else the overload needing the fewest implicit casts (ties → catalog order). No match →
    // WeirError(Bind, "no function round(TEXT); candidates: round(DOUBLE), round(DOUBLE, BIGINT)").
    static std::unique_ptr<BoundExpr> resolve_call(const std::string &name,
                                                   std::vector<std::unique_ptr<BoundExpr>> args);
    // True if `expr` converts to `target` implicitly (or already has that type).
    static bool can_coerce(const BoundExpr &expr, TypeId target);
    // `expr` converted to `target`; precondition can_coerce(). A malformed TEXT literal → WeirError(Bind).
    static std::unique_ptr<BoundExpr> coerce(std::unique_ptr<BoundExpr> expr, TypeId target);
    // Converts every expression to one common type and returns it (NULL if all are untyped NULLs).
    // Incompatible types → WeirError(Bind, "<what> mix incompatible types BIGINT and TEXT; add a CAST").
    static TypeId unify(std::vector<std::unique_ptr<BoundExpr>> &exprs, const std::string &what);
};

}  // namespace weir
