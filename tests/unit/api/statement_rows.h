// Test support for C API tests: every row of a bounded statement as text.
#pragma once

#include <gtest/gtest.h>

#include <chrono>
#include <string>
#include <vector>

#include "weir.h"

namespace weir::test {

// Prepares `sql` and steps it to the end (at most 30 s): one string per row, columns joined with
// '|', NULL as "NULL". A prepare or step error is a gtest failure with weir_errmsg.
inline std::vector<std::string> statement_rows(weir_db *db, const std::string &sql) {
    weir_stmt *stmt = nullptr;
    EXPECT_EQ(weir_prepare(db, sql.c_str(), &stmt), WEIR_OK) << weir_errmsg(db);
    std::vector<std::string> out;
    auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(30);
    int rc;
    while ((rc = weir_step(stmt, 200)) == WEIR_ROW || rc == WEIR_TIMEOUT) {
        if (std::chrono::steady_clock::now() > deadline) break;
        if (rc == WEIR_TIMEOUT) continue;
        std::string row;
        for (int c = 0; c < weir_column_count(stmt); c++) {
            const char *text = weir_column_text(stmt, c);
            row += (c ? "|" : "") + std::string(text ? text : "NULL");
        }
        out.push_back(row);
    }
    EXPECT_EQ(rc, WEIR_DONE) << weir_errmsg(db);
    weir_finalize(stmt);
    return out;
}

}  // namespace weir::test
