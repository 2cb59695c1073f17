// Every refusal reason the relayer can send has a text in English and in Simplified Chinese.
// What it can send comes from its code: the relayer's errors take their reason from the
// shared list only (HttpError and RpcError are typed by it, so the typecheck keeps the code
// inside the list), and here every reason literal in server/src is read back and looked up in
// the list, which also catches a reason slipped past the type with a cast.
import { expect } from "chai";
import { readdir, readFile } from "node:fs/promises";
import { join, relative } from "node:path";
import { relayerReasons, type RelayerReason } from "@paykey/sdk/api/reasons";
import { projectRoot } from "../../scripts/lib/run.ts";
import { en } from "../../web/src/i18n/en.ts";
import { zh } from "../../web/src/i18n/zh.ts";
import { counterReasonTexts } from "../../web/src/i18n/counterReasons.ts";
import { en as auditEn, zh as auditZh } from "../../web/src/features/audit/i18n.ts";

/** Reason literals as the relayer's code writes them: `reason: "x"`, an error's reason argument, a framework code's reason. */
const reasonPatterns = [
  /\breason:\s*"([a-z][a-z0-9_]*)"/g,
  /\b(?:[A-Z]\w*Error|refuse|errorBody)\(\s*"([a-z][a-z0-9_]*)"/g, // AuthError, CommerceError, any area's error class
  /\bHttpError\(\s*\d{3},\s*"([a-z][a-z0-9_]*)"/g,
  /\bFST_ERR_[A-Z_]+:\s*"([a-z][a-z0-9_]*)"/g,
  /\breason = [^;]*\?\s*"([a-z][a-z0-9_]*)"\s*:\s*"([a-z][a-z0-9_]*)"/g,
];

async function reasonsInCode(): Promise<Map<string, string>> {
  const dir = join(projectRoot, "server", "src");
  const files = (await readdir(dir, { recursive: true })).filter((file) => file.endsWith(".ts"));
  const found = new Map<string, string>();
  for (const file of files) {
    const text = await readFile(join(dir, file), "utf8");
    for (const pattern of reasonPatterns) {
      for (const match of text.matchAll(pattern)) {
        for (const reason of match.slice(1)) if (reason) found.set(reason, relative(projectRoot, join(dir, file)));
      }
    }
  }
  return found;
}

const hasChinese = (text: string) => /[\u4e00-\u9fff]/.test(text);

describe("web: every relayer refusal reason is translated", function () {
  it("finds the reasons the relayer's code sends, each of them in the shared list", async function () {
    const found = await reasonsInCode();
    expect(found.size, "reasons found in server/src").to.be.greaterThan(60);
    const unlisted = [...found].filter(([reason]) => !relayerReasons.includes(reason as RelayerReason)).map(([reason, file]) => `${reason} (${file})`);
    expect(unlisted, "sent but not in sdk/src/api/reasons.ts").to.deep.equal([]);
    // And the list names nothing the code never sends (a dead entry would only cost translations).
    expect(relayerReasons.filter((reason) => !found.has(reason)), "listed but never sent").to.deep.equal([]);
  });

  it("has an English and a Chinese text for each reason in the list, and none for a reason outside it", function () {
    // The counter's and the auditor's own reasons are translated in bundles of their own, loaded with the pages
    // that show them (the auditor page words invalid_period for an audit, too).
    const english: Record<string, string> = { ...auditEn.reason, ...en.errors.reason, ...counterReasonTexts.en };
    const chinese: Record<string, string> = { ...auditZh.reason, ...zh.errors.reason, ...counterReasonTexts.zh };
    for (const reason of relayerReasons) {
      expect(english[reason], `en: ${reason}`).to.be.a("string").that.is.not.empty;
      expect(chinese[reason], `zh: ${reason}`).to.be.a("string").that.is.not.empty;
      expect(hasChinese(chinese[reason]!), `zh: ${reason} is in Chinese`).to.equal(true);
      expect(chinese[reason], `zh: ${reason} differs from en`).to.not.equal(english[reason]);
    }
    expect(Object.keys(english).sort()).to.deep.equal([...relayerReasons].sort());
    expect(Object.keys(chinese).sort()).to.deep.equal([...relayerReasons].sort());
  });
});
