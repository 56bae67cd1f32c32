#!/usr/bin/env bash
# Every rule the code cites can be read by whoever clones the project: fails when a source file,
# test or document cites the design notes that stayed outside the repository (the old DESIGN file),
# or cites a section `docs/<file>.md#<anchor>` (in markdown also `<file>.md#<anchor>` and
# `#<anchor>` links) whose file or heading does not exist. Anchors are GitHub's: the heading in
# lower case, characters other than letters, digits, blanks, '-' and '_' dropped, blanks as '-',
# and "-1", "-2" ... for repeated headings. Usage: citations_test.sh <repository root>
set -u
export LC_ALL=C
root=${1:-.}
cd "$root" || { echo "cannot enter $root"; exit 1; }

# The files to check: what git tracks or would add (build folders are ignored), else a plain walk.
list_files() {
  if git rev-parse --is-inside-work-tree > /dev/null 2>&1; then
    git ls-files --cached --others --exclude-standard
  else
    find . \( -name '.git' -o -name 'build*' -o -name node_modules \) -prune -o -type f -print | sed 's|^\./||'
  fi
}
mapfile -t listed < <(list_files | grep -E '(\.(h|hpp|c|cpp|md|sh|test|sql|py|cmake|txt))$' | sort -u)
files=()
for file in "${listed[@]}"; do [ -f "$file" ] && files+=("$file"); done  # not deleted meanwhile

failures=0
fail() { failures=$((failures + 1)); printf 'FAIL %s\n' "$1"; }

# The anchors of the headings of one markdown file, one a line (fenced code blocks skipped).
anchors_of() {
  awk '
    /^[ ]*(```|~~~)/ { fenced = !fenced; next }
    fenced { next }
    /^##?#?#?#?#?[ \t]/ {
      title = $0
      sub(/^##?#?#?#?#?[ \t]+/, "", title); sub(/[ \t]+#*[ \t]*$/, "", title)
      slug = tolower(title)
      gsub(/[^a-z0-9 _-]/, "", slug); gsub(/ /, "-", slug)
      if (slug in seen) { seen[slug]++; slug = slug "-" seen[slug] } else seen[slug] = 0
      print slug
    }' "$1"
}

# check WHERE TARGET_FILE ANCHOR: the file exists and has a heading with that anchor.
declare -A anchors  # target file -> its anchors, one a line, computed once
check() {
  local where=$1 target=$2 anchor=$3
  if [ ! -f "$target" ]; then
    fail "$where cites $target#$anchor, but $target does not exist"
    return
  fi
  [ -n "${anchors[$target]+set}" ] || anchors[$target]=$(anchors_of "$target")
  if ! grep -qxF -- "$anchor" <<< "${anchors[$target]}"; then
    fail "$where cites $target#$anchor, but $target has no heading with that anchor"
  fi
}

# One grep per rule over every file (-H: "file:line:match" even for a single file).
old_notes="DESIGN"".md"  # split so that this script does not cite it
while IFS=: read -r file line _; do
  fail "$file:$line cites $old_notes, which is not part of the repository; cite docs/semantics.md or docs/architecture.md"
done < <(grep -nHF -- "$old_notes" "${files[@]}" /dev/null)

# docs/<file>.md#<anchor>, from anywhere.
while IFS=: read -r file line citation; do
  check "$file:$line" "${citation%%#*}" "${citation#*#}"
done < <(grep -noHE 'docs/[A-Za-z0-9_./-]+\.md#[A-Za-z0-9_-]+' "${files[@]}" /dev/null)

# In markdown files: links relative to the file, (<file>.md#<anchor>) and (#<anchor>).
markdown=()
for file in "${files[@]}"; do [[ "$file" == *.md ]] && markdown+=("$file"); done
while IFS=: read -r file line link; do
  link=${link#](}
  target=${link%%#*}
  anchor=${link#*#}
  dir=$(dirname "$file")
  if [ -z "$target" ]; then
    target=$file
  else
    [[ "$target" == docs/* && "$dir" == . ]] && continue  # checked above
    target=$(realpath -m --relative-to=. "$dir/$target")
  fi
  check "$file:$line" "$target" "$anchor"
done < <(grep -noHE '\]\([A-Za-z0-9_./-]*\.md#[A-Za-z0-9_-]+|\]\(#[A-Za-z0-9_-]+' "${markdown[@]}" /dev/null)

if [ "$failures" -ne 0 ]; then
  echo "$failures dangling citation(s)"
  exit 1
fi
echo "every citation resolves (${#files[@]} files checked)"
