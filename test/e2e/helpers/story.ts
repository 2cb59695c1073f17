// The steps of an e2e file are one story: once one fails, the rest cannot say anything and are skipped,
// and what each person saw at the failure is saved (screenshots/failed-<name>.png). Call inside `describe`.
import type { Person } from "./environment.ts";

export function stepsAsOneStory(people: () => readonly (Person | undefined)[]): { failed: () => boolean } {
  let failed = false;
  beforeEach(function () {
    if (failed) this.skip();
  });
  afterEach(async function () {
    if (this.currentTest?.state !== "failed") return;
    failed = true;
    for (const who of people()) {
      await who?.page.screenshot({ path: `screenshots/failed-${who.name}.png`, fullPage: true }).catch(() => undefined);
    }
  });
  return { failed: () => failed };
}
