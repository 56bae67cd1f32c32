// Sink connector 'redis': result rows as Redis stream entries (XADD) or as one hash per key (HSET).
#pragma once

#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "connectors/formats/json_line_encoder.h"
#include "connectors/option_reader.h"
#include "connectors/redis/redis_connection.h"
#include "connectors/redis/redis_url.h"
#include "connectors/sink.h"

namespace weir {

// Options: url (required, redis://[user:password@]host[:port][/db]); mode 'stream' (default) | 'hash';
// stream (required in stream mode); maxlen (stream mode: XADD MAXLEN ~ n, approximate trimming);
// key (hash mode, required unless the query has key columns: the columns whose values, joined with
// ':', name the hash) and key_prefix (prepended to that name, default ''); format 'fields' (default:
// one field per non-NULL column) | 'json' (stream mode: one field `payload` holding the row as JSON);
// timeout (connect and reply timeout, default '5s'); retry_for (connect retries, default '10s').
// Values are written as text: integers in decimal, doubles by format_double (NaN is NULL), booleans
// true/false, timestamps ISO-8601 with Z ("2025-01-15T14:00:00Z"), intervals as "5m".
// Stream mode appends every row (it receives Insert rows only: an updating query is refused unless
// the sink sets changelog = 'true', docs/changelog.md).
// Hash mode keeps the latest value per key: Insert/Upsert → HSET of the non-NULL columns and HDEL of
// the NULL ones; Delete → DEL of the key. Each write() sends all its commands in one pipeline (one
// round trip) and throws WeirError(ErrorKind::Io) naming the first command Redis refused; so once
// write() returns, the rows are in Redis and flush() has nothing left to do.
// Checkpoints: hash mode is Idempotent (a replay sets the same keys to the same values); stream mode
// is AtLeastOnce (a replay appends the rows written since the last checkpoint again).
class RedisSink : public Sink {
public:
    explicit RedisSink(SinkSpec spec);
    ~RedisSink() override;

    static const std::vector<std::string> &option_names();
    static void validate(const OptionReader &options);

    void open() override;
    void write(const Batch &batch, ChangeKind kind) override;
    bool applies_changes() const override { return mode_ == Mode::Hash; }
    void close() override;
    SinkGuarantee guarantee() const override;

    // The text of one non-NULL cell as written (see above); false for NULL or NaN.
    static bool cell_text(const ColumnVector &column, size_t row, std::string &out);

private:
    enum class Mode { Stream, Hash };
    void append_stream_entry(const Batch &batch, size_t row);
    void append_hash(const Batch &batch, size_t row, ChangeKind kind);

    SinkSpec spec_;
    RedisUrl url_;
    Mode mode_ = Mode::Stream;
    bool json_ = false;
    std::string stream_;
    std::optional<int64_t> maxlen_;
    std::string key_prefix_;
    std::vector<size_t> key_;
    int timeout_ms_ = 5000;
    int64_t retry_for_us_ = 10 * 1000 * 1000;
    std::unique_ptr<JsonLineEncoder> encoder_;
    std::unique_ptr<RedisConnection> connection_;
    std::vector<std::string> args_;
    std::vector<std::string> nulls_;
    std::string cell_;
    size_t queued_ = 0;
};

}  // namespace weir
