// Parsing column-templated sink topics and resolving them per row.
#include "connectors/topic_template.h"

#include "common/value.h"
#include "common/weir_error.h"

namespace weir {

std::vector<std::pair<std::string, bool>> TopicTemplate::split(const std::string &text) {
    std::vector<std::pair<std::string, bool>> parts;
    std::string literal;
    for (size_t i = 0; i < text.size(); i++) {
        char c = text[i];
        if ((c == '{' || c == '}') && i + 1 < text.size() && text[i + 1] == c) {
            literal += c;
            i++;
            continue;
        }
        if (c == '}') throw WeirError(ErrorKind::Bind, "topic has a } without { in '" + text + "' (write }} for a brace)");
        if (c != '{') {
            literal += c;
            continue;
        }
        size_t close = text.find('}', i + 1);
        if (close == std::string::npos) {
            throw WeirError(ErrorKind::Bind, "topic has an unclosed { in '" + text + "' (write {{ for a brace)");
        }
        std::string name = text.substr(i + 1, close - i - 1);
        if (name.empty() || name.find('{') != std::string::npos) {
            throw WeirError(ErrorKind::Bind, "topic has {} without a column name in '" + text + "'");
        }
        if (!literal.empty()) parts.emplace_back(literal, false);
        literal.clear();
        parts.emplace_back(name, true);
        i = close;
    }
    if (!literal.empty()) parts.emplace_back(literal, false);
    return parts;
}

void TopicTemplate::validate(const std::string &text) { split(text); }

bool TopicTemplate::is_templated(const std::string &text) {
    for (const auto &part : split(text)) {
        if (part.second) return true;
    }
    return false;
}

TopicTemplate::TopicTemplate(const std::string &text, const Schema &schema, const std::string &sink_name)
    : text_(text), schema_(schema) {
    for (const auto &[piece, is_column] : split(text)) {
        Part part;
        if (is_column) {
            part.column = schema.find(piece);
            if (!part.column) {
                throw WeirError(ErrorKind::Bind, "topic '" + text + "' names column `" + piece + "`, which sink `" +
                                                     sink_name + "` does not receive from its query");
            }
            columns_.push_back(*part.column);
        } else {
            part.literal = piece;
        }
        parts_.push_back(part);
    }
}

bool TopicTemplate::resolve(const Batch &batch, size_t row, std::string &out, std::string &null_column) const {
    out.clear();
    for (const auto &part : parts_) {
        if (!part.column) {
            out += part.literal;
            continue;
        }
        const ColumnVector &column = batch.columns[*part.column];
        if (column.is_null(row)) {
            null_column = schema_[*part.column].name;
            return false;
        }
        if (schema_[*part.column].type == TypeId::Text) out += column.strings()[row];
        else out += Value::from_column(column, row).to_string();
    }
    return true;
}

}  // namespace weir
