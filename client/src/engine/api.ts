import {
  compactPullFormat,
  compactPullAnswer,
  deviceListResponseSchema,
  maxCompactPullLimit,
  maxPullLimit,
  pullResponseOfCompact,
  reminderChannelsResponseSchema,
  deviceRevokedResponseSchema,
  errorBodySchema,
  liveMessageSchema,
  pullResponseSchema,
  pushResponseSchema,
  passwordChangeResponseSchema,
  passwordResetResponseSchema,
  sessionResponseSchema,
  staffAccountResponseSchema,
  storedFileSchema,
  type ErrorBody,
  type PullResponse,
  type PushedCommand,
  type SessionResponse,
  type StoredFile,
} from '@mymedic/shared';

export type { KnownDevice, StoredFile } from '@mymedic/shared';

/** A failed request: `status` 0 means the server could not be reached at all. */
export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly body: ErrorBody | null,
  ) {
    super(
      body?.message ??
        (status === 0 ? 'The server cannot be reached' : `The server answered ${status}`),
    );
  }
}

/** A contract schema (zod's), as far as checking an answer needs it. */
interface AnswerSchema<Answer> {
  safeParse(
    input: unknown,
  ): { success: true; data: Answer } | { success: false; error: { issues: readonly unknown[] } };
}

/** For an answer with nothing in it to read (a sign-out's). */
const anything: AnswerSchema<unknown> = { safeParse: (input) => ({ success: true, data: input }) };

/** The server's words for a refusal: `{ error: { code, message, details? } }`. */
async function errorBodyOf(response: Response): Promise<ErrorBody | null> {
  try {
    const answer: unknown = await response.json();
    if (typeof answer !== 'object' || answer === null || !('error' in answer)) return null;
    const parsed = errorBodySchema.safeParse(answer.error);
    return parsed.success ? parsed.data : null;
  } catch {
    // Not our JSON: a proxy's error page, say.
    return null;
  }
}

/**
 * An answer checked against the contract's schema. One that does not match (a server of
 * another version, a proxy answering in its stead) is an ApiError `unexpected_answer`,
 * never data the device would store.
 */
export function parseAnswer<Answer>(
  schema: AnswerSchema<Answer>,
  answer: unknown,
  status: number,
  what: string,
): Answer {
  const parsed = schema.safeParse(answer);
  if (parsed.success) return parsed.data;
  throw new ApiError(status, {
    code: 'unexpected_answer',
    message: `The server's answer to ${what} is not what this app expects`,
    details: { issues: parsed.error.issues.slice(0, 5) },
  });
}

/** Reads a body; a connection lost halfway is the same as no answer at all. */
async function readBody<T>(read: () => Promise<T>): Promise<T> {
  try {
    return await read();
  } catch {
    throw new ApiError(0, null);
  }
}

export interface Credentials {
  token: string;
  refresh_token: string;
}

/**
 * The sync server as the device sees it. An expired access token is refreshed once,
 * without bothering the user; `onTokens` stores the rotated pair.
 */
export class SyncApi {
  /** The server refused the compact page format: it predates it. */
  private firstPageFormatOnly = false;

  constructor(
    private readonly baseUrl: string,
    private credentials: Credentials | null,
    private readonly onTokens: (session: SessionResponse) => void = () => undefined,
    private readonly fetcher: typeof fetch = (...args) => fetch(...args),
    /** Events per pulled page: the compact format's largest, unless a test asks fewer. */
    private readonly pullPageSize: number = maxCompactPullLimit,
  ) {}

  setCredentials(credentials: Credentials | null) {
    this.credentials = credentials;
  }

  /**
   * One request, with the access token refreshed once if it has expired; any answer but
   * a 2xx is an ApiError carrying the server's error body.
   */
  private async request(
    method: string,
    path: string,
    init: { headers?: Record<string, string>; body?: BodyInit } = {},
    authenticated = true,
    retried = false,
  ): Promise<Response> {
    let response: Response;
    try {
      response = await this.fetcher(`${this.baseUrl}${path}`, {
        method,
        headers: {
          ...init.headers,
          ...(authenticated && this.credentials
            ? { authorization: `Bearer ${this.credentials.token}` }
            : {}),
        },
        body: init.body ?? null,
      });
    } catch {
      throw new ApiError(0, null);
    }
    if (response.status === 401 && authenticated && !retried && this.credentials) {
      await this.refresh();
      return this.request(method, path, init, authenticated, true);
    }
    if (!response.ok) throw new ApiError(response.status, await errorBodyOf(response));
    return response;
  }

  /** A JSON request whose answer must match `schema`. */
  private async send<Answer>(
    schema: AnswerSchema<Answer>,
    method: string,
    path: string,
    body?: unknown,
    authenticated = true,
  ): Promise<Answer> {
    const response = await this.request(
      method,
      path,
      body === undefined
        ? {}
        : { headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) },
      authenticated,
    );
    const text = await readBody(() => response.text());
    let answer: unknown;
    try {
      answer = text ? JSON.parse(text) : null;
    } catch {
      answer = text;
    }
    return parseAnswer(schema, answer, response.status, `${method} ${path.split('?')[0]}`);
  }

  async refresh() {
    if (!this.credentials) throw new ApiError(401, null);
    const session = await this.send(
      sessionResponseSchema,
      'POST',
      '/auth/refresh',
      { refresh_token: this.credentials.refresh_token },
      false,
    );
    this.credentials = { token: session.token, refresh_token: session.refresh_token };
    this.onTokens(session);
  }

  /** `newPassword` replaces the password at this sign-in (required after an admin's reset). */
  login(email: string, password: string, deviceId: string, newPassword?: string) {
    return this.send(
      sessionResponseSchema,
      'POST',
      '/auth/login',
      {
        email,
        password,
        device_id: deviceId,
        ...(newPassword === undefined ? {} : { new_password: newPassword }),
      },
      false,
    );
  }

  /** The signed-in person's new password: their other sessions end, this one goes on. */
  changePassword(currentPassword: string, newPassword: string) {
    return this.send(passwordChangeResponseSchema, 'POST', '/auth/password', {
      current_password: currentPassword,
      new_password: newPassword,
    });
  }

  /** An admin resets a colleague's password: the temporary one is in this answer only. */
  resetPassword(userId: string) {
    return this.send(
      passwordResetResponseSchema,
      'POST',
      `/users/${encodeURIComponent(userId)}/password-reset`,
    );
  }

  signup(body: unknown) {
    return this.send(sessionResponseSchema, 'POST', '/auth/signup', body, false);
  }

  /**
   * An admin adds a member of staff: online only, since the password never syncs. Without
   * a password the answer holds a temporary one, to be changed at the first sign-in.
   */
  addStaff(body: { email: string; full_name: string; roles: string[]; password?: string }) {
    return this.send(staffAccountResponseSchema, 'POST', '/users', body);
  }

  /** The organisation's devices and their sessions: online only, for an admin. */
  devices() {
    return this.send(deviceListResponseSchema, 'GET', '/devices');
  }

  /** The reminder channels the server can send on: online only. */
  reminderChannels() {
    return this.send(reminderChannelsResponseSchema, 'GET', '/reminders/channels');
  }

  /** An admin reports a tablet lost: its sessions end on the server at once. */
  revokeDevice(deviceId: string) {
    return this.send(
      deviceRevokedResponseSchema,
      'POST',
      `/devices/${encodeURIComponent(deviceId)}/revoke`,
      {},
    );
  }

  logout(refreshToken: string) {
    return this.send(anything, 'POST', '/auth/logout', { refresh_token: refreshToken }, false);
  }

  /** Sends exactly the protocol's fields of each command, whatever else the device keeps. */
  push(deviceId: string, commands: PushedCommand[]) {
    return this.send(pushResponseSchema, 'POST', '/sync/push', {
      device_id: deviceId,
      commands: commands.map((command) => ({
        command_id: command.command_id,
        client_seq: command.client_seq,
        type: command.type,
        aggregate_type: command.aggregate_type,
        aggregate_id: command.aggregate_id,
        expected_version: command.expected_version,
        payload: command.payload,
        issued_at: command.issued_at,
        events: command.events,
      })),
    });
  }

  /**
   * A page of the log in the compact format: large pages, streamed by the server and
   * compressed on the wire, so that a first sync over a slow, distant line waits on few
   * round trips (docs/protocol.md). A server from before that format refuses the query
   * (400); it is then asked for pages of the first format, as far as they go.
   */
  async pull(after: number, limit: number = this.pullPageSize): Promise<PullResponse> {
    if (!this.firstPageFormatOnly) {
      try {
        const page = await this.send(
          compactPullAnswer,
          'GET',
          `/sync/pull?after=${after}&limit=${limit}&format=${compactPullFormat}`,
        );
        return pullResponseOfCompact(page);
      } catch (error) {
        if (!(error instanceof ApiError && error.status === 400)) throw error;
        this.firstPageFormatOnly = true;
      }
    }
    return this.send(
      pullResponseSchema,
      'GET',
      `/sync/pull?after=${after}&limit=${Math.min(limit, maxPullLimit)}`,
    );
  }

  /**
   * Uploads a document's bytes under their SHA-256. The server checks them against the
   * digest; 201 when it stores them, 200 when it already had them.
   */
  async putFile(sha256: string, file: Blob, mimeType: string): Promise<StoredFile> {
    const response = await this.request('PUT', `/files/${sha256}`, {
      headers: { 'content-type': mimeType },
      body: file,
    });
    return parseAnswer(
      storedFileSchema,
      await readBody(() => response.json()),
      response.status,
      'an upload',
    );
  }

  /** A document's bytes as the server answers them: the caller checks the digest. */
  async getFile(sha256: string): Promise<Blob> {
    const response = await this.request('GET', `/files/${sha256}`);
    return readBody(() => response.blob());
  }

  /** The live stream: calls onHead for every head the server announces, until aborted. */
  async live(onHead: (head: number) => void, signal: AbortSignal) {
    if (!this.credentials) throw new ApiError(401, null);
    const response = await this.fetcher(`${this.baseUrl}/sync/live`, {
      headers: { authorization: `Bearer ${this.credentials.token}` },
      signal,
    });
    if (!response.ok || !response.body) throw new ApiError(response.status, null);
    const reader = response.body.getReader();
    const decoder = new TextDecoder();
    let buffer = '';
    for (;;) {
      const { value, done } = await reader.read();
      if (done) return;
      buffer += decoder.decode(value, { stream: true });
      let boundary: number;
      while ((boundary = buffer.indexOf('\n\n')) >= 0) {
        const message = buffer.slice(0, boundary);
        buffer = buffer.slice(boundary + 2);
        const data = message.split('\n').find((line) => line.startsWith('data: '));
        if (data)
          onHead(
            parseAnswer(liveMessageSchema, JSON.parse(data.slice(6)), 200, 'the live stream').head,
          );
      }
    }
  }
}
