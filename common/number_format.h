// Text forms of numbers shared by every output (terminal, CSV, JSON, tests).
#pragma once

#include <string>

namespace weir {

// Shortest text that reads back to the same double ("0.1", "3", "1e+20", "nan", "inf", "-inf").
std::string format_double(double value);

}  // namespace weir
