/**
 * What jsdom lacks and the pane's code uses, installed on import (import it before src/xlsx, whose
 * zip guard makes a TextDecoder when loaded): TextEncoder/TextDecoder for ExcelJS and the guard,
 * a ResizeObserver for Fluent's MessageBar.
 */
import { TextDecoder, TextEncoder } from 'util';

Object.assign(globalThis, { TextEncoder, TextDecoder });
if (!globalThis.ResizeObserver) {
  Object.assign(globalThis, {
    ResizeObserver: class {
      observe(): void {}
      unobserve(): void {}
      disconnect(): void {}
    },
  });
}
if (!globalThis.setImmediate) Object.assign(globalThis, { setImmediate: (f: () => void) => setTimeout(f, 0) });
