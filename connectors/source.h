// The interface every source connector implements, and what it is given to start.
#pragma once

#include <cstddef>
#include <functional>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "common/batch.h"
#include "common/schema.h"

namespace weir {

class MemoryChannel;

// A record the source could not decode. `where` names its position the way a user finds it again
// ("data/weather.jsonl:17", "weather/2@1234", "1700000000000-0"); `raw` holds (a prefix of) its bytes.
struct BadRecord {
    std::string where;
    std::string reason;
    std::string raw;
};

struct SourceSpec {
    std::string name;       // the catalog name, for messages
    std::string connector;  // e.g. "file"
    std::map<std::string, std::string> options;  // WITH (...) with lower-case keys, validated
    Schema declared;                 // every declared column
    std::vector<size_t> projection;  // indexes into `declared`, in output order (projection pruning)
    std::optional<size_t> event_time;  // index into the output columns of the time attribute
    size_t batch_size = kBatchCapacity;  // option `batch_size` overrides it (tests use 1 and 7)
    // Called for each malformed record when on_error = 'skip' (the default): the job counts and
    // reports it. With on_error = 'fail' the source throws WeirError(ErrorKind::Data) instead, with
    // a message naming `where` and the reason.
    std::function<void(const BadRecord &)> on_bad_record;
    // Receives one sentence per notable event of the source (a followed file was rotated); may be empty.
    std::function<void(const std::string &)> notice;
    // connector = 'memory': the channel the host pushes JSON lines into (owned by the engine).
    std::shared_ptr<MemoryChannel> memory_channel;
    // The job reading the source: an INSERT job's name, or for a SELECT a name unique to it
    // ("select-<random>", with transient_group set). Sources reading through a consumer group (Redis
    // `group`, Kafka `group_id`) use the group consumer_group(group), so every job sees every record
    // while processes running the same job still split them. Empty (a source used alone): the group
    // as given.
    std::string job_name;
    // The job is a SELECT: its group is its own and is removed when the source closes (Redis).
    bool transient_group = false;

    // `<group>.<job name in lower case>`, or `group` when job_name is empty.
    std::string consumer_group(const std::string &group) const {
        if (job_name.empty()) return group;
        std::string job = job_name;
        for (char &c : job) c = static_cast<char>(c >= 'A' && c <= 'Z' ? c - 'A' + 'a' : c);
        return group + "." + job;
    }
};

// Contract:
// - open() is called once before poll(); errors are WeirError with one clear sentence.
// - poll() replaces the content of `out` with 0..batch_size rows in the output schema
//   (declared[projection]) and returns Data; a record whose event-time value is NULL or unparsable
//   is malformed (reported, never emitted) so every emitted row has a valid event time.
//   It returns Idle when nothing is available now (the driver then calls wait_for_data), End once
//   a bounded input is exhausted (and forever after).
// - Sources never block in poll(); wait_for_data() may block up to timeout_ms.
// - Not thread-safe: one job driver thread uses a source.
class Source {
public:
    enum class PollResult { Data, Idle, End };
    virtual ~Source() = default;

    virtual void open() = 0;
    virtual PollResult poll(Batch &out) = 0;
    // The partition the last Data batch came from (watermarks are tracked per partition).
    virtual int partition() const { return 0; }
    // The partitions this source reads now, numbered as partition() numbers them, for sources that
    // know them before data arrives (Kafka assignments, Redis streams). A declared partition holds
    // the job watermark back until it delivers data or stays idle for idle_timeout, so one partition
    // read ahead of another cannot make the other's records late. Empty: learn partitions from data.
    virtual std::vector<int> partitions() const { return {}; }
    virtual void wait_for_data(int timeout_ms) = 0;
    // Releases files/connections; called once, also after errors.
    virtual void close() {}

    // Checkpoints (docs/semantics.md#checkpoints-and-recovery). A replayable source describes where it stands after the
    // last row it returned from poll() as a text of its own format (JSON is the convention), e.g.
    // Kafka offsets per partition, Redis ids per stream, file byte offsets; nullopt = not replayable
    // (memory): a restart cannot rewind it and the job says so once.
    virtual std::optional<std::string> position() const { return std::nullopt; }
    // Called once before open() when the job takes checkpoints: from then on acknowledgements
    // (Redis XACK, Kafka commits) happen only in position_durable(), never in close().
    virtual void enable_checkpoints() {}
    // Before open(): resume right after `position` (a text position() returned, possibly in an earlier
    // process) instead of at `start`. A text it cannot read → WeirError(Data) naming the source.
    virtual void restore_position(const std::string & /*position*/) {}
    // The checkpoint holding `position` is durable (state store and sinks committed): Kafka commits
    // these offsets to the group, Redis XACKs entries up to these ids. Errors are reported by the
    // driver as a notice, not a failure (the checkpoint, not the broker, is the source of truth).
    virtual void position_durable(const std::string & /*position*/) {}
};

}  // namespace weir
