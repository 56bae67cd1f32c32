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
mapfile -t files < <(list_files | grep -E '(\.(h|hpp|c|cpp|md|sh|test|sql|py|cmake|txt))$' | sort -u)

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
check() {
  local where=$1 target=$2 anchor=$3
  if [ ! -f "$target" ]; then
    fail "$where cites $target#$anchor, but $target does not exist"
  elif ! anchors_of "$target" | grep -qxF -- "$anchor"; then
    fail "$where cites $target#$anchor, but $target has no heading with that anchor"
  fi
}

old_notes="DESIGN"".md"  # split so that this script does not cite it
for file in "${files[@]}"; do
  [ -f "$file" ] || continue
  while IFS=: read -r line _; do
    fail "$file:$line cites $old_notes, which is not part of the repository; cite docs/semantics.md or docs/architecture.md"
  done < <(grep -nF -- "$old_notes" "$file")

  # docs/<file>.md#<anchor>, from anywhere.
  while IFS=: read -r line citation; do
    check "$file:$line" "${citation%%#*}" "${citation#*#}"
  done < <(grep -noE 'docs/[A-Za-z0-9_./-]+\.md#[A-Za-z0-9_-]+' "$file")

  # In a markdown file: links relative to it, (<file>.md#<anchor>) and (#<anchor>).
  if [[ "$file" == *.md ]]; then
    dir=$(dirname "$file")
    while IFS=: read -r line link; do
      link=${link#(}
      target=${link%%#*}
      anchor=${link#*#}
      if [ -z "$target" ]; then
        target=$file
      else
        [[ "$target" == docs/* && "$dir" == . ]] && continue  # already checked above
        target=$(realpath -m --relative-to=. "$dir/$target")
      fi
      check "$file:$line" "$target" "$anchor"
    done < <(grep -noE '\]\([A-Za-z0-9_./-]*\.md#[A-Za-z0-9_-]+|\]\(#[A-Za-z0-9_-]+' "$file" | sed 's/:\]/:/')
  fi
done

if [ "$failures" -ne 0 ]; then
  echo "$failures dangling citation(s)"
  exit 1
fi
echo "every citation resolves (${#files[@]} files checked)"
