#!/usr/bin/env bash
# Rebuild static/ from GOV.UK Frontend and our SCSS. Needs Node.js and npm; running the product does not.
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
root="$(dirname "$here")"
cd "$here"
[ -d node_modules/govuk-frontend ] || npm ci --no-audit --no-fund
dist=node_modules/govuk-frontend/dist/govuk

mkdir -p "$root/static/css" "$root/static/js" "$root/static/assets/images" vendor
npx sass --no-source-map --style=compressed --quiet-deps --pkg-importer=node \
  scss/application.scss "$root/static/css/application.css"
cp "$dist/govuk-frontend.min.js" "$root/static/js/govuk-frontend.min.js"
cp node_modules/axe-core/axe.min.js vendor/axe.min.js
# Our own icon, not the crown: the favicon is kept in frontend/ and copied.
cp favicon.svg "$root/static/assets/images/favicon.svg"
echo "Built $(du -h "$root/static/css/application.css" | cut -f1) of CSS into static/"
