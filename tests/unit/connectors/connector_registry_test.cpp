// Tests of ConnectorRegistry: validation messages, boundedness, option names and construction.
#include "connectors/connector_registry.h"

#include <gtest/gtest.h>

#include "common/weir_error.h"
#include "connectors/memory/memory_channel.h"

namespace weir {
namespace {

std::string source_error(const std::string &connector, const std::map<std::string, std::string> &options,
                         const Schema &declared = Schema()) {
    try {
        ConnectorRegistry::instance().validate_source(connector, options, declared);
    } catch (const WeirError &error) {
        EXPECT_EQ(error.kind(), ErrorKind::Bind);
        return error.what();
    }
    return "";
}

std::string sink_error(const std::string &connector, const std::map<std::string, std::string> &options) {
    try {
        ConnectorRegistry::instance().validate_sink(connector, options);
    } catch (const WeirError &error) {
        EXPECT_EQ(error.kind(), ErrorKind::Bind);
        return error.what();
    }
    return "";
}

TEST(ConnectorRegistryTest, UnknownConnector) {
    EXPECT_EQ(source_error("kinesis", {}),
              "unknown connector `kinesis`; available source connectors: delta, file, generator, kafka, memory, minio, mqtt, postgres, redis, s3, sqlite");
    EXPECT_EQ(source_error("kafak", {}), "unknown connector `kafak`; available source connectors: delta, file, generator, "
                                         "kafka, memory, minio, mqtt, postgres, redis, s3, sqlite; did you mean `kafka`?");
    EXPECT_EQ(source_error("fiel", {}),
              "unknown connector `fiel`; available source connectors: delta, file, generator, kafka, memory, minio, mqtt, postgres, redis, s3, sqlite; did you mean `file`?");
    EXPECT_NE(sink_error("generator", {}).find("available sink connectors: blackhole, delta, file, kafka, minio, mqtt, postgres, redis, s3, sqlite, stdout"),
              std::string::npos);
}

TEST(ConnectorRegistryTest, UnknownOptionListsValidOnesWithHint) {
    EXPECT_EQ(source_error("file", {{"pth", "x"}}),
              "unknown option `pth` for connector 'file'; valid options: batch_size, delimiter, dlq, follow, format, "
              "idle_timeout, late, max_future, max_record_size, on_error, path, timestamp_format; did you mean `path`?");
    EXPECT_NE(sink_error("sqlite", {{"path", "x"}, {"tabel", "t"}}).find("did you mean `table`?"), std::string::npos);
}

TEST(ConnectorRegistryTest, BadValuesAndMissingOptions) {
    EXPECT_EQ(source_error("file", {{"path", "x"}, {"format", "xml"}}), "format must be 'json', 'csv', or 'parquet', got 'xml'");
    EXPECT_EQ(source_error("file", {}), "connector 'file' needs option `path`");
    EXPECT_EQ(source_error("file", {{"path", "x"}, {"on_error", "ignore"}}),
              "on_error must be 'skip', 'fail', or 'dlq', got 'ignore'");
    EXPECT_EQ(source_error("file", {{"path", "x"}, {"batch_size", "0"}}),
              "batch_size must be an integer from 1 to 1000000, got '0'");
    EXPECT_EQ(source_error("memory", {{"timestamp_format", "epoch"}}),
              "timestamp_format must be 'iso', 'epoch_s', 'epoch_ms', or 'epoch_us', got 'epoch'");
    EXPECT_EQ(source_error("memory", {{"format", "csv"}}), "format must be 'json', got 'csv'");
    EXPECT_EQ(source_error("generator", {{"idle_timeout", "soon"}}),
              "idle_timeout must be a duration such as '500ms', '10s' or '5m', got 'soon'");
    EXPECT_EQ(source_error("generator", {}, Schema({{"town", TypeId::Text}})).substr(0, 41),
              "the generator produces no column `town`; ");
    EXPECT_EQ(sink_error("stdout", {{"format", "xml"}}), "format must be 'table', 'json', or 'csv', got 'xml'");
    EXPECT_EQ(source_error("file", {{"path", "x"}, {"max_future", "1h"}, {"follow", "true"}}), "");
}

TEST(ConnectorRegistryTest, Boundedness) {
    const auto &registry = ConnectorRegistry::instance();
    EXPECT_TRUE(registry.source_is_bounded("file", {{"path", "x"}}));
    EXPECT_FALSE(registry.source_is_bounded("file", {{"path", "x"}, {"follow", "true"}}));
    EXPECT_TRUE(registry.source_is_bounded("generator", {{"count", "10"}}));
    EXPECT_FALSE(registry.source_is_bounded("generator", {}));
    EXPECT_FALSE(registry.source_is_bounded("memory", {}));
}

TEST(ConnectorRegistryTest, OptionNamesForCompletion) {
    const auto &registry = ConnectorRegistry::instance();
    EXPECT_EQ(registry.source_option_names("memory"),
              (std::vector<std::string>{"batch_size", "dlq", "format", "idle_timeout", "late", "max_buffered",
                                        "max_future", "on_error", "timestamp_format"}));
    EXPECT_EQ(registry.sink_option_names("blackhole"), (std::vector<std::string>{"changelog", "format", "key"}));
    EXPECT_TRUE(registry.source_option_names("nope").empty());
}

TEST(ConnectorRegistryTest, MakesSourcesAndSinks) {
    const auto &registry = ConnectorRegistry::instance();
    SourceSpec spec;
    spec.name = "s";
    spec.connector = "Generator";
    spec.options = {{"count", "5"}, {"rate", "0"}, {"start", "2025-01-15"}};
    spec.declared = Schema({{"city", TypeId::Text}});
    spec.projection = {0};
    auto source = registry.make_source(spec);
    source->open();
    Batch batch;
    ASSERT_EQ(source->poll(batch), Source::PollResult::Data);
    EXPECT_EQ(batch.size(), 5u);
    EXPECT_EQ(source->poll(batch), Source::PollResult::End);

    SourceSpec memory;
    memory.name = "m";
    memory.connector = "memory";
    memory.options = {{"max_buffered", "2"}};
    memory.memory_channel = registry.make_memory_channel("m", memory.options);
    EXPECT_THROW(memory.memory_channel->push("1\n2\n3"), WeirError);
    EXPECT_NE(registry.make_source(memory), nullptr);

    SinkSpec sink;
    sink.connector = "blackhole";
    EXPECT_NE(registry.make_sink(sink), nullptr);
}

}  // namespace
}  // namespace weir
