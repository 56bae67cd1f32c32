// The kind of change a result row makes to the result table: insert, upsert by key, delete by key.
#pragma once

#include <cstdint>

namespace weir {

// Insert: a new row of an append-only result (nothing is ever updated or deleted).
// Upsert: the row of its key is now this one (inserted if the key had none): every version of a key
//   of an updating result, its first included.
// Delete: the key has no row any more (the row carries the key and the last values it had).
// docs/changelog.md describes which queries produce which kinds and how each sink applies them.
enum class ChangeKind : uint8_t { Insert, Upsert, Delete };

// The kind's short code as the `op` column and the REPL's changelog mode write it (Flink's row
// kinds): "+I", "+U", "-D".
inline const char *change_kind_code(ChangeKind kind) {
    switch (kind) {
    case ChangeKind::Insert: return "+I";
    case ChangeKind::Upsert: return "+U";
    case ChangeKind::Delete: return "-D";
    }
    return "+I";
}

}  // namespace weir
