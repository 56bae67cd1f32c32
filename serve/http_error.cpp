// HttpError: one JSON shape for every error answer.
#include "serve/http_error.h"

#include <httplib.h>

#include "shell/result_printer.h"

namespace weir_serve {

std::string HttpError::body(const std::string &message) {
    return "{\"error\":" + weir_shell::json_string(message) + "}\n";
}

void HttpError::set(httplib::Response &res, int status, const std::string &message) {
    res.status = status;
    res.set_content(body(message), "application/json");
}

}  // namespace weir_serve
