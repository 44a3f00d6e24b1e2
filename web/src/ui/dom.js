// The only way the UI creates DOM: elements, attributes and text nodes, never HTML (a
// Trusted Types page allows nothing else).

/**
 * h(tag, attrs, ...children): hyperscript. Creates `tag` with `attrs` (null, undefined
 * and false are left out, true is an empty attribute, a function is an event listener
 * named by its key) and appends the children (nested arrays flattened, null skipped).
 * @returns {HTMLElement}
 */
export function h(tag, attrs, ...kids) {
  const e = document.createElement(tag);
  for (const k in attrs) {
    const v = attrs[k];
    if (v == null || v === false) continue;
    if (typeof v === 'function') e.addEventListener(k, v);
    else e.setAttribute(k, v === true ? '' : v);
  }
  e.append(...kids.flat(9).filter((x) => x != null));
  return e;
}

let ids = 0;
/** A new element id, unique in the document ("cg1", "cg2", ...), for aria-labelledby & co. */
export const uid = () => 'cg' + ++ids;
