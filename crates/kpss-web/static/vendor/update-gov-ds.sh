#!/usr/bin/env bash
# Copies the pinned styles and fonts of the Czech government design system (EUPL-1.2) into
# this folder, so that running kpss never needs npm or the network. Run it by hand to move
# to another version; the result is committed.
set -euo pipefail
STYLES_VERSION=4.2.7
FONTS_VERSION=0.0.2
here="$(cd "$(dirname "$0")" && pwd)"
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
cd "$work"
npm pack --silent "@gov-design-system-ce/styles@$STYLES_VERSION" "@gov-design-system-ce/fonts@$FONTS_VERSION" >/dev/null
mkdir styles fonts
tar xzf gov-design-system-ce-styles-*.tgz -C styles
tar xzf gov-design-system-ce-fonts-*.tgz -C fonts
out="$here/gov-ds"
rm -rf "$out"
mkdir -p "$out/fonts"
# Plain-HTML parts only: design tokens, base typography and layout. Component styles target
# web components and custom attributes that are not valid HTML on native elements, so kpss
# styles its native controls from the tokens in kpss.css instead.
cp styles/package/lib/tokens.css styles/package/lib/styles.css styles/package/lib/layout.css "$out/"
# Roboto in the weights kpss uses (400, 500, 700, italic 400), Latin and Latin Extended.
for f in regular regular-ext medium medium-ext bold bold-ext italic italic-ext; do
  cp "fonts/package/lib/roboto-$f.woff2" "$out/fonts/"
done
python3 - <<'PY' > "$out/fonts/roboto.css"
import re, sys
css = open("fonts/package/lib/roboto.css", encoding="utf-8").read()
keep = {"roboto-regular", "roboto-regular-ext", "roboto-medium", "roboto-medium-ext",
        "roboto-bold", "roboto-bold-ext", "roboto-italic", "roboto-italic-ext"}
blocks = re.findall(r"/\*[^*]*\*/\s*@font-face\s*\{[^}]*\}", css)
for block in blocks:
    m = re.search(r"url\('([^']+)\.woff2'\)", block)
    if m and m.group(1) in keep:
        print(block.replace("font-display: auto", "font-display: swap"))
PY
cat > "$out/VERSION" <<TXT
@gov-design-system-ce/styles $STYLES_VERSION
@gov-design-system-ce/fonts $FONTS_VERSION
Licence: EUPL-1.2 (https://designsystem.gov.cz)
TXT
echo "vendored into $out"
