// Source connector 'redis': entries of one or several Redis streams read through a consumer group.
#pragma once

#include <chrono>
#include <cstdint>
#include <deque>
#include <map>
#include <memory>
#include <optional>
#include <set>
#include <string>
#include <utility>
#include <string_view>
#include <vector>

#include "connectors/formats/bad_record_reporter.h"
#include "connectors/redis/redis_connection.h"
#include "connectors/redis/redis_entry_decoder.h"
#include "connectors/redis/redis_source_config.h"
#include "connectors/source.h"

namespace weir {

// Options: RedisSourceConfig. Behaviour:
// - The group is spec.consumer_group(group), `<group>.<job>`: every job reads every entry. A SELECT's
//   group (spec.transient_group) is destroyed by close() instead of acknowledging.
// - open() connects (retrying with backoff for retry_for), creates the group on every named stream
//   (XGROUP CREATE at `start`, or right after the restored position; an existing group is kept) and
//   on every stream a pattern matches (SCAN MATCH <pattern> TYPE stream), and with stop = 'latest'
//   records each stream's last entry id (XREVRANGE + - COUNT 1): the run reads up to those ids and
//   ends. Entries added later that happen to be delivered are left pending, never emitted.
// - A source never creates a stream (no MKSTREAM): a named stream that does not exist is waited for
//   (a bounded run reads nothing from it). Unbounded, every discovery_interval poll() looks again for
//   the awaited streams and rescans the patterns; a stream found then is read from its first entry
//   (its group is created at 0: everything in it is newer than the job's start).
// - Partitions: the named streams in option order, then discovered streams in discovery order (sorted
//   by name within one scan); partitions() lists those that exist.
// - Reading: first this consumer's own pending entries (XREADGROUP ... 0, paging by id), then, when
//   claim_idle is set, entries idle longer than that in other consumers' pending lists (XPENDING IDLE,
//   then XCLAIM of the entries other consumers own: this consumer's own pending entries were emitted
//   already and wait for their acknowledgement; again every claim_idle), then new entries (XREADGROUP ... >). poll() never blocks (no BLOCK);
//   wait_for_data() blocks in XREADGROUP BLOCK for up to min(timeout, block_ms) and keeps what it got
//   for the next poll(). One poll() returns entries of one stream; partition() is its index in
//   `stream`. Malformed entries are reported at "stream@id".
// - Acknowledgement: positions() holds, per stream, the largest id read so far; acknowledge(p) XACKs
//   this consumer's pending entries with ids <= p[stream]. The source keeps the ids of the entries it
//   received and not yet acknowledged (16 bytes each; pending ones it skipped after a restore too) and
//   XACKs them in pipelined commands of many ids each. It lists its pending entries instead (XPENDING
//   pages, slow) for a stream still in its own-pending phase, or once a stream's unacknowledged ids
//   pass kTrackedIds (then for the rest of the run: only without checkpoints, or with very long
//   checkpoint intervals). Entries another consumer claimed from this one after it received them are
//   acked too (they were processed here).
// - Checkpoints: position() is positions() as JSON in partition order, {"stream":"1700000000000-0",...}
//   (named streams nothing was read from are absent, discovered ones are null, so a restore numbers
//   the partitions as before); position_durable(p) is acknowledge(p). restore_position(p) treats this
//   consumer's pending entries with ids <= p[stream] as processed by the checkpointed run: they are not
//   emitted again and stay pending until the next position_durable(),
//   whose ids cover them because positions() starts at p; pending entries with larger ids are emitted,
//   then new ones. Streams p names that are neither named in `stream` nor matched by one of its
//   patterns are ignored. With enable_checkpoints()
//   nothing is acked anywhere else. Without it, close() acknowledges everything read when the job ends
//   normally or stops gracefully (the driver closes the source after the sink has flushed); when
//   close() runs while the driver handles a failure nothing is acked, so the entries are read again by
//   the next run with the same consumer (at a graceful stop, entries whose rows still sit in open
//   windows are acked too). Known gap: an entry taken over by claim_idle after a checkpoint whose id is
//   below that checkpoint's position for its stream is skipped when restoring that checkpoint.
class RedisStreamSource : public Source {
public:
    explicit RedisStreamSource(SourceSpec spec);
    ~RedisStreamSource() override;

    static const std::vector<std::string> &option_names() { return RedisSourceConfig::option_names(); }
    static void validate(const OptionReader &options, const Schema &declared);
    static bool is_bounded(const OptionReader &options) { return RedisSourceConfig::is_bounded(options); }

    void open() override;
    PollResult poll(Batch &out) override;
    int partition() const override { return partition_; }
    // One partition per stream.
    std::vector<int> partitions() const override;
    void wait_for_data(int timeout_ms) override;
    void close() override;

    std::optional<std::string> position() const override;
    void enable_checkpoints() override { checkpoints_ = true; }
    void restore_position(const std::string &position) override;
    void position_durable(const std::string &position) override;

    // Stream name → id of the last entry read (absent: nothing read yet).
    std::map<std::string, std::string> positions() const;
    // XACKs this consumer's pending entries up to the given ids (see above). Throws WeirError(Io).
    void acknowledge(const std::map<std::string, std::string> &up_to);

    // Unacknowledged ids kept per stream before acknowledge() lists the pending entries instead.
    static constexpr size_t kTrackedIds = size_t(1) << 21;

private:
    // Waiting: the stream does not exist yet (no group, not read).
    enum class Phase { Waiting, Pending, New, Done };
    // A stream entry id "ms-seq".
    struct EntryId {
        uint64_t ms = 0;
        uint64_t seq = 0;
        bool operator<(const EntryId &other) const { return ms != other.ms ? ms < other.ms : seq < other.seq; }
    };
    struct Stream {
        std::string name;
        Phase phase = Phase::Pending;
        std::string pending_cursor = "0";
        std::optional<EntryId> end_id;    // stop = 'latest'
        std::optional<EntryId> last_id;   // largest id read
        std::optional<EntryId> restored;  // own pending entries up to it were processed (restore)
        std::vector<EntryId> unacked;     // ids received and not acknowledged (unless ack_by_listing)
        bool ack_by_listing = false;      // unacked grew past kTrackedIds: list the pending entries
        bool discovered = false;          // found by a pattern
    };
    // Entries of one stream waiting to be decoded (they point into `reply`).
    struct Chunk {
        size_t stream = 0;
        std::shared_ptr<RedisConnection::Reply> reply;
        const redisReply *entries = nullptr;
        size_t next = 0;
        size_t end = 0;  // entries [next, end) are decoded
    };

    // Creates the group on `stream` at its restored position, else at `start`; a stream that does not
    // exist becomes Waiting (Done when bounded).
    void prepare_stream(Stream &stream, const std::string &start);
    // Prepares the Waiting streams and the new streams the patterns match (see the class comment).
    void discover(const std::string &start);
    // One XREADGROUP over the streams not done (with BLOCK when block_ms > 0); advances phases.
    void read(int block_ms);
    void claim();
    // Queues entries for decoding. `own_pending`: they come from this consumer's pending list (the
    // ones up to restored_id are skipped).
    void take_entries(size_t stream, const std::shared_ptr<RedisConnection::Reply> &reply,
                      const redisReply *entries, bool own_pending);
    // Reads a position() text into (stream, id) in its order, "" for null; WeirError(Data) naming the
    // source when it is not one.
    std::vector<std::pair<std::string, std::string>> parse_position(const std::string &text) const;
    size_t decode_chunk(Chunk &chunk, Batch &out);
    bool all_done() const;
    // XACKs ids[0..count) of `stream` in pipelined commands of many ids.
    void acknowledge_ids(const std::string &stream, const EntryId *ids, size_t count);
    // XACKs this consumer's pending entries of `stream` up to `up_to` found by listing them (XPENDING).
    void acknowledge_listed(const std::string &stream, const std::string &up_to);
    static std::string text_of_id(const EntryId &id);
    // A SELECT's own group (SourceSpec::transient_group) is removed from every stream at close().
    void destroy_group();

    SourceSpec spec_;
    RedisSourceConfig config_;
    RedisEntryDecoder decoder_;
    BadRecordReporter reporter_;
    std::unique_ptr<RedisConnection> connection_;
    std::vector<Stream> streams_;
    std::set<std::string> known_;  // names in streams_
    std::deque<Chunk> chunks_;
    std::vector<std::string_view> fields_;
    std::vector<std::string> args_;
    std::string ack_text_;
    std::vector<size_t> ack_ends_;
    std::vector<std::string_view> ack_args_;
    std::chrono::steady_clock::time_point next_claim_;
    std::chrono::steady_clock::time_point next_discovery_;
    int partition_ = 0;
    bool ended_ = false;
    bool closed_ = false;
    bool checkpoints_ = false;
    std::string reason_;
};

}  // namespace weir
