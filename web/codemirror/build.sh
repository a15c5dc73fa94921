#!/usr/bin/env bash
# Bundles the workbench's SQL editor (web/codemirror/editor.js + CodeMirror 6 from npm, the exact
# versions of package.json, pinned with their integrity in package-lock.json) into ONE file,
# service/wwwroot/vendor/codemirror/codemirror.bundle.js, with the licence of every package in it
# (licences/<package>.LICENSE) and VENDORED.md listing package, version, licence and integrity.
# Needs node and npm, and the npm registry; the build and the service need neither: the bundle is committed.
#   web/codemirror/build.sh
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
repo="$(cd "$here/../.." && pwd)"
dest="$repo/service/wwwroot/vendor/codemirror"
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

cd "$here"
# Exactly the lock file's tarballs, checked against its integrity; no install scripts (esbuild's
# binary comes as its own platform package).
npm ci --ignore-scripts --no-audit --no-fund --silent
esbuild="$here/node_modules/.bin/esbuild"
version=$("$esbuild" --version)

rm -rf "$dest"
mkdir -p "$dest/licences"
"$esbuild" editor.js --bundle --minify --format=iife --target=es2020 --charset=utf8 --legal-comments=none \
  --metafile="$work/meta.json" --outfile="$dest/codemirror.bundle.js" --log-level=warning

# The packages whose code is in the bundle, as esbuild's metafile names their files.
node -e '
  const inputs = Object.keys(require(process.argv[1]).inputs);
  const names = new Set();
  for (const file of inputs) { const m = file.match(/node_modules\/((?:@[^/]+\/)?[^/]+)\//); if (m) names.add(m[1]); }
  console.log([...names].sort().join("\n"));' "$work/meta.json" > "$work/packages"

rows=""
while read -r package; do
  dir="node_modules/$package"
  licence=$(cd "$dir" && ls -1 | grep -i -E '^(licen[cs]e|copying)(\.(md|txt))?$' | head -n 1 || true)
  if [ -z "$licence" ]; then echo "$package ships no LICENSE file: bundle it only with its licence text" >&2; exit 1; fi
  file="licences/$(echo "$package" | tr '/' '+' | tr -d '@').LICENSE"
  cp "$dir/$licence" "$dest/$file"
  read -r pversion spdx integrity < <(node -e '
    const p = require(process.argv[1]); const lock = require(process.argv[2]).packages["node_modules/" + p.name];
    console.log(p.version, p.license ?? "(not stated)", lock.integrity);' "$here/$dir/package.json" "$here/package-lock.json")
  rows+="| \`$package\` | $pversion | $spdx | \`$file\` | \`$integrity\` |"$'\n'
done < "$work/packages"

bundle="$dest/codemirror.bundle.js"
cat > "$dest/VENDORED.md" <<MD
# CodeMirror 6 (the workbench's SQL editor)

Bundled by \`web/codemirror/build.sh\` with esbuild $version from \`web/codemirror/editor.js\` and the npm
packages below (exact versions in \`web/codemirror/package.json\`, tarball integrity in its
\`package-lock.json\`, which \`npm ci\` checks). Do not edit these files by hand: change the versions
in \`web/codemirror/package.json\`, run \`npm install\` there to update the lock file, then
\`web/codemirror/build.sh\`, and commit what it wrote.

| file | bytes | sha256 |
|---|---:|---|
| \`codemirror.bundle.js\` | $(wc -c < "$bundle") | \`$(sha256sum "$bundle" | cut -d' ' -f1)\` |

Every package whose code is in the bundle (from esbuild's metafile), with its licence text in \`licences/\`:

| package | version | licence | text | integrity |
|---|---|---|---|---|
$rows
The service serves the bundle at \`/vendor/codemirror/codemirror.bundle.js\` from its build output
(the licence texts have no served extension and stay unserved beside it). The editor mounts in a
shadow root, so CodeMirror's styles go into a constructed stylesheet, which the pages'
Content-Security-Policy (\`style-src 'self'\`, no inline style, no nonce) allows; see \`editor.js\`.
MD
echo "bundled $(wc -l < "$work/packages") packages into service/wwwroot/vendor/codemirror/codemirror.bundle.js ($(wc -c < "$bundle") bytes)"
