#!/usr/bin/env bash
# Put MathJax 3 into _offline/, from the npm registry, pinned:
# - _offline/mathjax: its CommonHTML fonts (woff-v2), served with the book, and its CommonHTML
#   bundle (the PDF edition typesets in the browser);
# - .node: the mathjax-full package, with which tools/postbuild.py typesets the HTML
#   book's math at build time.
set -euo pipefail
version=3.2.2
dest=_offline/mathjax
node_dest=.node
if [ ! -f "$dest/tex-mml-chtml.js" ] || [ "$(cat "$dest/VERSION" 2>/dev/null)" != "$version" ]; then
  tmp=$(mktemp -d)
  trap 'rm -rf "$tmp"' EXIT
  (cd "$tmp" && npm pack "mathjax@$version" --silent >/dev/null)
  tar -xzf "$tmp/mathjax-$version.tgz" -C "$tmp"
  rm -rf "$dest"
  mkdir -p "$dest/output/chtml/fonts"
  cp "$tmp/package/es5/tex-mml-chtml.js" "$dest/"
  cp -r "$tmp/package/es5/output/chtml/fonts/woff-v2" "$dest/output/chtml/fonts/"
  echo "$version" > "$dest/VERSION"
  echo "MathJax $version copied into $dest"
fi
# The whole tree of mathjax-full is pinned by tools/typeset/package-lock.json (npm ci).
lock=tools/typeset/package-lock.json
if [ "$(cat "$node_dest/VERSION" 2>/dev/null)" != "$version" ] || ! cmp -s "$lock" "$node_dest/package-lock.json"; then
  grep -q "\"mathjax-full\": \"$version\"" tools/typeset/package.json
  rm -rf "$node_dest"
  mkdir -p "$node_dest"
  cp tools/typeset/package.json "$lock" "$node_dest/"
  npm ci --prefix "$node_dest" --no-audit --no-fund --silent
  echo "$version" > "$node_dest/VERSION"
  echo "mathjax-full $version installed into $node_dest"
fi
touch "$dest/tex-mml-chtml.js" "$node_dest/VERSION"     # up to date for make
