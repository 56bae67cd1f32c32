// Kernels of the time functions: date_trunc, date_part, year..second, to_timestamp, epoch,
// epoch_ms, strftime, proctime.
#pragma once

namespace weir {

class FunctionRegistry;

// Semantics (all UTC): date_trunc units are microsecond, millisecond, second, minute, hour, day,
// week (ISO: back to Monday), month, quarter, year, any case, optionally plural. date_part takes
// those (week = ISO week number 1..53) plus dow (0 = Sunday), doy (1..366) and epoch (whole
// seconds); date_part('millisecond') and ('microsecond') include the seconds, as in PostgreSQL
// (12.345 s → 12345). An unknown unit is a Bind error when constant, else a Data error.
// to_timestamp(epoch seconds) rounds to the microsecond; NaN or out of range is a Data error.
// epoch_ms(ts) floors to the millisecond. strftime uses C strftime on gmtime_r (fraction of the
// second dropped). proctime() is the wall clock when the batch is evaluated (never folded).
class TimeFunctions {
public:
    static void register_all(FunctionRegistry &registry);
};

}  // namespace weir
