// The rows of SHOW SOURCES / SINKS / VIEWS / JOBS and DESCRIBE, built from the catalog and the job list.
#pragma once

#include <cstdint>
#include <initializer_list>
#include <memory>
#include <string>
#include <vector>

#include "api/cursor.h"
#include "api/job_manager.h"
#include "common/schema.h"
#include "parser/ast.h"
#include "planner/catalog.h"

namespace weir {

// Pure functions of what they are given: the caller holds whatever lock guards the catalog.
class CatalogReport {
public:
    // SHOW <what>: one row per object in catalog order. Jobs: name, state, sink, records_in/out,
    // late, bad, watermark (NULL before any), lag (now - watermark while running, rounded to ms under
    // 10 s, s under 10 min, min under 10 h, else h), state_groups,
    // checkpoint (NULL before the first), error. `now` is microseconds since the epoch.
    static std::unique_ptr<Cursor> show(ObjectKind what, const Catalog &catalog, const std::vector<JobInfo> &jobs,
                                        int64_t now);
    // DESCRIBE name: a source's or view's (column, type) rows, or a sink's (option, value) rows with
    // secrets masked. Nothing of that name → WeirError(Catalog) saying what lists the objects.
    static std::unique_ptr<Cursor> describe(const std::string &name, const Catalog &catalog);

    // "city TEXT, temp DOUBLE".
    static std::string columns_text(const Schema &schema);
    // A schema of TEXT columns with these names.
    static Schema text_schema(std::initializer_list<const char *> names);
};

}  // namespace weir
