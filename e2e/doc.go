// Package e2e walks through Ons Huis as its users would: the real application on a
// real port, driven by headless Chromium through chromedp. Every page a journey
// visits is audited with axe-core at phone size, desktop size and 200% zoom.
//
// The tests need Debian's Chromium (/usr/lib/chromium/chromium, or E2E_CHROMIUM) and
// axe-core in e2e/node_modules (npm ci --prefix e2e). Without them they skip, and
// under CI=true they fail. They run on SQLite, and on PostgreSQL too when
// TEST_DATABASE_URL is set. E2E_SCREENSHOT_DIR=dir keeps the journeys' screenshots
// and one of every audited page at every size; E2E_TRACE=1 logs how long each
// browser step takes.
package e2e
