// The live dashboard: one static HTML page (no CDN, no build step) built into the binary.
#pragma once

namespace weir_serve {

class DashboardPage {
public:
    // serve/dashboard.html, embedded at build time (serve/CMakeLists.txt).
    static const char *html();
};

}  // namespace weir_serve
