#!/bin/sh
# Installs libweir into a temporary prefix, builds examples/embed.c against it with cc and pkg-config (shared and static), runs both and compares the output.
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
for file in "$work/prefix/include/weir.h" "$libdir/libweir.so" "$libdir/libweir.a"; do
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
echo "install_test: shared and static builds print the expected windows"
