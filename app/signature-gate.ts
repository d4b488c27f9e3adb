// Rejects webhook deliveries whose X-Hub-Signature-256 does not match, with 401 and before any
// handler sees them. (@octokit/webhooks also verifies, but answers 400; a wrong signature is an
// authentication failure, and load balancers and alerting treat 401 as such.) The body read here is
// handed on as `rawBody`, which the webhook middleware uses instead of reading the stream again.
import { createHmac, timingSafeEqual } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';

export function signatureMatches(secret: string, body: Uint8Array, header: string | undefined): boolean {
  if (!header?.startsWith('sha256=')) return false;
  const expected = Buffer.from(`sha256=${createHmac('sha256', secret).update(body).digest('hex')}`);
  const given = Buffer.from(header);
  return given.length === expected.length && timingSafeEqual(given, expected);
}

export function createSignatureGate(secret: string, webhooksPath: string) {
  return async (request: IncomingMessage, response: ServerResponse): Promise<boolean> => {
    const path = (request.url ?? '').split('?')[0];
    if (request.method !== 'POST' || path !== webhooksPath) return false;
    const body = await readBody(request);
    const header = request.headers['x-hub-signature-256'];
    if (!signatureMatches(secret, body, Array.isArray(header) ? header[0] : header)) {
      response.writeHead(401, { 'content-type': 'application/json' }).end(JSON.stringify({ error: 'Webhook signature does not match' }));
      return true;
    }
    request.rawBody = body;
    request.body = {};
    return false;
  };
}

function readBody(request: IncomingMessage): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    request.on('data', (chunk: Buffer) => chunks.push(chunk));
    request.on('end', () => resolve(Buffer.concat(chunks)));
    request.on('error', reject);
  });
}
