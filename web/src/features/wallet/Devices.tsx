// The account's passkeys: each one the relayer knows, marked when the account holds it on-chain. Adding a
// device is two steps, each with its own passkey prompt: the new passkey is created (on the new device or
// security key) and registered at the relayer; then this device's passkey approves adding it to the account
// on-chain (a sponsored operation). A passkey registered but not yet on-chain keeps its "approve" button.
// A lost device is revoked from another one: removed from the account on-chain, then forgotten by the relayer.
import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { useTranslation } from "react-i18next";
import type { Address, Hex } from "viem";
import { useReadContracts } from "wagmi";
import { useErrorText } from "../../app/errors.ts";
import { api } from "../../api/http.ts";
import type { Session } from "@paykey/sdk/api";
import { registerAnotherPasskey, rememberedWallet } from "../../connector/passkeyAuth.ts";
import { paykeyAccountAbi } from "@paykey/sdk/contracts";
import { buildAddPasskeyCall } from "@paykey/sdk/wallet";
import { RevokeDevice } from "../recovery/RevokeDevice.tsx";
import { OperationProgress } from "../operations/OperationProgress.tsx";
import { useSendOperation } from "../operations/useSendOperation.ts";

export function Devices({ address }: { address: Address }) {
  const { t, i18n } = useTranslation();
  const errorText = useErrorText();
  const queryClient = useQueryClient();
  const operation = useSendOperation();
  const session = useQuery({ queryKey: ["session"], queryFn: () => api.get<Session>("/auth/session") });
  const credentials = [...(session.data?.credentials ?? [])].sort((a, b) => a.createdAt.localeCompare(b.createdAt));
  const onChain = useReadContracts({
    contracts: credentials.map((credential) => ({
      address,
      abi: paykeyAccountAbi,
      functionName: "isPasskey",
      args: [credential.publicKey.x, credential.publicKey.y],
    }) as const),
    // Keep the marks already read while a newly listed passkey is being checked (no flicker).
    query: { enabled: credentials.length > 0, placeholderData: (previous) => previous },
  });

  const register = useMutation({
    mutationFn: registerAnotherPasskey,
    onSuccess: () => queryClient.invalidateQueries({ queryKey: ["session"] }),
  });
  const approve = useMutation({
    mutationFn: async (publicKey: { x: Hex; y: Hex }) => {
      operation.reset();
      await operation.send([buildAddPasskeyCall({ account: address, publicKey })]);
    },
    onSettled: () => queryClient.invalidateQueries(),
  });

  return (
    <section className="card" data-testid="devices">
      <h2>{t("devices.title")}</h2>
      <ul className="list">
        {credentials.map((credential, index) => {
          const held = onChain.data?.[index]?.result === true;
          // The first passkey joins the account when it is deployed (with the first payment).
          const approvable = index > 0 && !held && onChain.isFetched;
          return (
            <li key={credential.id} className="list-row" data-testid="device" data-onchain={String(held)}>
              <span>{t("devices.passkey", { number: index + 1 })}</span>
              <span className="muted small">{new Date(credential.createdAt).toLocaleDateString(i18n.language)}</span>
              <span className={held ? "badge badge-ok" : "badge"}>{held ? t("devices.onChain") : t("devices.notDeployed")}</span>
              {credential.id !== rememberedWallet()?.credentialId && credentials.length > 1 ? (
                <RevokeDevice account={address} credential={credential} onChain={held} />
              ) : null}
              {approvable ? (
                <button type="button" className="primary" data-testid="approve-device" disabled={approve.isPending} onClick={() => approve.mutate(credential.publicKey)}>
                  {t("devices.approve")}
                </button>
              ) : null}
            </li>
          );
        })}
      </ul>
      <p className="muted small">{t("devices.explain")}</p>
      <button type="button" data-testid="add-device" disabled={register.isPending} onClick={() => register.mutate()}>
        {t("devices.add")}
      </button>
      {register.isSuccess && !approve.isSuccess ? <p className="ok" data-testid="device-registered">{t("devices.registered")}</p> : null}
      {approve.isPending || approve.error ? <OperationProgress /> : null}
      {approve.isSuccess ? <p className="ok" data-testid="device-added">{t("devices.added")}</p> : null}
      {register.error || approve.error ? <p className="error" role="alert">{errorText(register.error ?? approve.error)}</p> : null}
    </section>
  );
}
