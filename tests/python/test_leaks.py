"""Resources: 1,000 connect/close cycles (each running a query and pushing rows) leave the resident set flat."""
import os

import weir


def resident_kb():
    with open("/proc/self/statm") as statm:
        return int(statm.read().split()[1]) * os.sysconf("SC_PAGE_SIZE") // 1024


def cycle():
    with weir.connect() as con:
        con.execute("CREATE SOURCE s (v BIGINT) WITH (connector = 'memory')")
        with con.sql("SELECT sum(v) FROM s") as q:
            con.push("s", [{"v": 1}, {"v": 2}])
            con.end("s")
            assert q.fetchall() == [(3,)]


def test_thousand_connect_close_cycles_do_not_grow():
    for _ in range(100):  # warm up: allocator pools, lazily loaded code
        cycle()
    before = resident_kb()
    for _ in range(1000):
        cycle()
    grown = resident_kb() - before
    assert grown < 4096, "resident set grew by %d kB over 1,000 cycles" % grown
