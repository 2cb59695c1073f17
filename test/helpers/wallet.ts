// What a wallet test needs, from one module: the wallet fixture and its mocha hooks, software passkeys,
// sponsored user operations, call builders, payment terms and raw signature edits.
export * from "./calls.ts";
export * from "./passkeySignatures.ts";
export * from "./payments.ts";
export * from "./softwarePasskey.ts";
export * from "./userOperations.ts";
export * from "./walletFixture.ts";
