import { createHmac, randomBytes } from 'node:crypto';
import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { z } from 'zod';

/** How the stand-in answers the next sends: as WhatsApp would, or failing in one way. */
export type StandInBehaviour =
  | { kind: 'ok' }
  | { kind: 'slow'; ms: number }
  | { kind: 'fail'; status: number }
  | { kind: 'refuse'; code: number; message: string }
  | { kind: 'hang' }
  /** Takes the message (it counts as delivered to the patient) and never answers. */
  | { kind: 'drop' };

export interface ReceivedTemplate {
  id: string;
  to: string;
  template: string;
  language: string;
  parameters: string[];
  buttonPayloads: string[];
}

/** The request shape the Cloud API takes for a template message, checked strictly. */
const templateRequest = z.strictObject({
  messaging_product: z.literal('whatsapp'),
  recipient_type: z.literal('individual').optional(),
  to: z.string().regex(/^\d{8,15}$/),
  type: z.literal('template'),
  template: z.strictObject({
    name: z.string().regex(/^[a-z0-9_]{1,512}$/),
    language: z.strictObject({ code: z.string().regex(/^[a-z]{2,3}(_[A-Z]{2})?$/) }),
    components: z.array(
      z.union([
        z.strictObject({
          type: z.literal('body'),
          parameters: z.array(z.strictObject({ type: z.literal('text'), text: z.string().min(1) })),
        }),
        z.strictObject({
          type: z.literal('button'),
          sub_type: z.literal('quick_reply'),
          index: z.string().regex(/^\d$/),
          parameters: z.array(z.strictObject({ type: z.literal('payload'), payload: z.string() })),
        }),
      ]),
    ),
  }),
});

/**
 * A loopback WhatsApp Business Cloud API: `POST /{phone-number-id}/messages` with the
 * bearer token, checked for the template message's exact shape; answers as the real
 * one does, or fails, hangs or drops the answer on command. It keeps every message it
 * took, so tests count what reached a patient, and signs webhooks as Meta does.
 */
export class WhatsAppStandIn {
  readonly received: ReceivedTemplate[] = [];
  readonly malformed: string[] = [];
  behaviour: StandInBehaviour = { kind: 'ok' };
  private server!: Server;
  private counter = 0;
  /** Message ids are WhatsApp's, unique everywhere: a database kept between runs holds older ones. */
  private readonly run = randomBytes(4).toString('hex');
  url = '';

  constructor(
    readonly phoneNumberId = '104000000000001',
    readonly accessToken = 'stand-in-access-token',
    readonly appSecret = 'stand-in-app-secret',
  ) {}

  async start() {
    this.server = createServer((request, response) => {
      void this.handle(request).then(
        (answer) => {
          if (answer === 'hang') return;
          if (answer === 'drop') return void request.socket.destroy();
          response.writeHead(answer.status, { 'content-type': 'application/json' });
          response.end(JSON.stringify(answer.body));
        },
        () => response.destroy(),
      );
    });
    await new Promise<void>((resolve) => this.server.listen(0, '127.0.0.1', resolve));
    this.url = `http://127.0.0.1:${(this.server.address() as AddressInfo).port}/v21.0`;
    return this;
  }

  async stop() {
    this.server.closeAllConnections();
    await new Promise((resolve) => this.server.close(resolve));
  }

  private async handle(
    request: IncomingMessage,
  ): Promise<'hang' | 'drop' | { status: number; body: unknown }> {
    const chunks: Buffer[] = [];
    for await (const chunk of request) chunks.push(chunk as Buffer);
    if (request.method !== 'POST' || request.url !== `/v21.0/${this.phoneNumberId}/messages`)
      return this.malformedRequest(`${request.method} ${request.url}`);
    if (request.headers.authorization !== `Bearer ${this.accessToken}`)
      return { status: 401, body: { error: { message: 'Invalid OAuth access token', code: 190 } } };
    let body: unknown;
    try {
      body = JSON.parse(Buffer.concat(chunks).toString('utf8'));
    } catch {
      return this.malformedRequest('not JSON');
    }
    const parsed = templateRequest.safeParse(body);
    if (!parsed.success) return this.malformedRequest(parsed.error.message);
    const behaviour = this.behaviour;
    if (behaviour.kind === 'hang') return 'hang';
    if (behaviour.kind === 'fail')
      return {
        status: behaviour.status,
        body: { error: { message: 'Service unavailable', code: 2 } },
      };
    if (behaviour.kind === 'refuse')
      return { status: 400, body: { error: { message: behaviour.message, code: behaviour.code } } };
    if (behaviour.kind === 'slow')
      await new Promise((resolve) => setTimeout(resolve, behaviour.ms));
    const { to, template } = parsed.data;
    const id = `wamid.standin${this.run}${String((this.counter += 1)).padStart(8, '0')}`;
    this.received.push({
      id,
      to,
      template: template.name,
      language: template.language.code,
      parameters: template.components.flatMap((component) =>
        component.type === 'body' ? component.parameters.map((parameter) => parameter.text) : [],
      ),
      buttonPayloads: template.components.flatMap((component) =>
        component.type === 'button'
          ? component.parameters.map((parameter) => parameter.payload)
          : [],
      ),
    });
    if (behaviour.kind === 'drop') return 'drop';
    return {
      status: 200,
      body: {
        messaging_product: 'whatsapp',
        contacts: [{ input: to, wa_id: to }],
        messages: [{ id }],
      },
    };
  }

  private malformedRequest(reason: string) {
    this.malformed.push(reason);
    return { status: 400, body: { error: { message: `Malformed request: ${reason}`, code: 100 } } };
  }

  /** A webhook body as Meta sends it, with its X-Hub-Signature-256. */
  signed(value: Record<string, unknown>, secret = this.appSecret) {
    const body = JSON.stringify({
      object: 'whatsapp_business_account',
      entry: [
        {
          id: '102290129340398',
          changes: [{ field: 'messages', value: { messaging_product: 'whatsapp', ...value } }],
        },
      ],
    });
    const signature = `sha256=${createHmac('sha256', secret).update(body).digest('hex')}`;
    return { body, signature };
  }

  statusWebhook(providerMessageId: string, status: string, at = new Date()) {
    return this.signed({
      statuses: [
        {
          id: providerMessageId,
          status,
          timestamp: String(Math.floor(at.getTime() / 1000)),
          recipient_id: '254712345678',
          ...(status === 'failed'
            ? {
                errors: [
                  {
                    code: 131026,
                    title: 'Message undeliverable',
                    message: 'Message undeliverable',
                  },
                ],
              }
            : {}),
        },
      ],
    });
  }

  replyWebhook(inReplyTo: string, payload: string, at = new Date()) {
    return this.signed({
      messages: [
        {
          from: '254712345678',
          id: `wamid.reply${this.run}${String((this.counter += 1)).padStart(8, '0')}`,
          timestamp: String(Math.floor(at.getTime() / 1000)),
          type: 'button',
          button: { text: payload.startsWith('confirm') ? 'Confirm' : 'Cancel', payload },
          context: { from: '15550000000', id: inReplyTo },
        },
      ],
    });
  }

  /** A text the patient typed, quoting our message `inReplyTo` or none. */
  textWebhook(text: string, inReplyTo: string | null, at = new Date(), from = '254712345678') {
    return this.signed({
      messages: [
        {
          from,
          id: `wamid.text${this.run}${String((this.counter += 1)).padStart(8, '0')}`,
          timestamp: String(Math.floor(at.getTime() / 1000)),
          type: 'text',
          text: { body: text },
          ...(inReplyTo ? { context: { from: '15550000000', id: inReplyTo } } : {}),
        },
      ],
    });
  }
}
