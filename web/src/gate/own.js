// CookieGate's own files loaded on demand (the bridge and the glue the core starts
// from, the regional layers, the placeholders, the receipts) must arrive whatever the
// gate holds: the core that would release them needs the first two. A native import()
// inserts no element, but a bundler's chunk loader may: webpack's default inserts a
// <script> for every chunk, and the hold (./hold.js) holds every inserted script until
// the config is valid, and after that those a refused service's pattern covers.
//
// ownFile runs such an import() with the hold's matcher answering "no refused service"
// for exactly the import()'s synchronous extent, in which the chunk loader creates and
// inserts its element. The observers and load events it causes come later, and the
// hold is back before the chunk itself runs. What does run inside it is the loader and
// whatever the page wrapped around the DOM methods or the loader it calls: a wrapper
// that inserts a script of its own right then gets it through (a trial did so on
// purpose; such code could capture the native methods before CookieGate anyway, and
// README "What CookieGate cannot block" lists it).
import { holdGate } from './hold.js';

/**
 * @template T
 * @param {() => T} load calls import() of one of CookieGate's own files
 * @returns {T} what load() returned
 */
export function ownFile(load) {
  const h = holdGate();
  const match = h.match;
  h.match = () => null;
  try {
    return load();
  } finally {
    h.match = match;
  }
}
