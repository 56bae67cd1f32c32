// S3 sink option checks, object naming, compression round trips and the retry schedule (no network).
#include <gtest/gtest.h>

#include <cstdlib>

#include "common/weir_error.h"
#include "connectors/connector_registry.h"
#include "connectors/s3/object_compressor.h"
#include "connectors/s3/retry_backoff.h"
#include "connectors/s3/s3_sink.h"

namespace weir {
namespace {

std::map<std::string, std::string> good_options() {
    return {{"endpoint", "http://127.0.0.1:9000"}, {"bucket", "lake"}, {"access_key", "AK"},
            {"secret_key", "super-secret-value"}};
}

std::string sink_error(const std::string &connector, const std::map<std::string, std::string> &options) {
    try {
        ConnectorRegistry::instance().validate_sink(connector, options);
    } catch (const WeirError &error) {
        return error.what();
    }
    return "";
}

SinkSpec spec_with(std::map<std::string, std::string> options) {
    SinkSpec spec;
    spec.name = "raw";
    spec.connector = "s3";
    spec.job_name = "raw_history";
    spec.options = std::move(options);
    spec.schema = Schema({{"city", TypeId::Text}, {"temp", TypeId::Double}, {"ts", TypeId::Timestamp}});
    return spec;
}

TEST(S3SinkOptions, ValidOptionsPassForS3AndMinio) {
    EXPECT_EQ(sink_error("s3", good_options()), "");
    EXPECT_EQ(sink_error("minio", good_options()), "");
    auto options = good_options();
    options["partition_by"] = "city, year, month";
    options["compression"] = "GZIP";
    options["roll_rows"] = "1000";
    options["roll_interval"] = "5m";
    options["path_style"] = "false";
    EXPECT_EQ(sink_error("s3", options), "");
}

TEST(S3SinkOptions, BadValuesGetOneSentenceEach) {
    auto options = good_options();
    options["endpoint"] = "127.0.0.1:9000";
    EXPECT_EQ(sink_error("s3", options),
              "endpoint must look like 'http://127.0.0.1:9000' or 'https://host' (no path), got '127.0.0.1:9000'");
    options = good_options();
    options["bucket"] = "My_Bucket";
    EXPECT_EQ(sink_error("s3", options),
              "bucket must be 3 to 63 lower-case letters, digits, '-' or '.', got 'My_Bucket'");
    options = good_options();
    options["compression"] = "lz4";
    EXPECT_EQ(sink_error("s3", options), "compression must be 'none', 'gzip', or 'zstd', got 'lz4'");
    options = good_options();
    options.erase("bucket");
    EXPECT_NE(sink_error("s3", options).find("needs option `bucket`"), std::string::npos);
    options = good_options();
    options["roll_rows"] = "-1";
    EXPECT_NE(sink_error("s3", options).find("roll_rows must be an integer"), std::string::npos);
    options = good_options();
    options["bucekt"] = "x";
    EXPECT_NE(sink_error("s3", options).find("did you mean `bucket`?"), std::string::npos);
}

TEST(S3SinkOptions, CredentialsComeFromOptionsOrTheEnvironmentAndAreNeverEchoed) {
    auto options = good_options();
    options.erase("access_key");
    options.erase("secret_key");
    ::unsetenv("AWS_ACCESS_KEY_ID");
    ::unsetenv("AWS_SECRET_ACCESS_KEY");
    EXPECT_EQ(sink_error("s3", options),
              "connector 's3' needs options access_key and secret_key, or AWS_ACCESS_KEY_ID and "
              "AWS_SECRET_ACCESS_KEY in the environment");
    ::setenv("AWS_ACCESS_KEY_ID", "AK", 1);
    ::setenv("AWS_SECRET_ACCESS_KEY", "from-env", 1);
    EXPECT_EQ(sink_error("s3", options), "");
    ::unsetenv("AWS_ACCESS_KEY_ID");
    ::unsetenv("AWS_SECRET_ACCESS_KEY");
    options = good_options();
    options["path_style"] = "maybe";
    EXPECT_EQ(sink_error("s3", options).find("super-secret-value"), std::string::npos);
}

TEST(S3SinkOptions, ObjectKeysAreDeterministicPerJobCheckpointAndCount) {
    auto options = good_options();
    options["prefix"] = "/raw/weather/";
    S3Sink json(spec_with(options));
    EXPECT_EQ(json.object_key("city=Warsaw/year=2025/", 0, 0), "raw/weather/city=Warsaw/year=2025/raw_history-0-0.json");
    EXPECT_EQ(json.object_key("", 7, 3), "raw/weather/raw_history-7-3.json");
    json.set_checkpoint(12);
    EXPECT_EQ(json.checkpoint(), 12);
    options["format"] = "csv";
    options["compression"] = "zstd";
    options.erase("prefix");
    S3Sink csv(spec_with(options));
    EXPECT_EQ(csv.object_key("city=Rome/", 1, 2), "city=Rome/raw_history-1-2.csv.zst");
    options["compression"] = "gzip";
    EXPECT_EQ(S3Sink(spec_with(options)).object_key("", 0, 0), "raw_history-0-0.csv.gz");
}

TEST(S3SinkOptions, PartitionByIsCheckedAgainstTheOutputColumns) {
    auto options = good_options();
    options["partition_by"] = "country";
    try {
        S3Sink sink(spec_with(options));
        FAIL() << "an unknown partition column was accepted";
    } catch (const WeirError &error) {
        EXPECT_NE(std::string(error.what()).find("partition_by names `country`"), std::string::npos);
    }
}

TEST(S3ObjectCompressor, GzipAndZstdRoundTripAndHaveTheirMagicNumbers) {
    std::string text;
    for (int i = 0; i < 2000; i++) text += "{\"city\":\"Warsaw\",\"n\":" + std::to_string(i) + "}\n";
    std::string gz = ObjectCompressor::compress(Compression::Gzip, text);
    ASSERT_GE(gz.size(), 2u);
    EXPECT_EQ(static_cast<unsigned char>(gz[0]), 0x1f);
    EXPECT_EQ(static_cast<unsigned char>(gz[1]), 0x8b);
    EXPECT_LT(gz.size(), text.size() / 4);
    EXPECT_EQ(ObjectCompressor::decompress(Compression::Gzip, gz), text);
    std::string zst = ObjectCompressor::compress(Compression::Zstd, text);
    EXPECT_EQ(zst.substr(0, 4), std::string("\x28\xB5\x2F\xFD", 4));
    EXPECT_EQ(ObjectCompressor::decompress(Compression::Zstd, zst), text);
    EXPECT_EQ(ObjectCompressor::compress(Compression::None, text), text);
    EXPECT_EQ(ObjectCompressor::decompress(Compression::Gzip, ObjectCompressor::compress(Compression::Gzip, "")), "");
    EXPECT_THROW(ObjectCompressor::decompress(Compression::Gzip, gz.substr(0, gz.size() / 2)), WeirError);
    EXPECT_THROW(ObjectCompressor::decompress(Compression::Zstd, "not zstd"), WeirError);
}

TEST(S3RetryBackoff, AttemptsAreBoundedAndDelaysGrowWithJitterUpToTheCap) {
    RetryBackoff backoff(4, std::chrono::milliseconds(100), std::chrono::milliseconds(300));
    std::vector<int64_t> maxima = {100, 200, 300, 300};
    int attempts = 0;
    while (backoff.next_attempt()) {
        attempts++;
        for (int sample = 0; sample < 50; sample++) {
            int64_t delay = backoff.delay().count();
            EXPECT_GE(delay, maxima[static_cast<size_t>(attempts - 1)] / 2);
            EXPECT_LE(delay, maxima[static_cast<size_t>(attempts - 1)]);
        }
    }
    EXPECT_EQ(attempts, 4);
    EXPECT_FALSE(backoff.next_attempt());
}

}  // namespace
}  // namespace weir
