// The account's passkeys: those the relayer knows, each marked when the account holds it on-chain; "add a
// passkey" registers a new one at the relayer, then adds it to the account with a sponsored operation.
import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { useTranslation } from "react-i18next";
import type { Address } from "viem";
import { useReadContracts } from "wagmi";
import { useErrorText } from "../../app/errors.ts";
import { api } from "../../api/http.ts";
import type { Session } from "../../api/types.ts";
import { registerAnotherPasskey } from "../../connector/passkeyAuth.ts";
import { paykeyAccountAbi } from "../../generated/contracts.ts";
import { buildAddPasskeyCall } from "../../wallet/buildAccountCalls.ts";
import { OperationProgress } from "../operations/OperationProgress.tsx";
import { useSendOperation } from "../operations/useSendOperation.ts";

export function Devices({ address }: { address: Address }) {
  const { t, i18n } = useTranslation();
  const errorText = useErrorText();
  const queryClient = useQueryClient();
  const operation = useSendOperation();
  const session = useQuery({ queryKey: ["session"], queryFn: () => api.get<Session>("/auth/session") });
  const credentials = session.data?.credentials ?? [];
  const onChain = useReadContracts({
    contracts: credentials.map((credential) => ({
      address,
      abi: paykeyAccountAbi,
      functionName: "isPasskey",
      args: [credential.publicKey.x, credential.publicKey.y],
    }) as const),
    query: { enabled: credentials.length > 0 },
  });

  const add = useMutation({
    mutationFn: async () => {
      operation.reset();
      const credential = await registerAnotherPasskey();
      await queryClient.invalidateQueries({ queryKey: ["session"] });
      await operation.send([buildAddPasskeyCall({ account: address, publicKey: credential.publicKey })]);
    },
    onSettled: () => queryClient.invalidateQueries(),
  });

  return (
    <section className="card" data-testid="devices">
      <h2>{t("devices.title")}</h2>
      <ul className="list">
        {credentials.map((credential, index) => (
          <li key={credential.id} className="list-row" data-testid="device">
            <span>{t("devices.passkey", { number: index + 1 })}</span>
            <span className="muted small">{new Date(credential.createdAt).toLocaleDateString(i18n.language)}</span>
            <span className={onChain.data?.[index]?.result === true ? "badge badge-ok" : "badge"} data-testid="device-onchain" data-onchain={String(onChain.data?.[index]?.result === true)}>
              {onChain.data?.[index]?.result === true ? t("devices.onChain") : t("devices.notDeployed")}
            </span>
          </li>
        ))}
      </ul>
      <p className="muted small">{t("devices.explain")}</p>
      <button type="button" data-testid="add-device" disabled={add.isPending} onClick={() => add.mutate()}>
        {t("devices.add")}
      </button>
      {add.isPending || add.error ? <OperationProgress /> : null}
      {add.isSuccess ? <p className="ok" data-testid="device-added">{t("devices.added")}</p> : null}
      {add.error ? <p className="error" role="alert">{errorText(add.error)}</p> : null}
    </section>
  );
}
