/** Raw AWS JSON 1.1 calls, for tests that check the wire itself (status, headers, body). */
export interface WireResponse {
  status: number;
  errorType: string | null;
  body: Record<string, unknown>;
  headers: Headers;
}

export async function callRaw(
  url: string,
  operation: string | undefined,
  body: unknown,
  headers: Record<string, string> = {},
): Promise<WireResponse> {
  const res = await fetch(url, {
    method: "POST",
    headers: {
      "content-type": "application/x-amz-json-1.1",
      ...(operation ? { "x-amz-target": `AWSCognitoIdentityProviderService.${operation}` } : {}),
      ...headers,
    },
    body: typeof body === "string" ? body : JSON.stringify(body),
  });
  const text = await res.text();
  let parsed: Record<string, unknown>;
  try {
    parsed = JSON.parse(text);
  } catch {
    throw new Error(`response is not JSON (${res.status}): ${text.slice(0, 200)}`);
  }
  return { status: res.status, errorType: res.headers.get("x-amzn-errortype"), body: parsed, headers: res.headers };
}
