// The layout's import rules, checked on every source file (TypeScript's parser, no build):
//   - server/ (the relayer) and web/ (the app) never import each other; what both need lives in sdk/;
//   - sdk/ imports neither, and only the packages its package.json declares — no app frameworks
//     (React, Fastify, …) and no Node modules, so it runs in a browser;
//   - web/ reads the SDK's API schemas with `import type` only, so zod stays out of the bundle.
import { readdirSync, readFileSync } from "node:fs";
import { builtinModules } from "node:module";
import { dirname, join, relative, resolve } from "node:path";
import { expect } from "chai";
import ts from "typescript";
import { projectRoot } from "../../scripts/lib/run.ts";

type Import = { specifier: string; typeOnly: boolean };

/** Every module a source file imports or re-exports (static, dynamic, side-effect), and whether only for types. */
export function importsOf(fileName: string, source: string): Import[] {
  const file = ts.createSourceFile(fileName, source, ts.ScriptTarget.Latest, false, fileName.endsWith("x") ? ts.ScriptKind.TSX : ts.ScriptKind.TS);
  const found: Import[] = [];
  const visit = (node: ts.Node) => {
    if (ts.isImportDeclaration(node) && ts.isStringLiteral(node.moduleSpecifier)) {
      const clause = node.importClause;
      const namedTypesOnly =
        clause !== undefined &&
        clause.name === undefined &&
        clause.namedBindings !== undefined &&
        ts.isNamedImports(clause.namedBindings) &&
        clause.namedBindings.elements.length > 0 &&
        clause.namedBindings.elements.every((element) => element.isTypeOnly);
      found.push({ specifier: node.moduleSpecifier.text, typeOnly: Boolean(clause?.isTypeOnly) || namedTypesOnly });
    } else if (ts.isExportDeclaration(node) && node.moduleSpecifier && ts.isStringLiteral(node.moduleSpecifier)) {
      found.push({ specifier: node.moduleSpecifier.text, typeOnly: node.isTypeOnly });
    } else if (ts.isCallExpression(node) && node.expression.kind === ts.SyntaxKind.ImportKeyword) {
      const [argument] = node.arguments;
      if (argument && ts.isStringLiteral(argument)) found.push({ specifier: argument.text, typeOnly: false });
    } else if (ts.isImportTypeNode(node) && ts.isLiteralTypeNode(node.argument) && ts.isStringLiteral(node.argument.literal)) {
      found.push({ specifier: node.argument.literal.text, typeOnly: true });
    }
    ts.forEachChild(node, visit);
  };
  visit(file);
  return found;
}

type Area = "server" | "web" | "sdk";

const sdkManifest = JSON.parse(readFileSync(join(projectRoot, "sdk", "package.json"), "utf8")) as {
  dependencies?: Record<string, string>;
  peerDependencies?: Record<string, string>;
};
/** The packages the SDK declares; anything else (React, Fastify, pg, wagmi, …) is app code. */
const sdkPackages = new Set([...Object.keys(sdkManifest.dependencies ?? {}), ...Object.keys(sdkManifest.peerDependencies ?? {})]);
const nodeModules = new Set(builtinModules);

const packageOf = (specifier: string) => specifier.split("/").slice(0, specifier.startsWith("@") ? 2 : 1).join("/");

/** What is wrong with one import of a file in `area` (relative paths resolved against `fileName`); undefined if nothing. */
export function boundaryViolation(area: Area, fileName: string, { specifier, typeOnly }: Import): string | undefined {
  if (specifier.startsWith(".")) {
    const target = relative(projectRoot, resolve(dirname(join(projectRoot, fileName)), specifier)).split(/[\\/]/)[0];
    if (target === area) return undefined;
    if (target === "sdk") return `${area}/ reaches into sdk/ by path (${specifier}): import @paykey/sdk/… instead`;
    // The SDK stands alone; the relayer and the app each depend on it and never on each other.
    if (area === "sdk" || target === "server" || target === "web") return `${area}/ reaches into ${target}/ (${specifier})`;
    return undefined;
  }
  if (area === "sdk") {
    if (specifier.startsWith("node:") || nodeModules.has(packageOf(specifier))) return `the SDK must run in a browser: no Node module (${specifier})`;
    if (specifier.startsWith("@paykey/")) return `the SDK imports itself by path, not by its package name (${specifier})`;
    if (!sdkPackages.has(packageOf(specifier))) return `the SDK may import only what sdk/package.json declares, not ${specifier}`;
  }
  if (area === "web" && !typeOnly && (specifier === "zod" || specifier === "@paykey/sdk/api" || specifier.startsWith("@paykey/sdk/api/"))) {
    return `the web app takes the API's types with \`import type\` only (zod stays out of the bundle): ${specifier}`;
  }
  return undefined;
}

function sourceFiles(dir: string): string[] {
  return readdirSync(join(projectRoot, dir), { withFileTypes: true, recursive: true })
    .filter((entry) => entry.isFile() && /\.tsx?$/.test(entry.name) && !/[\\/](node_modules|dist|generated)([\\/]|$)/.test(entry.parentPath))
    .map((entry) => relative(projectRoot, join(entry.parentPath, entry.name)));
}

describe("layout: server/, web/ and sdk/ import only across the allowed lines", function () {
  const areas: Record<Area, string> = { server: "server", web: "web/src", sdk: "sdk/src" };

  for (const [area, dir] of Object.entries(areas) as [Area, string][]) {
    it(`${dir}: every import stays on its side`, function () {
      const files = sourceFiles(dir);
      expect(files.length).to.be.greaterThan(5);
      const violations = files.flatMap((file) =>
        importsOf(file, readFileSync(join(projectRoot, file), "utf8")).flatMap((found) => {
          const violation = boundaryViolation(area, file, found);
          return violation ? [`${file}: ${violation}`] : [];
        }),
      );
      expect(violations).to.deep.equal([]);
    });
  }

  it("catches each kind of crossing (the rules can fail)", function () {
    const check = (area: Area, file: string, source: string) =>
      importsOf(file, source).map((found) => boundaryViolation(area, file, found)).filter(Boolean);
    expect(check("server", "server/src/x.ts", 'import { a } from "../../web/src/wagmi.ts";')).to.have.length(1);
    expect(check("web", "web/src/x.ts", 'export { b } from "../../server/src/config.ts";')).to.have.length(1);
    expect(check("web", "web/src/x.ts", 'const m = await import("../../server/src/relayer.ts");')).to.have.length(1);
    expect(check("web", "web/src/x.ts", 'import { appConfig } from "@paykey/sdk/api";')).to.have.length(1);
    expect(check("web", "web/src/x.ts", 'import type { AppConfig } from "@paykey/sdk/api";\nimport { type Store } from "@paykey/sdk/api";')).to.deep.equal([]);
    expect(check("sdk", "sdk/src/x.ts", 'import { readFile } from "node:fs/promises";')).to.have.length(1);
    expect(check("sdk", "sdk/src/x.ts", 'import { createHash } from "crypto";')).to.have.length(1);
    expect(check("sdk", "sdk/src/x.ts", 'import { useState } from "react";')).to.have.length(1);
    expect(check("sdk", "sdk/src/x.ts", 'import type { FastifyInstance } from "fastify";')).to.have.length(1);
    expect(check("sdk", "sdk/src/x.ts", 'import { startRelayer } from "../../server/src/relayer.ts";')).to.have.length(1);
    expect(check("sdk", "sdk/src/x.ts", 'import { deployPaykey } from "../../scripts/deploy.ts";')).to.have.length(1);
    expect(check("sdk", "sdk/src/wallet/x.ts", 'import { parseAbi } from "viem";\nimport { z } from "zod";\nimport { p256 } from "@noble/curves/nist.js";')).to.deep.equal([]);
  });
});
