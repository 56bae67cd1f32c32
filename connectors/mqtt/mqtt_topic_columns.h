// The columns an MQTT source fills from each message rather than its payload: metadata and topic levels.
#pragma once

#include <cstddef>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "common/batch.h"
#include "common/schema.h"

namespace weir {

// Metadata: a declared column named mqtt_topic (TEXT), mqtt_qos (BIGINT) or mqtt_retain (BOOLEAN),
// compared case-insensitively, receives the message's topic, QoS and retain flag.
// topic_columns: a pattern of topic levels separated by '/', each a literal, `{column}` (that level's
// text goes to the declared TEXT column `column`), `+` (any level, ignored) or, last, `#` (any number
// of remaining levels). 'sensors/{device}/{kind}' gives device = 'd1', kind = 'pir' for the topic
// sensors/d1/pir. A topic the pattern does not match makes the message malformed.
class MqttTopicColumns {
public:
    // Throws WeirError(Bind) for a bad pattern, a column it names that is not declared TEXT (or is
    // named twice), or a metadata column of the wrong type.
    static void validate(const std::string &pattern, const Schema &declared);
    // True when `column` is filled by this class (metadata or named in `pattern`).
    static bool fills(const std::string &pattern, const std::string &column);

    // `output`: the source's output columns.
    MqttTopicColumns(const std::string &pattern, const Schema &output);

    bool is_filled(size_t column) const;
    // Fills row `row`'s metadata and topic columns; false (with `reason`) when the topic does not
    // match the pattern. Strings go into out.arena().
    bool fill(std::string_view topic, int qos, bool retain, Batch &out, size_t row, std::string &reason) const;

private:
    enum class Field { Topic, Qos, Retain };
    struct Level {
        enum class Kind { Literal, Column, Any, Rest } kind = Kind::Literal;
        std::string text;  // Literal: the level; Column: the column name
        std::optional<size_t> column;  // Column: its output index, when projected
    };
    static std::vector<Level> parse(const std::string &pattern);
    static std::optional<Field> field_named(const std::string &column);

    std::string pattern_;
    std::vector<Level> levels_;
    std::vector<std::pair<size_t, Field>> metadata_;
    std::vector<bool> filled_;
};

}  // namespace weir
