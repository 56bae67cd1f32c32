// Tests of the postgres sink's options as CREATE SINK checks them, its key/mode choice and its URL handling (no server).
#include <gtest/gtest.h>

#include "common/weir_error.h"
#include "connectors/connector_registry.h"
#include "connectors/postgres/postgres_connection_string.h"
#include "connectors/postgres/postgres_sink.h"
#include "connectors/postgres/postgres_value_encoder.h"

namespace weir {
namespace {

using Options = std::map<std::string, std::string>;

const char *kUrl = "postgresql://app:s3cretpw@db.example:5433/weather";

std::string sink_error(Options options) {
    options["connector"] = "postgres";
    try {
        ConnectorRegistry::instance().validate_sink("postgres", options);
    } catch (const WeirError &error) {
        EXPECT_EQ(error.kind(), ErrorKind::Bind);
        return error.what();
    }
    return "";
}

SinkSpec spec(Options options, bool updating = false, std::vector<size_t> key_columns = {}) {
    SinkSpec spec;
    spec.name = "weather_rt";
    spec.connector = "postgres";
    spec.options = std::move(options);
    spec.schema = Schema({{"city", TypeId::Text}, {"window_start", TypeId::Timestamp}, {"avg_temp", TypeId::Double}});
    spec.updating = updating;
    spec.key_columns = std::move(key_columns);
    spec.job_name = "rt";
    return spec;
}

TEST(PostgresSinkOptions, ValidOptionsPass) {
    EXPECT_EQ(sink_error({{"url", kUrl}, {"table", "weather_rt"}}), "");
    EXPECT_EQ(sink_error({{"url", "host=127.0.0.1 port=5432 dbname=weir user=weir password='a b'"},
                          {"table", "t"}, {"schema", "analytics"}, {"mode", "UPSERT"}, {"key", "city, window_start"},
                          {"create", "false"}, {"batch_rows", "500"}, {"flush_interval", "250ms"},
                          {"retry_for", "0"}, {"connect_timeout", "3s"}}),
              "");
}

TEST(PostgresSinkOptions, BadValuesAreNamed) {
    EXPECT_NE(sink_error({{"table", "t"}}).find("needs option `url`"), std::string::npos);
    EXPECT_NE(sink_error({{"url", kUrl}}).find("needs option `table`"), std::string::npos);
    EXPECT_NE(sink_error({{"url", kUrl}, {"table", "t"}, {"mode", "merge"}}).find("got 'merge'"), std::string::npos);
    EXPECT_NE(sink_error({{"url", kUrl}, {"table", "t"}, {"batch_rows", "0"}}).find("batch_rows"), std::string::npos);
    EXPECT_NE(sink_error({{"url", kUrl}, {"table", "t"}, {"create", "maybe"}}).find("create"), std::string::npos);
    EXPECT_NE(sink_error({{"url", kUrl}, {"table", "t"}, {"connect_timeout", "10ms"}}).find("at least 1s"),
              std::string::npos);
    EXPECT_NE(sink_error({{"url", kUrl}, {"table", "t"}, {"format", "json"}}).find("format does not apply"),
              std::string::npos);
    EXPECT_NE(sink_error({{"url", kUrl}, {"table", "t"}, {"tabel", "x"}}).find("did you mean `table`?"),
              std::string::npos);
}

TEST(PostgresSinkOptions, UrlThatIsNeitherFormIsRejectedWithoutItsPassword) {
    std::string error = sink_error({{"url", "mysql://root:hunter22@db/x"}, {"table", "t"}});
    EXPECT_NE(error.find("url must be a PostgreSQL URI"), std::string::npos) << error;
    EXPECT_EQ(error.find("hunter22"), std::string::npos) << error;
    EXPECT_NE(error.find("mysql://root:***@db/x"), std::string::npos) << error;
}

TEST(PostgresSinkOptions, NamesOver63BytesAreRejected) {
    std::string long_name(64, 'a');
    std::string error = sink_error({{"url", kUrl}, {"table", long_name}});
    EXPECT_NE(error.find("PostgreSQL table names are at most 63 bytes"), std::string::npos) << error;
    EXPECT_NE(error.find("of 64 bytes: " + long_name), std::string::npos) << error;
    EXPECT_EQ(sink_error({{"url", kUrl}, {"table", std::string(63, 'a')}}), "");
    EXPECT_NE(sink_error({{"url", kUrl}, {"table", "t"}, {"schema", long_name}}).find("schema names"), std::string::npos);
    EXPECT_NE(sink_error({{"url", kUrl}, {"table", "t"}, {"key", "city, " + long_name}}).find("key column names"),
              std::string::npos);
    // Multi-byte characters count in bytes: 32 × 'ł' (2 bytes each) is 64 bytes.
    std::string polish;
    for (int i = 0; i < 32; i++) polish += "ł";
    EXPECT_NE(sink_error({{"url", kUrl}, {"table", polish}}).find("64 bytes"), std::string::npos);
}

TEST(PostgresSinkOptions, ModeDefaultsFollowTheQuery) {
    // A final (non-updating) result appends; an updating one with keys upserts.
    EXPECT_FALSE(PostgresSink(spec({{"url", kUrl}, {"table", "t"}}, false, {0, 1})).upsert_mode());
    EXPECT_TRUE(PostgresSink(spec({{"url", kUrl}, {"table", "t"}}, true, {0, 1})).upsert_mode());
    EXPECT_FALSE(PostgresSink(spec({{"url", kUrl}, {"table", "t"}}, true, {})).upsert_mode());
    PostgresSink explicit_key(spec({{"url", kUrl}, {"table", "t"}, {"mode", "upsert"}, {"key", "city"}}));
    EXPECT_TRUE(explicit_key.upsert_mode());
    EXPECT_EQ(explicit_key.statements().key(), (std::vector<size_t>{0}));
    PostgresSink default_key(spec({{"url", kUrl}, {"table", "t"}, {"mode", "upsert"}}, false, {0, 1}));
    EXPECT_EQ(default_key.statements().key(), (std::vector<size_t>{0, 1}));
}

TEST(PostgresSinkOptions, UpsertWithoutKeyOrWithUnknownKeyFails) {
    try {
        PostgresSink sink(spec({{"url", kUrl}, {"table", "t"}, {"mode", "upsert"}}));
        FAIL() << "no error";
    } catch (const WeirError &error) {
        EXPECT_NE(std::string(error.what()).find("in upsert mode needs key columns"), std::string::npos) << error.what();
    }
    try {
        PostgresSink sink(spec({{"url", kUrl}, {"table", "t"}, {"key", "town"}}));
        FAIL() << "no error";
    } catch (const WeirError &error) {
        EXPECT_NE(std::string(error.what()).find("names `town`, which is not a column"), std::string::npos);
    }
    // An output column name over 63 bytes cannot become a PostgreSQL column.
    SinkSpec wide = spec({{"url", kUrl}, {"table", "t"}});
    wide.schema.add(std::string(70, 'x'), TypeId::BigInt);
    EXPECT_THROW(PostgresSink sink(wide), WeirError);
}

TEST(PostgresConnectionString, UriPartsAndRedaction) {
    auto url = PostgresConnectionString::parse(kUrl);
    EXPECT_EQ(url.password(), "s3cretpw");
    EXPECT_EQ(url.target(), "app@db.example:5433/weather");
    EXPECT_EQ(url.redacted(), "postgresql://app:***@db.example:5433/weather");
    EXPECT_EQ(url.scrub("failed for s3cretpw and postgresql://app:s3cretpw@x/y"),
              "failed for *** and postgresql://app:***@x/y");
    auto defaults = PostgresConnectionString::parse("postgres://localhost");
    EXPECT_EQ(defaults.target(), "localhost:5432");
    auto encoded = PostgresConnectionString::parse("postgresql://app:p%40ss%3Aword@h/d?sslmode=disable");
    EXPECT_EQ(encoded.password(), "p@ss:word");
    EXPECT_EQ(encoded.target(), "app@h:5432/d");
}

TEST(PostgresConnectionString, KeywordFormAndRedaction) {
    auto url = PostgresConnectionString::parse("host=10.0.0.5 port=6543 dbname=w user=app password='it\\'s secret' x=1");
    EXPECT_EQ(url.target(), "app@10.0.0.5:6543/w");
    EXPECT_EQ(url.redacted(), "host=10.0.0.5 port=6543 dbname=w user=app password=*** x=1");
    auto plain = PostgresConnectionString::parse("dbname=w password=abc123");
    EXPECT_EQ(plain.password(), "abc123");
    EXPECT_EQ(plain.redacted(), "dbname=w password=***");
    EXPECT_THROW(PostgresConnectionString::parse("just a name"), WeirError);
    EXPECT_THROW(PostgresConnectionString::parse("host='unterminated"), WeirError);
}

TEST(PostgresConnectionString, QueryPasswordsAndMessagesAreMaskedByStructure) {
    auto query = PostgresConnectionString::parse("postgresql://app@db:5432/streamdb?password=stream&sslmode=require");
    EXPECT_EQ(query.redacted(), "postgresql://app@db:5432/streamdb?password=***&sslmode=require");
    auto keywords = PostgresConnectionString::parse("host=db dbname=streamdb user=app password=stream");
    EXPECT_EQ(keywords.redacted(), "host=db dbname=streamdb user=app password=***");
    // The password `stream` is part of the database name: the name stays whole (issue 12.7).
    EXPECT_EQ(keywords.scrub("postgres sink `out` could not find the table silver.t at app@db:5432/streamdb"),
              "postgres sink `out` could not find the table silver.t at app@db:5432/streamdb");
    EXPECT_EQ(keywords.scrub("server said: stream is wrong"), "server said: *** is wrong");
    try {
        PostgresConnectionString::parse("nonsense password=stream1234");
        FAIL() << "no error";
    } catch (const WeirError &error) {
        EXPECT_NE(std::string(error.what()).find("got 'nonsense password=***'"), std::string::npos) << error.what();
    }
}

TEST(PostgresValueEncoder, TextProblemsAreNulBytesAndInvalidUtf8) {
    EXPECT_EQ(PostgresValueEncoder::text_problem("Z\xC3\xBCrich \xF0\x9F\x98\x80"), "");
    EXPECT_EQ(PostgresValueEncoder::text_problem(std::string("ab\0c", 4)),
              "holds a NUL byte (\\u0000) at byte 2, which PostgreSQL text cannot store");
    EXPECT_EQ(PostgresValueEncoder::text_problem("Z\xFF\xFErich"),
              "is not valid UTF-8 (byte 0xff at byte 1), which PostgreSQL text rejects");
    EXPECT_EQ(PostgresValueEncoder::text_problem("\xED\xA0\x80"),  // a UTF-16 surrogate
              "is not valid UTF-8 (byte 0xed at byte 0), which PostgreSQL text rejects");
}

}  // namespace
}  // namespace weir
