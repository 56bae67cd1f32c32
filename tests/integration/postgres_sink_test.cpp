// PostgreSQL sink against a real PostgreSQL 15: exact upserted HOP averages, reruns, COPY appends, deletes, outages, errors.
#include <gtest/gtest.h>
#include <time.h>

#include <charconv>
#include <chrono>
#include <fstream>
#include <map>
#include <thread>

#include "common/weir_error.h"
#include "connectors/postgres/postgres_sink.h"
#include "postgres_test_server.h"

namespace weir {
namespace {

constexpr int64_t kNoon = 1736949600;  // 2025-01-15 14:00:00 UTC, in seconds

std::string utc(int64_t seconds) {
    time_t t = static_cast<time_t>(seconds);
    struct tm parts;
    gmtime_r(&t, &parts);
    char text[40];
    strftime(text, sizeof text, "%Y-%m-%d %H:%M:%S+00", &parts);
    return text;
}

std::string iso(int64_t seconds) {
    std::string text = utc(seconds);
    return text.substr(0, 10) + "T" + text.substr(11, 8) + "Z";
}

std::string shortest(double value) {
    char text[64];
    auto end = std::to_chars(text, text + sizeof text, value).ptr;
    return std::string(text, end);
}

std::string write_file(const std::string &name, const std::string &text) {
    std::string path = "/tmp/" + PostgresTestServer::unique(name) + ".json";
    std::ofstream(path) << text;
    return path;
}

class PostgresSinkTest : public ::testing::Test {
protected:
    PostgresTestServer pg;

    std::string json_source(const std::string &path) const {
        return "CREATE SOURCE weather (city TEXT, temp DOUBLE, ts TIMESTAMP) WITH (connector = 'file', path = '" + path +
               "', format = 'json');";
    }
    std::string sink(const std::string &table, const std::string &extra) const {
        return "CREATE SINK out WITH (connector = 'postgres', url = '" + pg.url() + "', table = '" + table + "'" + extra +
               ");";
    }
};

TEST_F(PostgresSinkTest, HopAveragesUpsertIntoWeatherRtExactlyAndARerunChangesNothing) {
    std::string path = write_file("hop", "{\"city\":\"Warsaw\",\"temp\":1.0,\"ts\":\"2025-01-15T14:00:30Z\"}\n"
                                         "{\"city\":\"Rome\",\"temp\":20,\"ts\":\"2025-01-15T14:01:00Z\"}\n"
                                         "{\"city\":\"Warsaw\",\"temp\":3.0,\"ts\":\"2025-01-15T14:02:10Z\"}\n");
    std::string table = PostgresTestServer::unique("weather_rt");
    std::string sql = json_source(path) + sink(table, ", mode = 'upsert'") +
                      "INSERT INTO out SELECT city, window_start, window_end, avg(temp) AS avg_temp, count(*) AS n "
                      "FROM weather GROUP BY city, HOP(ts, 1m, 5m);";
    PostgresCommandResult result = pg.weir(sql);
    ASSERT_EQ(result.status, 0) << result.err;
    // By hand: a row at t joins the five 5-minute windows starting at whole minutes in (t - 5m, t].
    const std::string expected =
        "Rome|2025-01-15 13:57:00+00|2025-01-15 14:02:00+00|20|1\n"
        "Rome|2025-01-15 13:58:00+00|2025-01-15 14:03:00+00|20|1\n"
        "Rome|2025-01-15 13:59:00+00|2025-01-15 14:04:00+00|20|1\n"
        "Rome|2025-01-15 14:00:00+00|2025-01-15 14:05:00+00|20|1\n"
        "Rome|2025-01-15 14:01:00+00|2025-01-15 14:06:00+00|20|1\n"
        "Warsaw|2025-01-15 13:56:00+00|2025-01-15 14:01:00+00|1|1\n"
        "Warsaw|2025-01-15 13:57:00+00|2025-01-15 14:02:00+00|1|1\n"
        "Warsaw|2025-01-15 13:58:00+00|2025-01-15 14:03:00+00|2|2\n"
        "Warsaw|2025-01-15 13:59:00+00|2025-01-15 14:04:00+00|2|2\n"
        "Warsaw|2025-01-15 14:00:00+00|2025-01-15 14:05:00+00|2|2\n"
        "Warsaw|2025-01-15 14:01:00+00|2025-01-15 14:06:00+00|3|1\n"
        "Warsaw|2025-01-15 14:02:00+00|2025-01-15 14:07:00+00|3|1";
    std::string select = "SELECT city, window_start, window_end, avg_temp, n FROM " + table + " ORDER BY 1, 2";
    EXPECT_EQ(pg.psql(select), expected);
    // The table was created with matching types and the default key (group keys + window_start).
    EXPECT_EQ(pg.psql("SELECT string_agg(column_name || ':' || data_type, ',' ORDER BY ordinal_position) FROM "
                      "information_schema.columns WHERE table_name = '" + table + "'"),
              "city:text,window_start:timestamp with time zone,window_end:timestamp with time zone,"
              "avg_temp:double precision,n:bigint");
    EXPECT_EQ(pg.psql("SELECT string_agg(a.attname, ',' ORDER BY a.attnum) FROM pg_index i JOIN pg_attribute a ON "
                      "a.attrelid = i.indrelid AND a.attnum = ANY(i.indkey) WHERE i.indisprimary AND i.indrelid = '" +
                      table + "'::regclass"),
              "city,window_start");

    // The same bounded job again: the same rows, no duplicates.
    PostgresCommandResult again = pg.weir(sql);
    ASSERT_EQ(again.status, 0) << again.err;
    EXPECT_EQ(pg.psql(select), expected);
}

TEST_F(PostgresSinkTest, HopAveragesOfALargerFileEqualTheTestsOwnComputation) {
    const char *cities[] = {"Oslo", "Rome", "Kyiv"};
    std::string lines;
    // (city, window_start seconds) → (sum, count), computed here independently of the engine.
    std::map<std::pair<std::string, int64_t>, std::pair<double, int64_t>> windows;
    for (int i = 0; i < 120; i++) {
        std::string city = cities[(i * 7) % 3];
        int64_t ts = kNoon + i * 37;
        double temp = (i * 13) % 29 - 9;  // integers: sums and averages are exact in any order
        lines += "{\"city\":\"" + city + "\",\"temp\":" + shortest(temp) + ",\"ts\":\"" + iso(ts) + "\"}\n";
        int64_t last = ts / 60 * 60;
        for (int64_t start = last - 240; start <= last; start += 60) {
            auto &window = windows[{city, start}];
            window.first += temp;
            window.second++;
        }
    }
    std::string expected;
    for (const auto &[key, value] : windows) {
        if (!expected.empty()) expected += "\n";
        expected += key.first + "|" + utc(key.second) + "|" + shortest(value.first / value.second) + "|" +
                    std::to_string(value.second);
    }
    std::string table = PostgresTestServer::unique("weather_rt");
    PostgresCommandResult result = pg.weir(json_source(write_file("hop-large", lines)) +
                                           sink(table, ", mode = 'upsert', key = 'city, window_start', batch_rows = '7'") +
                                           "INSERT INTO out SELECT city, window_start, avg(temp) AS avg_temp, "
                                           "count(*) AS n FROM weather GROUP BY city, HOP(ts, 1m, 5m);");
    ASSERT_EQ(result.status, 0) << result.err;
    EXPECT_EQ(pg.psql("SELECT city, window_start, avg_temp, n FROM " + table + " ORDER BY 1, 2"), expected);
}

TEST_F(PostgresSinkTest, AppendModeCopiesAwkwardValuesExactly) {
    std::string path = write_file("append",
                                  "{\"city\":\"Tab\\there\",\"temp\":-0.5,\"ts\":\"2025-01-15T14:00:00.25Z\"}\n"
                                  "{\"city\":\"back\\\\slash \\\"q\\\" \\\\N\",\"temp\":null,\"ts\":\"2025-01-15T15:00:00+01:00\"}\n"
                                  "{\"city\":\"line\\nbreak\",\"temp\":1e300,\"ts\":\"2025-01-15T14:00:02Z\"}\n"
                                  "{\"city\":\"\",\"temp\":2,\"ts\":\"2025-01-15T14:00:03Z\"}\n"
                                  "{\"temp\":3,\"ts\":\"2025-01-15T14:00:04Z\"}\n");
    std::string table = PostgresTestServer::unique("raw");
    PostgresCommandResult result = pg.weir(json_source(path) + sink(table, ", mode = 'append'") +
                                           "INSERT INTO out SELECT city, temp, temp > 0 AS warm, ts, "
                                           "INTERVAL '90' SECOND AS lag FROM weather;");
    ASSERT_EQ(result.status, 0) << result.err;
    EXPECT_EQ(pg.psql("SELECT coalesce(replace(replace(city, E'\\t', '<TAB>'), E'\\n', '<NL>'), '<NULL>'), "
                      "coalesce(temp::text, '<NULL>'), coalesce(warm::text, '<NULL>'), ts, lag FROM " + table +
                      " ORDER BY ts, city"),
              "back\\slash \"q\" \\N|<NULL>|<NULL>|2025-01-15 14:00:00+00|00:01:30\n"  // 15:00+01:00 is 14:00 UTC
              "Tab<TAB>here|-0.5|false|2025-01-15 14:00:00.25+00|00:01:30\n"
              "line<NL>break|1e+300|true|2025-01-15 14:00:02+00|00:01:30\n"
              "|2|true|2025-01-15 14:00:03+00|00:01:30\n"
              "<NULL>|3|true|2025-01-15 14:00:04+00|00:01:30");
    EXPECT_EQ(pg.psql("SELECT city FROM " + table + " WHERE temp IS NULL"), "back\\slash \"q\" \\N");
    EXPECT_EQ(pg.psql("SELECT data_type FROM information_schema.columns WHERE table_name = '" + table +
                      "' AND column_name = 'lag'"),
              "interval");
}

SinkSpec api_spec(const PostgresTestServer &pg, const std::string &table, const std::string &mode) {
    SinkSpec spec;
    spec.name = "api_sink";
    spec.connector = "postgres";
    spec.options = {{"url", pg.url()}, {"table", table}, {"mode", mode}, {"key", "city"}};
    spec.schema = Schema({{"city", TypeId::Text}, {"n", TypeId::BigInt}});
    spec.job_name = PostgresTestServer::unique("job");
    return spec;
}

Batch rows(const std::vector<std::pair<std::string, int64_t>> &values) {
    Batch batch;
    batch.columns.resize(2);
    batch.columns[0].reset(TypeId::Text, values.size());
    batch.columns[1].reset(TypeId::BigInt, values.size());
    batch.set_size(values.size());
    for (size_t r = 0; r < values.size(); r++) {
        batch.columns[0].strings()[r] = batch.arena().add(values[r].first);
        batch.columns[1].ints()[r] = values[r].second;
    }
    return batch;
}

TEST_F(PostgresSinkTest, UpsertsAndDeletesByKeyInOrder) {
    std::string table = PostgresTestServer::unique("changes");
    PostgresSink sink(api_spec(pg, table, "upsert"));
    sink.open();
    sink.write(rows({{"Oslo", 1}, {"Rome", 2}, {"Kyiv", 3}}), ChangeKind::Upsert);
    sink.flush();
    EXPECT_EQ(pg.psql("SELECT city, n FROM " + table + " ORDER BY city"), "Kyiv|3\nOslo|1\nRome|2");
    // Within one flush: Oslo updated twice, Rome deleted then written again, Kyiv deleted.
    sink.write(rows({{"Oslo", 10}, {"Rome", 20}}), ChangeKind::Upsert);
    sink.write(rows({{"Rome", 0}, {"Kyiv", 0}}), ChangeKind::Delete);
    sink.write(rows({{"Oslo", 11}, {"Rome", 21}}), ChangeKind::Upsert);
    EXPECT_EQ(sink.pending_rows(), 3u);
    sink.flush();
    EXPECT_EQ(pg.psql("SELECT city, n FROM " + table + " ORDER BY city"), "Oslo|11\nRome|21");
    sink.close();

    // Append mode: rows are appended, a deletion removes every row of the key written before it.
    std::string log = PostgresTestServer::unique("log");
    PostgresSink append(api_spec(pg, log, "append"));
    append.open();
    append.write(rows({{"Oslo", 1}, {"Oslo", 2}, {"Rome", 3}}), ChangeKind::Insert);
    append.write(rows({{"Oslo", 0}}), ChangeKind::Delete);
    append.write(rows({{"Oslo", 4}}), ChangeKind::Insert);
    append.close();
    EXPECT_EQ(pg.psql("SELECT city, n FROM " + log + " ORDER BY n"), "Rome|3\nOslo|4");
}

TEST_F(PostgresSinkTest, CheckpointCommitsAreRecordedAndAReplayIsSkipped) {
    std::string table = PostgresTestServer::unique("exactly_once");
    SinkSpec spec = api_spec(pg, table, "append");
    PostgresSink sink(spec);
    sink.open();
    EXPECT_FALSE(sink.last_committed(spec.job_name).has_value());
    sink.write(rows({{"Oslo", 1}, {"Rome", 2}}), ChangeKind::Insert);
    EXPECT_TRUE(sink.commit_with_checkpoint(1, "weather:0=120"));
    sink.write(rows({{"Kyiv", 3}}), ChangeKind::Insert);
    EXPECT_TRUE(sink.commit_with_checkpoint(2, "weather:0=180"));
    auto last = sink.last_committed(spec.job_name);
    ASSERT_TRUE(last.has_value());
    EXPECT_EQ(last->checkpoint, 2);
    EXPECT_EQ(last->positions, "weather:0=180");
    sink.close();

    // A restarted job replays checkpoint 2 from the restored positions: nothing is written twice.
    PostgresSink replay(spec);
    replay.open();
    replay.write(rows({{"Kyiv", 3}}), ChangeKind::Insert);
    EXPECT_FALSE(replay.commit_with_checkpoint(2, "weather:0=180"));
    replay.write(rows({{"Lima", 4}}), ChangeKind::Insert);
    EXPECT_TRUE(replay.commit_with_checkpoint(3, "weather:0=240"));
    replay.close();
    EXPECT_EQ(pg.psql("SELECT city, n FROM " + table + " ORDER BY n"), "Oslo|1\nRome|2\nKyiv|3\nLima|4");
    EXPECT_EQ(pg.psql("SELECT checkpoint, positions FROM weir_sink_commits WHERE job = '" + spec.job_name +
                      "' AND sink = 'api_sink'"),
              "3|weather:0=240");
}

TEST_F(PostgresSinkTest, AnOutageMidRunIsRetriedAndTheTableEqualsACleanRun) {
    std::string clean = PostgresTestServer::unique("clean");
    std::string outage = PostgresTestServer::unique("outage");
    auto job = [&](const std::string &table, const std::string &rate) {
        return "CREATE SOURCE gen (city TEXT, temp DOUBLE, ts TIMESTAMP, WATERMARK FOR ts AS ts) WITH (connector = 'generator', rate = '" +
               rate + "', count = '3000', keys = '6', seed = '7', start = '2025-01-15 00:00:00', interval = '1s');" +
               sink(table, ", mode = 'upsert', batch_rows = '50'") +
               "INSERT INTO out SELECT city, window_start, avg(temp) AS avg_temp, count(*) AS n FROM gen "
               "GROUP BY city, TUMBLE(ts, 1m);";
    };
    PostgresCommandResult reference = pg.weir(job(clean, "0"));
    ASSERT_EQ(reference.status, 0) << reference.err;

    // 3000 events at 200/s: about 15 s of writes; the server is down for 10 s, from 2 s to 12 s.
    PostgresCommandResult interrupted;
    std::thread run([&] { interrupted = pg.weir(job(outage, "200")); });
    std::this_thread::sleep_for(std::chrono::seconds(2));
    std::string before = pg.psql("SELECT count(*) FROM " + outage);
    pg.stop_server();
    std::this_thread::sleep_for(std::chrono::seconds(10));
    pg.start_server();
    run.join();
    ASSERT_EQ(interrupted.status, 0) << interrupted.err;
    EXPECT_GT(std::stoi(before), 0) << "the outage should hit a job that had written already";
    std::string select = "SELECT city, window_start, avg_temp, n FROM ";
    std::string expected = pg.psql(select + clean + " ORDER BY 1, 2");
    EXPECT_EQ(pg.psql("SELECT count(*) FROM " + clean), "300");  // 50 one-minute windows × 6 cities
    EXPECT_EQ(pg.psql(select + outage + " ORDER BY 1, 2"), expected);
}

TEST_F(PostgresSinkTest, WrongPasswordFailsAtOnceWithAClearMessageAndNoPassword) {
    std::string wrong = "not-the-pw-" + std::to_string(::getpid());
    std::string url = pg.url();
    url.replace(url.find(pg.password()), pg.password().size(), wrong);
    std::string path = write_file("auth", "{\"city\":\"Oslo\",\"temp\":1,\"ts\":\"2025-01-15T14:00:00Z\"}\n");
    auto start = std::chrono::steady_clock::now();
    PostgresCommandResult result = pg.weir(json_source(path) + "CREATE SINK out WITH (connector = 'postgres', url = '" +
                                           url + "', table = 't');INSERT INTO out SELECT city, temp FROM weather;");
    EXPECT_NE(result.status, 0);
    EXPECT_LT(std::chrono::steady_clock::now() - start, std::chrono::seconds(10));
    EXPECT_NE(result.err.find("password authentication failed for user \"weir\""), std::string::npos) << result.err;
    EXPECT_NE(result.err.find("check the user and password"), std::string::npos) << result.err;
    EXPECT_NE(result.err.find("weir@127.0.0.1:" + std::to_string(pg.port()) + "/weir"), std::string::npos) << result.err;
    EXPECT_EQ(result.err.find(wrong), std::string::npos) << result.err;
    EXPECT_EQ(result.err.find(pg.password()), std::string::npos) << result.err;
}

TEST_F(PostgresSinkTest, PermanentErrorsStopTheJobWithOneClearMessage) {
    std::string path = write_file("permanent", "{\"city\":\"Oslo\",\"temp\":1,\"ts\":\"2025-01-15T14:00:00Z\"}\n");
    std::string insert = "INSERT INTO out SELECT city, temp FROM weather;";
    // A table the role may not write.
    std::string locked = PostgresTestServer::unique("locked");
    pg.psql("CREATE TABLE " + locked + " (city text, temp double precision)");
    auto start = std::chrono::steady_clock::now();
    PostgresCommandResult denied = pg.weir(json_source(path) + sink(locked, ", create = 'false'") + insert);
    EXPECT_NE(denied.status, 0);
    EXPECT_NE(denied.err.find("permission denied for table " + locked + "; grant the sink's role"), std::string::npos)
        << denied.err;
    // A column whose type does not fit.
    std::string typed = PostgresTestServer::unique("typed");
    pg.psql("CREATE TABLE " + typed + " (city bigint, temp double precision); GRANT ALL ON " + typed + " TO weir");
    PostgresCommandResult mismatch = pg.weir(json_source(path) + sink(typed, "") + insert);
    EXPECT_NE(mismatch.status, 0);
    EXPECT_NE(mismatch.err.find("invalid input syntax for type bigint"), std::string::npos) << mismatch.err;
    EXPECT_NE(mismatch.err.find("does not fit the query's values"), std::string::npos) << mismatch.err;
    // A missing table without create, and a table missing a column.
    PostgresCommandResult missing = pg.weir(json_source(path) + sink("no_such_table", ", create = 'false'") + insert);
    EXPECT_NE(missing.err.find("could not find the table public.no_such_table"), std::string::npos) << missing.err;
    std::string narrow = PostgresTestServer::unique("narrow");
    pg.psql("CREATE TABLE " + narrow + " (city text); GRANT ALL ON " + narrow + " TO weir");
    PostgresCommandResult lacking = pg.weir(json_source(path) + sink(narrow, "") + insert);
    EXPECT_NE(lacking.err.find("has no column(s) temp"), std::string::npos) << lacking.err;
    // None of them waited for retry_for.
    EXPECT_LT(std::chrono::steady_clock::now() - start, std::chrono::seconds(20));
    for (const auto *result : {&denied, &mismatch, &missing, &lacking}) {
        EXPECT_EQ(result->err.find(pg.password()), std::string::npos) << result->err;
    }
}

// Issue 12.7: a role whose password `stream` is the start of its database's name `streamdb_...`.
TEST_F(PostgresSinkTest, CreateTrueCreatesAMissingSchemaAndMessagesKeepTheDatabaseName) {
    std::string role = PostgresTestServer::unique("streamer");
    std::string database = PostgresTestServer::unique("streamdb");
    pg.psql("CREATE ROLE " + role + " LOGIN PASSWORD 'stream'");
    pg.psql("CREATE DATABASE " + database + " OWNER " + role);
    std::string url = "postgresql://" + role + ":stream@127.0.0.1:" + std::to_string(pg.port()) + "/" + database;
    std::string path = write_file("silver", "{\"city\":\"Oslo\",\"temp\":1.5,\"ts\":\"2025-01-15T14:00:00Z\"}\n"
                                            "{\"city\":\"Rome\",\"temp\":20,\"ts\":\"2025-01-15T14:00:01Z\"}\n");
    std::string insert = "INSERT INTO out SELECT city, temp FROM weather;";
    auto sink_in = [&](const std::string &create) {
        return "CREATE SINK out WITH (connector = 'postgres', url = '" + url + "', schema = 'silver', table = 'readings', "
               "create = '" + create + "');";
    };
    // Without create: one sentence naming the target with its database name intact and no password.
    PostgresCommandResult missing = pg.weir(json_source(path) + sink_in("false") + insert);
    EXPECT_NE(missing.status, 0);
    EXPECT_NE(missing.err.find("could not find the table silver.readings at " + role + "@127.0.0.1:" +
                               std::to_string(pg.port()) + "/" + database),
              std::string::npos)
        << missing.err;
    EXPECT_EQ(missing.err.find("***db"), std::string::npos) << missing.err;
    EXPECT_EQ(missing.err.find(":stream@"), std::string::npos) << missing.err;
    // DESCRIBE shows the url with its password masked and the database name whole.
    PostgresCommandResult described = pg.weir(sink_in("true") + "DESCRIBE out;");
    ASSERT_EQ(described.status, 0) << described.err;
    EXPECT_NE(described.out.find("postgresql://" + role + ":***@127.0.0.1:" + std::to_string(pg.port()) + "/" + database),
              std::string::npos)
        << described.out;
    // With create = 'true' the schema and the table are created and the rows written.
    PostgresCommandResult created = pg.weir(json_source(path) + sink_in("true") + insert);
    ASSERT_EQ(created.status, 0) << created.err;
    auto in_database = [&](const std::string &sql) {
        PostgresCommandResult result = PostgresTestServer::run(
            "psql -X -A -t -q -F '|' " + PostgresTestServer::quote(url) + " -c " + PostgresTestServer::quote(sql));
        EXPECT_EQ(result.status, 0) << result.err;
        std::string out = result.out;
        while (!out.empty() && out.back() == '\n') out.pop_back();
        return out;
    };
    EXPECT_EQ(in_database("SELECT city, temp FROM silver.readings ORDER BY city"), "Oslo|1.5\nRome|20");
    // A second run finds the schema and the table and appends.
    PostgresCommandResult again = pg.weir(json_source(path) + sink_in("true") + insert);
    ASSERT_EQ(again.status, 0) << again.err;
    EXPECT_EQ(in_database("SELECT count(*) FROM silver.readings"), "4");
}

// Issue 13.7: DESCRIBE masks the password of a key=value string and of a URI query parameter.
TEST_F(PostgresSinkTest, DescribeMasksKeyValueAndQueryPasswordsAndKeepsTheRest) {
    PostgresCommandResult result = pg.weir(
        "CREATE SINK kv WITH (connector = 'postgres', url = 'host=127.0.0.1 dbname=streamdb user=app "
        "password=stream', table = 't');"
        "CREATE SINK quoted WITH (connector = 'postgres', url = 'host=127.0.0.1 dbname=streamdb password=''s3 cr3t''', "
        "table = 't');"
        "CREATE SINK query WITH (connector = 'postgres', url = 'postgresql://app@127.0.0.1/streamdb?password=stream"
        "&sslmode=disable', table = 't');"
        "DESCRIBE kv; DESCRIBE quoted; DESCRIBE query;");
    ASSERT_EQ(result.status, 0) << result.err;
    EXPECT_NE(result.out.find("host=127.0.0.1 dbname=streamdb user=app password=***"), std::string::npos) << result.out;
    EXPECT_NE(result.out.find("host=127.0.0.1 dbname=streamdb password=***"), std::string::npos) << result.out;
    EXPECT_NE(result.out.find("postgresql://app@127.0.0.1/streamdb?password=***&sslmode=disable"), std::string::npos)
        << result.out;
    EXPECT_EQ(result.out.find("password=stream"), std::string::npos) << result.out;
    EXPECT_EQ(result.out.find("cr3t"), std::string::npos) << result.out;
}

// Issue 12.10: the url comes from the environment at run time; DESCRIBE shows the variable.
TEST_F(PostgresSinkTest, AUrlFromTheEnvironmentIsUsedAndShownAsWritten) {
    std::string path = write_file("env", "{\"city\":\"Oslo\",\"temp\":1.5,\"ts\":\"2025-01-15T14:00:00Z\"}\n");
    std::string table = PostgresTestServer::unique("from_env");
    std::string sql = json_source(path) + "CREATE SINK out WITH (connector = 'postgres', url = '${WEIR_TEST_PG_URL}', "
                      "table = '" + table + "');DESCRIBE out;INSERT INTO out SELECT city, temp FROM weather;";
    PostgresCommandResult result = PostgresTestServer::run("env WEIR_TEST_PG_URL=" + PostgresTestServer::quote(pg.url()) +
                                                           " " + std::string(WEIR_BINARY) + " --format csv -c " +
                                                           PostgresTestServer::quote(sql));
    ASSERT_EQ(result.status, 0) << result.err;
    EXPECT_NE(result.out.find("url,${WEIR_TEST_PG_URL}"), std::string::npos) << result.out;
    EXPECT_EQ(result.out.find(pg.password()), std::string::npos) << result.out;
    EXPECT_EQ(pg.psql("SELECT city, temp FROM " + table), "Oslo|1.5");
    // Without the variable: one sentence naming it, nothing written.
    PostgresCommandResult unset = PostgresTestServer::run("env -u WEIR_TEST_PG_URL " + std::string(WEIR_BINARY) +
                                                          " --format csv -c " + PostgresTestServer::quote(sql));
    EXPECT_NE(unset.status, 0);
    EXPECT_NE(unset.err.find("option `url` of sink `out` uses ${WEIR_TEST_PG_URL}, but the environment variable "
                             "WEIR_TEST_PG_URL is not set"),
              std::string::npos)
        << unset.err;
}

// Issue 13.11: a TEXT value PostgreSQL cannot store makes its row a bad row; the others are written.
TEST_F(PostgresSinkTest, RowsWithNulBytesOrInvalidUtf8AreBadRowsAndTheOthersAreWritten) {
    std::string table = PostgresTestServer::unique("bad_text");
    PostgresSink direct(api_spec(pg, table, "append"));
    std::vector<BadRecord> bad;
    direct.set_bad_row_handler([&](const BadRecord &record) { bad.push_back(record); });
    direct.open();
    direct.write(rows({{std::string("Os\0lo", 5), 1}, {"Bergen", 2}, {"Z\xFF\xFErich", 3}}), ChangeKind::Insert);
    direct.close();
    EXPECT_EQ(pg.psql("SELECT city, n FROM " + table), "Bergen|2");
    ASSERT_EQ(bad.size(), 2u);
    EXPECT_EQ(bad[0].where, "postgres sink `api_sink`, row 1 it received");
    EXPECT_EQ(bad[0].reason, "column `city` holds a NUL byte (\\u0000) at byte 2, which PostgreSQL text cannot store; "
                             "the row is skipped");
    EXPECT_EQ(bad[0].raw, "Os\\0lo\t1");
    EXPECT_EQ(bad[1].where, "postgres sink `api_sink`, row 3 it received");
    EXPECT_EQ(bad[1].reason, "column `city` is not valid UTF-8 (byte 0xff at byte 1), which PostgreSQL text rejects; "
                             "the row is skipped");

    // Through a job: the \u0000 of a JSON file reaches the sink, the row is dead-lettered, the others written.
    std::string path = write_file("nul", "{\"city\":\"Oslo\",\"temp\":1,\"ts\":\"2025-01-15T14:00:00Z\"}\n"
                                         "{\"city\":\"A\\u0000B\",\"temp\":2,\"ts\":\"2025-01-15T14:00:01Z\"}\n"
                                         "{\"city\":\"Rome\",\"temp\":3,\"ts\":\"2025-01-15T14:00:02Z\"}\n");
    std::string dead = "/tmp/" + PostgresTestServer::unique("dead") + ".jsonl";
    std::string job_table = PostgresTestServer::unique("bad_text_job");
    PostgresCommandResult result = pg.weir(
        "CREATE SOURCE weather (city TEXT, temp DOUBLE, ts TIMESTAMP) WITH (connector = 'file', path = '" + path +
        "', format = 'json', on_error = 'dlq', dlq = 'dead');"
        "CREATE SINK dead WITH (connector = 'file', path = '" + dead + "', format = 'json');" +
        sink(job_table, ", mode = 'append'") + "INSERT INTO out SELECT city, temp FROM weather;");
    ASSERT_EQ(result.status, 0) << result.err;
    EXPECT_EQ(pg.psql("SELECT city, temp FROM " + job_table + " ORDER BY temp"), "Oslo|1\nRome|3");
    std::ifstream in(dead);
    std::string letters((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
    EXPECT_NE(letters.find("postgres sink `out`, row 2 it received"), std::string::npos) << letters;
    EXPECT_NE(letters.find("column `city` holds a NUL byte"), std::string::npos) << letters;
}

}  // namespace
}  // namespace weir
