import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadConfig } from './config';
import { makeCertificate, type CertificateFiles } from './tls/certificate';

let folder: string;
let files: CertificateFiles;
let otherFiles: CertificateFiles;
beforeAll(async () => {
  folder = mkdtempSync(join(tmpdir(), 'mymedic-config-'));
  files = (await makeCertificate({ directory: join(folder, 'tls'), subjects: ['clinic.local'] }))
    .files;
  otherFiles = (
    await makeCertificate({ directory: join(folder, 'other'), subjects: ['clinic.local'] })
  ).files;
});
afterAll(() => rmSync(folder, { recursive: true, force: true }));

const load = (settings: Record<string, string>) =>
  loadConfig({ DATA_DIR: folder, JWT_SECRET: 'x'.repeat(40), ...settings });

describe('TLS_CERT and TLS_KEY', () => {
  it('serve plain HTTP when neither is set (or both are empty)', () => {
    expect(load({}).tls).toBeNull();
    expect(load({ TLS_CERT: '', TLS_KEY: '' }).tls).toBeNull();
  });

  it('read the certificate and its key when both are set', () => {
    const { tls } = load({ TLS_CERT: files.certificate, TLS_KEY: files.key });
    expect(tls).toMatchObject({ certificateFile: files.certificate, keyFile: files.key });
    expect(tls!.certificate).toContain('BEGIN CERTIFICATE');
    expect(tls!.key).toContain('BEGIN PRIVATE KEY');
    expect(tls!.validTo.getTime()).toBeGreaterThan(Date.now());
  });

  it('need each other', () => {
    expect(() => load({ TLS_CERT: files.certificate })).toThrow(
      'TLS_KEY: required with TLS_CERT (set both to serve HTTPS, or neither)',
    );
    expect(() => load({ TLS_KEY: files.key })).toThrow('TLS_CERT: required with TLS_KEY');
  });

  it('name the setting whose file is missing or unreadable', () => {
    const missing = join(folder, 'nowhere.crt');
    expect(() => load({ TLS_CERT: missing, TLS_KEY: files.key })).toThrow(
      `TLS_CERT: cannot read ${missing} (no such file)`,
    );
    expect(() => load({ TLS_CERT: files.certificate, TLS_KEY: folder })).toThrow(
      `TLS_KEY: cannot read ${folder} (a folder, not a file)`,
    );
  });

  it('refuse files that are not a certificate and a key', () => {
    const junk = join(folder, 'junk.pem');
    writeFileSync(junk, 'not a certificate');
    expect(() => load({ TLS_CERT: junk, TLS_KEY: files.key })).toThrow(
      `TLS_CERT: ${junk} is not a PEM certificate`,
    );
    expect(() => load({ TLS_CERT: files.certificate, TLS_KEY: junk })).toThrow(
      `TLS_KEY: ${junk} is not an unencrypted PEM private key`,
    );
    // The two swapped.
    expect(() => load({ TLS_CERT: files.key, TLS_KEY: files.certificate })).toThrow(
      /TLS_CERT: .* is not a PEM certificate\n {2}TLS_KEY: .* is not an unencrypted PEM private key/,
    );
  });

  it('refuse a key that is not the certificate’s', () => {
    expect(() => load({ TLS_CERT: files.certificate, TLS_KEY: otherFiles.key })).toThrow(
      `TLS_KEY: ${otherFiles.key} is not the private key of the certificate ${files.certificate}`,
    );
  });
});

describe('reminder channels', () => {
  it('are absent unless configured, and the sender runs by default', () => {
    const { reminders } = load({});
    expect(reminders).toMatchObject({ runSender: true, smtp: null, sms: null, maxAttempts: 5 });
  });

  it('read SMTP and the SMS gateway when complete', () => {
    const { reminders } = load({
      SMTP_HOST: 'mail.clinic.local',
      SMTP_PORT: '465',
      SMTP_USER: 'clinic',
      SMTP_PASSWORD: 'secret',
      SMTP_FROM: 'reminders@clinic.local',
      SMS_GATEWAY_URL: 'https://sms.example/messages',
      SMS_GATEWAY_TOKEN: 'token',
    });
    expect(reminders.smtp).toMatchObject({
      port: 465,
      secure: true,
      from: 'reminders@clinic.local',
    });
    expect(reminders.sms).toEqual({
      url: 'https://sms.example/messages',
      token: 'token',
      senderId: null,
    });
  });

  it('name the setting that is missing or wrong', () => {
    expect(() => load({ SMTP_HOST: 'mail.clinic.local' })).toThrow(
      'SMTP_FROM: required with SMTP_HOST',
    );
    expect(() => load({ SMTP_FROM: 'a@b.example' })).toThrow('SMTP_HOST: required with SMTP_FROM');
    expect(() => load({ SMTP_HOST: 'h', SMTP_FROM: 'a@b.example', SMTP_USER: 'u' })).toThrow(
      'SMTP_PASSWORD: required with SMTP_USER',
    );
    expect(() => load({ SMS_GATEWAY_URL: 'https://sms.example' })).toThrow(
      'SMS_GATEWAY_TOKEN: required with SMS_GATEWAY_URL',
    );
    expect(() => load({ SMS_GATEWAY_URL: 'ftp://sms.example', SMS_GATEWAY_TOKEN: 't' })).toThrow(
      'SMS_GATEWAY_URL: SMS_GATEWAY_URL must be an http(s) URL',
    );
    expect(() => load({ SMTP_PORT: 'many' })).toThrow('SMTP_PORT: SMTP_PORT must be a port number');
  });

  const whatsApp = {
    WHATSAPP_PHONE_NUMBER_ID: '104000000000001',
    WHATSAPP_ACCESS_TOKEN: 'EAAG-access-token',
    WHATSAPP_APP_SECRET: '0123456789abcdef0123',
    WHATSAPP_VERIFY_TOKEN: 'verify-token-of-hillside',
  };

  it('read WhatsApp when all four settings are given, with the Graph API by default', () => {
    expect(load(whatsApp).reminders.whatsapp).toEqual({
      apiUrl: 'https://graph.facebook.com/v21.0',
      phoneNumberId: '104000000000001',
      accessToken: 'EAAG-access-token',
      appSecret: '0123456789abcdef0123',
      verifyToken: 'verify-token-of-hillside',
    });
    expect(load({}).reminders.whatsapp).toBeNull();
  });

  it("send portal codes by WhatsApp only once the portal's template is named", () => {
    expect(load(whatsApp).portal.whatsapp).toBeNull();
    expect(load({ ...whatsApp, PORTAL_WHATSAPP_TEMPLATE: 'portal_code' }).portal.whatsapp).toEqual({
      apiUrl: 'https://graph.facebook.com/v21.0',
      phoneNumberId: '104000000000001',
      accessToken: 'EAAG-access-token',
      template: 'portal_code',
      language: 'en',
    });
    expect(() => load({ PORTAL_WHATSAPP_TEMPLATE: 'portal_code' })).toThrow(
      'WHATSAPP_PHONE_NUMBER_ID: required with PORTAL_WHATSAPP_TEMPLATE',
    );
  });

  it('name the WhatsApp setting that is missing or wrong', () => {
    const { WHATSAPP_APP_SECRET: _secret, ...withoutSecret } = whatsApp;
    expect(() => load(withoutSecret)).toThrow(
      'WHATSAPP_APP_SECRET: required with WHATSAPP_PHONE_NUMBER_ID',
    );
    expect(() => load({ WHATSAPP_VERIFY_TOKEN: whatsApp.WHATSAPP_VERIFY_TOKEN })).toThrow(
      'WHATSAPP_ACCESS_TOKEN: required with WHATSAPP_VERIFY_TOKEN',
    );
    expect(() => load({ ...whatsApp, WHATSAPP_PHONE_NUMBER_ID: '+254700000000' })).toThrow(
      "WHATSAPP_PHONE_NUMBER_ID: WHATSAPP_PHONE_NUMBER_ID must be the number's id from Meta",
    );
    expect(() => load({ ...whatsApp, WHATSAPP_VERIFY_TOKEN: 'short' })).toThrow(
      'WHATSAPP_VERIFY_TOKEN must be 16 to 200',
    );
    expect(() => load({ ...whatsApp, WHATSAPP_API_URL: 'graph.facebook.com' })).toThrow(
      'WHATSAPP_API_URL must be an http(s) URL',
    );
  });

  it("honour the fault suite's clock and lease settings in test mode only", () => {
    for (const setting of [
      'REMINDER_TEST_CLOCK_OFFSET_SECONDS',
      'REMINDER_TEST_LEASE_MARGIN_SECONDS',
    ])
      expect(() => load({ NODE_ENV: 'production', [setting]: '5' })).toThrow(
        `${setting}: only honoured with NODE_ENV=test`,
      );
    expect(
      load({
        NODE_ENV: 'test',
        REMINDER_TEST_CLOCK_OFFSET_SECONDS: '18000',
        REMINDER_TEST_LEASE_MARGIN_SECONDS: '0.5',
        REMINDER_SENDER_INTERVAL_SECONDS: '0.2',
      }).reminders,
    ).toMatchObject({ senderClockOffsetMs: 18_000_000, leaseMarginMs: 500, intervalMs: 200 });
    expect(load({}).reminders).toMatchObject({
      senderClockOffsetMs: 0,
      leaseMarginMs: 30_000,
      intervalMs: 5000,
    });
  });
});
