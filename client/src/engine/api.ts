import type {
  ErrorBody,
  PullResponse,
  PushedCommand,
  PushResponse,
  SessionResponse,
} from '@mymedic/shared';

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

/** The server's answer to an upload of a document's bytes. */
export interface StoredFile {
  sha256: string;
  mime_type: string;
  size_bytes: number;
}

async function errorBodyOf(response: Response): Promise<ErrorBody | null> {
  try {
    return ((await response.json()) as { error?: ErrorBody } | null)?.error ?? null;
  } catch {
    // Not our JSON: a proxy's error page, say.
    return null;
  }
}

/** Reads a body; a connection lost halfway is the same as no answer at all. */
async function readBody<T>(read: () => Promise<T>): Promise<T> {
  try {
    return await read();
  } catch {
    throw new ApiError(0, null);
  }
}

/** A device of the organisation, as its sessions tell the server. */
export interface KnownDevice {
  device_id: string;
  people: { user_id: string; full_name: string }[];
  last_signed_in_at: string;
  live_sessions: number;
  revoked_at: string | null;
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
  constructor(
    private readonly baseUrl: string,
    private credentials: Credentials | null,
    private readonly onTokens: (session: SessionResponse) => void = () => undefined,
    private readonly fetcher: typeof fetch = (...args) => fetch(...args),
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

  private async send<T>(
    method: string,
    path: string,
    body?: unknown,
    authenticated = true,
  ): Promise<T> {
    const response = await this.request(
      method,
      path,
      body === undefined
        ? {}
        : { headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) },
      authenticated,
    );
    const text = await response.text();
    return (text ? JSON.parse(text) : null) as T;
  }

  async refresh() {
    if (!this.credentials) throw new ApiError(401, null);
    const session = await this.send<SessionResponse>(
      'POST',
      '/auth/refresh',
      { refresh_token: this.credentials.refresh_token },
      false,
    );
    this.credentials = { token: session.token, refresh_token: session.refresh_token };
    this.onTokens(session);
  }

  login(email: string, password: string, deviceId: string) {
    return this.send<SessionResponse>(
      'POST',
      '/auth/login',
      { email, password, device_id: deviceId },
      false,
    );
  }

  signup(body: unknown) {
    return this.send<SessionResponse>('POST', '/auth/signup', body, false);
  }

  /** An admin adds a member of staff: online only, since the password never syncs. */
  addStaff(body: { email: string; full_name: string; roles: string[]; password: string }) {
    return this.send<{ user_id: string }>('POST', '/users', body);
  }

  /** The organisation's devices and their sessions: online only, for an admin. */
  devices() {
    return this.send<{ devices: KnownDevice[]; this_device: string }>('GET', '/devices');
  }

  /** An admin reports a tablet lost: its sessions end on the server at once. */
  revokeDevice(deviceId: string) {
    return this.send<{ device_id: string; sessions_ended: number }>(
      'POST',
      `/devices/${encodeURIComponent(deviceId)}/revoke`,
      {},
    );
  }

  logout(refreshToken: string) {
    return this.send<null>('POST', '/auth/logout', { refresh_token: refreshToken }, false);
  }

  /** Sends exactly the protocol's fields of each command, whatever else the device keeps. */
  push(deviceId: string, commands: PushedCommand[]) {
    return this.send<PushResponse>('POST', '/sync/push', {
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

  pull(after: number, limit = 1000) {
    return this.send<PullResponse>('GET', `/sync/pull?after=${after}&limit=${limit}`);
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
    return (await readBody(() => response.json())) as StoredFile;
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
        if (data) onHead((JSON.parse(data.slice(6)) as { head: number }).head);
      }
    }
  }
}
