// Kernels of regexp_matches, regexp_extract and regexp_replace (RE2 syntax).
#pragma once

namespace weir {

class FunctionRegistry;

// Semantics: regexp_matches(s, p) is TRUE if p matches anywhere in s. regexp_extract(s, p[, g])
// returns capture group g (default 0, the whole match) of the first match; NULL when nothing
// matches or the group took no part in the match. regexp_replace(s, p, r) replaces every match,
// with \0..\9 in r naming groups. A constant pattern (or rewrite, or group number) is checked once
// when the executor is built and a bad one is a Bind error naming it; a non-constant one is compiled
// per batch and row and a bad one is a Data error.
class RegexFunctions {
public:
    static void register_all(FunctionRegistry &registry);
};

}  // namespace weir
