import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { WhatsAppStandIn } from '../../test/whatsapp-stand-in';
import { sendWhatsAppTemplate, WhatsAppError, type WhatsAppTemplateMessage } from './whatsapp';
import { readWebhook, signatureIsValid, verificationChallenge } from './whatsapp-webhook';

const message: WhatsAppTemplateMessage = {
  to: '+254 712 345 678',
  template: 'appointment_reminder',
  language: 'sw',
  parameters: ['Wanjiru', 'Dr Otieno', '3 Dec 09:00'],
  buttonPayloads: [
    'confirm:01a23046-a141-7e41-8453-a588182c712d',
    'cancel:01a23046-a141-7e41-8453-a588182c712d',
  ],
};

describe('the WhatsApp Cloud API adapter', () => {
  let standIn: WhatsAppStandIn;
  const settings = () => ({
    apiUrl: standIn.url,
    phoneNumberId: standIn.phoneNumberId,
    accessToken: standIn.accessToken,
  });
  const send = (timeoutMs = 2000) =>
    sendWhatsAppTemplate(settings(), message, AbortSignal.timeout(timeoutMs));
  const failureOf = (promise: Promise<unknown>) =>
    promise.then(
      () => expect.unreachable('the send succeeded'),
      (error: unknown) => error as WhatsAppError,
    );

  beforeAll(async () => {
    standIn = await new WhatsAppStandIn().start();
  });
  afterAll(() => standIn.stop());
  beforeEach(() => {
    standIn.behaviour = { kind: 'ok' };
    standIn.received.length = 0;
  });

  it('sends a template message in the shape the Cloud API takes, and keeps its message id', async () => {
    const { providerMessageId } = await send();
    expect(standIn.malformed).toEqual([]);
    expect(standIn.received).toEqual([
      {
        id: providerMessageId,
        to: '254712345678',
        template: 'appointment_reminder',
        language: 'sw',
        parameters: message.parameters,
        buttonPayloads: message.buttonPayloads,
      },
    ]);
  });

  it('says a 5xx, a timeout and a lost answer may be retried, and a refusal may not', async () => {
    standIn.behaviour = { kind: 'fail', status: 503 };
    expect(await failureOf(send())).toMatchObject({ retryable: true, status: 503 });
    standIn.behaviour = { kind: 'hang' };
    expect(await failureOf(send(200))).toMatchObject({ retryable: true });
    standIn.behaviour = { kind: 'drop' };
    expect(await failureOf(send())).toMatchObject({ retryable: true });
    standIn.behaviour = { kind: 'refuse', code: 131026, message: 'Message undeliverable' };
    const refused = await failureOf(send());
    expect(refused).toMatchObject({ retryable: false, status: 400 });
    expect(refused.message).toContain('Message undeliverable');
    const wrongToken = await failureOf(
      sendWhatsAppTemplate(
        { ...settings(), accessToken: 'stale' },
        message,
        AbortSignal.timeout(2000),
      ),
    );
    expect(wrongToken).toMatchObject({ retryable: false, status: 401 });
  });
});

interface WebhookBody {
  entry: { changes: { value: { statuses: unknown[]; messages?: unknown[] } }[] }[];
}
const parse = (body: string) => JSON.parse(body) as WebhookBody;

describe('the WhatsApp webhook', () => {
  const standIn = new WhatsAppStandIn();

  it('answers the subscription handshake only with our verify token', () => {
    const query = {
      'hub.mode': 'subscribe',
      'hub.verify_token': 'our-token',
      'hub.challenge': '1158201444',
    };
    expect(verificationChallenge(query, 'our-token')).toBe('1158201444');
    expect(
      verificationChallenge({ ...query, 'hub.verify_token': 'our-tokeN' }, 'our-token'),
    ).toBeNull();
    expect(verificationChallenge({ ...query, 'hub.mode': 'unsubscribe' }, 'our-token')).toBeNull();
    expect(
      verificationChallenge({ ...query, 'hub.challenge': '<script>' }, 'our-token'),
    ).toBeNull();
  });

  it('takes a body signed with the app secret, byte for byte, and nothing else', () => {
    const { body, signature } = standIn.statusWebhook('wamid.x1', 'delivered');
    expect(signatureIsValid(standIn.appSecret, Buffer.from(body), signature)).toBe(true);
    expect(signatureIsValid(standIn.appSecret, Buffer.from(`${body} `), signature)).toBe(false);
    expect(signatureIsValid('another-secret', Buffer.from(body), signature)).toBe(false);
    expect(signatureIsValid(standIn.appSecret, Buffer.from(body), undefined)).toBe(false);
    expect(signatureIsValid(standIn.appSecret, Buffer.from(body), signature.slice(0, -2))).toBe(
      false,
    );
    expect(
      signatureIsValid(standIn.appSecret, Buffer.from(body), signature.replace('sha256=', 'sha1=')),
    ).toBe(false);
  });

  it('reads delivery statuses and button replies, passing over what it does not follow', () => {
    const at = new Date('2026-12-01T06:00:00.000Z');
    const delivered = parse(standIn.statusWebhook('wamid.x1', 'delivered', at).body);
    expect(readWebhook(delivered)).toEqual({
      statuses: [{ providerMessageId: 'wamid.x1', status: 'delivered', at, error: null }],
      replies: [],
    });
    const failed = readWebhook(parse(standIn.statusWebhook('wamid.x2', 'failed', at).body));
    expect(failed?.statuses[0]).toMatchObject({ status: 'failed', error: 'Message undeliverable' });
    const reply = readWebhook(parse(standIn.replyWebhook('wamid.x1', 'confirm:abc', at).body));
    expect(reply?.replies[0]?.replyId).toMatch(/^wamid\.reply/);
    expect(reply?.replies).toEqual([
      {
        replyId: reply?.replies[0]?.replyId,
        inReplyTo: 'wamid.x1',
        from: '+254712345678',
        payload: 'confirm:abc',
        text: null,
        at,
      },
    ]);
    const typed = readWebhook(parse(standIn.textWebhook('Yes', null, at).body));
    expect(typed?.replies).toEqual([
      expect.objectContaining({ inReplyTo: null, payload: null, text: 'Yes' }),
    ]);
    const mixed = parse(standIn.statusWebhook('wamid.x3', 'deleted', at).body);
    const value = mixed.entry[0]!.changes[0]!.value;
    value.statuses.push({
      id: 'wamid.x4',
      status: 'read',
      timestamp: 'soon',
    });
    value.messages = [{ id: 'wamid.i', timestamp: '1', type: 'image', image: { id: '1' } }];
    expect(readWebhook(mixed)).toEqual({ statuses: [], replies: [] });
    expect(readWebhook({ object: 'page', entry: [] })).toBeNull();
    expect(readWebhook('nonsense')).toBeNull();
  });
});
