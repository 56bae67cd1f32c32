// An engine running updating queries through the C API, for the changelog integration tests (issue 14).
#pragma once

#include <gtest/gtest.h>

#include <string>

#include "weir.h"

namespace weir::test {

// One engine with a memory source `orders (customer TEXT, amount BIGINT)` read one row per batch,
// so an updating aggregation emits every intermediate version of a group (deterministic).
class ChangelogEngine {
public:
    ChangelogEngine() {
        EXPECT_EQ(weir_open(nullptr, &db_), WEIR_OK);
        exec("CREATE SOURCE orders (customer TEXT, amount BIGINT) WITH (connector = 'memory', batch_size = '1');");
    }
    ~ChangelogEngine() { weir_close(db_); }

    // Runs sql; returns "" or the error message.
    std::string try_exec(const std::string &sql) {
        if (weir_exec(db_, sql.c_str()) == WEIR_OK) return "";
        return weir_errmsg(db_);
    }
    void exec(const std::string &sql) { EXPECT_EQ(try_exec(sql), "") << sql; }

    // Pushes the orders (customer, amount), ends the source and waits for every job to end.
    void push_all_and_wait(const std::vector<std::pair<std::string, long long>> &orders) {
        for (const auto &[customer, amount] : orders) {
            std::string line = "{\"customer\":\"" + customer + "\",\"amount\":" + std::to_string(amount) + "}\n";
            EXPECT_EQ(weir_push_json(db_, "orders", line.data(), line.size()), WEIR_OK);
        }
        EXPECT_EQ(weir_source_end(db_, "orders"), WEIR_OK);
        EXPECT_EQ(weir_wait_jobs(db_, 60000), WEIR_DONE) << weir_errmsg(db_);
    }

private:
    weir_db *db_ = nullptr;
};

// The query every test runs: customers whose orders total more than 100. Hand-computed for the
// orders of kOrders: a 150 (in) → 70 (out, deleted); b 50 (never in) → 110 (in) → 111; c 200 (in)
// → 50 (out) → 60 (still out). Final table: b | 111 | 3.
inline const char *kHavingQuery =
    "SELECT customer, sum(amount) AS total, count(*) AS n FROM orders GROUP BY customer HAVING sum(amount) > 100";
inline const std::vector<std::pair<std::string, long long>> kOrders = {
    {"a", 150}, {"b", 50}, {"c", 200}, {"a", -80}, {"b", 60}, {"c", -150}, {"b", 1}, {"c", 10}};

}  // namespace weir::test
