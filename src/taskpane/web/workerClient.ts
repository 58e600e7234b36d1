/**
 * The page's side of the worker: one typed call per request, answered by a promise, with progress
 * on a callback. The worker is started once, on first use.
 */
import type { Progress, RequestType, WorkerApi, WorkerRequest, WorkerResponse, WorkerStart } from './protocol';

interface Pending {
  resolve: (v: unknown) => void;
  reject: (e: Error) => void;
  onProgress?: (p: Progress) => void;
}

export class WorkerError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'WorkerError';
  }
}

/** The polyfill script taskpane.html's bootstrap loaded in this page (where the engine lacks built-ins), as an absolute address. */
function polyfillScript(): string | null {
  const src = (window as { jinduPolyfills?: string }).jinduPolyfills;
  return src ? new URL(src, document.baseURI).href : null;
}

const START_FAILED =
  '后台处理线程无法启动：请通过网页服务器打开本页面（例如 http://内网地址/jindu/taskpane.html），不能直接双击打开 HTML 文件。';

export class WorkerClient {
  private worker: Worker | undefined;
  private nextId = 1;
  private readonly pending = new Map<number, Pending>();

  private start(): Worker {
    if (this.worker) return this.worker;
    let worker: Worker;
    try {
      worker = new Worker(/* webpackChunkName: "worker" */ new URL('../workerStart.ts', import.meta.url));
    } catch {
      throw new WorkerError(START_FAILED);
    }
    // The same engine runs the worker: it needs the polyfills where the page did.
    const start: WorkerStart = { kind: 'start', polyfills: polyfillScript() };
    worker.postMessage(start);
    worker.onmessage = (event: MessageEvent<WorkerResponse>) => {
      const msg = event.data;
      const p = this.pending.get(msg.id);
      if (!p) return;
      if (msg.kind === 'progress') p.onProgress?.(msg.progress);
      else {
        this.pending.delete(msg.id);
        if (msg.kind === 'result') p.resolve(msg.result);
        else p.reject(new WorkerError(msg.message));
      }
    };
    worker.onerror = (event) => {
      event.preventDefault();
      this.failAll(event.message ? `后台处理出错：${event.message}` : START_FAILED);
    };
    this.worker = worker;
    return worker;
  }

  private failAll(message: string): void {
    for (const p of this.pending.values()) p.reject(new WorkerError(message));
    this.pending.clear();
    this.worker?.terminate();
    this.worker = undefined;
  }

  call<K extends RequestType>(
    type: K,
    payload: WorkerApi[K]['payload'],
    onProgress?: (p: Progress) => void,
  ): Promise<WorkerApi[K]['result']> {
    return new Promise((resolve, reject) => {
      let worker: Worker;
      try {
        worker = this.start();
      } catch (e) {
        reject(e instanceof Error ? e : new WorkerError(START_FAILED));
        return;
      }
      const id = this.nextId++;
      this.pending.set(id, { resolve: resolve as (v: unknown) => void, reject, onProgress });
      const req: WorkerRequest<K> = { id, type, payload };
      worker.postMessage(req);
    });
  }
}

/** The page's one worker. */
export const workerClient = new WorkerClient();
