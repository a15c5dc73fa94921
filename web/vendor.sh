#!/usr/bin/env bash
# Vendors the browser files listed in web/vendor.list: for each package, `npm pack` fetches its
# tarball into a temp folder (npm checks it against the registry's integrity), the listed files and
# the package's licence are copied into service/wwwroot/vendor/<folder>/ (replacing what was there)
# and VENDORED.md there records the package, version, licence, tarball integrity and each file's
# sha256. Needs node and npm, and the npm registry; the build and the service need neither.
#   web/vendor.sh            every package in the list
#   web/vendor.sh htmx.org   one package
set -euo pipefail
cd "$(dirname "$0")/.."
only="${1:-}"
found=0
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

while read -r package version folder files; do
  case "$package" in ''|'#'*) continue ;; esac
  [ -n "$only" ] && [ "$only" != "$package" ] && continue
  found=1
  if [ -z "$files" ]; then echo "web/vendor.list: no files listed for $package" >&2; exit 1; fi
  echo "vendoring $package@$version into service/wwwroot/vendor/$folder/"
  tmp="$work/$folder"
  mkdir -p "$tmp"
  (cd "$tmp" && npm pack "$package@$version" --json --silent > pack.json)
  read -r tarball integrity shasum < <(node -e '
    const p = require(process.argv[1])[0];
    console.log(p.filename, p.integrity, p.shasum);' "$tmp/pack.json")
  published=$(npm view "$package@$version" dist.integrity)
  if [ "$integrity" != "$published" ]; then
    echo "$package@$version: the tarball's integrity $integrity is not the published $published" >&2
    exit 1
  fi
  tar -xzf "$tmp/$tarball" -C "$tmp"
  licence=$(cd "$tmp/package" && ls -1 | grep -i -E '^(licen[cs]e|copying)(\.(md|txt))?$' | head -n 1 || true)
  if [ -z "$licence" ]; then echo "$package@$version ships no LICENSE file: vendor it only with its licence text" >&2; exit 1; fi
  spdx=$(node -e 'console.log(require(process.argv[1]).license ?? "(not stated)")' "$tmp/package/package.json")

  dest="service/wwwroot/vendor/$folder"
  rm -rf "$dest"
  mkdir -p "$dest"
  cp "$tmp/package/$licence" "$dest/LICENSE"
  rows=""
  for file in $files; do
    if [ ! -f "$tmp/package/$file" ]; then echo "$package@$version has no $file" >&2; exit 1; fi
    name=$(basename "$file")
    cp "$tmp/package/$file" "$dest/$name"
    rows+="| \`$name\` | \`$file\` | $(wc -c < "$dest/$name") | \`$(sha256sum "$dest/$name" | cut -d' ' -f1)\` |"$'\n'
  done
  cat > "$dest/VENDORED.md" <<MD
# $package $version

Vendored by \`web/vendor.sh\` from the npm package's own tarball; do not edit these files by hand:
change the version in \`web/vendor.list\` and run \`web/vendor.sh $package\`.

| | |
|---|---|
| package | \`$package\` (npm) |
| version | $version |
| licence | $spdx, text in \`LICENSE\` (the package's \`$licence\`) |
| tarball | \`$tarball\`, as \`npm pack $package@$version\` fetches it |
| integrity | \`$integrity\` |
| shasum (sha1) | \`$shasum\` |

| file | in the package | bytes | sha256 |
|---|---|---:|---|
$rows
The service serves these files at \`/vendor/$folder/<file>\` from its build output.
MD
  echo "  $(echo $files | wc -w) file(s), licence $spdx, $integrity"
done < web/vendor.list

if [ "$found" -eq 0 ]; then echo "web/vendor.list has no package ${only:-at all}" >&2; exit 1; fi
