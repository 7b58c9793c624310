import { createServer, type Server } from 'node:http';

/**
 * The SMS gateway the e2e servers send text messages to (SMS_GATEWAY_URL): a stand-in on
 * this machine that keeps what it is sent, so a test reads the sign-in code a patient's
 * phone would get. Its port follows the server's (E2E_PORT + 5) unless E2E_SMS_PORT says.
 */
export const smsGatewayPort = Number(
  process.env.E2E_SMS_PORT ?? Number(process.env.E2E_PORT ?? 3197) + 5,
);
export const smsGatewayUrl = `http://127.0.0.1:${smsGatewayPort}/messages`;
export const smsGatewayToken = 'e2e-sms-gateway';

export interface TextMessage {
  to: string;
  text: string;
}

/** Listens on the gateway's port and answers each message 200 with an id, as a gateway does. */
export async function startSmsGateway() {
  const messages: TextMessage[] = [];
  const server: Server = createServer((request, response) => {
    let body = '';
    request.setEncoding('utf8');
    request.on('data', (chunk: string) => (body += chunk));
    request.on('end', () => {
      if (request.headers.authorization !== `Bearer ${smsGatewayToken}`) {
        response.writeHead(401).end();
        return;
      }
      const message = JSON.parse(body) as TextMessage;
      messages.push({ to: message.to, text: message.text });
      response.writeHead(200, { 'content-type': 'application/json' });
      response.end(JSON.stringify({ id: `e2e-${messages.length}` }));
    });
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(smsGatewayPort, '127.0.0.1', resolve);
  });
  return {
    messages,
    /** The 6-digit code of the newest message to this number (E.164), once it came. */
    codeSentTo(phone: string): string | null {
      const last = messages.filter((message) => message.to === phone).at(-1);
      return last ? (/\b(\d{6})\b/.exec(last.text)?.[1] ?? null) : null;
    },
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}
