// Builds the `.jobs` table from SHOW JOBS and the job metrics.
#include "shell/jobs_report.h"

#include <string>
#include <vector>

#include "shell/text_table.h"

namespace weir_shell {

bool JobsReport::print(FILE *out) {
    weir_stmt *stmt = nullptr;
    if (weir_prepare(db_, "SHOW JOBS;", &stmt) != WEIR_OK || !stmt) {
        std::fprintf(stderr, "Error: %s\n", weir_errmsg(db_));
        return false;
    }
    int count = weir_column_count(stmt);
    std::vector<std::string> names;
    std::vector<bool> numeric;
    int rate_after = -1;  // the rate column follows records_out
    for (int i = 0; i < count; i++) {
        names.push_back(weir_column_name(stmt, i));
        int type = weir_column_type(stmt, i);
        numeric.push_back(type == WEIR_BIGINT || type == WEIR_DOUBLE);
        if (names.back() == "records_out") {
            rate_after = i;
            names.push_back("events/s");
            numeric.push_back(true);
        }
    }
    TextTable table(names, numeric);
    int rc;
    while ((rc = weir_step(stmt, 1000)) == WEIR_ROW) {
        std::vector<std::string> row;
        for (int i = 0; i < count; i++) {
            const char *text = weir_column_text(stmt, i);
            row.push_back(text ? text : "NULL");
            if (i != rate_after) continue;
            weir_metrics metrics{};
            std::string rate = "-";
            if (weir_job_metrics(db_, weir_column_text(stmt, 0), &metrics) == WEIR_OK && metrics.seconds > 0) {
                rate = std::to_string(static_cast<long long>(static_cast<double>(metrics.records_in) / metrics.seconds + 0.5));
            }
            row.push_back(rate);
        }
        table.add_row(std::move(row));
    }
    weir_finalize(stmt);
    if (rc != WEIR_DONE) {
        std::fprintf(stderr, "Error: %s\n", weir_errmsg(db_));
        return false;
    }
    if (table.row_count() == 0) {
        std::fprintf(out, "No jobs. INSERT INTO a sink starts one.\n");
        return true;
    }
    for (const auto &line : table.lines()) std::fprintf(out, "%s\n", line.c_str());
    return true;
}

}  // namespace weir_shell
