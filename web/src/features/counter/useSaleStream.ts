// Follows one sale on the relayer's server-sent-events stream (same origin, so the session cookie goes
// with it): its state now, then every change — "paid" arrives as soon as the payment is indexed. The
// browser's EventSource reconnects by itself after a dropped connection.
import { useEffect, useState } from "react";
import type { PosSaleEvent } from "@paykey/sdk/api/counter";

export function useSaleStream(storeId: string, requestId: string): PosSaleEvent | undefined {
  const [sale, setSale] = useState<PosSaleEvent>();
  useEffect(() => {
    setSale(undefined);
    const source = new EventSource(`/api/stores/${encodeURIComponent(storeId)}/pos/events?requestId=${encodeURIComponent(requestId)}`);
    source.addEventListener("sale", (event) => setSale(JSON.parse((event as MessageEvent<string>).data) as PosSaleEvent));
    return () => source.close();
  }, [storeId, requestId]);
  return sale;
}
