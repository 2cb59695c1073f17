// What the point-of-sale screens wait for: a payment request turning "paid". One poller per relayer
// process reads every watched request in one query every `intervalMs` (250 ms), only while someone is
// watching, and tells each watcher when its request's state changes. It reads the rows the payment
// indexer writes (the request's payment id and the payment's totals), so it follows the indexer
// without reaching into it: a sale turns paid within one poll of its authorization being indexed.
import type { PosSaleEvent } from "@paykey/sdk/api/counter";
import { getAddress } from "viem";
import type { Queryable } from "../db/store.ts";
import type { Logger } from "../logger.ts";

type Listener = (sale: PosSaleEvent) => void;

export type SaleFeed = {
  /** Calls `listener` with the request's state now and on every change; returns the unsubscribe. */
  watch(requestId: string, listener: Listener): () => void;
  stop(): void;
};

type SaleRow = {
  id: string;
  amount: string;
  payment_id: string | null;
  expires_at: Date;
  payer: string | null;
  authorized: string | null;
  payment_status: string | null;
};

export async function readSales(db: Queryable, requestIds: readonly string[], now: Date): Promise<PosSaleEvent[]> {
  const rows = await db.query<SaleRow>(
    `SELECT r.id, r.amount, r.payment_id, r.expires_at, p.payer, p.authorized, p.status AS payment_status
       FROM commerce_requests r LEFT JOIN commerce_payments p ON p.payment_id = r.payment_id
      WHERE r.id = ANY($1::text[])`,
    [[...requestIds]],
  );
  return rows.map((row) => ({
    requestId: row.id,
    status: row.payment_id ? "paid" : row.expires_at.getTime() <= now.getTime() ? "expired" : "open",
    amount: row.amount,
    paymentId: row.payment_id,
    payer: row.payer ? getAddress(row.payer) : null,
    paid: row.authorized,
    paymentStatus: row.payment_status,
  }));
}

export function createSaleFeed(parameters: { db: Queryable; logger: Logger; now: () => Date; intervalMs?: number }): SaleFeed {
  const intervalMs = parameters.intervalMs ?? 250;
  const listeners = new Map<string, Set<Listener>>();
  const last = new Map<string, string>();
  let timer: NodeJS.Timeout | undefined;
  let polling = false;

  async function poll() {
    if (polling || listeners.size === 0) return;
    polling = true;
    try {
      for (const sale of await readSales(parameters.db, [...listeners.keys()], parameters.now())) {
        const state = JSON.stringify(sale);
        if (last.get(sale.requestId) === state) continue;
        last.set(sale.requestId, state);
        for (const listener of listeners.get(sale.requestId) ?? []) listener(sale);
      }
    } catch (error) {
      parameters.logger.warn({ err: error }, "counter: sale feed poll failed; retrying");
    } finally {
      polling = false;
    }
  }

  const schedule = () => {
    if (!timer && listeners.size > 0) timer = setInterval(() => void poll(), intervalMs);
  };

  return {
    watch(requestId, listener) {
      const set = listeners.get(requestId) ?? new Set();
      set.add(listener);
      listeners.set(requestId, set);
      // A new watcher gets the current state at once (the next poll re-reads it for everyone).
      const known = last.get(requestId);
      if (known) listener(JSON.parse(known) as PosSaleEvent);
      schedule();
      void poll();
      return () => {
        set.delete(listener);
        if (set.size === 0) {
          listeners.delete(requestId);
          last.delete(requestId);
        }
        if (listeners.size === 0 && timer) {
          clearInterval(timer);
          timer = undefined;
        }
      };
    },
    stop() {
      listeners.clear();
      last.clear();
      if (timer) clearInterval(timer);
      timer = undefined;
    },
  };
}
