#!/usr/bin/env bash
# Put MathJax 3 (its CommonHTML bundle and woff-v2 fonts, about 1.6 MB) into _offline/mathjax,
# so that the built book renders math with no network. Taken from the npm registry, pinned.
set -euo pipefail
version=3.2.2
dest=_offline/mathjax
if [ -f "$dest/tex-mml-chtml.js" ] && [ "$(cat "$dest/VERSION" 2>/dev/null)" = "$version" ]; then
  exit 0
fi
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
