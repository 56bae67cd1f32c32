// Picks the overload of a scalar call and inserts the implicit casts it needs.
#include "planner/function_resolver.h"

#include <limits>

#include "common/timestamp.h"
#include "common/weir_error.h"
#include "planner/function_catalog.h"

namespace weir {

namespace {

bool is_operator(const std::string &name) {
    return !name.empty() && !(name[0] >= 'a' && name[0] <= 'z');
}

std::vector<TypeId> parameter_types(const FunctionSignature &signature, size_t count) {
    std::vector<TypeId> types = signature.arguments;
    if (signature.variadic && !types.empty()) {
        while (types.size() < count) types.push_back(types.back());
    }
    return types;
}

std::string describe_call(const std::string &name, const std::vector<std::string> &types, bool variadic) {
    if (name == "negate" && types.size() == 1) return "-" + types[0];
    if (is_operator(name) && types.size() == 2) return types[0] + " " + name + " " + types[1];
    std::string out = name + "(";
    for (size_t i = 0; i < types.size(); ++i) {
        if (i > 0) out += ", ";
        out += types[i];
    }
    if (variadic) out += ", ...";
    return out + ")";
}

std::string describe_signature(const FunctionSignature &signature) {
    std::vector<std::string> types;
    for (TypeId type : signature.arguments) types.push_back(type_name(type));
    return describe_call(signature.name, types, signature.variadic);
}

// Number of implicit casts needed to call `signature`, or -1 if it cannot be called with `args`.
int conversion_cost(const FunctionSignature &signature, const std::vector<std::unique_ptr<BoundExpr>> &args) {
    bool arity_ok = signature.variadic ? args.size() >= signature.arguments.size()
                                       : args.size() == signature.arguments.size();
    if (!arity_ok) return -1;
    std::vector<TypeId> types = parameter_types(signature, args.size());
    int cost = 0;
    for (size_t i = 0; i < args.size(); ++i) {
        if (args[i]->type == types[i]) continue;
        if (!FunctionResolver::can_coerce(*args[i], types[i])) return -1;
        ++cost;
    }
    return cost;
}

// Priority when unifying: the "widest" type a mix converts to is tried first.
constexpr TypeId kUnifyOrder[] = {TypeId::Timestamp, TypeId::Interval, TypeId::Double, TypeId::BigInt,
                                  TypeId::Boolean, TypeId::Text};

}  // namespace

bool FunctionResolver::can_coerce(const BoundExpr &expr, TypeId target) {
    if (expr.type == target || expr.type == TypeId::Null) return true;
    if (expr.type == TypeId::BigInt && target == TypeId::Double) return true;
    if (expr.type == TypeId::Text && expr.kind == BoundExprKind::Constant &&
        (target == TypeId::Timestamp || target == TypeId::Interval)) {
        return true;
    }
    return false;
}

std::unique_ptr<BoundExpr> FunctionResolver::coerce(std::unique_ptr<BoundExpr> expr, TypeId target) {
    if (expr->type == target) return expr;
    bool constant = expr->kind == BoundExprKind::Constant;
    if (constant && expr->constant.is_null()) return BoundExpr::make_constant(Value::null(target));
    if (constant && expr->type == TypeId::BigInt && target == TypeId::Double) {
        return BoundExpr::make_constant(Value::float64(static_cast<double>(expr->constant.as_int())));
    }
    if (constant && expr->type == TypeId::Text && target == TypeId::Timestamp) {
        auto micros = parse_timestamp(expr->constant.as_text());
        if (!micros) {
            throw WeirError(ErrorKind::Bind, "invalid TIMESTAMP literal; write it like '2025-01-15 14:00:00': '" +
                                                 expr->constant.as_text() + "'");
        }
        return BoundExpr::make_constant(Value::timestamp(*micros));
    }
    if (constant && expr->type == TypeId::Text && target == TypeId::Interval) {
        auto micros = parse_duration(expr->constant.as_text());
        if (!micros) {
            throw WeirError(ErrorKind::Bind, "invalid INTERVAL literal; write it like '5m' or INTERVAL '5' MINUTE: '" +
                                                 expr->constant.as_text() + "'");
        }
        return BoundExpr::make_constant(Value::interval(*micros));
    }
    return BoundExpr::make_cast(std::move(expr), target);
}

std::unique_ptr<BoundExpr> FunctionResolver::resolve_call(const std::string &name,
                                                          std::vector<std::unique_ptr<BoundExpr>> args) {
    auto overloads = FunctionCatalog::instance().overloads(name);
    const FunctionSignature *best = nullptr;
    int best_cost = std::numeric_limits<int>::max();
    for (const FunctionSignature *signature : overloads) {
        int cost = conversion_cost(*signature, args);
        if (cost < 0 || cost >= best_cost) continue;
        best = signature;
        best_cost = cost;
    }
    if (best == nullptr) {
        std::vector<std::string> types;
        for (const auto &arg : args) types.push_back(type_name(arg->type));
        std::string candidates;
        for (const FunctionSignature *signature : overloads) {
            if (!candidates.empty()) candidates += ", ";
            candidates += describe_signature(*signature);
        }
        std::string what = is_operator(name) || name == "negate" ? "no operator " : "no function ";
        throw WeirError(ErrorKind::Bind, what + describe_call(name, types, false) + "; candidates: " + candidates);
    }
    std::vector<TypeId> types = parameter_types(*best, args.size());
    for (size_t i = 0; i < args.size(); ++i) args[i] = coerce(std::move(args[i]), types[i]);
    return BoundExpr::make_call(name, best->result, std::move(args));
}

TypeId FunctionResolver::unify(std::vector<std::unique_ptr<BoundExpr>> &exprs, const std::string &what) {
    std::vector<TypeId> present;
    for (const auto &expr : exprs) {
        if (expr->type != TypeId::Null) present.push_back(expr->type);
    }
    if (present.empty()) return TypeId::Null;
    for (TypeId candidate : kUnifyOrder) {
        bool appears = false;
        bool all_convert = true;
        for (const auto &expr : exprs) {
            appears = appears || expr->type == candidate;
            all_convert = all_convert && can_coerce(*expr, candidate);
        }
        if (!appears || !all_convert) continue;
        for (auto &expr : exprs) expr = coerce(std::move(expr), candidate);
        return candidate;
    }
    TypeId first = present.front();
    TypeId other = first;
    for (TypeId type : present) {
        if (type != first) {
            other = type;
            break;
        }
    }
    throw WeirError(ErrorKind::Bind, what + " mix incompatible types " + type_name(first) + " and " + type_name(other) +
                                         "; add a CAST");
}

}  // namespace weir
