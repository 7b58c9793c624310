import { EventEmitter } from 'node:events';

/**
 * Tells live connections that a hospital's head moved. Published after commit, never
 * inside the append transaction. One process: an in-memory emitter. Several processes
 * on one PostgreSQL would relay it through LISTEN/NOTIFY, not built yet (docs/decisions.md,
 * "Head notifications are in-process").
 */
export class HeadNotifier {
  private readonly emitter = new EventEmitter();

  constructor() {
    this.emitter.setMaxListeners(0);
  }

  publish(hospitalId: string, head: number) {
    this.emitter.emit(hospitalId, head);
  }

  subscribe(hospitalId: string, listener: (head: number) => void): () => void {
    this.emitter.on(hospitalId, listener);
    return () => this.emitter.off(hospitalId, listener);
  }

  listenerCount(hospitalId: string) {
    return this.emitter.listenerCount(hospitalId);
  }
}
