// The signed-in merchant's stores.
import { useQuery } from "@tanstack/react-query";
import { api } from "../../api/http.ts";
import type { Store } from "@paykey/sdk/api";

export function useStores(enabled: boolean) {
  return useQuery({
    queryKey: ["stores"],
    queryFn: async () => (await api.get<{ stores: Store[] }>("/api/stores")).stores,
    enabled,
  });
}
