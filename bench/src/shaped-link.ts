import net from 'node:net';

export interface LinkShape {
  /** Each way, like a line's rated speed: 1,000,000 for 1 Mbit/s. */
  bitsPerSecond: number;
  /** Added to each direction: half the round trip. */
  oneWayDelayMs: number;
}

export interface ShapedLink {
  url: string;
  /** Bytes carried so far, as TCP payload: the HTTP heads and bodies as sent. */
  bytes: { up: number; down: number };
  close(): Promise<void>;
}

/**
 * The largest piece the link sends at once: about an Ethernet frame's payload, so that a
 * large write arrives as a stream over its transfer time, not in one lump at its end.
 */
const segmentBytes = 1448;

/**
 * One direction of the link: a queue of segments, each leaving when the line has carried
 * the ones before it (bitsPerSecond) and arriving oneWayDelayMs later, in order.
 */
class Lane {
  private lineFreeAt = 0;
  /** A null piece is the sender's end (FIN), passed on after what it sent before. */
  private readonly queue: { at: number; data: Buffer | null }[] = [];
  private timer: ReturnType<typeof setTimeout> | null = null;

  constructor(
    private readonly shape: LinkShape,
    private readonly deliver: (data: Buffer) => void,
    private readonly count: (bytes: number) => void,
    private readonly finish: () => void,
  ) {}

  end() {
    this.queue.push({
      at: Math.max(performance.now(), this.lineFreeAt) + this.shape.oneWayDelayMs,
      data: null,
    });
    this.schedule();
  }

  send(data: Buffer) {
    for (let start = 0; start < data.length; start += segmentBytes) {
      const segment = data.subarray(start, start + segmentBytes);
      const leaves = Math.max(performance.now(), this.lineFreeAt);
      this.lineFreeAt = leaves + (segment.length * 8 * 1000) / this.shape.bitsPerSecond;
      this.queue.push({ at: this.lineFreeAt + this.shape.oneWayDelayMs, data: segment });
    }
    this.schedule();
  }

  stop() {
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
    this.queue.length = 0;
  }

  private schedule() {
    if (this.timer || this.queue.length === 0) return;
    const wait = Math.max(0, this.queue[0]!.at - performance.now());
    this.timer = setTimeout(() => {
      this.timer = null;
      const now = performance.now();
      while (this.queue.length > 0 && this.queue[0]!.at <= now) {
        const { data } = this.queue.shift()!;
        if (data === null) {
          this.finish();
          continue;
        }
        this.count(data.length);
        this.deliver(data);
      }
      this.schedule();
    }, wait);
  }
}

/**
 * A TCP proxy in front of `target` shaped like a slow, distant line: each direction
 * limited to `bitsPerSecond` and delayed by `oneWayDelayMs`, so no root and no `tc`.
 * Everything between the device and the server passes through it, heads and bodies.
 */
export async function startShapedLink(
  target: { host: string; port: number },
  listenPort: number,
  shape: LinkShape,
): Promise<ShapedLink> {
  const bytes = { up: 0, down: 0 };
  const sockets = new Set<net.Socket>();
  const server = net.createServer({ allowHalfOpen: true }, (device) => {
    const upstream = net.connect({ ...target, allowHalfOpen: true });
    sockets.add(device);
    sockets.add(upstream);
    device.setNoDelay(true);
    upstream.setNoDelay(true);
    const up = new Lane(
      shape,
      (data) => upstream.destroyed || upstream.write(data),
      (count) => (bytes.up += count),
      () => upstream.end(),
    );
    const down = new Lane(
      shape,
      (data) => device.destroyed || device.write(data),
      (count) => (bytes.down += count),
      () => device.end(),
    );
    device.on('data', (data: Buffer) => up.send(data));
    upstream.on('data', (data: Buffer) => down.send(data));
    // A side that finishes sending is passed on once what it sent has crossed the line.
    device.on('end', () => up.end());
    upstream.on('end', () => down.end());
    const end = () => {
      up.stop();
      down.stop();
      device.destroy();
      upstream.destroy();
      sockets.delete(device);
      sockets.delete(upstream);
    };
    // Closed at both ends, or failed: nothing more can cross.
    let closed = 0;
    const closing = () => (closed += 1) === 2 && end();
    device.on('close', closing);
    upstream.on('close', closing);
    device.on('error', end);
    upstream.on('error', end);
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(listenPort, '127.0.0.1', resolve);
  });
  return {
    url: `http://127.0.0.1:${listenPort}`,
    bytes,
    async close() {
      for (const socket of sockets) socket.destroy();
      await new Promise((resolve) => server.close(resolve));
    },
  };
}
