/**
 * taskpane.html loads Office.js for the Excel host. Opened in a plain browser, Office.js still
 * starts its logger, which after 3 seconds loads a hidden iframe from
 * https://telemetryservice.firstpartyapps.oaspapps.com/… (o15apptofilemappingtable.js: the
 * logger's ulsEndpoint calls loadProxyFrame from a timer). The web page promises that nothing
 * leaves its origin, so in web mode that endpoint is made inert, whether the logger already exists
 * or is created later.
 */
interface UlsEndpoint {
  loadProxyFrame?: () => void;
}

type Bag = Record<string, unknown>;

const noop = (): void => undefined;

function quiet(endpoint: unknown): void {
  if (endpoint && typeof endpoint === 'object') (endpoint as UlsEndpoint).loadProxyFrame = noop;
}

/** Makes `owner[key]` pass every value it is given through `onSet` first. */
function trap(owner: Bag, key: string, onSet: (v: unknown) => void): void {
  let stored = owner[key];
  onSet(stored);
  try {
    Object.defineProperty(owner, key, {
      configurable: true,
      enumerable: true,
      get: () => stored,
      set: (v: unknown) => {
        onSet(v);
        stored = v;
      },
    });
  } catch {
    // A frozen object: the value seen now has been handled.
  }
}

let done = false;

/** Stops Office.js from contacting Microsoft's telemetry service; call only when no Office host is present. */
export function keepOfficeJsQuiet(): void {
  if (done || typeof window === 'undefined') return;
  const osf = (window as unknown as { OSF?: Bag }).OSF;
  if (!osf || typeof osf !== 'object') return;
  done = true;
  trap(osf, 'Logger', (logger) => {
    if (logger && typeof logger === 'object') trap(logger as Bag, 'ulsEndpoint', quiet);
  });
}
