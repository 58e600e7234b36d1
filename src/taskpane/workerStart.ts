/**
 * Where the web page's worker starts. The page's first message (WorkerStart) names the polyfill
 * script where the engine lacks built-ins the code calls (taskpane.html's bootstrap decided so for
 * the page); it is loaded with importScripts before any of the worker's own modules run, which is
 * why those (worker.ts and all it imports) come in with a dynamic import afterwards. Requests that
 * arrive in the meantime are handed to worker.ts in the order they came.
 */
import type { WorkerStart } from './web/protocol';

const scope = self as unknown as DedicatedWorkerGlobalScope;
const waiting: MessageEvent[] = [];

scope.onmessage = (event: MessageEvent<WorkerStart>) => {
  scope.onmessage = (later: MessageEvent) => void waiting.push(later);
  const { polyfills } = event.data;
  if (polyfills) scope.importScripts(polyfills);
  import(/* webpackChunkName: "worker-main" */ './worker').then(
    () => {
      // worker.ts has put its own handler in place.
      for (const request of waiting.splice(0)) scope.onmessage?.call(scope, request);
    },
    (e: unknown) => {
      // Thrown outside the promise, so that the page hears of it (the worker's error event).
      setTimeout(() => {
        throw e;
      });
    },
  );
};
