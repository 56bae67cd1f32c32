// Consuming, batching per partition, decoding and bounded stopping of the Kafka source.
#include "connectors/kafka/kafka_source.h"

#include <librdkafka/rdkafka.h>
#include <simdjson.h>

#include <algorithm>
#include <cstdlib>
#include <chrono>
#include <random>
#include <regex>

#include "common/weir_error.h"
#include "connectors/formats/json_line_encoder.h"
#include "connectors/kafka/kafka_metadata.h"

namespace weir {
namespace {

// A name no payload field can have: decoders leave such columns NULL for the source to fill.
const std::string kHiddenName = "\x01kafka metadata";

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

bool is_raw(const OptionReader &reader) { return reader.choice("format", {"json", "csv", "raw"}, "json") == "raw"; }

// Declared index of the column receiving the raw value: the first non-metadata TEXT column.
std::optional<size_t> raw_value_column(const Schema &declared) {
    for (size_t i = 0; i < declared.size(); i++) {
        if (declared[i].type == TypeId::Text && !KafkaMetadataColumns::field_named(declared[i].name)) return i;
    }
    return std::nullopt;
}

std::string random_suffix() {
    std::random_device device;
    std::mt19937_64 generator(device());
    static const char digits[] = "0123456789abcdef";
    std::string text;
    for (int i = 0; i < 12; i++) text += digits[generator() % 16];
    return text;
}

// A CSV header naming the declared payload columns in order: Kafka CSV messages carry no header.
std::string csv_header(const Schema &declared) {
    std::string header;
    bool first = true;
    for (const auto &column : declared.columns()) {
        if (KafkaMetadataColumns::field_named(column.name)) continue;
        if (!first) header += ",";
        first = false;
        header += "\"";
        for (char c : column.name) header += c == '"' ? std::string("\"\"") : std::string(1, c);
        header += "\"";
    }
    return header;
}

void on_rebalance(rd_kafka_t *, rd_kafka_resp_err_t error, rd_kafka_topic_partition_list_t *partitions, void *opaque) {
    auto *events = static_cast<KafkaClientEvents *>(opaque);
    static_cast<KafkaSource *>(events->owner)->rebalance(error, partitions);
}

}  // namespace

KafkaSource::KafkaSource(SourceSpec spec)
    : spec_(std::move(spec)),
      options_(SourceOptions::parse(OptionReader(spec_.connector, without_format(spec_.options)), spec_.batch_size, true)),
      config_("kafka", spec_.options), output_(projected(spec_)), metadata_(output_),
      reporter_(options_.fail_on_error, spec_.on_bad_record) {
    OptionReader reader(spec_.connector, spec_.options);
    validate(reader, spec_.declared);
    KafkaClientConfig::validate(reader, spec_.options);
    std::string format = reader.choice("format", {"json", "csv", "raw"}, "json");
    raw_ = format == "raw";
    topic_ = reader.required("topic");
    // Each job has a group of its own (SourceSpec::consumer_group): it sees every message.
    if (reader.has("group_id")) group_id_ = spec_.consumer_group(reader.text("group_id"));
    std::string start = reader.choice("start", {"earliest", "latest", "committed"}, "earliest");
    start_ = start == "latest" ? Start::Latest : start == "committed" ? Start::Committed : Start::Earliest;
    bounded_ = is_bounded(reader);
    time_source_ = reader.choice("ts_source", {"payload", "kafka"}, "payload") == "kafka" ? TimeSource::Kafka
                                                                                        : TimeSource::Payload;
    connect_timeout_ms_ = reader.duration("connect_timeout", 30 * 1000000LL) / 1000;

    // Decoders see metadata columns (and a Kafka-stamped event time) under a name no field can have.
    Schema payload;
    for (size_t i = 0; i < output_.size(); i++) {
        bool hidden = metadata_.is_metadata(i) ||
                      (time_source_ == TimeSource::Kafka && spec_.event_time && *spec_.event_time == i);
        payload.add(hidden ? kHiddenName : output_[i].name, output_[i].type);
    }
    std::optional<size_t> decoder_time = time_source_ == TimeSource::Kafka ? std::nullopt : spec_.event_time;
    if (raw_) {
        auto declared_index = raw_value_column(spec_.declared);
        for (size_t i = 0; i < spec_.projection.size(); i++) {
            if (declared_index && spec_.projection[i] == *declared_index) raw_column_ = i;
        }
        if (decoder_time) {
            throw WeirError(ErrorKind::Bind, "source `" + spec_.name + "` has format 'raw', which fills no event-time "
                                             "column from the payload; add ts_source = 'kafka'");
        }
    } else if (options_.format == RecordFormat::Csv) {
        csv_ = std::make_unique<CsvDecoder>(payload, options_.timestamp_format, decoder_time, ',');
        csv_->set_header(csv_header(spec_.declared));
    } else {
        json_ = std::make_unique<JsonLineDecoder>(payload, options_.timestamp_format, decoder_time);
    }
}

KafkaSource::~KafkaSource() { close(); }

const std::vector<std::string> &KafkaSource::option_names() {
    static const std::vector<std::string> names = {"brokers", "connect_timeout", "group_id", "start",
                                                   "stop",    "topic",           "ts_source"};
    return names;
}

void KafkaSource::validate(const OptionReader &reader, const Schema &declared) {
    if (!is_raw(reader)) {
        SourceOptions::parse(reader, 2048, true);
    } else {  // the common options other than format, as SourceOptions::parse checks them
        reader.choice("on_error", {"skip", "fail"}, "skip");
        reader.integer("batch_size", 2048, 1, 1000000);
        reader.choice("timestamp_format", {"iso", "epoch_s", "epoch_ms", "epoch_us"}, "iso");
        reader.duration("idle_timeout", 0);
        reader.duration("max_future", 0);
    }
    reader.required("brokers");
    std::string topic = reader.required("topic");
    if (KafkaMetadata::is_regex(topic)) {
        try {
            std::regex pattern(topic, std::regex::ECMAScript);
        } catch (const std::regex_error &) {
            throw WeirError(ErrorKind::Bind, "topic starts with '^' but is not a valid regular expression, got '" +
                                                 topic + "'");
        }
    } else if (KafkaMetadata::topic_names(topic).empty()) {
        throw WeirError(ErrorKind::Bind, "topic must name at least one topic, got '" + topic + "'");
    }
    std::string start = reader.choice("start", {"earliest", "latest", "committed"}, "earliest");
    is_bounded(reader);
    reader.choice("ts_source", {"payload", "kafka"}, "payload");
    if (reader.duration("connect_timeout", 30 * 1000000LL) < 1000) {
        throw WeirError(ErrorKind::Bind, "connect_timeout must be at least 1ms, got '" + reader.text("connect_timeout") + "'");
    }
    if (reader.has("group_id") && reader.text("group_id").empty()) {
        throw WeirError(ErrorKind::Bind, "group_id must not be empty; leave it out to read without a consumer group");
    }
    if (start == "committed" && !reader.has("group_id")) {
        throw WeirError(ErrorKind::Bind, "start = 'committed' needs option `group_id` (whose committed offsets to resume from)");
    }
    KafkaMetadataColumns::validate(declared);
    if (is_raw(reader) && !raw_value_column(declared)) {
        throw WeirError(ErrorKind::Bind, "format 'raw' needs a TEXT column (other than the kafka_* metadata "
                                         "columns) to hold each message value");
    }
}

void KafkaSource::restore_positions(const std::vector<KafkaPosition> &positions) {
    // Kept aside until open() has numbered the partitions in (topic, partition) order: creating their
    // states here would number them in the checkpoint's order, and the restored per-partition
    // watermarks (by number) would land on the wrong partitions.
    for (const auto &position : positions) restored_[Key(position.topic, position.partition)] = position.offset;
}

std::vector<KafkaPosition> KafkaSource::positions() const {
    std::vector<KafkaPosition> result;
    for (const auto &entry : partitions_) {
        if (entry.second.next_offset < 0) continue;
        result.push_back(KafkaPosition{entry.first.first, entry.first.second, entry.second.next_offset});
    }
    // Restored positions open() has not applied (before open(), or of a partition no longer listed).
    for (const auto &[key, offset] : restored_) {
        if (partitions_.count(key) == 0) result.push_back(KafkaPosition{key.first, key.second, offset});
    }
    return result;
}

void KafkaSource::commit(const std::vector<KafkaPosition> &positions) {
    if (group_id_.empty() || positions.empty() || !handle_) return;
    rd_kafka_topic_partition_list_t *list = rd_kafka_topic_partition_list_new(static_cast<int>(positions.size()));
    for (const auto &position : positions) {
        rd_kafka_topic_partition_list_add(list, position.topic.c_str(), position.partition)->offset = position.offset;
    }
    rd_kafka_resp_err_t error = rd_kafka_commit(handle_, list, 0);
    rd_kafka_topic_partition_list_destroy(list);
    if (error != RD_KAFKA_RESP_ERR_NO_ERROR) {
        throw WeirError(ErrorKind::Io, "cannot commit offsets of source `" + spec_.name + "` to consumer group `" +
                                           group_id_ + "`: " + config_.mask(rd_kafka_err2str(error)));
    }
}

std::optional<std::string> KafkaSource::position() const {
    std::string text = "[";
    for (const auto &position : positions()) {
        if (text.size() > 1) text += ',';
        text += "{\"topic\":";
        JsonLineEncoder::append_string(position.topic, text);
        text += ",\"partition\":" + std::to_string(position.partition) +
                ",\"offset\":" + std::to_string(position.offset) + "}";
    }
    return text + "]";
}

std::vector<KafkaPosition> KafkaSource::parse_position(const std::string &text) const {
    auto unreadable = [&]() {
        std::string shown = text.size() > 120 ? text.substr(0, 120) + "..." : text;
        return WeirError(ErrorKind::Data, "cannot restore source `" + spec_.name + "`: its checkpoint position is not "
                                          "a list of Kafka offsets ([{\"topic\":...,\"partition\":...,\"offset\":...}]), "
                                          "got '" + shown + "'");
    };
    simdjson::dom::parser parser;
    simdjson::dom::element document;
    simdjson::dom::array items;
    if (parser.parse(simdjson::padded_string(text)).get(document) || document.get_array().get(items)) throw unreadable();
    std::vector<KafkaPosition> result;
    for (simdjson::dom::element item : items) {
        std::string_view topic;
        int64_t partition = 0;
        int64_t offset = 0;
        if (item["topic"].get_string().get(topic) || item["partition"].get_int64().get(partition) ||
            item["offset"].get_int64().get(offset)) {
            throw unreadable();
        }
        if (topic.empty() || partition < 0 || partition > INT32_MAX || offset < 0) throw unreadable();
        result.push_back(KafkaPosition{std::string(topic), static_cast<int32_t>(partition), offset});
    }
    return result;
}

void KafkaSource::restore_position(const std::string &position) { restore_positions(parse_position(position)); }

void KafkaSource::position_durable(const std::string &position) { commit(parse_position(position)); }

std::vector<int> KafkaSource::partitions() const {
    std::vector<int> out;
    for (const auto &entry : partitions_) {
        if (entry.second.assigned && !entry.second.done) out.push_back(entry.second.index);
    }
    return out;
}

KafkaSource::PartitionState &KafkaSource::state_of(const std::string &topic, int32_t partition) {
    Key key(topic, partition);
    auto found = partitions_.find(key);
    if (found != partitions_.end()) return found->second;
    PartitionState state;
    state.index = static_cast<int>(partitions_.size());
    return partitions_.emplace(key, state).first->second;
}

void KafkaSource::open() {
    config_.set_default("auto.offset.reset", "earliest");
    config_.set_default("session.timeout.ms", "10000");
    config_.set_forced("group.id", group_id_.empty() ? "weir-" + spec_.name + "-" + random_suffix() : group_id_);
    config_.set_forced("enable.auto.commit", "false");
    config_.set_forced("enable.auto.offset.store", "false");
    config_.set_forced("enable.partition.eof", bounded_ ? "true" : "false");
    events_.owner = this;
    rd_kafka_conf_t *conf = config_.build(&events_);
    if (!group_id_.empty()) rd_kafka_conf_set_rebalance_cb(conf, on_rebalance);
    char error[512];
    handle_ = rd_kafka_new(RD_KAFKA_CONSUMER, conf, error, sizeof error);
    if (!handle_) {
        rd_kafka_conf_destroy(conf);
        throw WeirError(ErrorKind::Bind, "cannot create the Kafka consumer of source `" + spec_.name + "`: " +
                                             config_.mask(error));
    }
    rd_kafka_poll_set_consumer(handle_);
    std::string what = "source `" + spec_.name + "`";
    auto cluster = KafkaMetadata::fetch(handle_, connect_timeout_ms_, what, config_, events_);
    auto topics = KafkaMetadata::resolve(cluster, topic_, what, config_.brokers());
    // Partition numbers (partition()) follow (topic, partition) order, the same in every process.
    std::sort(topics.begin(), topics.end(), [](const auto &a, const auto &b) { return a.topic < b.topic; });
    // The all-topic metadata above creates no topic objects, so assigned partitions would start without
    // a known leader and the first offset lookup would wait ~500 ms for librdkafka's retry. Topic
    // handles plus a metadata request for them (the locally known topics) give the leaders at once. A
    // failure here only costs that wait.
    for (const auto &topic : topics) {
        rd_kafka_topic_t *topic_handle = rd_kafka_topic_new(handle_, topic.topic.c_str(), nullptr);
        if (topic_handle) topic_handles_.push_back(topic_handle);
    }
    const rd_kafka_metadata_t *known = nullptr;
    int metadata_ms = static_cast<int>(std::clamp<int64_t>(connect_timeout_ms_, 1000, 5000));
    if (rd_kafka_metadata(handle_, 0, nullptr, &known, metadata_ms) == RD_KAFKA_RESP_ERR_NO_ERROR && known) {
        rd_kafka_metadata_destroy(known);
    }

    for (const auto &topic : topics) {
        for (int32_t p = 0; p < topic.partitions; p++) {
            PartitionState &state = state_of(topic.topic, p);
            auto restored = restored_.find(Key(topic.topic, p));
            if (restored != restored_.end()) state.next_offset = restored->second;
            if (!bounded_) continue;
            int64_t low = 0, high = 0;
            rd_kafka_resp_err_t status = rd_kafka_query_watermark_offsets(
                handle_, topic.topic.c_str(), p, &low, &high, static_cast<int>(std::max<int64_t>(connect_timeout_ms_, 1000)));
            if (status != RD_KAFKA_RESP_ERR_NO_ERROR) {
                throw WeirError(ErrorKind::Io, "cannot read the end offset of " + topic.topic + "/" + std::to_string(p) +
                                                   " for " + what + ": " + config_.mask(rd_kafka_err2str(status)));
            }
            state.end = high;
            bool nothing_to_read = high <= low || start_ == Start::Latest ||
                                   (state.next_offset >= 0 && state.next_offset >= high);
            if (nothing_to_read) state.done = true;
        }
    }

    if (!group_id_.empty()) {
        rd_kafka_topic_partition_list_t *subscription = rd_kafka_topic_partition_list_new(1);
        for (const auto &name : KafkaMetadata::topic_names(topic_)) {
            rd_kafka_topic_partition_list_add(subscription, name.c_str(), RD_KAFKA_PARTITION_UA);
        }
        rd_kafka_resp_err_t status = rd_kafka_subscribe(handle_, subscription);
        rd_kafka_topic_partition_list_destroy(subscription);
        if (status != RD_KAFKA_RESP_ERR_NO_ERROR) {
            throw WeirError(ErrorKind::Io, "cannot subscribe " + what + " to topic " + topic_ + ": " +
                                               config_.mask(rd_kafka_err2str(status)));
        }
        return;
    }
    rd_kafka_topic_partition_list_t *assignment = rd_kafka_topic_partition_list_new(static_cast<int>(partitions_.size()));
    for (const auto &entry : partitions_) {
        if (entry.second.done) continue;
        rd_kafka_topic_partition_list_add(assignment, entry.first.first.c_str(), entry.first.second);
    }
    set_start_offsets(assignment);
    rd_kafka_resp_err_t status = rd_kafka_assign(handle_, assignment);
    rd_kafka_topic_partition_list_destroy(assignment);
    if (status != RD_KAFKA_RESP_ERR_NO_ERROR) {
        throw WeirError(ErrorKind::Io, "cannot assign the partitions of topic " + topic_ + " to " + what + ": " +
                                           config_.mask(rd_kafka_err2str(status)));
    }
    assigned_once_ = true;
}

void KafkaSource::set_start_offsets(rd_kafka_topic_partition_list_t *partitions) {
    for (int i = 0; i < partitions->cnt; i++) {
        rd_kafka_topic_partition_t &item = partitions->elems[i];
        PartitionState &state = state_of(item.topic, item.partition);
        state.assigned = true;
        if (state.next_offset < 0 && start_ == Start::Latest && checkpoints_) {
            // Pin 'latest' to an offset now, so the next checkpoint names this partition even before
            // it delivers anything: a restore then resumes here instead of at a later 'latest' (which
            // would skip what arrived meanwhile). Without an answer, 'latest' stays symbolic.
            int64_t low = 0, high = 0;
            int timeout = static_cast<int>(std::clamp<int64_t>(connect_timeout_ms_, 1000, 5000));
            if (rd_kafka_query_watermark_offsets(handle_, item.topic, item.partition, &low, &high, timeout) ==
                RD_KAFKA_RESP_ERR_NO_ERROR) {
                state.next_offset = high;
            }
        }
        if (state.next_offset >= 0) item.offset = state.next_offset;
        else if (start_ == Start::Latest) item.offset = RD_KAFKA_OFFSET_END;
        else if (start_ == Start::Committed) item.offset = RD_KAFKA_OFFSET_STORED;
        else item.offset = RD_KAFKA_OFFSET_BEGINNING;
    }
}

void KafkaSource::rebalance(int error, rd_kafka_topic_partition_list_t *partitions) {
    bool cooperative = std::string(rd_kafka_rebalance_protocol(handle_)) == "COOPERATIVE";
    if (error == RD_KAFKA_RESP_ERR__ASSIGN_PARTITIONS) {
        // Partitions already read to their end are left out: nothing more to fetch there.
        rd_kafka_topic_partition_list_t *wanted = rd_kafka_topic_partition_list_new(partitions->cnt);
        for (int i = 0; i < partitions->cnt; i++) {
            const rd_kafka_topic_partition_t &item = partitions->elems[i];
            PartitionState &state = state_of(item.topic, item.partition);
            if (state.done) state.assigned = true;
            else rd_kafka_topic_partition_list_add(wanted, item.topic, item.partition);
        }
        set_start_offsets(wanted);
        if (cooperative) rd_kafka_error_destroy(rd_kafka_incremental_assign(handle_, wanted));
        else rd_kafka_assign(handle_, wanted);
        rd_kafka_topic_partition_list_destroy(wanted);
        assigned_once_ = true;
        return;
    }
    for (int i = 0; i < partitions->cnt; i++) state_of(partitions->elems[i].topic, partitions->elems[i].partition).assigned = false;
    if (pending_ && pending_->rkt) {
        rd_kafka_message_destroy(pending_);  // its partition moved to another member
        pending_ = nullptr;
    }
    if (cooperative) rd_kafka_error_destroy(rd_kafka_incremental_unassign(handle_, partitions));
    else rd_kafka_assign(handle_, nullptr);
}

void KafkaSource::mark_done(const Key &key, PartitionState &state) {
    if (state.done) return;
    state.done = true;
    rd_kafka_topic_partition_list_t *list = rd_kafka_topic_partition_list_new(1);
    rd_kafka_topic_partition_list_add(list, key.first.c_str(), key.second);
    rd_kafka_pause_partitions(handle_, list);  // stop fetching what lies beyond the end
    rd_kafka_topic_partition_list_destroy(list);
}

bool KafkaSource::all_done() const {
    if (!assigned_once_) return false;
    for (const auto &entry : partitions_) {
        if (entry.second.assigned && !entry.second.done) return false;
    }
    return true;
}

bool KafkaSource::others_done() {
    if (group_id_.empty() || !checkpoints_) return true;
    rd_kafka_topic_partition_list_t *open = rd_kafka_topic_partition_list_new(4);
    for (const auto &entry : partitions_) {
        if (!entry.second.assigned && !entry.second.done) {
            rd_kafka_topic_partition_list_add(open, entry.first.first.c_str(), entry.first.second);
        }
    }
    bool done = open->cnt == 0;
    auto now = std::chrono::steady_clock::now();
    if (!done && others_deadline_ == std::chrono::steady_clock::time_point{}) {
        int64_t session_ms = 45000;
        auto session = spec_.options.find("kafka.session.timeout.ms");
        if (session != spec_.options.end()) session_ms = std::max<int64_t>(1, std::atoll(session->second.c_str()));
        others_deadline_ = now + std::chrono::milliseconds(std::max<int64_t>(30000, 3 * session_ms));
    }
    if (!done && now >= others_deadline_) {
        std::string names;
        for (int i = 0; i < open->cnt; i++) {
            names += std::string(i ? ", " : "") + open->elems[i].topic + "/" + std::to_string(open->elems[i].partition);
        }
        rd_kafka_topic_partition_list_destroy(open);
        throw WeirError(ErrorKind::Io, "Kafka source `" + spec_.name + "` read its partitions to the end but consumer "
                                       "group `" + group_id_ + "` neither assigned it nor committed past their end " +
                                       names + "; restart the job once the group is stable, or read without group_id.");
    }
    if (!done && now >= next_others_check_) {
        next_others_check_ = now + std::chrono::milliseconds(500);
        if (rd_kafka_committed(handle_, open, 1000) == RD_KAFKA_RESP_ERR_NO_ERROR) {
            done = true;
            for (int i = 0; i < open->cnt; i++) {
                const rd_kafka_topic_partition_t &item = open->elems[i];
                PartitionState &state = state_of(item.topic, item.partition);
                if (item.err == RD_KAFKA_RESP_ERR_NO_ERROR && item.offset >= 0 && item.offset >= state.end) {
                    state.done = true;
                } else {
                    done = false;
                }
            }
        }
    }
    rd_kafka_topic_partition_list_destroy(open);
    return done;
}

void KafkaSource::handle_error(const rd_kafka_message_t &message) {
    if (message.err == RD_KAFKA_RESP_ERR__PARTITION_EOF) {
        if (bounded_ && message.rkt) {
            Key key(rd_kafka_topic_name(message.rkt), message.partition);
            mark_done(key, state_of(key.first, key.second));
        }
        return;
    }
    bool fatal = message.err == RD_KAFKA_RESP_ERR__FATAL || message.err == RD_KAFKA_RESP_ERR_TOPIC_AUTHORIZATION_FAILED ||
                 message.err == RD_KAFKA_RESP_ERR_GROUP_AUTHORIZATION_FAILED ||
                 message.err == RD_KAFKA_RESP_ERR__UNKNOWN_TOPIC || message.err == RD_KAFKA_RESP_ERR_UNKNOWN_TOPIC_OR_PART;
    if (!fatal && !events_.fatal()) return;  // transient (broker down, leader change): librdkafka retries
    std::string text = rd_kafka_message_errstr(&message);
    throw WeirError(ErrorKind::Io, "Kafka source `" + spec_.name + "` failed: " + config_.mask(text));
}

void KafkaSource::begin_batch(Batch &out, size_t capacity) const {
    if (json_) return json_->begin_batch(out, capacity);
    if (csv_) return csv_->begin_batch(out, capacity);
    out.clear();
    out.columns.resize(output_.size());
    for (size_t i = 0; i < output_.size(); i++) out.columns[i].reset(output_[i].type, capacity);
    out.set_size(capacity);
    out.arenas.push_back(std::make_shared<StringArena>());
}

std::string KafkaSource::position_text(const rd_kafka_message_t &message) const {
    return std::string(rd_kafka_topic_name(message.rkt)) + "/" + std::to_string(message.partition) + "@" +
           std::to_string(message.offset);
}

bool KafkaSource::decode(const rd_kafka_message_t &message, Batch &out, size_t row) {
    std::string_view value(static_cast<const char *>(message.payload), message.payload ? message.len : 0);
    if (raw_) {
        for (size_t i = 0; i < output_.size(); i++) out.columns[i].set_null(row);
        if (raw_column_ && message.payload) {
            out.columns[*raw_column_].set_valid(row);
            out.columns[*raw_column_].strings()[row] = out.arena().add(value);
        }
    } else {
        if (!message.payload) {
            reason_ = "the message has no value";
            return false;
        }
        while (!value.empty() && (value.back() == '\n' || value.back() == '\r')) value.remove_suffix(1);
        bool ok = json_ ? json_->decode(value, out, row, reason_) : csv_->decode(value, out, row, reason_);
        if (!ok) return false;
    }
    metadata_.fill(message, out, row);
    if (time_source_ == TimeSource::Kafka && spec_.event_time) {
        auto micros = KafkaMetadataColumns::timestamp_micros(message);
        if (!micros) {
            reason_ = "the message has no timestamp (ts_source = 'kafka')";
            return false;
        }
        out.columns[*spec_.event_time].set_valid(row);
        out.columns[*spec_.event_time].ints()[row] = *micros;
    }
    return true;
}

Source::PollResult KafkaSource::poll(Batch &out) {
    if (ended_) return PollResult::End;
    if (events_.fatal()) {
        throw WeirError(ErrorKind::Io, "Kafka source `" + spec_.name + "` failed: " + config_.mask(events_.last_error()));
    }
    size_t capacity = options_.batch_size;
    begin_batch(out, capacity);
    size_t rows = 0;
    int batch_partition = -1;
    while (rows < capacity) {
        rd_kafka_message_t *message = pending_ ? pending_ : rd_kafka_consumer_poll(handle_, 0);
        pending_ = nullptr;
        if (!message) break;
        if (message->err != RD_KAFKA_RESP_ERR_NO_ERROR) {
            try {
                handle_error(*message);
            } catch (...) {
                rd_kafka_message_destroy(message);
                throw;
            }
            rd_kafka_message_destroy(message);
            continue;
        }
        Key key(rd_kafka_topic_name(message->rkt), message->partition);
        PartitionState &state = state_of(key.first, key.second);
        if (bounded_ && (state.done || (state.end >= 0 && message->offset >= state.end))) {
            mark_done(key, state);
            rd_kafka_message_destroy(message);
            continue;
        }
        if (batch_partition >= 0 && state.index != batch_partition) {
            pending_ = message;  // one partition per batch keeps per-partition watermarks exact
            break;
        }
        batch_partition = state.index;
        state.next_offset = message->offset + 1;
        if (decode(*message, out, rows)) {
            rows++;
        } else {
            try {
                reporter_.report(position_text(*message), reason_,
                                 std::string_view(static_cast<const char *>(message->payload),
                                                  message->payload ? message->len : 0));
            } catch (...) {
                rd_kafka_message_destroy(message);
                throw;
            }
        }
        rd_kafka_message_destroy(message);
        if (bounded_ && state.end >= 0 && state.next_offset >= state.end) mark_done(key, state);
    }
    out.set_size(rows);
    if (rows > 0) {
        partition_ = batch_partition;
        return PollResult::Data;
    }
    if (bounded_ && !pending_ && all_done() && others_done()) {
        ended_ = true;
        return PollResult::End;
    }
    return PollResult::Idle;
}

void KafkaSource::wait_for_data(int timeout_ms) {
    if (!handle_ || pending_ || ended_) return;
    pending_ = rd_kafka_consumer_poll(handle_, std::max(timeout_ms, 0));
}

void KafkaSource::close() {
    if (pending_) rd_kafka_message_destroy(pending_);
    pending_ = nullptr;
    if (!handle_) return;
    rd_kafka_consumer_close(handle_);
    for (rd_kafka_topic_t *topic_handle : topic_handles_) rd_kafka_topic_destroy(topic_handle);
    topic_handles_.clear();
    rd_kafka_destroy(handle_);
    handle_ = nullptr;
}

}  // namespace weir
