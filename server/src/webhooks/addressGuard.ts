// Webhook endpoints must not reach the relayer's own network (SSRF): outside the local chain an
// endpoint must use https and resolve only to public addresses. The hostname is resolved and
// every address checked — a name is not trusted for what it looks like — when the endpoint is
// added, and again on every delivery through the connection's own DNS lookup, so a name that
// later resolves somewhere private (DNS rebinding) is refused at connect time.
import { lookup as dnsLookup, type LookupAddress, type LookupAllOptions } from "node:dns";
import { BlockList, isIP } from "node:net";
import { WebhookError } from "./errors.ts";

/** Loopback, private, link-local, shared, documentation, multicast and reserved ranges (IPv4, IPv6; IPv4-mapped IPv6 included). */
const blocked = new BlockList();
for (const [network, prefix] of [
  ["0.0.0.0", 8],
  ["10.0.0.0", 8],
  ["100.64.0.0", 10],
  ["127.0.0.0", 8],
  ["169.254.0.0", 16],
  ["172.16.0.0", 12],
  ["192.0.0.0", 24],
  ["192.0.2.0", 24],
  ["192.168.0.0", 16],
  ["198.18.0.0", 15],
  ["198.51.100.0", 24],
  ["203.0.113.0", 24],
  ["224.0.0.0", 4],
  ["240.0.0.0", 4],
] as const) {
  blocked.addSubnet(network, prefix, "ipv4");
}
for (const [network, prefix] of [
  ["::", 128],
  ["::1", 128],
  ["64:ff9b::", 96],
  ["100::", 64],
  ["2001:db8::", 32],
  ["fc00::", 7],
  ["fe80::", 10],
  ["ff00::", 8],
] as const) {
  blocked.addSubnet(network, prefix, "ipv6");
}

/** Whether `address` (an IP literal) is one a public endpoint may not use. */
export function isPrivateAddress(address: string): boolean {
  const family = isIP(address);
  if (family === 0) return true;
  return blocked.check(address, family === 4 ? "ipv4" : "ipv6");
}

const lookupAll = (hostname: string) =>
  new Promise<LookupAddress[]>((resolve, reject) => dnsLookup(hostname, { all: true }, (error, addresses) => (error ? reject(error) : resolve(addresses))));

/** Refuses `url` unless private endpoints are allowed or it is https and every address it resolves to is public. */
export async function assertPublicEndpoint(url: string, allowPrivate: boolean): Promise<void> {
  if (allowPrivate) return;
  const { protocol, hostname } = new URL(url);
  if (protocol !== "https:") throw new WebhookError("endpoint_not_public", "Webhook endpoints must use https.", { data: { url } });
  const host = hostname.replace(/^\[|\]$/g, "");
  let addresses: string[];
  try {
    addresses = isIP(host) ? [host] : (await lookupAll(host)).map((entry) => entry.address);
  } catch (cause) {
    throw new WebhookError("endpoint_unresolvable", `${host} does not resolve.`, { data: { url }, cause });
  }
  const refused = addresses.filter(isPrivateAddress);
  if (addresses.length === 0 || refused.length > 0) {
    throw new WebhookError("endpoint_not_public", `${host} resolves to an address that is not public (${refused.join(", ") || "none"}).`, { data: { url } });
  }
}

type LookupCallback = (error: NodeJS.ErrnoException | null, address: string | LookupAddress[], family?: number) => void;

/** A `lookup` for http(s).request that refuses private addresses at connect time (unless allowed). */
export function guardedLookup(allowPrivate: boolean) {
  return (hostname: string, options: LookupAllOptions | object, callback: LookupCallback) => {
    dnsLookup(hostname, { ...options, all: true }, (error, addresses) => {
      if (error) return callback(error, []);
      const refused = allowPrivate ? [] : addresses.filter((entry) => isPrivateAddress(entry.address));
      if (refused.length > 0) {
        const denied = Object.assign(new Error(`${hostname} resolves to a non-public address (${refused.map((entry) => entry.address).join(", ")})`), { code: "EADDRNOTPUBLIC" });
        return callback(denied, []);
      }
      if ((options as { all?: boolean }).all) return callback(null, addresses);
      const [first] = addresses;
      return callback(null, first!.address, first!.family);
    });
  };
}
