// Loading the module: from bytes (Node), from a URL (browsers: streaming when the
// server says application/wasm, a buffer otherwise), and failing fast. A missing or
// broken .wasm must make createCore reject; emscripten 3.1.6's own promise would
// never settle, leaving the page waiting forever instead of failing closed.
import assert from 'node:assert/strict';
import { createServer } from 'node:http';
import { after, before, describe, test } from 'node:test';

import { createCore } from '../../web/src/wasm/bridge.js';
import { configJson, factory, NOW, wasmBytes, within } from './helpers.mjs';

const LIMIT = 5000;  // ms; a correct rejection takes a few

let server;
let origin;
const served = [];
before(async () => {
  server = createServer((req, res) => {
    served.push(req.url);
    if (req.url === '/streamed.wasm') {
      res.writeHead(200, { 'content-type': 'application/wasm' }).end(wasmBytes);
    } else if (req.url === '/plain.wasm') {
      res.writeHead(200, { 'content-type': 'application/octet-stream' }).end(wasmBytes);
    } else if (req.url === '/spa.wasm') {
      res.writeHead(200, { 'content-type': 'text/html; charset=utf-8' }).end('<!doctype html><title>App</title>');
    } else if (req.url === '/garbage.wasm') {
      res.writeHead(200, { 'content-type': 'application/wasm' }).end('<html>not wasm</html>');
    } else {
      res.writeHead(404, { 'content-type': 'text/plain' }).end('not found');
    }
  });
  await new Promise((resolve) => server.listen(0, '127.0.0.1', resolve));
  origin = `http://127.0.0.1:${server.address().port}`;
});
after(() => new Promise((resolve) => server.close(resolve)));

async function assertWorks(core) {
  assert.equal(core.evaluate(configJson, '', NOW, false).ok, true);
  assert.equal(core.broken, false);
}

describe('loading succeeds', () => {
  test('from bytes, without the glue fetching anything itself', async () => {
    const realFetch = globalThis.fetch;
    let fetched = 0;
    globalThis.fetch = (...args) => { fetched++; return realFetch(...args); };
    try {
      await assertWorks(await within(LIMIT, createCore(factory, { wasmBinary: wasmBytes })));
    } finally {
      globalThis.fetch = realFetch;
    }
    assert.equal(fetched, 0);
  });

  test('from a URL served as application/wasm (streaming compile)', async () => {
    const realStreaming = WebAssembly.compileStreaming;
    let streamed = 0;
    WebAssembly.compileStreaming = (...args) => { streamed++; return realStreaming(...args); };
    try {
      await assertWorks(await within(LIMIT,
        createCore(factory, { wasmUrl: `${origin}/streamed.wasm` })));
    } finally {
      WebAssembly.compileStreaming = realStreaming;
    }
    assert.equal(streamed, 1);
  });

  test('from a URL served with another type (through a buffer)', async () => {
    const realStreaming = WebAssembly.compileStreaming;
    let streamed = 0;
    WebAssembly.compileStreaming = (...args) => { streamed++; return realStreaming(...args); };
    try {
      await assertWorks(await within(LIMIT,
        createCore(factory, { wasmUrl: `${origin}/plain.wasm` })));
    } finally {
      WebAssembly.compileStreaming = realStreaming;
    }
    assert.equal(streamed, 0);
  });

  test('through a caller-supplied fetch', async () => {
    const urls = [];
    const fetchImpl = async (url) => {
      urls.push(String(url));
      return new Response(wasmBytes, { headers: { 'content-type': 'application/wasm' } });
    };
    await assertWorks(await within(LIMIT,
      createCore(factory, { wasmUrl: 'https://cdn.example/x.wasm', fetchImpl })));
    assert.deepEqual(urls, ['https://cdn.example/x.wasm']);
  });

  test('the .wasm is requested before the glue is loaded, and a glue that fails to load fails closed', async () => {
    // The script-tag bundle passes a factory that imports the glue first: both
    // downloads must overlap, not follow one another.
    const seen = [];
    const fetchImpl = async () => {
      seen.push('wasm');
      return new Response(wasmBytes, { headers: { 'content-type': 'application/wasm' } });
    };
    const lazy = (arg) => { seen.push('glue'); return Promise.resolve().then(() => factory(arg)); };
    await assertWorks(await within(LIMIT, createCore(lazy, { wasmUrl: '/x.wasm', fetchImpl })));
    assert.deepEqual(seen, ['wasm', 'glue']);
    const missing = () => Promise.reject(new Error('Failed to fetch dynamically imported module'));
    await assert.rejects(within(LIMIT, createCore(missing, { wasmUrl: '/x.wasm', fetchImpl })),
      /dynamically imported/);
  });
});

describe('loading fails fast, never hangs', () => {
  const rejects = (promise, pattern) =>
    assert.rejects(within(LIMIT, promise), (e) => {
      assert.doesNotMatch(e.message, /^hung/);
      if (pattern) assert.match(e.message, pattern);
      return true;
    });

  test('a 404 from the server', async () => {
    await rejects(createCore(factory, { wasmUrl: `${origin}/missing.wasm` }), /HTTP 404/);
    assert.ok(served.includes('/missing.wasm'));
  });

  test('a 404 from a caller-supplied fetch', async () => {
    const fetchImpl = async () => new Response('gone', { status: 404 });
    await rejects(createCore(factory, { wasmUrl: '/x.wasm', fetchImpl }), /HTTP 404/);
  });

  test('a blocked request (fetch rejects, as under a CSP or offline)', async () => {
    const fetchImpl = async () => { throw new TypeError('Failed to fetch'); };
    await rejects(createCore(factory, { wasmUrl: '/x.wasm', fetchImpl }), /Failed to fetch/);
  });

  test('garbage served as application/wasm', async () => {
    await rejects(createCore(factory, { wasmUrl: `${origin}/garbage.wasm` }));
  });

  // A trial: an SPA's host answered its index.html, and the error spoke of magic words.
  test('a page of HTML answered for the .wasm (a single-page app\'s fallback): the error says so', async () => {
    await rejects(createCore(factory, { wasmUrl: `${origin}/spa.wasm` }), /answered HTML, not the \.wasm: serve cookiegate-core\.wasm at this URL/);
  });

  test('garbage bytes, and a truncated module', async () => {
    await rejects(createCore(factory, { wasmBinary: new TextEncoder().encode('not wasm') }));
    await rejects(createCore(factory, { wasmBinary: wasmBytes.subarray(0, wasmBytes.length / 2) }));
  });

  test('a valid wasm module that is not the core', async () => {
    // (module): valid, but without the imports and exports the glue needs.
    const empty = new Uint8Array([0, 97, 115, 109, 1, 0, 0, 0]);
    await rejects(createCore(factory, { wasmBinary: empty }));
  });

  test('neither a URL nor bytes', async () => {
    await rejects(createCore(factory, {}), /wasmUrl or wasmBinary/);
  });
});
