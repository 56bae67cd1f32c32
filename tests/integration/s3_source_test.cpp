// The S3 source against a real S3 server: JSON, gzip CSV and Parquet objects under a prefix, glob, bad records.
#include <gtest/gtest.h>

#include <string>

#include "connectors/s3/object_compressor.h"
#include "s3_test_server.h"

namespace weir {
namespace {

class S3SourceTest : public ::testing::Test {
protected:
    S3TestServer s3;
    std::string prefix = S3TestServer::unique("lake");

    std::string connection() const {
        return "connector = 's3', endpoint = '" + s3.endpoint() + "', bucket = '" + s3.bucket() + "', access_key = '" +
               s3.access_key() + "', secret_key = '" + s3.secret_key() + "', prefix = '" + prefix + "'";
    }
    void put(const std::string &key, const std::string &body) {
        s3.client(s3.endpoint())->put_object(prefix + "/" + key, body, "application/octet-stream");
    }
};

TEST_F(S3SourceTest, ReadsJsonObjectsInKeyOrderAndReportsBadLinesWithTheirKey) {
    put("city=Rome/b.json", "{\"city\":\"Rome\",\"temp\":9.5}\n{\"city\":\"Rome\",\"temp\":\"hot\"}\n");
    put("city=Warsaw/a.json", "{\"city\":\"Warsaw\",\"temp\":-3.25}\n\n{\"city\":\"Warsaw\",\"temp\":1}");
    put("notes.txt", "not json");
    S3CommandResult result = s3.weir("CREATE SOURCE lake (city TEXT, temp DOUBLE) WITH (" + connection() +
                                     ", glob = '*.json');"
                                     "SELECT city, temp FROM lake;");
    ASSERT_EQ(result.status, 0) << result.err;
    EXPECT_EQ(result.out, "city,temp\nRome,9.5\nWarsaw,-3.25\nWarsaw,1\n");
    EXPECT_NE(result.err.find("s3://" + s3.bucket() + "/" + prefix + "/city=Rome/b.json:2"), std::string::npos)
        << result.err;
}

TEST_F(S3SourceTest, ReadsGzipCsvObjectsWithTheirHeaders) {
    put("part-0.csv.gz", ObjectCompressor::compress(Compression::Gzip, "temp,city\n1.5,Oslo\n2.5,\"Say \"\"hi\"\"\"\n"));
    put("part-1.csv", "city,temp\nBergen,\n");
    S3CommandResult result = s3.weir("CREATE SOURCE lake (city TEXT, temp DOUBLE) WITH (" + connection() +
                                     ", format = 'csv');"
                                     "SELECT city, temp FROM lake;");
    ASSERT_EQ(result.status, 0) << result.err;
    EXPECT_EQ(result.out, "city,temp\nOslo,1.5\n\"Say \"\"hi\"\"\",2.5\nBergen,\n");
}

TEST_F(S3SourceTest, ReadsBackTheParquetObjectsTheS3SinkWrote) {
    S3CommandResult written = s3.weir(
        "CREATE SOURCE g (city TEXT, temp DOUBLE, ts TIMESTAMP) WITH (connector = 'generator', count = '5000', "
        "keys = '3', seed = '7', start = '2025-01-15 00:00:00');"
        "CREATE SINK lake_out WITH (" + connection() + ", format = 'parquet', partition_by = 'city', roll_rows = '700');"
        "INSERT INTO lake_out SELECT city, temp, ts FROM g;");
    ASSERT_EQ(written.status, 0) << written.err;
    S3CommandResult direct = s3.weir(
        "CREATE SOURCE g (city TEXT, temp DOUBLE, ts TIMESTAMP) WITH (connector = 'generator', count = '5000', "
        "keys = '3', seed = '7', start = '2025-01-15 00:00:00');"
        "SELECT city, count(*), count(temp), min(ts), max(ts) FROM g GROUP BY city ORDER BY city;");
    S3CommandResult lake = s3.weir("CREATE SOURCE lake (city TEXT, temp DOUBLE, ts TIMESTAMP) WITH (" + connection() +
                                   ", format = 'parquet', glob = '*.parquet');"
                                   "SELECT city, count(*), count(temp), min(ts), max(ts) FROM lake GROUP BY city "
                                   "ORDER BY city;");
    ASSERT_EQ(lake.status, 0) << lake.err;
    EXPECT_EQ(lake.out, direct.out);
    EXPECT_NE(lake.out.find("\n"), std::string::npos);
}

}  // namespace
}  // namespace weir
