// Kernels of the text functions and operators: LIKE, ||, concat, lower/upper, length, trim,
// substr, replace, starts_with/ends_with/contains, strpos, split_part.
#pragma once

namespace weir {

class FunctionRegistry;

// Semantics: text is UTF-8; length, substr and strpos count code points, 1-based, as PostgreSQL
// (substr('hello', 0, 3) = 'he'; a negative length is a Data error). lower/upper change ASCII
// letters only. trim/ltrim/rtrim remove ASCII whitespace. || is NULL if either side is NULL;
// concat skips NULL arguments (never NULL). split_part counts from the end for a negative field and
// gives '' past the last field; field 0 is a Data error. A constant LIKE pattern is compiled once;
// a pattern ending in a lone '\' is a Bind error (constant) or a Data error (per row).
class StringFunctions {
public:
    static void register_all(FunctionRegistry &registry);
};

}  // namespace weir
