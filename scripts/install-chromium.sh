#!/bin/sh
# Installs Debian's chromium for the test that renders the HTML report in a browser
# (internal/report: TestHTMLInChromium). It never fails the build: where chromium cannot be
# installed it says why, and that test skips itself with the same advice.
set -u

if command -v chromium >/dev/null 2>&1 || command -v chromium-browser >/dev/null 2>&1; then
	echo "chromium: already installed ($(chromium --version 2>/dev/null || chromium-browser --version 2>/dev/null))"
	exit 0
fi
if [ "$(id -u)" -ne 0 ]; then
	echo "chromium: not installed, and not root, so not installing it; the browser test of the HTML report will be skipped."
	echo "chromium: install it yourself (Debian: sudo apt-get install -y chromium) to run that test."
	exit 0
fi
if ! command -v apt-get >/dev/null 2>&1; then
	echo "chromium: not installed, and there is no apt-get here; the browser test of the HTML report will be skipped."
	exit 0
fi
echo "chromium: installing Debian's package (apt-get update && apt-get install -y chromium) ..."
if DEBIAN_FRONTEND=noninteractive apt-get update -q >/dev/null &&
	DEBIAN_FRONTEND=noninteractive apt-get install -y -q chromium >/dev/null; then
	echo "chromium: installed ($(chromium --version 2>/dev/null))"
else
	echo "chromium: apt-get could not install it (see above); the browser test of the HTML report will be skipped."
fi
exit 0
