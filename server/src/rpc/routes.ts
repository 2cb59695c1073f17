// POST /rpc: the one JSON-RPC endpoint for the ERC-4337 bundler and ERC-7677 paymaster
// methods. The body is read as text inside this plugin so that malformed JSON gets a
// JSON-RPC parse error instead of the REST error shape.
import type { RelayerContext } from "../context.ts";
import type { RelayerApp } from "../http/app.ts";
import { handleRpcBody } from "./handler.ts";
import { stringifyResponse } from "./jsonText.ts";
import type { RpcMethod } from "./method.ts";
import { rpcMethods } from "./methods/index.ts";

export async function registerRpcRoutes(
  app: RelayerApp,
  context: RelayerContext,
  methods: readonly RpcMethod[] = rpcMethods,
): Promise<void> {
  const byName = new Map(methods.map((method) => [method.name, method]));
  const perAccount = app.createRateLimit({
    max: context.config.http.rateLimitPerAccount,
    timeWindow: 60_000,
    keyGenerator: (request) => (request as unknown as { rateLimitAccount: string }).rateLimitAccount,
  });

  await app.register(async (rpc) => {
    rpc.removeAllContentTypeParsers();
    rpc.addContentTypeParser(["application/json", "text/plain"], { parseAs: "string" }, (_request, body, done) => done(null, body));
    rpc.post(
      "/rpc",
      { schema: { hide: true } },
      async (request, reply) => {
        const withinAccountLimit = async (account: string) => {
          (request as unknown as { rateLimitAccount: string }).rateLimitAccount = `account:${account}`;
          const limit = await perAccount(request);
          // `isAllowed` only means "on the allow list"; the count decides otherwise.
          return limit.isAllowed || !limit.isExceeded;
        };
        const { status, body } = await handleRpcBody(String(request.body ?? ""), byName, context, withinAccountLimit);
        if (body === undefined) return reply.status(204).send();
        return reply.status(status).header("content-type", "application/json").send(stringifyResponse(body));
      },
    );
  });
}
