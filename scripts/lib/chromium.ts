// Where the Chromium for browser tests is: PAYKEY_CHROMIUM, else the Debian package's /usr/bin/chromium.
// (playwright-core drives it; `npx playwright install` cannot download browsers here.)
import { existsSync } from "node:fs";

export function findChromium(): string | undefined {
  const candidates = [process.env.PAYKEY_CHROMIUM, "/usr/bin/chromium", "/usr/bin/chromium-browser"];
  return candidates.find((path): path is string => Boolean(path) && existsSync(path!));
}
