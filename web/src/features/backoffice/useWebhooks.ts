// A store's webhook endpoints and deliveries (refreshed while the dashboard is open), and the
// actions on them: add (the answer holds the secret, shown once), pause or resume, new secret,
// redeliver.
import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import type { WebhookDelivery, WebhookEndpoint } from "@paykey/sdk/api/webhooks";
import { api } from "../../api/http.ts";

export function useWebhooks(storeId: string) {
  const queryClient = useQueryClient();
  const refresh = () => queryClient.invalidateQueries({ queryKey: ["webhooks", storeId] });
  const endpoints = useQuery({
    queryKey: ["webhooks", storeId, "endpoints"],
    queryFn: () => api.get<{ endpoints: WebhookEndpoint[]; eventTypes: string[] }>(`/api/stores/${storeId}/webhooks`),
  });
  const deliveries = useQuery({
    queryKey: ["webhooks", storeId, "deliveries"],
    queryFn: async () => (await api.get<{ deliveries: WebhookDelivery[] }>(`/api/stores/${storeId}/webhooks/deliveries?limit=20`)).deliveries,
    refetchInterval: 2_000,
  });
  const add = useMutation({
    mutationFn: (body: { url: string; eventTypes: string[] }) => api.post<{ endpoint: WebhookEndpoint; secret: string }>(`/api/stores/${storeId}/webhooks`, body),
    onSuccess: refresh,
  });
  const update = useMutation({
    mutationFn: ({ id, enabled }: { id: string; enabled: boolean }) => api.post(`/api/stores/${storeId}/webhooks/${id}`, { enabled }),
    onSuccess: refresh,
  });
  const rotate = useMutation({
    mutationFn: (id: string) => api.post<{ endpoint: WebhookEndpoint; secret: string }>(`/api/stores/${storeId}/webhooks/${id}/rotate-secret`),
    onSuccess: refresh,
  });
  const redeliver = useMutation({
    mutationFn: (deliveryId: string) => api.post(`/api/stores/${storeId}/webhooks/deliveries/${deliveryId}/redeliver`),
    onSuccess: refresh,
  });
  return { endpoints, deliveries, add, update, rotate, redeliver };
}
