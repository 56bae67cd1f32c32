// Error answers of the HTTP server: a status and a JSON body {"error": "<one sentence>"}.
#pragma once

#include <string>

namespace httplib {
struct Response;
}

namespace weir_serve {

class HttpError {
public:
    // Sets res to `status` with the body {"error": message} (application/json).
    static void set(httplib::Response &res, int status, const std::string &message);
    // The body alone.
    static std::string body(const std::string &message);
};

}  // namespace weir_serve
