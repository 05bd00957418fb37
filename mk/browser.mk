# Headless Chromium for tests/test_report_browser.py (Debian packages; selenium drives
# /usr/bin/chromedriver), plus a CJK font so screenshots show Chinese instead of boxes.
# Included from the Makefile; `test` depends on `browser`. Installs only what is missing.

.PHONY: browser

BROWSER_PACKAGES := chromium chromium-driver fonts-wqy-microhei

browser:
	@test -x /usr/bin/chromium && test -x /usr/bin/chromedriver && test -e /usr/share/fonts/truetype/wqy/wqy-microhei.ttc \
	  || (apt-get update && apt-get install -y --no-install-recommends $(BROWSER_PACKAGES))
