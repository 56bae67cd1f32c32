// Reporting of malformed records in skip and fail mode.
#include "connectors/formats/bad_record_reporter.h"

#include "common/weir_error.h"

namespace weir {

void BadRecordReporter::report(const std::string &where, const std::string &reason, std::string_view raw) {
    count_++;
    if (fail_) throw WeirError(ErrorKind::Data, "malformed record at " + where + ": " + reason);
    if (!callback_) return;
    BadRecord record{where, reason, std::string(raw.substr(0, kRawPrefix))};
    callback_(record);
}

}  // namespace weir
