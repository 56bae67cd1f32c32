// Consumer-group reading, bounded runs, claiming and acknowledgement of the Redis Streams source.
#include "connectors/redis/redis_stream_source.h"

#include <fnmatch.h>
#include <hiredis/hiredis.h>
#include <simdjson.h>

#include <algorithm>
#include <charconv>
#include <exception>
#include <thread>

#include "common/weir_error.h"
#include "connectors/formats/json_line_encoder.h"

namespace weir {
namespace {

constexpr size_t kAckPage = 1000;
constexpr size_t kAckIds = 4096;    // ids per XACK command
constexpr size_t kAckWindow = 16;   // XACK commands sent before their replies are read

Schema projected(const SourceSpec &spec) {
    Schema schema;
    for (size_t index : spec.projection) schema.add(spec.declared[index].name, spec.declared[index].type);
    return schema;
}

std::optional<size_t> id_time_column(const SourceSpec &spec, const RedisSourceConfig &config) {
    if (!config.time_from_id) return std::nullopt;
    return projected(spec).find(config.ts_column);
}

std::string text_of(const redisReply *reply) {
    if (reply == nullptr || (reply->type != REDIS_REPLY_STRING && reply->type != REDIS_REPLY_STATUS)) return "";
    return std::string(reply->str, reply->len);
}

std::string_view view_of(const redisReply *reply) {
    if (reply == nullptr || reply->type != REDIS_REPLY_STRING) return {};
    return std::string_view(reply->str, reply->len);
}

bool is_array(const redisReply *reply) { return reply != nullptr && reply->type == REDIS_REPLY_ARRAY; }

// "<digits>-<digits>", the form of a stream entry id.
bool is_entry_id(std::string_view id) {
    size_t dash = id.find('-');
    if (dash == std::string_view::npos || dash == 0 || dash + 1 == id.size()) return false;
    for (size_t i = 0; i < id.size(); i++) {
        if (i != dash && (id[i] < '0' || id[i] > '9')) return false;
    }
    return true;
}

}  // namespace

RedisStreamSource::RedisStreamSource(SourceSpec spec)
    : spec_(std::move(spec)),
      config_(RedisSourceConfig::parse(OptionReader(spec_.connector, spec_.options), spec_.batch_size, spec_.declared)),
      decoder_(projected(spec_), config_.format, config_.common.timestamp_format, spec_.event_time,
               id_time_column(spec_, config_)),
      reporter_(config_.common.fail_on_error, spec_.on_bad_record) {
    config_.group = spec_.consumer_group(config_.group);
    for (const auto &name : config_.streams) {
        Stream stream;
        stream.name = name;
        streams_.push_back(stream);
        known_.insert(name);
    }
}

RedisStreamSource::~RedisStreamSource() { connection_.reset(); }

void RedisStreamSource::validate(const OptionReader &options, const Schema &declared) {
    RedisSourceConfig::parse(options, 2048, declared);
}

void RedisStreamSource::open() {
    connection_ = RedisConnection::open(config_.url, config_.timeout_ms, config_.retry_for_us,
                                        "source `" + spec_.name + "`");
    // A blocking read must end before the reply timeout.
    connection_->set_timeout(config_.timeout_ms + config_.block_ms);
    for (auto &stream : streams_) prepare_stream(stream, config_.start);
    discover(config_.start);
    next_claim_ = std::chrono::steady_clock::now();
    next_discovery_ = next_claim_ + std::chrono::microseconds(config_.discovery_interval_us);
}

void RedisStreamSource::discover(const std::string &start) {
    for (auto &stream : streams_) {
        if (stream.phase == Phase::Waiting) prepare_stream(stream, start);
    }
    for (const auto &pattern : config_.patterns) {
        std::vector<std::string> found;
        std::string cursor = "0";
        do {
            auto page = connection_->checked({"SCAN", cursor, "MATCH", pattern, "TYPE", "stream", "COUNT", "1000"});
            if (!is_array(page.get()) || page->elements < 2 || !is_array(page->element[1])) break;
            cursor = text_of(page->element[0]);
            for (size_t i = 0; i < page->element[1]->elements; i++) {
                std::string name = text_of(page->element[1]->element[i]);
                if (known_.count(name) == 0) found.push_back(name);
            }
        } while (cursor != "0" && !cursor.empty());
        std::sort(found.begin(), found.end());
        found.erase(std::unique(found.begin(), found.end()), found.end());
        for (const auto &name : found) {
            if (!known_.insert(name).second) continue;  // matched by an earlier pattern of this scan
            Stream stream;
            stream.name = name;
            stream.discovered = true;
            streams_.push_back(stream);
            prepare_stream(streams_.back(), start);
        }
    }
}

void RedisStreamSource::prepare_stream(Stream &stream, const std::string &start) {
    // A group created for a restored job starts right after its checkpoint, not at `start`. Without
    // MKSTREAM: a source never creates a stream; one that does not exist yet is waited for.
    std::string at = stream.restored ? text_of_id(*stream.restored) : start;
    auto created = connection_->command({"XGROUP", "CREATE", stream.name, config_.group, at});
    if (created->type == REDIS_REPLY_ERROR) {
        std::string error = RedisConnection::error_text(*created);
        if (error.find("requires the key to exist") != std::string::npos) {
            stream.phase = config_.bounded ? Phase::Done : Phase::Waiting;
            return;
        }
        if (error.rfind("BUSYGROUP", 0) != 0) {
            throw WeirError(ErrorKind::Io, "cannot create consumer group `" + config_.group + "` on Redis stream `" +
                                               stream.name + "` for source `" + spec_.name + "` at " +
                                               connection_->address() + ": " + error);
        }
    }
    if (stream.phase == Phase::Waiting) stream.phase = Phase::Pending;
    if (!config_.bounded) return;
    auto last = connection_->checked({"XREVRANGE", stream.name, "+", "-", "COUNT", "1"});
    if (is_array(last.get()) && last->elements > 0 && is_array(last->element[0]) && last->element[0]->elements > 0) {
        EntryId end;
        if (RedisEntryDecoder::parse_id(view_of(last->element[0]->element[0]), end.ms, end.seq)) stream.end_id = end;
    }
}

bool RedisStreamSource::all_done() const {
    for (const auto &stream : streams_) {
        if (stream.phase != Phase::Done) return false;
    }
    return true;
}

void RedisStreamSource::read(int block_ms) {
    args_.assign({"XREADGROUP", "GROUP", config_.group, config_.consumer, "COUNT", std::to_string(config_.batch)});
    if (block_ms > 0) {
        args_.push_back("BLOCK");
        args_.push_back(std::to_string(block_ms));
    }
    args_.push_back("STREAMS");
    std::vector<size_t> active;
    for (size_t i = 0; i < streams_.size(); i++) {
        if (streams_[i].phase == Phase::Done || streams_[i].phase == Phase::Waiting) continue;
        active.push_back(i);
        args_.push_back(streams_[i].name);
    }
    if (active.empty()) return;
    for (size_t i : active) args_.push_back(streams_[i].phase == Phase::Pending ? streams_[i].pending_cursor : ">");

    auto reply = std::make_shared<RedisConnection::Reply>(connection_->checked(args_));
    std::vector<bool> got(streams_.size(), false);
    if (is_array(reply->get())) {
        const redisReply &all = **reply;
        for (size_t e = 0; e < all.elements; e++) {
            const redisReply *item = all.element[e];
            if (!is_array(item) || item->elements < 2) continue;
            std::string name = text_of(item->element[0]);
            const redisReply *entries = item->element[1];
            for (size_t i : active) {
                if (streams_[i].name != name) continue;
                size_t count = is_array(entries) ? entries->elements : 0;
                if (count > 0) got[i] = true;
                if (streams_[i].phase == Phase::Pending && count > 0) {
                    const redisReply *last = entries->element[count - 1];
                    if (is_array(last) && last->elements > 0) streams_[i].pending_cursor = text_of(last->element[0]);
                }
                if (count > 0) take_entries(i, reply, entries, streams_[i].phase == Phase::Pending);
                break;
            }
        }
    }
    for (size_t i : active) {
        Stream &stream = streams_[i];
        if (got[i]) continue;
        // Nothing more pending: continue with new entries; a bounded read that finds nothing new is done.
        if (stream.phase == Phase::Pending) stream.phase = Phase::New;
        else if (config_.bounded && block_ms == 0) stream.phase = Phase::Done;
        if (config_.bounded && stream.phase == Phase::New && !stream.end_id) stream.phase = Phase::Done;
    }
}

void RedisStreamSource::take_entries(size_t stream_index, const std::shared_ptr<RedisConnection::Reply> &reply,
                                     const redisReply *entries, bool own_pending) {
    Stream &stream = streams_[stream_index];
    size_t count = entries->elements;
    // Every entry received is now pending for this consumer (also the ones not emitted below).
    if (!stream.ack_by_listing && stream.unacked.size() + count > kTrackedIds) {
        stream.ack_by_listing = true;
        std::vector<EntryId>().swap(stream.unacked);
    }
    size_t end = count;
    size_t begin = 0;
    bool past_end = false;
    bool skipping = own_pending && stream.restored.has_value();
    for (size_t k = 0; k < count; k++) {
        const redisReply *entry = entries->element[k];
        EntryId id;
        if (!is_array(entry) || entry->elements == 0 ||
            !RedisEntryDecoder::parse_id(view_of(entry->element[0]), id.ms, id.seq)) {
            continue;
        }
        if (!stream.ack_by_listing) stream.unacked.push_back(id);
        if (config_.bounded && !past_end && stream.end_id && *stream.end_id < id) {
            end = k;  // later entries stay pending for a later run
            past_end = true;
            if (stream.phase == Phase::New) stream.phase = Phase::Done;
        }
        // The pending list comes in id order: the entries processed before the restore are a prefix.
        if (skipping) {
            if (*stream.restored < id) skipping = false;
            else begin = k + 1;
        }
    }
    if (config_.bounded && !stream.end_id) end = 0;
    if (end == 0) return;
    begin = std::min(begin, end);
    if (begin == end) return;
    chunks_.push_back(Chunk{stream_index, reply, entries, begin, end});
}

void RedisStreamSource::claim() {
    auto min_idle_ms = std::to_string(*config_.claim_idle_us / 1000);
    for (size_t i = 0; i < streams_.size(); i++) {
        if (streams_[i].phase == Phase::Waiting) continue;
        std::string from = "-";
        while (true) {
            auto pending = connection_->checked({"XPENDING", streams_[i].name, config_.group, "IDLE", min_idle_ms, from,
                                                 "+", std::to_string(config_.batch)});
            if (!is_array(pending.get()) || pending->elements == 0) break;
            args_.assign({"XCLAIM", streams_[i].name, config_.group, config_.consumer, min_idle_ms});
            for (size_t k = 0; k < pending->elements; k++) {
                const redisReply *item = pending->element[k];
                if (!is_array(item) || item->elements < 2) continue;
                if (text_of(item->element[1]) != config_.consumer) args_.push_back(text_of(item->element[0]));
            }
            if (args_.size() > 5) {
                auto reply = std::make_shared<RedisConnection::Reply>(connection_->checked(args_));
                const redisReply *entries = reply->get();
                if (is_array(entries) && entries->elements > 0) take_entries(i, reply, entries, false);
            }
            if (pending->elements < config_.batch) break;
            const redisReply *last = pending->element[pending->elements - 1];
            if (!is_array(last) || last->elements == 0) break;
            from = "(" + text_of(last->element[0]);  // exclusive: after the last one listed
        }
    }
}

size_t RedisStreamSource::decode_chunk(Chunk &chunk, Batch &out) {
    Stream &stream = streams_[chunk.stream];
    decoder_.begin_batch(out, chunk.end - chunk.next);
    size_t rows = 0;
    for (; chunk.next < chunk.end; chunk.next++) {
        const redisReply *entry = chunk.entries->element[chunk.next];
        if (!is_array(entry) || entry->elements < 2) continue;
        std::string_view id = view_of(entry->element[0]);
        EntryId parsed;
        if (RedisEntryDecoder::parse_id(id, parsed.ms, parsed.seq) && (!stream.last_id || *stream.last_id < parsed)) {
            stream.last_id = parsed;
        }
        const redisReply *fields = entry->element[1];
        if (!is_array(fields)) continue;  // deleted while pending: nothing to decode, acked with the rest
        fields_.clear();
        for (size_t f = 0; f < fields->elements; f++) fields_.push_back(view_of(fields->element[f]));
        if (decoder_.decode(id, fields_.data(), fields_.size(), out, rows, reason_,
                            RedisConnection::kReadableAfterString)) {
            rows++;
            continue;
        }
        std::string raw;
        for (size_t f = 0; f + 1 < fields_.size() && raw.size() < BadRecordReporter::kRawPrefix; f += 2) {
            raw += (raw.empty() ? "" : " ") + std::string(fields_[f]) + "=" + std::string(fields_[f + 1]);
        }
        reporter_.report(stream.name + "@" + std::string(id), reason_, raw);
    }
    out.set_size(rows);
    return rows;
}

Source::PollResult RedisStreamSource::poll(Batch &out) {
    if (ended_) return PollResult::End;
    if (!config_.bounded && std::chrono::steady_clock::now() >= next_discovery_) {
        // Streams appearing after open() are read from their first entry: all of it is newer than the job.
        discover("0");
        next_discovery_ = std::chrono::steady_clock::now() + std::chrono::microseconds(config_.discovery_interval_us);
    }
    while (true) {
        if (!chunks_.empty()) {
            Chunk chunk = std::move(chunks_.front());
            chunks_.pop_front();
            partition_ = static_cast<int>(chunk.stream);
            if (decode_chunk(chunk, out) > 0) return PollResult::Data;
            continue;
        }
        if (all_done()) {
            ended_ = true;
            out.set_size(0);
            return PollResult::End;
        }
        bool pending_phase = std::any_of(streams_.begin(), streams_.end(),
                                         [](const Stream &stream) { return stream.phase == Phase::Pending; });
        if (config_.claim_idle_us && !pending_phase && std::chrono::steady_clock::now() >= next_claim_) {
            next_claim_ = std::chrono::steady_clock::now() + std::chrono::microseconds(*config_.claim_idle_us);
            claim();
            if (!chunks_.empty()) continue;
        }
        read(0);
        if (chunks_.empty() && !config_.bounded && !pending_phase) {
            out.set_size(0);
            return PollResult::Idle;
        }
    }
}

void RedisStreamSource::wait_for_data(int timeout_ms) {
    if (ended_ || !chunks_.empty() || config_.bounded || !connection_) return;
    bool readable = false;
    for (const auto &stream : streams_) {
        if (stream.phase == Phase::Pending) return;
        readable = readable || stream.phase == Phase::New;
    }
    int block = std::min(timeout_ms, config_.block_ms);
    if (block <= 0) return;
    // Every stream is still awaited (none exists yet): nothing to block on until the next discovery.
    if (!readable) std::this_thread::sleep_for(std::chrono::milliseconds(block));
    else read(block);
}

std::optional<std::string> RedisStreamSource::position() const {
    std::string text = "{";
    for (const auto &stream : streams_) {
        if (!stream.last_id && !stream.discovered) continue;
        if (text.size() > 1) text += ',';
        JsonLineEncoder::append_string(stream.name, text);
        text += ':';
        if (stream.last_id) JsonLineEncoder::append_string(text_of_id(*stream.last_id), text);
        else text += "null";
    }
    return text + "}";
}

std::vector<std::pair<std::string, std::string>> RedisStreamSource::parse_position(const std::string &text) const {
    auto unreadable = [&]() {
        std::string shown = text.size() > 120 ? text.substr(0, 120) + "..." : text;
        return WeirError(ErrorKind::Data, "cannot restore source `" + spec_.name + "`: its checkpoint position is not "
                                          "a map of Redis stream entry ids ({\"stream\":\"1700000000000-0\",...}), "
                                          "got '" + shown + "'");
    };
    simdjson::dom::parser parser;
    simdjson::dom::element document;
    simdjson::dom::object object;
    if (parser.parse(simdjson::padded_string(text)).get(document) || document.get_object().get(object)) {
        throw unreadable();
    }
    std::vector<std::pair<std::string, std::string>> result;
    for (auto field : object) {
        std::string_view id;
        if (field.value.is_null()) id = "";
        else if (field.value.get_string().get(id) || !is_entry_id(id)) throw unreadable();
        result.emplace_back(std::string(field.key), std::string(id));
    }
    return result;
}

void RedisStreamSource::restore_position(const std::string &position) {
    for (const auto &[name, text] : parse_position(position)) {
        auto stream = std::find_if(streams_.begin(), streams_.end(),
                                   [&](const Stream &candidate) { return candidate.name == name; });
        if (stream == streams_.end()) {
            // A stream a pattern had found: it keeps its partition number (the checkpoint's order).
            bool matched = std::any_of(config_.patterns.begin(), config_.patterns.end(), [&](const std::string &p) {
                return ::fnmatch(p.c_str(), name.c_str(), 0) == 0;
            });
            if (!matched) continue;
            Stream found;
            found.name = name;
            found.discovered = true;
            known_.insert(name);
            streams_.push_back(found);
            stream = streams_.end() - 1;
        }
        if (text.empty()) continue;
        EntryId id;
        RedisEntryDecoder::parse_id(text, id.ms, id.seq);  // parse_position checked the form
        stream->restored = id;
        stream->last_id = id;
    }
}

void RedisStreamSource::position_durable(const std::string &position) {
    std::map<std::string, std::string> up_to;
    for (const auto &[name, id] : parse_position(position)) {
        if (!id.empty()) up_to[name] = id;
    }
    acknowledge(up_to);
}

std::map<std::string, std::string> RedisStreamSource::positions() const {
    std::map<std::string, std::string> result;
    for (const auto &stream : streams_) {
        if (stream.last_id) result[stream.name] = text_of_id(*stream.last_id);
    }
    return result;
}

std::string RedisStreamSource::text_of_id(const EntryId &id) {
    return std::to_string(id.ms) + "-" + std::to_string(id.seq);
}

void RedisStreamSource::acknowledge(const std::map<std::string, std::string> &up_to) {
    if (!connection_) return;
    for (const auto &position : up_to) {
        auto stream = std::find_if(streams_.begin(), streams_.end(),
                                   [&](const Stream &candidate) { return candidate.name == position.first; });
        EntryId bound;
        if (stream == streams_.end() || !RedisEntryDecoder::parse_id(position.second, bound.ms, bound.seq)) continue;
        // The ids up to the bound first, the rest after them (order does not matter to XACK).
        auto covered = std::partition(stream->unacked.begin(), stream->unacked.end(),
                                      [&](const EntryId &id) { return !(bound < id); });
        if (stream->ack_by_listing || stream->phase == Phase::Pending) {
            acknowledge_listed(stream->name, position.second);
        } else {
            acknowledge_ids(stream->name, stream->unacked.data(),
                            static_cast<size_t>(covered - stream->unacked.begin()));
        }
        stream->unacked.erase(stream->unacked.begin(), covered);
    }
}

void RedisStreamSource::acknowledge_ids(const std::string &stream, const EntryId *ids, size_t count) {
    std::optional<WeirError> refused;
    size_t waiting = 0;  // commands sent whose reply is not read yet
    auto read_replies = [&]() {
        for (; waiting > 0; waiting--) {
            try {
                connection_->read_checked("XACK");
            } catch (const WeirError &error) {
                if (!refused) refused = error;  // read every reply first: the connection stays usable
            }
        }
    };
    for (size_t begin = 0; begin < count; begin += kAckIds) {
        size_t end = std::min(count, begin + kAckIds);
        ack_text_.clear();
        ack_ends_.clear();
        char digits[48];
        for (size_t k = begin; k < end; k++) {
            char *at = std::to_chars(digits, digits + 20, ids[k].ms).ptr;
            *at++ = '-';
            at = std::to_chars(at, digits + sizeof digits, ids[k].seq).ptr;
            ack_text_.append(digits, at);
            ack_ends_.push_back(ack_text_.size());
        }
        ack_args_.assign({"XACK", stream, config_.group});
        size_t from = 0;
        for (size_t to : ack_ends_) {
            ack_args_.push_back(std::string_view(ack_text_).substr(from, to - from));
            from = to;
        }
        connection_->append(ack_args_.data(), ack_args_.size());
        if (++waiting == kAckWindow) read_replies();
    }
    read_replies();
    if (refused) throw *refused;
}

void RedisStreamSource::acknowledge_listed(const std::string &stream, const std::string &up_to) {
    while (true) {
        auto pending = connection_->checked({"XPENDING", stream, config_.group, "-", up_to, std::to_string(kAckPage),
                                             config_.consumer});
        if (!is_array(pending.get()) || pending->elements == 0) break;
        args_.assign({"XACK", stream, config_.group});
        for (size_t i = 0; i < pending->elements; i++) {
            const redisReply *item = pending->element[i];
            if (is_array(item) && item->elements > 0) args_.push_back(text_of(item->element[0]));
        }
        connection_->checked(args_);
        if (pending->elements < kAckPage) break;
    }
}

void RedisStreamSource::close() {
    if (closed_) return;
    closed_ = true;
    // Without checkpoints (see the header): acknowledge on a normal end or graceful stop only. The job
    // driver closes a source from inside its error handler when the job fails; then nothing is acked.
    bool failing = std::current_exception() != nullptr;
    try {
        if (spec_.transient_group) destroy_group();
        else if (!failing && !checkpoints_) acknowledge(positions());
    } catch (...) {
        chunks_.clear();
        connection_.reset();
        throw;
    }
    chunks_.clear();
    connection_.reset();
}

void RedisStreamSource::destroy_group() {
    if (!connection_) return;
    for (const auto &stream : streams_) {
        if (stream.phase != Phase::Waiting) connection_->command({"XGROUP", "DESTROY", stream.name, config_.group});
    }
}

std::vector<int> RedisStreamSource::partitions() const {
    std::vector<int> out;
    for (size_t i = 0; i < streams_.size(); i++) {
        if (streams_[i].phase != Phase::Waiting) out.push_back(static_cast<int>(i));
    }
    return out;
}

}  // namespace weir
