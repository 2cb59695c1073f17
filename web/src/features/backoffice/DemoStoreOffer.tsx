// On `npm start`'s local chain: offers the demo store (four weeks of real sales to the demo
// merchant) to a merchant who has no store yet. Taking it over moves the on-chain merchant to
// the merchant's passkey account.
import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { useTranslation } from "react-i18next";
import { api } from "../../api/http.ts";
import { useErrorText } from "../../app/errors.ts";
import "./i18n.ts";

export function DemoStoreOffer() {
  const { t } = useTranslation();
  const errorText = useErrorText();
  const queryClient = useQueryClient();
  const offer = useQuery({ queryKey: ["demo-store"], queryFn: () => api.get<{ available: boolean; name: string | null }>("/api/demo/store") });
  const claim = useMutation({
    mutationFn: () => api.post("/api/demo/store"),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: ["stores"] }),
  });
  if (!offer.data?.available) return null;
  return (
    <section className="card notice" data-testid="demo-store-offer">
      <h2>{offer.data.name}</h2>
      <p>{t("backoffice.demo.offer")}</p>
      <button type="button" className="primary" disabled={claim.isPending} onClick={() => claim.mutate()} data-testid="demo-store-claim">
        {claim.isPending ? t("backoffice.demo.claiming") : t("backoffice.demo.claim")}
      </button>
      {claim.error ? <p className="error" role="alert">{errorText(claim.error)}</p> : null}
    </section>
  );
}
