// The whole system for a browser test: an in-process chain served over HTTP, Paykey deployed on it with
// scripts/deploy.ts, the relayer in this process (PGlite, commerce module, the built web app from web/dist on
// the same origin), and Chromium driven by playwright-core. Each person gets a browser context of their own,
// 390 px wide, with its own virtual passkey authenticator (CDP WebAuthn domain).
import { existsSync, mkdirSync, mkdtempSync, readdirSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { type Browser, type BrowserContext, type CDPSession, type Page, chromium } from "playwright-core";
import { createPublicClient, http } from "viem";
import { hardhat } from "viem/chains";
import { findChromium } from "../../../scripts/lib/chromium.ts";
import { freePort } from "../../../scripts/lib/chain.ts";
import { projectRoot } from "../../../scripts/lib/run.ts";
import { startChain } from "../../server/helpers/chain.ts";
import { deployOn } from "../../server/helpers/fixture.ts";
import { writeQrCodeVideo } from "./fakeCamera.ts";
import { startTestRelayer } from "../../server/helpers/relayer.ts";

/** Flags from TOOLCHAIN.md; playwright gives every launch a fresh temporary user-data-dir. */
const chromiumFlags = [
  "--no-sandbox",
  "--disable-gpu",
  "--disable-quic",
  "--no-first-run",
  "--disable-background-networking",
  "--disable-component-update",
  "--disable-sync",
];

export const mobileViewport = { width: 390, height: 844 };
export const screenshotsDir = join(projectRoot, "screenshots");

export type Person = { name: string; context: BrowserContext; page: Page; cdp: CDPSession; authenticatorId: string };

/** Screenshots are emptied once per test run (several e2e files add to the same folder). */
let screenshotsCleared = false;

/**
 * `screenshotsSubdir`: where this suite's screenshots go, under screenshots/ (default: screenshots/ itself);
 * `network`: a network of hardhat.config.ts for the chain (the back-office test uses "demo", which starts in the past).
 */
export async function startE2eEnvironment(options: { screenshotsSubdir?: string; network?: string } = {}) {
  const shots = options.screenshotsSubdir ? join(screenshotsDir, options.screenshotsSubdir) : screenshotsDir;
  const executablePath = findChromium();
  if (!executablePath) throw new Error("no Chromium: set PAYKEY_CHROMIUM or apt-get install chromium");
  const staticDir = join(projectRoot, "web", "dist");
  if (!existsSync(join(staticDir, "index.html"))) throw new Error("web/dist is missing: run `node scripts/build.ts` first");

  const chain = await startChain(options.network);
  // scripts/deploy.ts through the relayer tests' helper (it also registers a demo merchant, #1, from an EOA).
  const deployed = await deployOn(chain.url);
  const { deployment, deploymentFile, deployer } = deployed;
  const publicClient = createPublicClient({ chain: hardhat, transport: http(chain.url), pollingInterval: 50 });

  // The page is loaded as http://localhost:PORT: "localhost" is the passkeys' relying party id.
  const port = await freePort();
  const origin = `http://localhost:${port}`;
  const relayer = await startTestRelayer(chain.url, {
    DEPLOYMENT_FILE: deploymentFile,
    HOST: "localhost",
    PORT: String(port),
    ALLOWED_ORIGINS: origin,
    PUBLIC_ORIGIN: origin,
    STATIC_DIR: staticDir,
    INDEXER_POLL_MS: "100",
    LOG_LEVEL: "warn",
    // Two people polling from one address: the per-IP limit is for the internet, not this test.
    RATE_LIMIT_PER_IP: "100000",
    RATE_LIMIT_AUTH_OPTIONS_PER_IP: "100000",
  });

  // The camera plays a video file the test writes (a QR code), and camera prompts are accepted.
  const cameraFile = join(mkdtempSync(join(tmpdir(), "paykey-camera-")), "camera.y4m");
  await writeQrCodeVideo(cameraFile, `${origin}/`);
  const browser: Browser = await chromium.launch({
    executablePath,
    headless: true,
    args: [...chromiumFlags, "--use-fake-device-for-media-stream", "--use-fake-ui-for-media-stream", `--use-file-for-fake-video-capture=${cameraFile}`],
  });
  // Fresh screenshots each run (a stale failure picture would mislead), cleared once per test process.
  if (!screenshotsCleared) rmSync(screenshotsDir, { recursive: true, force: true });
  screenshotsCleared = true;
  mkdirSync(shots, { recursive: true });

  /** A person with a browser context of their own and a virtual platform passkey authenticator. */
  async function person(name: string, viewport: { width: number; height: number } = mobileViewport): Promise<Person> {
    const context = await browser.newContext({ viewport, deviceScaleFactor: 1, locale: "en-US", baseURL: origin, permissions: ["camera"] });
    const page = await context.newPage();
    const cdp = await context.newCDPSession(page);
    await cdp.send("WebAuthn.enable");
    const { authenticatorId } = await cdp.send("WebAuthn.addVirtualAuthenticator", {
      options: {
        protocol: "ctap2",
        transport: "internal",
        hasResidentKey: true,
        hasUserVerification: true,
        isUserVerified: true,
        automaticPresenceSimulation: true,
      },
    });
    page.on("pageerror", (error) => console.error(`[${name}] page error: ${error.message}`));
    return { name, context, page, cdp, authenticatorId };
  }

  return {
    chain,
    /** What deployOn returned (deployment, its file, the test USD token, the demo merchant, the deployer). */
    deployed,
    publicClient,
    deployer,
    deployment,
    relayer,
    store: relayer.store,
    origin,
    browser,
    person,
    /** Saves a full-page PNG, after checking the page fits the 390 px viewport (no sideways scrolling). */
    /** Points every camera at a QR code of `text` (read when a page next opens the camera). */
    showToCamera: (text: string) => writeQrCodeVideo(cameraFile, text),
    async screenshot(who: Person, file: string) {
      const viewport = who.page.viewportSize() ?? mobileViewport;
      const width = await who.page.evaluate(() => document.documentElement.scrollWidth);
      if (width > viewport.width) throw new Error(`${file}: the page is ${width} px wide at a ${viewport.width} px viewport`);
      await who.page.screenshot({ path: join(shots, `${file}.png`), fullPage: true });
    },
    async close() {
      await browser.close().catch(() => undefined);
      await relayer.stop().catch(() => undefined);
      await chain.close().catch(() => undefined);
    },
  };
}

export type E2eEnvironment = Awaited<ReturnType<typeof startE2eEnvironment>>;
