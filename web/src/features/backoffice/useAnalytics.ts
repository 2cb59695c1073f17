// A store's analytics for the chosen period and granularity (GET /api/stores/:id/analytics), and
// changing the store's time zone (which recounts them).
import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import type { Analytics, AnalyticsGranularity } from "@paykey/sdk/api/analytics";
import { api } from "../../api/http.ts";

export type AnalyticsView = { days: number; granularity: AnalyticsGranularity };

export function useAnalytics(storeId: string, view: AnalyticsView) {
  return useQuery({
    queryKey: ["analytics", storeId, view.days, view.granularity],
    queryFn: () => api.get<Analytics>(`/api/stores/${storeId}/analytics?days=${view.days}&granularity=${view.granularity}`),
    refetchInterval: 5_000,
    placeholderData: (previous) => previous,
  });
}

export function useSetTimeZone(storeId: string) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (timeZone: string) => api.post<{ timeZone: string }>(`/api/stores/${storeId}/time-zone`, { timeZone }),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: ["analytics", storeId] }),
  });
}
