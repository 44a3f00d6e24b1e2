// The hand-written declarations (web/types, shipped as web/dist/*.d.ts) against the
// sources they describe (web/src, read with checkJs): every export of an entry is
// declared and every declared export exists (the same names both ways), and each
// export's type is one its declaration accepts. tsc fails on any drift; run by
// tests/run_all.sh's "types" step.
import * as browser from '../../web/src/index.js';
import * as server from '../../web/src/server.js';
import * as react from '../../web/src/react.js';
import type * as BrowserDeclared from '../../web/types/index.js';
import type * as ServerDeclared from '../../web/types/server.js';
import type * as ReactDeclared from '../../web/types/react.js';

// The source does what its declaration says. Only this way round: a declaration may
// leave out members that are internal (the visitor channel's tagsFirst, a store's
// transaction), and the source's JSDoc may accept more than the declaration promises.
export const browserAsDeclared: typeof BrowserDeclared = browser;
export const serverAsDeclared: typeof ServerDeclared = server;
export const reactAsDeclared: typeof ReactDeclared = react;

// The same export names: a name only one side has is `never` no more, and the
// assignment of `true` fails, naming the type that holds the stray names.
type SameNames<Source, Declared> =
  [Exclude<keyof Source, keyof Declared>, Exclude<keyof Declared, keyof Source>] extends [never, never]
    ? true : { undeclared: Exclude<keyof Source, keyof Declared>; missing: Exclude<keyof Declared, keyof Source> };
export const browserNames: SameNames<typeof browser, typeof BrowserDeclared> = true;
export const serverNames: SameNames<typeof server, typeof ServerDeclared> = true;
export const reactNames: SameNames<typeof react, typeof ReactDeclared> = true;
