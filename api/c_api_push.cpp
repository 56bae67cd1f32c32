// The extern "C" function of include/weir.h that pushes rows column by column into a memory source.
#include <string>

#include "api/c_handles.h"
#include "api/pushed_columns.h"

using weir::capi::clear_error;
using weir::capi::guarded;
using weir::capi::is_live;

extern "C" {

int weir_push_columns(weir_db *db, const char *source, const weir_push_column *columns, int column_count,
                      long long row_count) {
    if (!is_live(db)) return WEIR_MISUSE;
    return guarded(db, [&] {
        if (!source) throw weir::WeirError(weir::ErrorKind::Misuse, "weir_push_columns needs a source name.");
        weir::PushedColumns pushed(columns, column_count, row_count);
        std::string lines;
        pushed.encode(lines);
        db->engine->push_json(source, lines);
        return clear_error(db);
    });
}

}  // extern "C"
