// A sink topic that may name columns ('alerts/{city}', 'sensor-{device}'), resolved for each row.
#pragma once

#include <cstddef>
#include <optional>
#include <string>
#include <vector>

#include "common/batch.h"
#include "common/schema.h"

namespace weir {

// Contract: `{name}` in the text is the value of column `name` of the row (case-insensitive; the text
// Value::to_string gives, timestamps as '2025-01-15 14:00:00'); `{{` and `}}` are literal braces. A
// template without `{` is a constant topic. A NULL value cannot name a topic: resolve() returns false.
// Errors are WeirError(Bind) sentences. Not thread-safe (resolve reuses its buffer).
class TopicTemplate {
public:
    // Checks the braces only (columns are checked against the query's schema by the constructor):
    // "topic has an unclosed { in 'alerts/{city'".
    static void validate(const std::string &text);
    // True when the text names at least one column.
    static bool is_templated(const std::string &text);

    // Throws "topic names column `x`, which sink `s` does not receive" for an unknown column.
    TopicTemplate(const std::string &text, const Schema &schema, const std::string &sink_name);

    bool is_constant() const { return columns_.empty(); }
    // The topic of physical row `row` into `out`; false (with `null_column` naming the column) when a
    // named column is NULL there.
    bool resolve(const Batch &batch, size_t row, std::string &out, std::string &null_column) const;
    const std::string &text() const { return text_; }

private:
    struct Part {
        std::string literal;
        std::optional<size_t> column;
    };
    static std::vector<std::pair<std::string, bool>> split(const std::string &text);  // (text, is column)

    std::string text_;
    std::vector<Part> parts_;
    std::vector<size_t> columns_;
    Schema schema_;
};

}  // namespace weir
