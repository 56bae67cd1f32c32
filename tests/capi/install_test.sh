#!/bin/sh
# Installs libweir into a temporary prefix, builds examples/embed.c against it with cc and pkg-config (shared and static), runs both and compares the output;
# then checks that a kafka source (a connector module) validates in both: from the installed libweir_kafka.so
# with libweir.so, and with no module file at all with libweir.a.
# Usage: install_test.sh BUILD_DIR SOURCE_DIR [C_COMPILER]
set -eu
build=$1
source=$2
cc=${3:-cc}
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

cmake --install "$build" --prefix "$work/prefix" --component library > "$work/install.log"
export PKG_CONFIG_PATH="$work/prefix/lib/pkgconfig"
libdir=$(pkg-config --variable=libdir weir)
for file in "$work/prefix/include/weir.h" "$libdir/libweir.so" "$libdir/libweir.a" "$libdir/libweir_kafka.so" \
            "$libdir/libweir_postgres.so" "$libdir/libweir_s3.so" "$libdir/libweir_mqtt.so"; do
    if [ ! -e "$file" ]; then
        echo "install_test: $file was not installed" >&2
        exit 1
    fi
done
if [ -e "$work/prefix/bin/weir" ]; then
    echo "install_test: the library component must not install the shell" >&2
    exit 1
fi

cat > "$work/expected.txt" <<'EXPECTED'
14:00:50  no window has closed yet
2025-01-15 14:00:00  greenhouse-1  n=2  avg=22.00  max=22.5
2025-01-15 14:00:00  greenhouse-2  n=2  avg=18.50  max=19.0
2025-01-15 14:01:00  greenhouse-1  n=1  avg=23.00  max=23.0
2025-01-15 14:01:00  greenhouse-2  n=1  avg=20.00  max=20.0
records in 6, rows out 4, bad records 1
EXPECTED

# Shared: exactly what the README tells a user to type (the header must be clean C89 too).
# shellcheck disable=SC2046
"$cc" -std=c89 -pedantic -Wall -Wextra -Werror -Wno-long-long "$source/examples/embed.c" \
    $(pkg-config --cflags --libs weir) -o "$work/embed"
LD_LIBRARY_PATH="$libdir" "$work/embed" > "$work/shared.txt"
diff -u "$work/expected.txt" "$work/shared.txt"

# Static: libweir.a plus Libs.private must be enough to link.
# shellcheck disable=SC2046
"$cc" "$source/examples/embed.c" $(pkg-config --cflags weir) \
    $(pkg-config --static --libs weir | sed 's/-lweir\b/-l:libweir.a/') -o "$work/embed_static"
"$work/embed_static" > "$work/static.txt"
diff -u "$work/expected.txt" "$work/static.txt"
if ldd "$work/embed_static" | grep -q libweir; then
    echo "install_test: embed_static still loads libweir.so" >&2
    exit 1
fi

# A connector module: creating a kafka source loads libweir_kafka.so from the installed libdir (shared), or
# needs no module (static). The program prints the module files it has mapped.
cat > "$work/kafka_source.c" <<'PROGRAM'
#include <stdio.h>
#include <string.h>
#include "weir.h"
int main(void) {
    char line[4096];
    FILE *maps;
    weir_db *db = NULL;
    if (weir_open(NULL, &db) != WEIR_OK) return 1;
    if (weir_exec(db, "CREATE SOURCE k (city TEXT) WITH (connector = 'kafka', topic = 't', brokers = '127.0.0.1:1');")
        != WEIR_OK) {
        fprintf(stderr, "%s\n", weir_errmsg(db));
        return 1;
    }
    weir_close(db);
    maps = fopen("/proc/self/maps", "r");
    while (maps && fgets(line, sizeof line, maps)) {
        if (strstr(line, "libweir_")) fputs(strchr(line, '/'), stdout);
    }
    return 0;
}
PROGRAM
# shellcheck disable=SC2046
"$cc" "$work/kafka_source.c" $(pkg-config --cflags --libs weir) -o "$work/kafka_source"
LD_LIBRARY_PATH="$libdir" "$work/kafka_source" > "$work/kafka_shared.txt"
module=$(cd "$libdir" && pwd -P)/libweir_kafka.so  # as /proc/self/maps names it
if ! grep -qx "$module" "$work/kafka_shared.txt"; then
    echo "install_test: the kafka source did not load $module; mapped:" >&2
    cat "$work/kafka_shared.txt" >&2
    exit 1
fi
# shellcheck disable=SC2046
"$cc" "$work/kafka_source.c" $(pkg-config --cflags weir) \
    $(pkg-config --static --libs weir | sed 's/-lweir\b/-l:libweir.a/') -o "$work/kafka_source_static"
"$work/kafka_source_static" > "$work/kafka_static.txt"
if [ -s "$work/kafka_static.txt" ]; then
    echo "install_test: the static program loaded a module:" >&2
    cat "$work/kafka_static.txt" >&2
    exit 1
fi
echo "install_test: shared and static builds print the expected windows; a kafka source validates in both"
