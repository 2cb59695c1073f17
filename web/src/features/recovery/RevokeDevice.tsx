// Revokes a lost device from this one: its passkey is removed from the account on-chain (signed by this
// device), then the relayer forgets it (no more sign-in, its sessions end). A passkey never added on-chain
// is only forgotten.
import { useMutation, useQueryClient } from "@tanstack/react-query";
import { useTranslation } from "react-i18next";
import type { Address, Hex } from "viem";
import { api } from "../../api/http.ts";
import { useErrorText } from "../../app/errors.ts";
import { buildRemovePasskeyCall } from "@paykey/sdk/wallet";
import { useSendOperation } from "../operations/useSendOperation.ts";
import { recoveryNs } from "./i18n.ts";

export function RevokeDevice({ account, credential, onChain }: { account: Address; credential: { id: string; publicKey: { x: Hex; y: Hex } }; onChain: boolean }) {
  const { t } = useTranslation(recoveryNs);
  const errorText = useErrorText();
  const queryClient = useQueryClient();
  const operation = useSendOperation();
  const revoke = useMutation({
    mutationFn: async () => {
      operation.reset();
      if (onChain) await operation.send([buildRemovePasskeyCall({ account, publicKey: credential.publicKey })]);
      await api.post(`/api/me/devices/${encodeURIComponent(credential.id)}/revoke`);
    },
    onSettled: () => queryClient.invalidateQueries(),
  });
  return (
    <>
      <button type="button" disabled={revoke.isPending} onClick={() => window.confirm(t("devices.revokeConfirm")) && revoke.mutate()} data-testid="revoke-device">
        {t("devices.revoke")}
      </button>
      {revoke.error ? <p className="error" role="alert">{errorText(revoke.error)}</p> : null}
    </>
  );
}
