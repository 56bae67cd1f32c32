// The S3 sink against real S3 servers: partitioned objects read back exactly, replays, signatures, gzip.
#include <gtest/gtest.h>

#include <algorithm>
#include <chrono>
#include <fstream>
#include <map>
#include <set>
#include <sstream>
#include <vector>

#include "connectors/s3/object_compressor.h"
#include "s3_test_server.h"

namespace weir {
namespace {

// One input row: its JSON line (exactly as the sink's JSON encoder writes it), its CSV record, and the
// Hive folder it must land in, all written by hand.
struct Reading {
    std::string json;
    std::string csv;
    std::string folder;
};

const std::vector<Reading> &readings() {
    static const std::vector<Reading> rows = {
        {R"({"sensor_type":"air_quality","city":"Warsaw","value":10.5,"ts":"2025-01-15T14:00:00Z"})",
         "air_quality,Warsaw,10.5,2025-01-15 14:00:00",
         "sensor_type=air_quality/city=Warsaw/year=2025/month=01/day=15/hour=14/"},
        {R"({"sensor_type":"temperature","city":"Warsaw","value":-3.25,"ts":"2025-01-15T14:05:00Z"})",
         "temperature,Warsaw,-3.25,2025-01-15 14:05:00",
         "sensor_type=temperature/city=Warsaw/year=2025/month=01/day=15/hour=14/"},
        {R"({"sensor_type":"air_quality","city":"Warsaw","value":11.5,"ts":"2025-01-15T14:10:00Z"})",
         "air_quality,Warsaw,11.5,2025-01-15 14:10:00",
         "sensor_type=air_quality/city=Warsaw/year=2025/month=01/day=15/hour=14/"},
        {R"({"sensor_type":"air_quality","city":"Warsaw","value":null,"ts":"2025-01-15T14:20:00Z"})",
         "air_quality,Warsaw,,2025-01-15 14:20:00",
         "sensor_type=air_quality/city=Warsaw/year=2025/month=01/day=15/hour=14/"},
        {R"({"sensor_type":"temperature","city":"x=y/z","value":7.75,"ts":"2025-01-15T14:07:00Z"})",
         "temperature,x=y/z,7.75,2025-01-15 14:07:00",
         "sensor_type=temperature/city=x%3Dy%2Fz/year=2025/month=01/day=15/hour=14/"},
        {R"({"sensor_type":"air_quality","city":"Warsaw","value":12.5,"ts":"2025-01-15T14:30:00Z"})",
         "air_quality,Warsaw,12.5,2025-01-15 14:30:00",
         "sensor_type=air_quality/city=Warsaw/year=2025/month=01/day=15/hour=14/"},
        {R"({"sensor_type":"air_quality","city":"Warsaw","value":13.5,"ts":"2025-01-15T14:40:00Z"})",
         "air_quality,Warsaw,13.5,2025-01-15 14:40:00",
         "sensor_type=air_quality/city=Warsaw/year=2025/month=01/day=15/hour=14/"},
        {R"({"sensor_type":"air_quality","city":"Warsaw","value":14.5,"ts":"2025-01-15T15:05:00Z"})",
         "air_quality,Warsaw,14.5,2025-01-15 15:05:00",
         "sensor_type=air_quality/city=Warsaw/year=2025/month=01/day=15/hour=15/"},
        {R"({"sensor_type":"air_quality","city":"São Paulo","value":30.125,"ts":"2025-01-15T23:59:59Z"})",
         "air_quality,São Paulo,30.125,2025-01-15 23:59:59",
         "sensor_type=air_quality/city=São Paulo/year=2025/month=01/day=15/hour=23/"},
        {R"({"sensor_type":"air_quality","city":"São Paulo","value":31.5,"ts":"2025-01-16T00:00:00Z"})",
         "air_quality,São Paulo,31.5,2025-01-16 00:00:00",
         "sensor_type=air_quality/city=São Paulo/year=2025/month=01/day=16/hour=00/"},
        {R"({"sensor_type":"temperature","city":"Warsaw","value":-2.5,"ts":"2025-01-15T14:15:00Z"})",
         "temperature,Warsaw,-2.5,2025-01-15 14:15:00",
         "sensor_type=temperature/city=Warsaw/year=2025/month=01/day=15/hour=14/"},
        {R"({"sensor_type":"temperature","city":"Rome","value":9.5,"ts":"2024-12-31T23:30:00Z"})",
         "temperature,Rome,9.5,2024-12-31 23:30:00",
         "sensor_type=temperature/city=Rome/year=2024/month=12/day=31/hour=23/"},
    };
    return rows;
}

using Objects = std::map<std::string, std::string>;  // key → content

class S3SinkTest : public ::testing::Test {
protected:
    S3TestServer s3;
    std::string input_path = "/tmp/" + S3TestServer::unique("weir-s3-readings") + ".jsonl";

    void SetUp() override {
        std::ofstream out(input_path);
        for (const auto &row : readings()) out << row.json << "\n";
    }
    void TearDown() override { std::remove(input_path.c_str()); }

    // The pipeline: raw readings from the file into sink `raw` with the given options.
    std::string pipeline(const std::string &endpoint, const std::string &sink_options,
                         const std::string &secret = "") const {
        return "CREATE SOURCE readings (sensor_type TEXT, city TEXT, value DOUBLE, ts TIMESTAMP) "
               "WITH (connector = 'file', path = '" + input_path + "', format = 'json');"
               "CREATE SINK raw WITH (connector = 's3', endpoint = '" + endpoint + "', bucket = '" + s3.bucket() +
               "', access_key = '" + s3.access_key() + "', secret_key = '" + (secret.empty() ? s3.secret_key() : secret) +
               "'" + sink_options + ");"
               "INSERT INTO raw SELECT sensor_type, city, value, ts FROM readings;";
    }

    static std::string partitioned(const std::string &prefix, const std::string &extra = "") {
        return ", prefix = '" + prefix + "', partition_by = 'sensor_type, city, year, month, day, hour'" + extra;
    }

    Objects read_back(const std::string &endpoint, const std::string &prefix) const {
        auto client = s3.client(endpoint);
        Objects objects;
        for (const auto &key : client->list_keys(prefix + "/")) objects[key] = client->get_object(key);
        return objects;
    }

    // What the sink must leave with `rows_per_object`: per folder, the rows in input order, cut into
    // objects <prefix>/<folder>raw-0-<n>.<extension>.
    static Objects expected(const std::string &prefix, size_t rows_per_object, bool csv) {
        std::map<std::string, std::vector<std::string>> by_folder;
        for (const auto &row : readings()) by_folder[row.folder].push_back(csv ? row.csv : row.json);
        Objects objects;
        for (const auto &folder : by_folder) {
            for (size_t first = 0, n = 0; first < folder.second.size(); first += rows_per_object, n++) {
                std::string content = csv ? "sensor_type,city,value,ts\n" : "";
                for (size_t i = first; i < std::min(folder.second.size(), first + rows_per_object); i++) {
                    content += folder.second[i] + "\n";
                }
                objects[prefix + "/" + folder.first + "raw-0-" + std::to_string(n) + (csv ? ".csv" : ".json")] = content;
            }
        }
        return objects;
    }
};

std::string key_list(const Objects &objects) {
    std::string text;
    for (const auto &object : objects) text += object.first + "\n";
    return text;
}

TEST_F(S3SinkTest, PartitionedRawEventsReadBackExactly) {
    std::string prefix = S3TestServer::unique("raw");
    S3CommandResult result = s3.weir(pipeline(s3.endpoint(), partitioned(prefix, ", roll_rows = '4'")));
    ASSERT_EQ(result.status, 0) << result.err;
    Objects objects = read_back(s3.endpoint(), prefix);
    Objects wanted = expected(prefix, 4, false);
    EXPECT_EQ(key_list(objects), key_list(wanted));
    EXPECT_EQ(objects, wanted);
    // The hour with five readings rolled into two objects of four and one.
    std::string hour14 = prefix + "/sensor_type=air_quality/city=Warsaw/year=2025/month=01/day=15/hour=14/";
    ASSERT_EQ(objects.count(hour14 + "raw-0-1.json"), 1u) << key_list(objects);
    EXPECT_EQ(objects[hour14 + "raw-0-1.json"], readings()[6].json + "\n");
    // All rows, sorted, equal the input rows exactly.
    std::vector<std::string> got, input;
    for (const auto &object : objects) {
        std::istringstream lines(object.second);
        for (std::string line; std::getline(lines, line);) got.push_back(line);
    }
    for (const auto &row : readings()) input.push_back(row.json);
    std::sort(got.begin(), got.end());
    std::sort(input.begin(), input.end());
    EXPECT_EQ(got, input);
}

TEST_F(S3SinkTest, RunningTheSameBoundedJobTwiceLeavesTheSameObjects) {
    std::string prefix = S3TestServer::unique("replay");
    std::string sql = pipeline(s3.endpoint(), partitioned(prefix));
    S3CommandResult first = s3.weir(sql);
    ASSERT_EQ(first.status, 0) << first.err;
    Objects after_first = read_back(s3.endpoint(), prefix);
    EXPECT_EQ(after_first, expected(prefix, 100, false));
    S3CommandResult second = s3.weir(sql);
    ASSERT_EQ(second.status, 0) << second.err;
    Objects after_second = read_back(s3.endpoint(), prefix);
    EXPECT_EQ(key_list(after_second), key_list(after_first));
    EXPECT_EQ(after_second, after_first);
}

TEST_F(S3SinkTest, TheVerifyingServerAcceptsOurSignaturesOnPartitionPaths) {
    std::string prefix = S3TestServer::unique("signed");
    S3CommandResult result = s3.weir(pipeline(s3.verifying_endpoint(), partitioned(prefix)));
    ASSERT_EQ(result.status, 0) << result.err;
    EXPECT_EQ(read_back(s3.verifying_endpoint(), prefix), expected(prefix, 100, false));
}

TEST_F(S3SinkTest, AWrongSecretGets403AndAClearErrorWithoutTheSecret) {
    std::string prefix = S3TestServer::unique("forbidden");
    std::string wrong = "wrong-secret-0123456789";
    S3CommandResult result = s3.weir(pipeline(s3.verifying_endpoint(), partitioned(prefix), wrong));
    EXPECT_NE(result.status, 0);
    EXPECT_NE(result.err.find("sink `raw` was refused by S3 at " + s3.verifying_endpoint() +
                              " because the request signature does not match (SignatureDoesNotMatch, HTTP 403): "
                              "check secret_key"),
              std::string::npos)
        << result.err;
    EXPECT_EQ(result.err.find(wrong), std::string::npos) << result.err;
    EXPECT_EQ(result.err.find("Signature="), std::string::npos) << result.err;
    EXPECT_TRUE(read_back(s3.verifying_endpoint(), prefix).empty());
}

TEST_F(S3SinkTest, GzipObjectsDecompressToTheSameRows) {
    std::string prefix = S3TestServer::unique("gzip");
    S3CommandResult result =
        s3.weir(pipeline(s3.endpoint(), partitioned(prefix, ", format = 'csv', compression = 'gzip', roll_rows = '3'")));
    ASSERT_EQ(result.status, 0) << result.err;
    Objects objects = read_back(s3.endpoint(), prefix);
    Objects wanted = expected(prefix, 3, true);
    ASSERT_EQ(objects.size(), wanted.size()) << key_list(objects);
    std::string scratch = "/tmp/" + S3TestServer::unique("weir-s3-object") + ".gz";
    for (const auto &object : wanted) {
        auto found = objects.find(object.first + ".gz");
        ASSERT_NE(found, objects.end()) << object.first << " missing from\n" << key_list(objects);
        // gzip itself, not our code, decompresses the object.
        std::ofstream(scratch, std::ios::binary) << found->second;
        S3CommandResult plain = S3TestServer::run("gzip -dc " + S3TestServer::quote(scratch));
        EXPECT_EQ(plain.status, 0) << plain.err;
        EXPECT_EQ(plain.out, object.second) << object.first;
    }
    std::remove(scratch.c_str());
}

TEST_F(S3SinkTest, ZstdObjectsHoldTheSameRows) {
    std::string prefix = S3TestServer::unique("zstd");
    S3CommandResult result = s3.weir(pipeline(s3.endpoint(), partitioned(prefix, ", compression = 'zstd'")));
    ASSERT_EQ(result.status, 0) << result.err;
    Objects plain;
    for (const auto &object : read_back(s3.endpoint(), prefix)) {
        ASSERT_EQ(object.first.substr(object.first.size() - 4), ".zst") << object.first;
        plain[object.first.substr(0, object.first.size() - 4)] =
            ObjectCompressor::decompress(Compression::Zstd, object.second);
    }
    EXPECT_EQ(plain, expected(prefix, 100, false));
}

// format = 'parquet' (issue #17): one Parquet file per object, named like the JSON ones; DuckDB reads each
// object back as the rows of its folder's slice (the same slices as JSON objects of roll_rows 2).
TEST_F(S3SinkTest, ParquetObjectsReadInDuckDBHoldTheRows) {
    std::string prefix = S3TestServer::unique("parquet");
    S3CommandResult result =
        s3.weir(pipeline(s3.endpoint(), partitioned(prefix, ", format = 'parquet', compression = 'snappy', roll_rows = '2'")));
    ASSERT_EQ(result.status, 0) << result.err;
    Objects csv_expected = expected(prefix, 2, true);
    Objects objects = read_back(s3.endpoint(), prefix);
    ASSERT_EQ(objects.size(), csv_expected.size()) << key_list(objects);
    std::string scratch = "/tmp/" + S3TestServer::unique("weir-s3-parquet") + ".parquet";
    for (const auto &object : csv_expected) {
        std::string key = object.first.substr(0, object.first.size() - 4) + ".parquet";
        ASSERT_EQ(objects.count(key), 1u) << key << " missing from\n" << key_list(objects);
        std::ofstream(scratch, std::ios::binary) << objects[key];
        S3CommandResult rows = S3TestServer::run(
            "bash -c " + S3TestServer::quote(std::string("source ") + WEIR_SOURCE_DIR +
                                            "/tests/support/duckdb/duckdb.sh && duckdb_query \"SELECT sensor_type, city, "
                                            "value, strftime(ts AT TIME ZONE 'UTC', '%Y-%m-%d %H:%M:%S') FROM '" +
                                            scratch + "'\""));
        ASSERT_EQ(rows.status, 0) << rows.err;
        std::string body = object.second.substr(object.second.find('\n') + 1);  // without the CSV header
        // A NULL value: weir's CSV writes an empty field, so does the query's CSV.
        EXPECT_EQ(rows.out, body) << key;
    }
    std::remove(scratch.c_str());
}

TEST_F(S3SinkTest, VirtualHostAddressingPutsTheBucketInTheHostName) {
    // http://127.0.0.1:PORT → http://s3.localhost:PORT, so requests go to weir-test.s3.localhost:PORT.
    std::string endpoint = "http://s3.localhost" + s3.endpoint().substr(s3.endpoint().rfind(':'));
    std::string prefix = S3TestServer::unique("vhost");
    S3CommandResult result = s3.weir(pipeline(endpoint, partitioned(prefix, ", path_style = 'false'")));
    ASSERT_EQ(result.status, 0) << result.err;
    EXPECT_EQ(read_back(s3.endpoint(), prefix), expected(prefix, 100, false));
}

TEST_F(S3SinkTest, AnObjectAbove16MiBGoesUpInPartsAndReadsBackWhole) {
    std::string big_path = "/tmp/" + S3TestServer::unique("weir-s3-big") + ".jsonl";
    std::string content;
    for (int i = 0; i < 220000; i++) {
        content += R"({"sensor_type":"air_quality","city":"Warsaw","value":)" + std::to_string(i) +
                   R"(.5,"ts":"2025-01-15T14:00:00Z"})" "\n";
    }
    ASSERT_GT(content.size(), size_t{17} << 20);
    std::ofstream(big_path) << content;
    std::string prefix = S3TestServer::unique("big");
    std::string sql = pipeline(s3.verifying_endpoint(), ", prefix = '" + prefix + "'");
    sql.replace(sql.find(input_path), input_path.size(), big_path);
    S3CommandResult result = s3.weir(sql);
    std::remove(big_path.c_str());
    ASSERT_EQ(result.status, 0) << result.err;
    Objects objects = read_back(s3.verifying_endpoint(), prefix);
    ASSERT_EQ(key_list(objects), prefix + "/raw-0-0.json\n");
    EXPECT_TRUE(objects.begin()->second == content) << "the object differs from the input (" +
                                                           std::to_string(objects.begin()->second.size()) + " bytes)";
}

// A paced source goes idle between its batches; without --state those idle polls used to upload an
// object each (63 objects for 600 rows). Objects roll on rows, bytes, interval or checkpoint only.
TEST_F(S3SinkTest, APacedJobWithoutStateRollsOnRowsNotOnIdlePolls) {
    for (const char *roll : {"", ", roll_rows = '250'"}) {
        SCOPED_TRACE(roll);
        std::string prefix = S3TestServer::unique("paced");
        S3CommandResult result = s3.weir(
            "CREATE SOURCE sensors (city TEXT, temp DOUBLE, ts TIMESTAMP) "
            "WITH (connector = 'generator', rate = '400', count = '600');"
            "CREATE SINK raw WITH (connector = 's3', endpoint = '" + s3.endpoint() + "', bucket = '" + s3.bucket() +
            "', access_key = '" + s3.access_key() + "', secret_key = '" + s3.secret_key() + "', prefix = '" + prefix +
            "'" + roll + ");"
            "INSERT INTO raw SELECT city, temp, ts FROM sensors;");
        ASSERT_EQ(result.status, 0) << result.err;
        Objects objects = read_back(s3.endpoint(), prefix);
        std::vector<size_t> lines;
        for (const auto &object : objects) {
            lines.push_back(static_cast<size_t>(std::count(object.second.begin(), object.second.end(), '\n')));
        }
        std::string keys = key_list(objects);
        if (*roll == '\0') {
            EXPECT_EQ(keys, prefix + "/raw-0-0.json\n");
            EXPECT_EQ(lines, std::vector<size_t>({600}));
        } else {
            EXPECT_EQ(keys, prefix + "/raw-0-0.json\n" + prefix + "/raw-0-1.json\n" + prefix + "/raw-0-2.json\n");
            EXPECT_EQ(lines, std::vector<size_t>({250, 250, 100}));
        }
    }
}

// One sink, many jobs: object names carry the job name, so two jobs writing one S3 sink at the same
// time each leave their own objects with all their rows.
TEST_F(S3SinkTest, TwoJobsWritingOneSinkKeepEveryRow) {
    std::string prefix = S3TestServer::unique("shared");
    S3CommandResult result = s3.weir(
        "CREATE SOURCE readings (sensor_type TEXT, city TEXT, value DOUBLE, ts TIMESTAMP) "
        "WITH (connector = 'file', path = '" + input_path + "', format = 'json');"
        "CREATE SINK raw WITH (connector = 's3', endpoint = '" + s3.endpoint() + "', bucket = '" + s3.bucket() +
        "', access_key = '" + s3.access_key() + "', secret_key = '" + s3.secret_key() + "', prefix = '" + prefix +
        "');"
        "CREATE JOB first AS INSERT INTO raw SELECT sensor_type, city, value, ts FROM readings;"
        "CREATE JOB second AS INSERT INTO raw SELECT sensor_type, city, value, ts FROM readings;");
    ASSERT_EQ(result.status, 0) << result.err;
    Objects objects = read_back(s3.endpoint(), prefix);
    std::string all;
    for (const auto &row : readings()) all += row.json + "\n";
    Objects expected = {{prefix + "/first-0-0.json", all}, {prefix + "/second-0-0.json", all}};
    EXPECT_EQ(objects, expected);
}

TEST_F(S3SinkTest, AMissingBucketIsReportedByName) {
    S3CommandResult result = s3.weir(
        "CREATE SOURCE readings (sensor_type TEXT, city TEXT, value DOUBLE, ts TIMESTAMP) "
        "WITH (connector = 'file', path = '" + input_path + "', format = 'json');"
        "CREATE SINK raw WITH (connector = 'minio', endpoint = '" + s3.endpoint() +
        "', bucket = 'no-such-bucket', access_key = 'S3RVER', secret_key = 'S3RVER');"
        "INSERT INTO raw SELECT * FROM readings;");
    EXPECT_NE(result.status, 0);
    EXPECT_NE(result.err.find("bucket 'no-such-bucket' does not exist at " + s3.endpoint() + " (NoSuchBucket)"),
              std::string::npos)
        << result.err;
}

TEST_F(S3SinkTest, AnUnreachableEndpointFailsInBoundedTime) {
    std::string port = S3TestServer::run(
        "python3 -c 'import socket; s=socket.socket(); s.bind((\"127.0.0.1\",0)); print(s.getsockname()[1])'").out;
    while (!port.empty() && port.back() == '\n') port.pop_back();
    auto start = std::chrono::steady_clock::now();
    S3CommandResult result = s3.weir(pipeline("http://127.0.0.1:" + port, ", prefix = 'nowhere'", "secret-not-shown"));
    auto seconds = std::chrono::duration_cast<std::chrono::seconds>(std::chrono::steady_clock::now() - start).count();
    EXPECT_NE(result.status, 0);
    EXPECT_NE(result.err.find("sink `raw` cannot reach the S3 endpoint http://127.0.0.1:" + port), std::string::npos)
        << result.err;
    EXPECT_EQ(result.err.find("secret-not-shown"), std::string::npos) << result.err;
    EXPECT_LT(seconds, 30);
}

}  // namespace
}  // namespace weir
