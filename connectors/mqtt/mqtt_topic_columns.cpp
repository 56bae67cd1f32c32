// Parsing topic_columns patterns and filling metadata and topic-level columns of MQTT messages.
#include "connectors/mqtt/mqtt_topic_columns.h"

#include <set>

#include "common/weir_error.h"

namespace weir {

std::optional<MqttTopicColumns::Field> MqttTopicColumns::field_named(const std::string &column) {
    if (iequals(column, "mqtt_topic")) return Field::Topic;
    if (iequals(column, "mqtt_qos")) return Field::Qos;
    if (iequals(column, "mqtt_retain")) return Field::Retain;
    return std::nullopt;
}

std::vector<MqttTopicColumns::Level> MqttTopicColumns::parse(const std::string &pattern) {
    std::vector<Level> levels;
    if (pattern.empty()) return levels;
    size_t start = 0;
    while (true) {
        size_t slash = pattern.find('/', start);
        std::string text = pattern.substr(start, slash == std::string::npos ? std::string::npos : slash - start);
        Level level;
        if (text.size() >= 2 && text.front() == '{' && text.back() == '}') {
            level.kind = Level::Kind::Column;
            level.text = text.substr(1, text.size() - 2);
        } else if (text == "+") {
            level.kind = Level::Kind::Any;
        } else if (text == "#") {
            if (slash != std::string::npos) {
                throw WeirError(ErrorKind::Bind, "topic_columns may have '#' only as its last level, got '" + pattern + "'");
            }
            level.kind = Level::Kind::Rest;
        } else {
            if (text.find_first_of("{}+#") != std::string::npos) {
                throw WeirError(ErrorKind::Bind, "each level of topic_columns is a literal, {column}, + or #, got '" +
                                                     text + "' in '" + pattern + "'");
            }
            level.text = text;
        }
        levels.push_back(level);
        if (slash == std::string::npos) break;
        start = slash + 1;
    }
    return levels;
}

void MqttTopicColumns::validate(const std::string &pattern, const Schema &declared) {
    for (const auto &column : declared.columns()) {
        auto field = field_named(column.name);
        if (!field) continue;
        TypeId wanted = *field == Field::Topic ? TypeId::Text : *field == Field::Qos ? TypeId::BigInt : TypeId::Boolean;
        if (column.type != wanted) {
            throw WeirError(ErrorKind::Bind, "column `" + column.name + "` must be " + type_name(wanted) +
                                                 " to hold the MQTT message's " +
                                                 (*field == Field::Topic ? "topic" : *field == Field::Qos ? "QoS" : "retain flag") +
                                                 ", got " + type_name(column.type));
        }
    }
    std::set<std::string> seen;
    for (const auto &level : parse(pattern)) {
        if (level.kind != Level::Kind::Column) continue;
        auto index = declared.find(level.text);
        if (!index || declared[*index].type != TypeId::Text) {
            throw WeirError(ErrorKind::Bind, "topic_columns names `" + level.text + "`, which is not a declared TEXT column");
        }
        if (field_named(level.text) || !seen.insert(to_lower(level.text)).second) {
            throw WeirError(ErrorKind::Bind, "topic_columns names column `" + level.text + "` twice or names a mqtt_* "
                                             "metadata column, in '" + pattern + "'");
        }
    }
}

bool MqttTopicColumns::fills(const std::string &pattern, const std::string &column) {
    if (field_named(column)) return true;
    for (const auto &level : parse(pattern)) {
        if (level.kind == Level::Kind::Column && iequals(level.text, column)) return true;
    }
    return false;
}

MqttTopicColumns::MqttTopicColumns(const std::string &pattern, const Schema &output)
    : pattern_(pattern), levels_(parse(pattern)), filled_(output.size(), false) {
    for (size_t i = 0; i < output.size(); i++) {
        auto field = field_named(output[i].name);
        if (field) {
            metadata_.emplace_back(i, *field);
            filled_[i] = true;
        }
    }
    for (auto &level : levels_) {
        if (level.kind != Level::Kind::Column) continue;
        level.column = output.find(level.text);
        if (level.column) filled_[*level.column] = true;
    }
}

bool MqttTopicColumns::is_filled(size_t column) const { return column < filled_.size() && filled_[column]; }

bool MqttTopicColumns::fill(std::string_view topic, int qos, bool retain, Batch &out, size_t row,
                            std::string &reason) const {
    for (const auto &[column, field] : metadata_) {
        ColumnVector &vector = out.columns[column];
        vector.set_valid(row);
        if (field == Field::Topic) vector.strings()[row] = out.arena().add(topic);
        else if (field == Field::Qos) vector.ints()[row] = qos;
        else vector.bools()[row] = retain ? 1 : 0;
    }
    if (levels_.empty()) return true;
    size_t start = 0;
    for (size_t i = 0; i < levels_.size(); i++) {
        const Level &level = levels_[i];
        if (level.kind == Level::Kind::Rest) return true;
        bool present = start <= topic.size();
        size_t slash = present ? topic.find('/', start) : std::string_view::npos;
        std::string_view text = present ? topic.substr(start, slash == std::string_view::npos ? std::string_view::npos
                                                                                                : slash - start)
                                        : std::string_view();
        bool last = i + 1 == levels_.size();
        bool matches = present && (level.kind != Level::Kind::Literal || text == level.text) &&
                       (!last || slash == std::string_view::npos);
        if (!matches) {
            reason = "topic '" + std::string(topic) + "' does not match topic_columns '" + pattern_ + "'";
            return false;
        }
        if (level.column) {
            ColumnVector &vector = out.columns[*level.column];
            vector.set_valid(row);
            vector.strings()[row] = out.arena().add(text);
        }
        start = slash == std::string_view::npos ? topic.size() + 1 : slash + 1;
    }
    return true;
}

}  // namespace weir
