// The markup the two halves of the gate share (./hold.js, ./release.js).

/** The attribute marking an element the gate holds (a script made text/plain, a frame
 *  whose URL moved to data-src). */
export const BLOCKED = 'data-cookiegate-blocked';
/** The elements besides scripts whose URL loads something. */
export const FRAMES = 'iframe,embed,object';
