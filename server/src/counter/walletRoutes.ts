// The wallet's device and recovery routes: revoke a lost device, register a recovering device's
// passkey (pending until the chain executes the guardian's recovery), and complete the recovery.
import type { RegistrationResponseJSON } from "@simplewebauthn/server";
import { getAddress } from "viem";
import { z } from "zod";
import { recoveryCompleteBody, recoveryCompleteOut, recoveryOptionsBody, recoveryVerifyBody, recoveryVerifyOut, revokeDeviceOut } from "@paykey/sdk/api/counter";
import { startAddDevice } from "../auth/registration.ts";
import { registrationResponse } from "@paykey/sdk/api";
import { authDeps } from "../auth/routes.ts";
import type { RelayerApp } from "../http/app.ts";
import type { CounterDeps } from "./deps.ts";
import { completeRecovery, findUserOfAccount, registerRecoveryPasskey, revokeDevice } from "./recovery.ts";

const tags = ["devices and recovery"];

export function registerWalletRoutes(app: RelayerApp, deps: CounterDeps): void {
  const { context } = deps;
  const auth = authDeps(context);

  app.post(
    "/api/me/devices/:credentialId/revoke",
    {
      preHandler: context.authenticate,
      schema: {
        tags,
        summary: "Forget a lost device: its passkey no longer signs in and its sessions end. Only once the account no longer accepts it on-chain, and never the device in use",
        params: z.object({ credentialId: z.string().min(1).max(1024) }),
        response: { 200: revokeDeviceOut },
      },
    },
    async (request) => {
      const session = request.session!;
      await revokeDevice(context.store, context.publicClient, {
        userId: session.userId,
        account: getAddress(session.accountAddress),
        sessionCredentialId: session.credentialId,
        credentialId: request.params.credentialId,
        now: context.now(),
      });
      return { revoked: request.params.credentialId };
    },
  );

  app.post(
    "/api/recovery/options",
    {
      schema: {
        tags,
        summary: "Start registering a recovering device's passkey for a wallet (WebAuthn creation options); the passkey stays pending until the chain executes the recovery",
        body: recoveryOptionsBody,
        response: { 200: z.object({ options: z.record(z.string(), z.unknown()) }) },
      },
    },
    async (request) => {
      const user = await findUserOfAccount(context.store, request.body.account);
      return { options: (await startAddDevice(auth, user.id)) as unknown as Record<string, unknown> };
    },
  );

  app.post(
    "/api/recovery/verify",
    {
      schema: { tags, summary: "Finish registering the recovering passkey; returns its public key and the link for the guardian", body: recoveryVerifyBody.extend({ response: registrationResponse }), response: { 200: recoveryVerifyOut } },
    },
    async (request) => {
      const account = request.body.account;
      const credential = await registerRecoveryPasskey(auth, { account, response: request.body.response as RegistrationResponseJSON });
      const { x, y } = credential.passkey;
      return {
        credential: { id: credential.id, publicKey: { x, y } },
        guardianUrl: `${deps.origin}/guardian?account=${getAddress(account)}&x=${x}&y=${y}`,
      };
    },
  );

  app.post(
    "/api/recovery/complete",
    {
      schema: {
        tags,
        summary: "Once the recovery is executed on-chain, the pending passkey becomes one of the wallet's passkeys (then sign in with it); 409 recovery_not_executed before",
        body: recoveryCompleteBody,
        response: { 200: recoveryCompleteOut },
      },
    },
    async (request) => {
      const { account, passkey } = await completeRecovery(context.store, context.publicClient, { credentialId: request.body.credentialId, now: context.now() });
      return { account: { address: account }, credential: { id: request.body.credentialId, publicKey: passkey } };
    },
  );
}
