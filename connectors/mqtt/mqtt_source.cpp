// Subscribing, queueing, batching per topic and decoding of the MQTT source.
#include "connectors/mqtt/mqtt_source.h"

#include <mosquitto.h>

#include <chrono>

#include "common/weir_error.h"

namespace weir {
namespace {

// A name no payload field can have: decoders leave such columns NULL for the source to fill.
const std::string kHiddenName = "\x01mqtt message";

Schema projected(const SourceSpec &spec) {
    Schema schema;
    for (size_t index : spec.projection) schema.add(spec.declared[index].name, spec.declared[index].type);
    return schema;
}

std::map<std::string, std::string> without_format(const std::map<std::string, std::string> &options) {
    std::map<std::string, std::string> copy = options;
    copy.erase("format");
    return copy;
}

// Declared index of the column receiving a raw payload: the first TEXT column no message field fills.
std::optional<size_t> raw_value_column(const Schema &declared, const std::string &pattern) {
    for (size_t i = 0; i < declared.size(); i++) {
        if (declared[i].type == TypeId::Text && !MqttTopicColumns::fills(pattern, declared[i].name)) return i;
    }
    return std::nullopt;
}

// A CSV header naming the declared payload columns in order: MQTT CSV payloads carry no header.
std::string csv_header(const Schema &declared, const std::string &pattern) {
    std::string header;
    for (const auto &column : declared.columns()) {
        if (MqttTopicColumns::fills(pattern, column.name)) continue;
        if (!header.empty()) header += ",";
        header += "\"";
        for (char c : column.name) header += c == '"' ? std::string("\"\"") : std::string(1, c);
        header += "\"";
    }
    return header;
}

int64_t wall_clock_us() {
    using namespace std::chrono;
    return duration_cast<microseconds>(system_clock::now().time_since_epoch()).count();
}

std::vector<std::string> topic_filters(const OptionReader &reader) {
    std::vector<std::string> topics = reader.list("topic");
    if (topics.empty()) throw WeirError(ErrorKind::Bind, "topic must name at least one topic filter, got '" + reader.text("topic") + "'");
    for (const auto &topic : topics) {
        if (mosquitto_sub_topic_check(topic.c_str()) != MOSQ_ERR_SUCCESS) {
            throw WeirError(ErrorKind::Bind, "topic '" + topic + "' is not a valid MQTT topic filter (+ stands for a "
                                             "whole level, # for the last levels: sensors/+/temp, sensors/#)");
        }
    }
    return topics;
}

}  // namespace

const std::vector<std::string> &MqttSource::option_names() {
    static const std::vector<std::string> names = [] {
        std::vector<std::string> all = MqttClientSettings::option_names();
        for (const char *name : {"clean_session", "qos", "topic", "topic_columns", "ts_source"}) all.push_back(name);
        return all;
    }();
    return names;
}

void MqttSource::validate(const OptionReader &reader, const Schema &declared) {
    std::string format = reader.choice("format", {"json", "csv", "raw"}, "json");
    std::map<std::string, std::string> rest;  // the common options, format excepted
    for (const auto &name : SourceOptions::names()) {
        if (name != "format" && reader.has(name)) rest[name] = reader.text(name);
    }
    SourceOptions::parse(OptionReader(reader.connector(), rest), 2048, true);
    MqttClientSettings::validate(reader);
    topic_filters(reader);
    reader.integer("qos", 1, 0, 2);
    bool clean = reader.boolean("clean_session", true);
    if (!clean && !reader.has("client_id")) {
        throw WeirError(ErrorKind::Bind, "clean_session = 'false' needs option `client_id`: the broker keeps the "
                                         "session under it while weir is down");
    }
    std::string ts_source = reader.choice("ts_source", {"payload", "arrival"}, "payload");
    std::string pattern = reader.text("topic_columns");
    MqttTopicColumns::validate(pattern, declared);
    if (format == "raw" && !raw_value_column(declared, pattern)) {
        throw WeirError(ErrorKind::Bind, "format 'raw' needs a TEXT column (other than the mqtt_* metadata and "
                                         "topic_columns columns) to hold each message payload");
    }
}

MqttSource::MqttSource(SourceSpec spec)
    : spec_(std::move(spec)),
      options_(SourceOptions::parse(OptionReader(spec_.connector, without_format(spec_.options)), spec_.batch_size, true)),
      output_(projected(spec_)), filled_(OptionReader(spec_.connector, spec_.options).text("topic_columns"), output_),
      reporter_(options_.fail_on_error, spec_.on_bad_record) {
    OptionReader reader(spec_.connector, spec_.options);
    validate(reader, spec_.declared);
    std::string format = reader.choice("format", {"json", "csv", "raw"}, "json");
    raw_ = format == "raw";
    qos_ = static_cast<int>(reader.integer("qos", 1, 0, 2));
    topics_ = topic_filters(reader);
    time_source_ = reader.choice("ts_source", {"payload", "arrival"}, "payload") == "arrival" ? TimeSource::Arrival
                                                                                               : TimeSource::Payload;
    std::string pattern = reader.text("topic_columns");

    // Decoders see the columns a message fills otherwise (and an arrival-stamped event time) under a
    // name no payload field can have.
    Schema payload;
    for (size_t i = 0; i < output_.size(); i++) {
        bool hidden = filled_.is_filled(i) ||
                      (time_source_ == TimeSource::Arrival && spec_.event_time && *spec_.event_time == i);
        payload.add(hidden ? kHiddenName : output_[i].name, output_[i].type);
    }
    std::optional<size_t> decoder_time = time_source_ == TimeSource::Arrival ? std::nullopt : spec_.event_time;
    if (raw_) {
        auto declared_index = raw_value_column(spec_.declared, pattern);
        for (size_t i = 0; i < spec_.projection.size(); i++) {
            if (declared_index && spec_.projection[i] == *declared_index) raw_column_ = i;
        }
        if (decoder_time) {
            throw WeirError(ErrorKind::Bind, "source `" + spec_.name + "` has format 'raw', which fills no event-time "
                                             "column from the payload; add ts_source = 'arrival'");
        }
    } else if (format == "csv") {  // options_ was parsed without `format`, which may be 'raw'
        csv_ = std::make_unique<CsvDecoder>(payload, options_.timestamp_format, decoder_time, ',');
        csv_->set_header(csv_header(spec_.declared, pattern));
    } else {
        json_ = std::make_unique<JsonLineDecoder>(payload, options_.timestamp_format, decoder_time);
    }

    MqttClientSettings settings = MqttClientSettings::parse(reader, "source `" + spec_.name + "`");
    // Each job has a session of its own (as a consumer group); a SELECT leaves no session behind.
    if (reader.has("client_id")) settings.client_id = spec_.consumer_group(settings.client_id);
    settings.clean_session = spec_.transient_group || reader.boolean("clean_session", true);
    client_ = std::make_unique<MqttClient>(std::move(settings), spec_.notice);
    client_->set_subscriptions(topics_, qos_);
    client_->set_message_handler([this](const mosquitto_message &message) { receive(message); });
}

MqttSource::~MqttSource() { close(); }

void MqttSource::open() { client_->connect(); }

void MqttSource::receive(const mosquitto_message &message) {
    std::unique_lock<std::mutex> lock(mutex_);
    changed_.wait(lock, [&] { return incoming_.size() < kMaxQueued || stopping_; });
    if (stopping_) return;
    std::string topic = message.topic ? message.topic : "";
    auto found = partitions_.find(topic);
    if (found == partitions_.end()) {
        found = partitions_.emplace(topic, static_cast<int>(topic_names_.size())).first;
        topic_names_.push_back(topic);
    }
    Message item;
    item.partition = found->second;
    item.qos = message.qos;
    item.retain = message.retain;
    item.arrival_us = wall_clock_us();
    item.number = ++received_;
    item.payload.assign(static_cast<const char *>(message.payload), message.payload ? message.payloadlen : 0);
    incoming_.push_back(std::move(item));
    lock.unlock();
    changed_.notify_all();
}

void MqttSource::begin_batch(Batch &out, size_t capacity) const {
    if (json_) return json_->begin_batch(out, capacity);
    if (csv_) return csv_->begin_batch(out, capacity);
    out.clear();
    out.columns.resize(output_.size());
    for (size_t i = 0; i < output_.size(); i++) out.columns[i].reset(output_[i].type, capacity);
    out.set_size(capacity);
    out.arenas.push_back(std::make_shared<StringArena>());
}

bool MqttSource::decode(const Message &message, Batch &out, size_t row) {
    std::string_view value(message.payload);
    if (raw_) {
        for (size_t i = 0; i < output_.size(); i++) out.columns[i].set_null(row);
        if (raw_column_) {
            out.columns[*raw_column_].set_valid(row);
            out.columns[*raw_column_].strings()[row] = out.arena().add(value);
        }
    } else {
        while (!value.empty() && (value.back() == '\n' || value.back() == '\r')) value.remove_suffix(1);
        if (value.empty()) {
            reason_ = "the message has an empty payload";
            return false;
        }
        bool ok = json_ ? json_->decode(value, out, row, reason_) : csv_->decode(value, out, row, reason_);
        if (!ok) return false;
    }
    if (!filled_.fill(waiting_topics_[message.partition], message.qos, message.retain, out, row, reason_)) return false;
    if (time_source_ == TimeSource::Arrival && spec_.event_time) {
        out.columns[*spec_.event_time].set_valid(row);
        out.columns[*spec_.event_time].ints()[row] = message.arrival_us;
    }
    return true;
}

Source::PollResult MqttSource::poll(Batch &out) {
    std::string failure = client_->failure();
    if (!failure.empty()) throw WeirError(ErrorKind::Io, failure);
    {
        std::lock_guard<std::mutex> lock(mutex_);
        while (!incoming_.empty() && waiting_count_ < kMaxQueued) {
            Message &message = incoming_.front();
            size_t partition = static_cast<size_t>(message.partition);
            while (waiting_.size() <= partition) {
                waiting_topics_.push_back(topic_names_[waiting_.size()]);
                waiting_.emplace_back();
            }
            waiting_[partition].push_back(std::move(message));
            waiting_count_++;
            incoming_.pop_front();
        }
    }
    changed_.notify_all();
    if (waiting_count_ == 0) return PollResult::Idle;
    // Topics take turns, one topic per batch (watermarks are kept per partition).
    while (waiting_[next_partition_ % waiting_.size()].empty()) next_partition_++;
    size_t partition = next_partition_ % waiting_.size();
    next_partition_++;
    std::deque<Message> &queue = waiting_[partition];
    size_t capacity = options_.batch_size;
    begin_batch(out, capacity);
    size_t rows = 0;
    while (rows < capacity && !queue.empty()) {
        const Message &message = queue.front();
        if (decode(message, out, rows)) {
            rows++;
        } else {
            reporter_.report(waiting_topics_[partition] + "#" + std::to_string(message.number), reason_, message.payload);
        }
        queue.pop_front();
        waiting_count_--;
    }
    out.set_size(rows);
    partition_ = static_cast<int>(partition);
    return rows > 0 ? PollResult::Data : PollResult::Idle;
}

void MqttSource::wait_for_data(int timeout_ms) {
    if (waiting_count_ > 0) return;
    std::unique_lock<std::mutex> lock(mutex_);
    changed_.wait_for(lock, std::chrono::milliseconds(std::max(timeout_ms, 0)), [&] { return !incoming_.empty(); });
}

void MqttSource::close() {
    {
        std::lock_guard<std::mutex> lock(mutex_);
        stopping_ = true;
    }
    changed_.notify_all();
    if (client_) client_->disconnect();
}

}  // namespace weir
