// Listeners per event name, mirrored as `cookiegate:<name>` CustomEvents on window so
// that code without a reference to the API (tag managers, other bundles) can listen.

export function createEmitter(prefix = 'cookiegate:') {
  const listeners = new Map();
  return {
    on(name, fn) {
      if (typeof fn !== 'function') return;
      if (!listeners.has(name)) listeners.set(name, new Set());
      listeners.get(name).add(fn);
    },
    off(name, fn) {
      const set = listeners.get(name);
      if (set) set.delete(fn);
    },
    emit(name, detail) {
      for (const fn of [...(listeners.get(name) || [])]) {
        // One broken listener must not stop the others or the runtime itself.
        try { fn(detail); } catch (e) { setTimeout(() => { throw e; }); }
      }
      try { dispatchEvent(new CustomEvent(prefix + name, { detail })); } catch (e) { /* no DOM */ }
    },
  };
}
