/**
 * Raw HTTP/1.1 for the viewer's tests: a request written byte for byte on a TCP connection
 * (any Host header, any request target, as fetch() would not send them) and the answer
 * parsed into status, headers and body.
 */

/** An answer as it came over the wire. */
export interface RawResponse {
  status: number;
  headers: Map<string, string>;
  /** The body as text (UTF-8). */
  body: string;
  bodyBytes: Uint8Array;
}

/** Sends `request` (the whole text, CRLF line ends) to 127.0.0.1:`port` and reads the answer until the connection closes. */
export async function rawRequest(port: number, request: string): Promise<RawResponse> {
  const connection = await Deno.connect({ hostname: "127.0.0.1", port });
  await connection.write(new TextEncoder().encode(request));
  const bytes = new Uint8Array(await new Response(connection.readable).arrayBuffer());
  let end = 0;
  while (
    end + 3 < bytes.length &&
    !(bytes[end] === 13 && bytes[end + 1] === 10 && bytes[end + 2] === 13 && bytes[end + 3] === 10)
  ) end++;
  const head = new TextDecoder().decode(bytes.subarray(0, end));
  const bodyBytes = bytes.subarray(Math.min(end + 4, bytes.length));
  const [statusLine = "", ...lines] = head.split("\r\n");
  const headers = new Map<string, string>();
  for (const line of lines) {
    const colon = line.indexOf(":");
    headers.set(line.slice(0, colon).trim().toLowerCase(), line.slice(colon + 1).trim());
  }
  return {
    status: Number(statusLine.split(" ")[1]),
    headers,
    body: new TextDecoder().decode(bodyBytes),
    bodyBytes,
  };
}

/** A request for `target` with `method` and the given Host header lines (none when empty), closing after the answer. */
export function requestText(target: string, hosts: string[], method = "GET"): string {
  return `${method} ${target} HTTP/1.1\r\n${
    hosts.map((h) => `Host: ${h}\r\n`).join("")
  }Connection: close\r\n\r\n`;
}
