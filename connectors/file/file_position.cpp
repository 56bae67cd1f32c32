// Writing and reading the JSON text of a file source position.
#include "connectors/file/file_position.h"

#include <simdjson.h>

#include "common/weir_error.h"
#include "connectors/formats/json_line_encoder.h"

namespace weir {
namespace {

constexpr size_t kShownPrefix = 120;

[[noreturn]] void unreadable(const std::string &text, const std::string &source, const std::string &why) {
    std::string shown = text.size() > kShownPrefix ? text.substr(0, kShownPrefix) + "..." : text;
    throw WeirError(ErrorKind::Data, "cannot restore source `" + source + "`: its checkpoint position " + why +
                                         " (expected {\"file\":...,\"offset\":...,\"line\":...}), got '" + shown + "'");
}

}  // namespace

std::string FilePosition::to_text() const {
    std::string out = "{\"file\":";
    JsonLineEncoder::append_string(file_, out);
    out += ",\"offset\":" + std::to_string(offset_) + ",\"line\":" + std::to_string(line_) + "}";
    return out;
}

FilePosition FilePosition::parse(const std::string &text, const std::string &source) {
    simdjson::dom::parser parser;
    simdjson::dom::element document;
    if (parser.parse(simdjson::padded_string(text)).get(document)) unreadable(text, source, "is not valid JSON");
    simdjson::dom::object object;
    if (document.get_object().get(object)) unreadable(text, source, "is not a JSON object");
    std::string_view file;
    uint64_t offset = 0;
    uint64_t line = 0;
    if (object["file"].get_string().get(file)) unreadable(text, source, "has no text field \"file\"");
    if (object["offset"].get_uint64().get(offset)) unreadable(text, source, "has no whole-number field \"offset\"");
    if (object["line"].get_uint64().get(line) || line == 0) {
        unreadable(text, source, "has no positive whole-number field \"line\"");
    }
    if (file.empty() && offset != 0) unreadable(text, source, "has an offset but no file");
    return FilePosition(std::string(file), offset, line);
}

}  // namespace weir
