// A name- and type-resolved expression over the columns of one input batch (planner → exec contract).
#pragma once

#include <cstddef>
#include <memory>
#include <string>
#include <vector>

#include "common/type_id.h"
#include "common/value.h"

namespace weir {

// Contract: the binder produces only well-typed trees. Every Call's argument types match one
// signature of FunctionCatalog exactly (implicit casts are explicit Cast nodes), so exec never
// has to coerce. NULL semantics are SQL's: Call, Cast, In, Like propagate NULL; And/Or are
// three-valued; IsNull/IsNotNull/Coalesce/Case handle NULL themselves.
enum class BoundExprKind {
    Constant,   // constant (its type() may be any type; an untyped NULL is cast by the binder)
    ColumnRef,  // column_index into the input batch
    Call,       // function name (see FunctionCatalog; operators use their symbol: "+", "=", "||", ...)
    Cast,       // children[0] converted to type; try_cast = NULL instead of an error on bad input
    And,        // children (2 or more), three-valued
    Or,         // children (2 or more), three-valued
    Not,        // children[0]
    IsNull,     // children[0]
    IsNotNull,  // children[0]
    In,         // children[0] IN (children[1..]); all of the same type
    Case,       // children: when1, then1, ..., [else if has_else]; whens are BOOLEAN
    Coalesce,   // children: first non-NULL
};

struct BoundExpr {
    BoundExprKind kind = BoundExprKind::Constant;
    TypeId type = TypeId::Null;  // result type
    Value constant;
    size_t column_index = 0;
    std::string function;  // Call: lower-case name, as in FunctionCatalog
    std::vector<std::unique_ptr<BoundExpr>> children;
    bool has_else = false;
    bool try_cast = false;

    static std::unique_ptr<BoundExpr> make_constant(Value value);
    static std::unique_ptr<BoundExpr> make_column(size_t index, TypeId type);
    static std::unique_ptr<BoundExpr> make_call(std::string function, TypeId type,
                                                std::vector<std::unique_ptr<BoundExpr>> args);
    static std::unique_ptr<BoundExpr> make_cast(std::unique_ptr<BoundExpr> child, TypeId type);
    std::unique_ptr<BoundExpr> clone() const;
    // Readable form for EXPLAIN: columns as #index or their names when `names` is given.
    std::string to_string(const std::vector<std::string> *names = nullptr) const;
    // True if the tree reads no column (so it can be folded once).
    bool is_constant_tree() const;
};

}  // namespace weir
