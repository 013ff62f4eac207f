/**
 * A local stand-in for AWS Lambda's Invoke API (`POST /2015-03-31/functions/{FunctionName}/invocations`,
 * RequestResponse), enough for @aws-sdk/client-lambda: it checks the caller's SigV4 signature for the
 * `lambda` service, runs the named function's module `handler` in this process, and answers the way
 * Lambda does — the payload on success; HTTP 200 with `X-Amz-Function-Error: Unhandled` and
 * `{errorMessage, errorType}` when the function fails; ResourceNotFoundException for an unknown function.
 */
import { createServer, type IncomingMessage, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { pathToFileURL } from "node:url";
import { verifySigV4, SigV4Error } from "../../src/aws/sigv4.js";

export interface LambdaServer {
  url: string;
  /** Every invocation: the function name as sent, the key id that signed it, the decoded ClientContext. */
  invocations: { functionName: string; accessKeyId: string; event: any; clientContext?: unknown }[];
  close(): Promise<void>;
}

/** `functions` maps a function name (the last part of its ARN) to a module file exporting `handler`. */
export async function startLambdaServer(
  functions: Record<string, string>,
  credentials: Record<string, string>,
): Promise<LambdaServer> {
  const invocations: LambdaServer["invocations"] = [];
  const server: Server = createServer(async (req, res) => {
    const body = await readBody(req);
    const send = (status: number, payload: unknown, headers: Record<string, string> = {}) => {
      res.writeHead(status, { "content-type": "application/json", ...headers });
      res.end(typeof payload === "string" ? payload : JSON.stringify(payload));
    };
    const [path = "", query = ""] = (req.url ?? "").split("?");
    const m = /^\/2015-03-31\/functions\/([^/]+)\/invocations$/.exec(path);
    if (req.method !== "POST" || !m)
      return send(404, { message: "not an Invoke request" }, { "x-amzn-errortype": "UnknownOperationException" });
    let accessKeyId: string;
    try {
      ({ accessKeyId } = verifySigV4(
        { method: req.method, path, query, headers: req.headers, body },
        { lookupSecret: (id) => credentials[id], now: new Date(), service: "lambda" },
      ));
    } catch (err) {
      const type = err instanceof SigV4Error ? err.code : "InvalidSignatureException";
      return send(403, { message: (err as Error).message }, { "x-amzn-errortype": type });
    }
    const functionName = decodeURIComponent(m[1]!);
    const name = functionName.split(":function:").pop()!.split(":")[0]!;
    const file = functions[name];
    if (!file)
      return send(
        404,
        { Type: "User", message: `Function not found: ${functionName}` },
        { "x-amzn-errortype": "ResourceNotFoundException" },
      );
    if (req.headers["x-amz-invocation-type"] && req.headers["x-amz-invocation-type"] !== "RequestResponse")
      return send(400, { message: "only RequestResponse" }, { "x-amzn-errortype": "InvalidParameterValueException" });
    const event = JSON.parse(body.toString("utf8"));
    // Lambda hands the base64 JSON of X-Amz-Client-Context to the function as context.clientContext.
    const header = req.headers["x-amz-client-context"];
    const clientContext =
      typeof header === "string" ? JSON.parse(Buffer.from(header, "base64").toString("utf8")) : undefined;
    invocations.push({ functionName, accessKeyId, event, ...(clientContext ? { clientContext } : {}) });
    try {
      const { handler } = (await import(pathToFileURL(file).href)) as {
        handler: (e: unknown, ctx: unknown) => Promise<unknown>;
      };
      const result = await handler(event, {
        functionName: name,
        awsRequestId: "local",
        getRemainingTimeInMillis: () => 5000,
        ...(clientContext ? { clientContext } : {}),
      });
      send(200, JSON.stringify(result ?? null), { "x-amz-executed-version": "$LATEST" });
    } catch (err) {
      const e = err as Error;
      send(
        200,
        { errorType: e.name ?? "Error", errorMessage: e.message ?? String(err), trace: [] },
        { "x-amz-function-error": "Unhandled", "x-amz-executed-version": "$LATEST" },
      );
    }
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    invocations,
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}

function readBody(req: IncomingMessage): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    req.on("data", (c: Buffer) => chunks.push(c));
    req.on("end", () => resolve(Buffer.concat(chunks)));
    req.on("error", reject);
  });
}
